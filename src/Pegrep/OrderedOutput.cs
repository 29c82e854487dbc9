// Per-file output of files searched in parallel -> standard output and error, in argument order.
using System.Text;

namespace Pegrep;

/// <summary>
/// Keeps the output of files searched in parallel in argument order. The file at the head of the order writes
/// straight through (so one huge file streams with flat memory); the others buffer until they become the head.
/// Error messages travel in the same queue, so they appear where grep would print them.
/// </summary>
internal sealed class OrderedOutput
{
    private readonly Stream _stdout;
    private readonly TextWriter _stderr;
    private readonly Action _onBroken;
    private readonly Lock _lock = new();
    private readonly List<Slot> _slots = [];
    private int _head;

    private enum Kind { Output, Message, Separator }

    private sealed class Slot
    {
        public readonly List<(Kind Kind, byte[] Data)> Pending = [];
        public bool Done;
    }

    private bool _anyWritten;

    /// <param name="stdout">Where selected lines go.</param>
    /// <param name="stderr">Where messages go.</param>
    /// <param name="onBroken">Called once when standard output cannot be written (a closed pipe: `pegrep ... | head`,
    /// or a write error such as a full disk).</param>
    public OrderedOutput(Stream stdout, TextWriter stderr, Action onBroken)
    {
        _stdout = stdout;
        _stderr = stderr;
        _onBroken = onBroken;
    }

    /// <summary>Standard output could not be written; nothing more is written to it.</summary>
    public bool Broken { get; private set; }

    /// <summary>Why standard output could not be written, when it was not a closed pipe (that is quiet): a message for
    /// "pegrep: write error: ..."; null otherwise.</summary>
    public string? WriteError { get; private set; }

    /// <summary>Reserves the next slot in order; the caller writes through it and completes it.</summary>
    public int Open()
    {
        lock (_lock)
        {
            _slots.Add(new Slot());
            return _slots.Count - 1;
        }
    }

    /// <summary>Output bytes of slot <paramref name="index"/>.</summary>
    public void Write(int index, ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (index == _head) Out(data);
            else _slots[index].Pending.Add((Kind.Output, data.ToArray()));
        }
    }

    /// <summary>An error message (a whole line, without its newline) of slot <paramref name="index"/>.</summary>
    public void Error(int index, string message)
    {
        lock (_lock)
        {
            if (index == _head) Message(message);
            else _slots[index].Pending.Add((Kind.Message, Encoding.UTF8.GetBytes(message)));
        }
    }

    /// <summary>A notice (not an error) on standard error, in order with the output: grep's "binary file matches".</summary>
    public void Notice(int index, string message) => Error(index, message);

    /// <summary>The separator between context groups: written only when some output was written before it (from this
    /// file or an earlier one), as grep separates groups across files too.</summary>
    public void Separator(int index, byte[] separator)
    {
        lock (_lock)
        {
            if (index == _head) OutSeparator(separator);
            else _slots[index].Pending.Add((Kind.Separator, separator));
        }
    }

    private void OutSeparator(byte[] separator)
    {
        if (_anyWritten) Out(separator);
    }

    /// <summary>Slot <paramref name="index"/> is finished; the following finished slots are flushed in order.</summary>
    public void Complete(int index)
    {
        lock (_lock)
        {
            _slots[index].Done = true;
            while (_head < _slots.Count && _slots[_head].Done)
            {
                _head++;
                if (_head < _slots.Count) Drain(_slots[_head]);
            }
        }
    }

    /// <summary>Flushes standard output (after every slot is complete).</summary>
    public void Flush()
    {
        lock (_lock) FlushOut();
    }

    // Like grep killed by SIGPIPE, a closed output ends the run quietly; any other write error is reported once.
    private void Out(ReadOnlySpan<byte> data)
    {
        if (Broken || data.IsEmpty) return;
        _anyWritten = true;
        try
        {
            _stdout.Write(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Break(e);
        }
    }

    private void FlushOut()
    {
        if (Broken) return;
        try
        {
            _stdout.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Break(e);
        }
    }

    // A closed descriptor surfaces as UnauthorizedAccessException around the IOException ("Bad file descriptor").
    private void Break(Exception e)
    {
        Broken = true;
        if (!WriteErrors.IsBrokenPipe(e)) WriteError = WriteErrors.Reason(e);
        _onBroken();
    }

    private void Drain(Slot slot)
    {
        foreach (var (kind, data) in slot.Pending)
        {
            switch (kind)
            {
                case Kind.Message: Message(Encoding.UTF8.GetString(data)); break;
                case Kind.Separator: OutSeparator(data); break;
                default: Out(data); break;
            }
        }
        slot.Pending.Clear();
    }

    // Standard output is flushed first so that a message lands after the lines printed before it.
    private void Message(string message)
    {
        FlushOut();
        _stderr.WriteLine(message);
        _stderr.Flush();
    }
}
