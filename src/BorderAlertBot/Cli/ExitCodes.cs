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
    /// <summary>Stopped by SIGINT (Ctrl-C) before it finished: 128 + 2, the shell convention.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM before it finished: 128 + 15. (`run` as a service stops with 0: stopping is its normal end.)</summary>
    public const int Terminated = 143;
}
