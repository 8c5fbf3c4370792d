using System.Text.Json;
using BorderAlertBot.Discord.Interactions;
using Xunit;

namespace BorderAlertBot.Tests.Discord;

/// <summary>INTERACTION_CREATE payloads (shapes from the docs) turned into commands.</summary>
public sealed class InteractionCommandTests
{
    private static readonly RecordingCommandService Commands = new();

    [Fact]
    public void A_dm_interaction_is_private_takes_the_user_and_is_never_admin()
    {
        var json = JsonDocument.Parse("""
            {"id":"1","application_id":"2","type":2,"token":"t","version":1,"channel_id":"3",
             "user":{"id":"42","username":"zarina","discriminator":"0","global_name":null},
             "data":{"id":"9","name":"subscribe","type":1,"options":[{"name":"min_severity","type":4,"value":4},{"name":"keyword","type":3,"value":"Kok-Tash"}]}}
            """).RootElement;

        var command = InteractionCommand.Parse(json, Commands.Commands)!;

        Assert.Equal("subscribe", command.Name);
        Assert.Equal(["Kok-Tash", "4"], command.Arguments); // the command's declared order, not the payload's
        Assert.Equal(new Core.Commands.CommandCaller("discord", "42", "3", IsPrivateChat: true, IsAdmin: false, "zarina"), command.Caller);
    }

    [Theory]
    [InlineData("8", true)]               // ADMINISTRATOR
    [InlineData("32", true)]              // MANAGE_GUILD
    [InlineData("2251799813685247", true)] // everything
    [InlineData("1071698660929", false)]  // a regular member's set, without 1<<3 or 1<<5
    public void Admin_comes_from_member_permissions(string permissions, bool admin)
    {
        var json = JsonDocument.Parse($$$"""
            {"id":"1","type":2,"token":"t","guild_id":"5","channel_id":"3",
             "member":{"user":{"id":"42","username":"u"},"permissions":"{{{permissions}}}","roles":[]},
             "data":{"id":"9","name":"help","type":1}}
            """).RootElement;

        var command = InteractionCommand.Parse(json, Commands.Commands)!;

        Assert.Equal(admin, command.Caller.IsAdmin);
        Assert.False(command.Caller.IsPrivateChat);
    }
}
