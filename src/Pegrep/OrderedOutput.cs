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

    private sealed class Slot
    {
        public readonly List<(bool IsError, byte[] Data)> Pending = [];
        public bool Done;
    }

    /// <param name="stdout">Where selected lines go.</param>
    /// <param name="stderr">Where messages go.</param>
    /// <param name="onBroken">Called once when standard output cannot be written (a closed pipe: `pegrep ... | head`).</param>
    public OrderedOutput(Stream stdout, TextWriter stderr, Action onBroken)
    {
        _stdout = stdout;
        _stderr = stderr;
        _onBroken = onBroken;
    }

    /// <summary>Standard output could not be written; nothing more is written to it.</summary>
    public bool Broken { get; private set; }

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
            else _slots[index].Pending.Add((false, data.ToArray()));
        }
    }

    /// <summary>An error message (a whole line, without its newline) of slot <paramref name="index"/>.</summary>
    public void Error(int index, string message)
    {
        lock (_lock)
        {
            if (index == _head) WriteError(message);
            else _slots[index].Pending.Add((true, Encoding.UTF8.GetBytes(message)));
        }
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

    // Like grep killed by SIGPIPE, a closed output ends the run quietly (the status is 2, not a message).
    private void Out(ReadOnlySpan<byte> data)
    {
        if (Broken) return;
        try
        {
            _stdout.Write(data);
        }
        catch (IOException)
        {
            Break();
        }
    }

    private void FlushOut()
    {
        if (Broken) return;
        try
        {
            _stdout.Flush();
        }
        catch (IOException)
        {
            Break();
        }
    }

    private void Break()
    {
        Broken = true;
        _onBroken();
    }

    private void Drain(Slot slot)
    {
        foreach (var (isError, data) in slot.Pending)
        {
            if (isError) WriteError(Encoding.UTF8.GetString(data));
            else Out(data);
        }
        slot.Pending.Clear();
    }

    // Standard output is flushed first so that a message lands after the lines printed before it.
    private void WriteError(string message)
    {
        FlushOut();
        _stderr.WriteLine(message);
        _stderr.Flush();
    }
}
