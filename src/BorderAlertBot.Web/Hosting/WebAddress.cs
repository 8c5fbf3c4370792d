namespace BorderAlertBot.Web.Hosting;

/// <summary>The addresses the HTTP side actually listens on (port 0 becomes a real port), once it started.</summary>
public sealed class WebAddress
{
    private readonly TaskCompletionSource<IReadOnlyList<Uri>> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<Uri>> Bound => _bound.Task;

    internal void Set(IReadOnlyList<Uri> addresses) => _bound.TrySetResult(addresses);
}
