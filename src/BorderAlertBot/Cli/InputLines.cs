using System.Buffers;
using System.Text;

namespace BorderAlertBot.Cli;

/// <summary>
/// Lines of input as UTF-8 bytes: split straight from a stream ('\n', an optional '\r' before it, a
/// UTF-8 BOM at the start dropped), or taken from a text reader and encoded (tests, redirected readers).
/// </summary>
internal sealed class InputLines
{
    private readonly Stream? _stream;
    private readonly TextReader? _reader;
    private byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof, _first = true;

    public InputLines(Stream stream) => _stream = stream;
    public InputLines(TextReader reader) => _reader = reader;

    /// <summary>The next line (without its line break), or false at the end of the input.</summary>
    public bool Next(out ReadOnlySpan<byte> line)
    {
        if (_reader is not null) return FromReader(out line);
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0 || (_eof && _end > _start))
            {
                int length = newline >= 0 ? newline : _end - _start;
                line = _buffer.AsSpan(_start, length);
                _start += newline >= 0 ? length + 1 : length;
                if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
                if (_first) { _first = false; if (line.StartsWith(Encoding.UTF8.Preamble)) line = line[3..]; }
                return true;
            }
            if (_eof) { line = default; return false; }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // a line longer than the buffer
        int read = _stream!.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    private bool FromReader(out ReadOnlySpan<byte> line)
    {
        string? text = _reader!.ReadLine();
        if (text is null) { line = default; return false; }
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_buffer.Length < max) _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        line = _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
        return true;
    }
}
