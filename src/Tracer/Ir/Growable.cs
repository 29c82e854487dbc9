// Structs appended one at a time -> an array: the recorder's lists.
namespace PegJit.Tracer;

/// <summary>
/// A list of structs that grows by doubling, for the recorder. It replaces <c>List&lt;T&gt;</c> over the tracer's own
/// structs: generic CoreLib code over a struct of another assembly is outside a ReadyToRun image, so a process
/// compiled List's methods for each struct at its first recording (pegrep: about 25 methods). An instantiation of a
/// type of this assembly over this assembly's structs is inside it. Few members, so that little is compiled where no
/// image is.
/// </summary>
internal sealed class Growable<T> where T : struct
{
    private T[] _items = new T[16];

    /// <summary>How many items the list holds.</summary>
    public int Count { get; private set; }

    /// <summary>The item at <paramref name="i"/> (below <see cref="Count"/>), by reference.</summary>
    public ref T this[int i] => ref _items[i];

    /// <summary>Appends <paramref name="item"/>.</summary>
    public void Add(in T item)
    {
        if (Count == _items.Length)
        {
            var grown = new T[_items.Length * 2];
            Array.Copy(_items, grown, Count);   // not Array.Resize<T>: generic code again (Array.Copy is not generic)
            _items = grown;
        }
        _items[Count++] = item;
    }

    /// <summary>Keeps the first <paramref name="count"/> items.</summary>
    public void Truncate(int count) => Count = Math.Min(Count, count);

    /// <summary>The items, in a new array.</summary>
    public T[] ToArray()
    {
        var a = new T[Count];
        Array.Copy(_items, a, Count);
        return a;
    }
}
