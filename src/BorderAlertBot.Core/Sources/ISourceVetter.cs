namespace BorderAlertBot.Core.Sources;

/// <summary>
/// Reads a candidate source once, under the same guards as polling (SSRF guard, deadline, body cap), parses
/// it and gives the detector's verdict on each item: what `feeds check`, `/source add` and `feeds import`
/// show before a source is trusted.
/// </summary>
public interface ISourceVetter
{
    Task<SourceVetting> VetAsync(Uri url, CancellationToken cancellationToken);
}
