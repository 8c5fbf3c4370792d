namespace BorderAlertBot.Cli;

/// <summary>Process exit codes, the same for every verb.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The verb ran but could not do its job (a feed that could not be read, a fatal chat error).</summary>
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Configuration = 3;
    public const int Storage = 4;
}
