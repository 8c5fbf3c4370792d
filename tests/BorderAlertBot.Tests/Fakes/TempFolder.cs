namespace BorderAlertBot.Tests.Fakes;

/// <summary>Removes a test's temporary folder for good, even when a file appears in it while it is being deleted.</summary>
public static class TempFolder
{
    public static void Delete(string? path)
    {
        if (path is null) return;
        for (int attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try { Directory.Delete(path, recursive: true); }
            catch (IOException) { } // "directory not empty": something wrote into it meanwhile; go again
            catch (UnauthorizedAccessException) { return; }
        }
    }
}
