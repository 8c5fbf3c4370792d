using BorderAlertBot.Charts;
using BorderAlertBot.Core.Delivery;
using BorderAlertBot.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BorderAlertBot.Web;

public static class WebRegistration
{
    /// <summary>The HTTP side of `run` (unless BorderAlert:Web:Enabled is false). The host registers and validates <see cref="WebOptions"/>.</summary>
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton<ChatConnections>();
        services.TryAddSingleton<WebAddress>();
        if (builder.Configuration.GetSection(WebOptions.Section).GetValue(nameof(WebOptions.Enabled), true))
            services.AddHostedService<WebServer>();
        return builder;
    }
}
