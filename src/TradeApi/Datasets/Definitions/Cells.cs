using TradeApi.Datasets.Periods;

namespace TradeApi.Datasets.Definitions;

/// <summary>
/// The columns of a table row in a fixed order, so that rows can be bound and compared by position while
/// every producer sets them by name (<c>cells["reporter"] = ...</c>): two swapped cells cannot compile into
/// the wrong columns, and a misspelt name fails at once.
/// </summary>
public sealed class CellSchema
{
    private readonly Dictionary<string, int> _ordinals;

    public CellSchema(IEnumerable<string> columns)
    {
        Columns = [.. columns];
        _ordinals = Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        if (_ordinals.Count != Columns.Count) throw new ArgumentException("a column is named twice", nameof(columns));
    }

    public IReadOnlyList<string> Columns { get; }

    public int Ordinal(string column) =>
        _ordinals.TryGetValue(column, out var i) ? i : throw new ArgumentException($"no column '{column}' in ({string.Join(", ", Columns)})", nameof(column));

    public bool Has(string column) => _ordinals.ContainsKey(column);

    public Cells New() => new(this);

    /// <summary>
    /// A row of this schema with every column that <paramref name="source"/>'s schema has too copied from it (the
    /// derivation's copies of observation columns into published ones); the others are null, for the caller to set.
    /// </summary>
    public Cells From(Cells source)
    {
        var copy = _copy;
        if (copy is null || copy.From != source.Schema) _copy = copy = new Copy(source.Schema, this);
        var cells = new Cells(this);
        for (var i = 0; i < copy.To.Length; i++) cells.Set(copy.To[i], source.Get(copy.Source[i]));
        return cells;
    }

    private Copy? _copy;

    /// <summary>The ordinals of the columns two schemas share, computed once per pair.</summary>
    private sealed class Copy
    {
        public Copy(CellSchema from, CellSchema to)
        {
            From = from;
            var shared = to.Columns.Where(from.Has).ToArray();
            To = [.. shared.Select(to.Ordinal)];
            Source = [.. shared.Select(from.Ordinal)];
        }

        public CellSchema From { get; }
        public int[] To { get; }
        public int[] Source { get; }
    }
}

/// <summary>One row of cells of a <see cref="CellSchema"/>: null, string, long or double values, set and read by column name.</summary>
public sealed class Cells(CellSchema schema)
{
    private readonly object?[] _values = new object?[schema.Columns.Count];

    public CellSchema Schema => schema;

    public object? this[string column]
    {
        get => _values[schema.Ordinal(column)];
        set => _values[schema.Ordinal(column)] = value switch
        {
            int i => (long)i,
            bool b => b ? 1L : 0L,
            _ => value,
        };
    }

    public ReadOnlySpan<object?> Values => _values;

    internal object? Get(int ordinal) => _values[ordinal];

    internal void Set(int ordinal, object? value) => _values[ordinal] = value;

    /// <summary>
    /// The cells every dataset stores beside its figures: the period's (freq, period_start, period_end, never changed
    /// by a release), the body the source cites, the confidence and the note.
    /// </summary>
    public void SetStored(Period period, string citedBody, string confidence, string? note)
    {
        this["freq"] = period.Freq;
        this["period_start"] = period.Start;
        this["period_end"] = period.End;
        this["cited_body"] = citedBody;
        this["confidence"] = confidence;
        this["note"] = note;
    }

    public string? Text(string column) => (string?)this[column];

    public string Required(string column) => (string?)this[column] ?? throw new InvalidOperationException($"{column} is null");

    public double? Number(string column) => this[column] switch
    {
        null => null,
        double d => d,
        long l => l,
        var other => throw new InvalidCastException($"{column} is a {other.GetType().Name}, not a number"),
    };

    public long? Integer(string column) => this[column] switch
    {
        null => null,
        long l => l,
        double d => (long)d,
        var other => throw new InvalidCastException($"{column} is a {other.GetType().Name}, not an integer"),
    };

    /// <summary>Whether two rows hold the same values (doubles compared exactly, as SQLite's IS would).</summary>
    public bool SameAs(Cells other)
    {
        var a = _values;
        var b = other._values;
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (!Equals(a[i], b[i])) return false;
        return true;
    }

    public int ValueHash()
    {
        var hash = new HashCode();
        foreach (var value in _values) hash.Add(value);
        return hash.ToHashCode();
    }

    /// <summary>A row whose values are already in the schema's order, from <paramref name="offset"/> on.</summary>
    public static Cells Of(CellSchema schema, object?[] values, int offset = 0)
    {
        var cells = new Cells(schema);
        Array.Copy(values, offset, cells._values, 0, cells._values.Length);
        return cells;
    }

    /// <summary>Reads a row of a data reader whose columns are exactly the schema's, in its order.</summary>
    public static Cells Read(CellSchema schema, System.Data.Common.DbDataReader reader, int offset = 0)
    {
        var cells = new Cells(schema);
        for (var i = 0; i < cells._values.Length; i++)
        {
            var ordinal = i + offset;
            cells._values[i] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        }
        return cells;
    }
}
