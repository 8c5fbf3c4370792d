using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Core.Commands;

/// <summary>Who sent a command, as the platform adapter established it.</summary>
/// <param name="Platform">The adapter's platform name (the same as its sink's), or "cli" for the `command` verb.</param>
/// <param name="UserId">The platform's user id.</param>
/// <param name="ChatId">Where the command was sent (a group, channel or private chat id).</param>
/// <param name="IsPrivateChat">True for a one-to-one chat with the bot (a private chat, a DM).</param>
/// <param name="IsAdmin">True when the caller administers ChatId (checked by the adapter against the platform).</param>
/// <param name="SpeaksForChat">True when the command was sent on behalf of a chat (UserId is then that chat's id), not by a person.</param>
/// <param name="IsOperator">True for whoever runs the bot's process (the `command` verb): a bot admin by definition.</param>
public sealed record CommandCaller(string Platform, string UserId, string ChatId, bool IsPrivateChat, bool IsAdmin, string? DisplayName = null, bool SpeaksForChat = false, bool IsOperator = false)
{
    public Speaker Speaker => new(Platform, UserId, SpeaksForChat);

    /// <summary>The chat the command was typed in, as a destination (settings are kept per chat).</summary>
    public Destination ChatDestination { get; init; } = Destination.ChatOf(Platform, ChatId);

    /// <summary>Where this caller's private notifications go (subscriptions). The adapter may name it otherwise.</summary>
    public Destination PrivateDestination { get; init; } = Destination.PersonOf(Platform, UserId);
}
