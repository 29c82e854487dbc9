// Exit ids unique across a program's compiled trees, so that an exit id alone says which tree it left.
namespace PegJit.Tracer;

/// <summary>
/// Gives each compiled tree a range of exit ids of its own. With hand-over, the tree the dispatcher called may have
/// tail-called others, and the id the call returns is the last tree's: the range tells that tree apart. Ids are never
/// reused (a tree replaced by a re-emission can still be running on another thread), so this holds one entry per
/// exit ever emitted for the program, which side-trace limits keep to a few thousand.
/// </summary>
internal sealed class ExitIds
{
    private readonly object _lock = new();
    private CompiledTree?[] _owners = new CompiledTree?[64];
    private int _next;

    /// <summary>Reserves <paramref name="tree"/>'s range and tells its method where it starts (before it is installed).</summary>
    public void Assign(CompiledTree tree)
    {
        lock (_lock)
        {
            int n = tree.Exits.Length;
            if (_next > Array.MaxLength - n) throw new InvalidOperationException("too many exits for one program");
            var owners = _owners;
            if (_next + n > owners.Length)
            {
                Array.Resize(ref owners, (int)Math.Min(Array.MaxLength, Math.Max((long)owners.Length * 2, _next + n)));
            }
            for (int i = _next; i < _next + n; i++) owners[i] = tree;   // not Array.Fill: generic code compiled at the first trace
            tree.Consts.ExitBase = _next;
            _next += n;
            Volatile.Write(ref _owners, owners);
        }
    }

    /// <summary>The tree that returned exit id <paramref name="id"/>, most often <paramref name="called"/>, the tree
    /// the dispatcher called.</summary>
    public CompiledTree Owner(int id, CompiledTree called) =>
        (uint)(id - called.ExitBase) < (uint)called.Exits.Length ? called : Volatile.Read(ref _owners)[id]!;
}
