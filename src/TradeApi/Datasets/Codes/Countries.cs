using System.Data.Common;
using Dapper;

namespace TradeApi.Datasets.Codes;

/// <summary>
/// The ISO 3166-1 code table and the documented aggregates (WLD), as migration 0005 ships them. Input may be
/// alpha-2 or alpha-3 in any case; answers are always the canonical code (alpha-2, or the aggregate's).
/// </summary>
public sealed class Countries
{
    public const string Forms = "use an ISO 3166-1 country code, alpha-2 (CN) or alpha-3 (CHN), or the aggregate WLD (World)";

    private readonly Dictionary<string, string> _canonical;

    public Countries(IEnumerable<(string Code, string Alpha3, string Name)> rows)
    {
        var list = rows.ToList();
        Names = list.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        _canonical = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, alpha3, _) in list)
        {
            _canonical[code] = code;
            _canonical.TryAdd(alpha3, code);
        }
    }

    /// <summary>Canonical code → name.</summary>
    public IReadOnlyDictionary<string, string> Names { get; }

    /// <summary>The canonical code for an alpha-2 or alpha-3 code in any case, or null when it is neither.</summary>
    public string? Find(string code) => _canonical.GetValueOrDefault(code.Trim());

    /// <summary>The canonical code, or the input upper-cased when it is not in the table (for code lists that are not countries, e.g. ASIA).</summary>
    public string Normalise(string code) => Find(code) ?? code.Trim().ToUpperInvariant();

    public static async Task<Countries> LoadAsync(DbConnection connection, CancellationToken ct = default) =>
        new(await connection.QueryAsync<(string, string, string)>(new CommandDefinition(
            "SELECT code, alpha3, name FROM countries ORDER BY code", cancellationToken: ct)));
}
