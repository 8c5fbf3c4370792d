using BorderAlertBot.Charts;
using BorderAlertBot.Core.Commands;
using BorderAlertBot.Core.Reports;
using BorderAlertBot.Core.Sources;
using BorderAlertBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>The real command dispatcher, handlers and picture renderers over a test store, wired as the host wires them (no source vetting).</summary>
public static class RealCommands
{
    public static ICommandService Build(IStorage store, TimeProvider time, CommandOptions? options = null) => new ServiceCollection()
        .AddSingleton(store).AddStoragePorts()
        .AddSingleton<ISourceVetter, NoVetting>().AddSingleton<SourceRegistry>()
        .AddSingleton(TestPaths.Detector).AddSingleton(Options.Create(options ?? new CommandOptions { RatePerMinute = 50 })).AddSingleton(time)
        .AddSingleton<IIncidentPictures>(new IncidentPictures(TestPaths.Detector.Gazetteer))
        .AddChatCommands()
        .BuildServiceProvider().GetRequiredService<ICommandService>();

    private sealed class NoVetting : ISourceVetter
    {
        public Task<SourceVetting> VetAsync(Uri url, CancellationToken cancellationToken) => throw new InvalidOperationException("these tests add no sources");
    }
}
