// Charsets as the code generator meets them -> each one's index in the program's set table, duplicates shared.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// The distinct charsets of a program in order of first use, each found again by its bits (open addressing). A
/// Dictionary&lt;Charset, int&gt; and a List&lt;Charset&gt; did this before: generic CoreLib code over another assembly's
/// struct, which a ReadyToRun image cannot hold, so a fresh process compiled about 25 of their methods at its first
/// pattern.
/// </summary>
internal sealed class CharsetTable
{
    private Charset[] _sets = new Charset[8];
    private int[] _slots = new int[16];   // index + 1 into _sets; 0 is empty; the length a power of two

    /// <summary>Distinct charsets so far.</summary>
    public int Count { get; private set; }

    /// <summary>The index of <paramref name="set"/>, added at the end if new.</summary>
    public int IndexOf(Charset set)
    {
        int mask = _slots.Length - 1;
        for (int s = set.GetHashCode() & mask; ; s = (s + 1) & mask)
        {
            int i = _slots[s] - 1;
            if (i < 0) break;
            if (_sets[i] == set) return i;
        }
        if (Count == _sets.Length) _sets = Copy(_sets, Count * 2);
        _sets[Count] = set;
        Place(Count++);
        if (Count * 2 > _slots.Length) Rehash();
        return Count - 1;
    }

    /// <summary>The charsets, by index.</summary>
    public Charset[] ToArray() => Copy(_sets, Count);

    private void Place(int index)
    {
        int mask = _slots.Length - 1;
        int s = _sets[index].GetHashCode() & mask;
        while (_slots[s] != 0) s = (s + 1) & mask;
        _slots[s] = index + 1;
    }

    private void Rehash()
    {
        _slots = new int[_slots.Length * 2];
        for (int i = 0; i < Count; i++) Place(i);
    }

    // Not Array.Resize<Charset>: generic code again (Array.Copy is not generic).
    private Charset[] Copy(Charset[] from, int length)
    {
        var to = new Charset[length];
        Array.Copy(from, to, Math.Min(Count, length));
        return to;
    }
}
