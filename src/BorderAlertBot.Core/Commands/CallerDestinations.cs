using BorderAlertBot.Core.Delivery;

namespace BorderAlertBot.Core.Commands;

/// <summary>Where a command caller's private messages go, and the destination of the chat they typed in.</summary>
public static class CallerDestinations
{
    public static Destination Private(CommandCaller caller) => caller.Platform switch
    {
        "telegram" => new Destination("telegram-user:" + caller.UserId),
        "discord" => new Destination("discord-user:" + caller.UserId),
        _ => Destination.Console,
    };

    public static Destination Chat(CommandCaller caller) => caller.Platform switch
    {
        "telegram" => new Destination("telegram:" + caller.ChatId),
        "discord" => new Destination("discord:" + caller.ChatId),
        _ => Destination.Console,
    };
}
