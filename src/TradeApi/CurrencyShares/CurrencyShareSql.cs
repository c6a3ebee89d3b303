using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Periods;
using TradeApi.Releases;

namespace TradeApi.CurrencyShares;

/// <summary>A currency-share query as understood.</summary>
public sealed record CurrencyShareQuery(
    string Country, string[] Counterparts, string[] Directions, string[] Currencies, string[] Kinds, Period[] Periods,
    Period? From, Period? To, string[] Sources, bool AllVersions, int Limit, long After);

/// <summary>The SQL of currency shares. Filters are fixed fragments chosen by the query; values are parameters.</summary>
public static class CurrencyShareSql
{
    /// <summary>Statements by different officials are different figures, not versions of one.</summary>
    private const string StatementBy = "CASE WHEN kind = 'statement' THEN stated_by END";

    private const string Order = """
        (SELECT sort FROM dimension_codes WHERE dataset_id = 'currency-shares' AND dimension = 'counterpart' AND code = {0}.counterpart),
        {0}.direction, {0}.period_start, {0}.period_end,
        (SELECT sort FROM dimension_codes WHERE dataset_id = 'currency-shares' AND dimension = 'currency' AND code = {0}.currency)
        """;

    private static string Filters(CurrencyShareQuery q, string a, DynamicParameters args)
    {
        var filters = new StringBuilder();
        if (q.Counterparts.Length > 0) { filters.Append($" AND {a}.counterpart IN @counterparts"); args.Add("counterparts", q.Counterparts); }
        if (q.Directions.Length > 0) { filters.Append($" AND {a}.direction IN @directions"); args.Add("directions", q.Directions); }
        if (q.Currencies.Length > 0) { filters.Append($" AND {a}.currency IN @currencies"); args.Add("currencies", q.Currencies); }
        if (q.Kinds.Length > 0) { filters.Append($" AND {a}.kind IN @kinds"); args.Add("kinds", q.Kinds); }
        if (q.Periods.Length > 0) { filters.Append($" AND {a}.period IN @periods"); args.Add("periods", q.Periods.Select(x => x.Text).ToArray()); }
        if (q.From is not null) { filters.Append($" AND {a}.period_start >= @fromStart"); args.Add("fromStart", q.From.Start); }
        if (q.To is not null) { filters.Append($" AND {a}.period_end <= @toEnd"); args.Add("toEnd", q.To.End); }
        if (q.Sources.Length > 0) { filters.Append($" AND {a}.source_id IN @sources"); args.Add("sources", q.Sources); }
        return filters.ToString();
    }

    public static async Task<List<CurrencyShareRow>> ListAsync(SqliteConnection connection, CurrencyShareQuery q, long release, CancellationToken ct)
    {
        var args = new DynamicParameters(new { release, country = q.Country, after = q.After, take = q.Limit + 1 });
        var filters = Filters(q, "r", args) + (q.AllVersions ? "" : " AND r.preferred = 1");
        var sql = $"""
            WITH {Vintages.Ranked("currency_share_observations", $"counterpart, direction, period, currency, kind, {StatementBy}",
                "o.share_pct IS NULL", "AND o.country = @country")},
            listing AS (
                SELECT r.*, ROW_NUMBER() OVER (ORDER BY {string.Format(System.Globalization.CultureInfo.InvariantCulture, Order, "r")}, r.version_rank) AS position
                FROM marked r WHERE 1 = 1 {filters}
            )
            SELECT * FROM listing WHERE position > @after ORDER BY position LIMIT @take
            """;
        return (await connection.QueryAsync<CurrencyShareRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }

    public static async Task<List<CurrencyShareVintage>> HistoryAsync(SqliteConnection connection, CurrencyShareQuery q, long release, CancellationToken ct)
    {
        var args = new DynamicParameters(new { release, country = q.Country, after = q.After, take = q.Limit + 1 });
        var sql = Vintages.History("currency_share_observations",
            "o.country, o.counterpart, o.direction, o.freq, o.period, o.currency, o.share_pct, o.qualifier, o.kind, o.stated_by, o.stated_as, o.cited_body, o.confidence",
            $"AND o.country = @country {Filters(q, "o", args)}",
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Order, "o"));
        return (await connection.QueryAsync<CurrencyShareVintage>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }
}
