using Dapper;
using Microsoft.Data.Sqlite;

namespace TradeApi.Codes;

/// <summary>The code list of one dataset: for each dimension, the codes a filter or a release file may use.</summary>
public sealed class DimensionCodes(IReadOnlyDictionary<string, IReadOnlyList<string>> codes)
{
    public IReadOnlyList<string> this[string dimension] =>
        codes.TryGetValue(dimension, out var list) ? list : [];

    public bool Contains(string dimension, string code) => this[dimension].Contains(code, StringComparer.Ordinal);

    public string Describe(string dimension) => string.Join(", ", this[dimension]);

    public static async Task<DimensionCodes> LoadAsync(SqliteConnection connection, string datasetId, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(string Dimension, string Code)>(new CommandDefinition(
            "SELECT dimension, code FROM dimension_codes WHERE dataset_id = @datasetId ORDER BY dimension, sort, rowid",
            new { datasetId }, cancellationToken: ct));
        return new DimensionCodes(rows.GroupBy(r => r.Dimension)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Code).ToList()));
    }
}
