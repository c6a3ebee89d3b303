using System.Data.Common;
using Dapper;

namespace TradeApi.Datasets.Codes;

/// <summary>The code list of one dataset: for each dimension, the codes a filter or a release file may use, in their list order.</summary>
public sealed class DimensionCodes
{
    private readonly Dictionary<string, List<string>> _lists;
    private readonly Dictionary<string, Dictionary<string, int>> _positions;
    private readonly Dictionary<string, Dictionary<string, string>> _anyCase;

    public DimensionCodes(IEnumerable<(string Dimension, string Code)> codes)
    {
        _lists = codes.GroupBy(c => c.Dimension).ToDictionary(g => g.Key, g => g.Select(c => c.Code).ToList());
        _positions = _lists.ToDictionary(l => l.Key, l =>
        {
            var positions = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var code in l.Value) positions.TryAdd(code, positions.Count);
            return positions;
        });
        _anyCase = _lists.ToDictionary(l => l.Key, l =>
        {
            var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in l.Value) byName.TryAdd(code, code);
            return byName;
        });
    }

    public IReadOnlyList<string> this[string dimension] => _lists.TryGetValue(dimension, out var list) ? list : [];

    public bool Contains(string dimension, string code) => _positions.TryGetValue(dimension, out var p) && p.ContainsKey(code);

    /// <summary>The listed code that equals <paramref name="code"/> ignoring case, if any.</summary>
    public string? AsListed(string dimension, string code) =>
        _anyCase.TryGetValue(dimension, out var byName) ? byName.GetValueOrDefault(code) : null;

    public string Describe(string dimension) => string.Join(", ", this[dimension]);

    /// <summary>Where a code stands in its list (the list's own order), or after every listed code.</summary>
    public long Position(string dimension, string code) =>
        _positions.TryGetValue(dimension, out var p) && p.TryGetValue(code, out var i) ? i : int.MaxValue;

    public static async Task<DimensionCodes> LoadAsync(DbConnection connection, string datasetId, CancellationToken ct, DbTransaction? tx = null) =>
        new(await connection.QueryAsync<(string Dimension, string Code)>(new CommandDefinition(
            "SELECT dimension, code FROM dimension_codes WHERE dataset_id = @datasetId ORDER BY dimension, sort, rowid",
            new { datasetId }, tx, cancellationToken: ct)));
}
