using BorderAlertBot.Core.Delivery;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Webhook;

public static class WebhookRegistration
{
    /// <summary>
    /// Webhooks, when BorderAlert:Webhook:Urls lists any: options (validated at start), an HTTP client with
    /// the timeout, the sink and the endpoints as channels (every alert goes to every webhook, filtered like
    /// any channel by its stored settings).
    /// </summary>
    /// <remarks>
    /// Webhook URLs are the operator's own configuration, not text from feeds or chats, so they are not
    /// put behind the feeds' address guard: a bridge on the same host (n8n on localhost) is a common setup.
    /// </remarks>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var urls = builder.Configuration.GetSection($"{WebhookOptions.Section}:Urls").GetChildren();
        if (!urls.Any(u => !string.IsNullOrWhiteSpace(u.Value))) return builder;
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart()
            .PostConfigure(o => o.Urls.RemoveAll(string.IsNullOrWhiteSpace));
        services.AddHttpClient(WebhookSink.ClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("BorderAlertBot/1.0 (+webhook)");
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<IChannelSource>(sp => sp.GetRequiredService<WebhookEndpoints>());
        services.AddSingleton<IChatSink, WebhookSink>();
        return builder;
    }
}
