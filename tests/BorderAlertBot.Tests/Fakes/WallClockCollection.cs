using Xunit;

namespace BorderAlertBot.Tests.Fakes;

/// <summary>
/// Tests that assert a real-time deadline (Discord's 3 s interaction window) run alone, after the parallel
/// ones, so the bound they check is the bot's and not the machine's load from the other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockCollection
{
    public const string Name = "wall clock";
}
