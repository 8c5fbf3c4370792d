namespace BorderAlertBot.Core.Delivery;

/// <summary>
/// Set by an adapter that must not go on (a rejected token, disallowed intents): the adapter stops the
/// host, and `run` prints <see cref="Message"/> and exits non-zero instead of looping.
/// </summary>
public sealed class FatalError
{
    private string? _message;

    public string? Message => Volatile.Read(ref _message);

    /// <summary>Keeps the first report: it is the cause, later ones are consequences.</summary>
    public void Report(string message) => Interlocked.CompareExchange(ref _message, message, null);
}
