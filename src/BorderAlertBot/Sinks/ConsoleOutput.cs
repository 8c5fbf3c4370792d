namespace BorderAlertBot.Sinks;

/// <summary>Standard output, behind a seam so tests read what users see. Writes are serialised.</summary>
public sealed class ConsoleOutput(TextWriter writer)
{
    private readonly Lock _lock = new();

    public ConsoleOutput() : this(Console.Out) { }

    public void Write(string text)
    {
        lock (_lock)
        {
            writer.Write(text);
            writer.Flush();
        }
    }
}
