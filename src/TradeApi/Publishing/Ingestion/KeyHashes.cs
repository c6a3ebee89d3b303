namespace TradeApi.Publishing.Ingestion;

/// <summary>
/// The 64-bit hashes of a release's keys, to tell whether two rows may share a key without asking the database: 8 bytes
/// a row in sorted blocks (a hash set took 20 and doubled as it grew: 440 MB at ten million rows). Equal hashes only
/// mean "may repeat"; the staged rows then name the repeats exactly.
/// </summary>
public sealed class KeyHashes
{
    private const int BlockSize = 1 << 16;

    private readonly List<long[]> _blocks = [];
    private long[] _current = new long[BlockSize];
    private int _used;

    public void Add(long hash)
    {
        if (_used == BlockSize)
        {
            Array.Sort(_current);
            _blocks.Add(_current);
            _current = new long[BlockSize];
            _used = 0;
        }
        _current[_used++] = hash;
    }

    /// <summary>Whether any hash was added twice: each block sorted, then the blocks merged, comparing neighbours.</summary>
    public bool AnyRepeated()
    {
        Array.Sort(_current, 0, _used);
        var blocks = _blocks.Append(_current[.._used]).Where(b => b.Length > 0).ToList();
        var next = new int[blocks.Count];
        var heads = new PriorityQueue<int, long>(blocks.Count);
        for (var b = 0; b < blocks.Count; b++)
        {
            if (Repeats(blocks[b])) return true;
            heads.Enqueue(b, blocks[b][0]);
        }
        long? previous = null;
        while (heads.TryDequeue(out var b, out var hash))
        {
            if (hash == previous) return true;
            previous = hash;
            if (++next[b] < blocks[b].Length) heads.Enqueue(b, blocks[b][next[b]]);
        }
        return false;
    }

    private static bool Repeats(long[] sorted)
    {
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] == sorted[i - 1]) return true;
        return false;
    }
}
