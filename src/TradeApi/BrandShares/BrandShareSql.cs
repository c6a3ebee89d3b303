using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Periods;
using TradeApi.Releases;

namespace TradeApi.BrandShares;

/// <summary>A brand-share query as understood.</summary>
public sealed record BrandShareQuery(
    string Market, string Segment, Period[] Periods, Period? From, Period? To, string[] Brands, string[] Origins,
    int? Top, string[] Sources, bool AllVersions, int Limit, long After);

/// <summary>The SQL of brand shares. Filters are fixed fragments chosen by the query; values are parameters.</summary>
public static class BrandShareSql
{
    /// <summary>The period, brand, origin and source filters of a query, on the rows of alias <paramref name="a"/>.</summary>
    public static string Filters(BrandShareQuery q, string a, DynamicParameters args)
    {
        var filters = new StringBuilder();
        if (q.Periods.Length > 0) { filters.Append($" AND {a}.period IN @periods"); args.Add("periods", q.Periods.Select(p => p.Text).ToArray()); }
        if (q.From is not null) { filters.Append($" AND {a}.period_start >= @fromStart"); args.Add("fromStart", q.From.Start); }
        if (q.To is not null) { filters.Append($" AND {a}.period_end <= @toEnd"); args.Add("toEnd", q.To.End); }
        if (q.Brands.Length > 0) { filters.Append($" AND {a}.brand IN @brands"); args.Add("brands", q.Brands); }
        if (q.Origins.Length > 0) { filters.Append($" AND {a}.origin IN @origins"); args.Add("origins", q.Origins); }
        if (q.Sources.Length > 0) { filters.Append($" AND {a}.source_id IN @sources"); args.Add("sources", q.Sources); }
        return filters.ToString();
    }

    public static async Task<List<BrandShareRow>> ListAsync(SqliteConnection connection, BrandShareQuery q, long release, CancellationToken ct)
    {
        var args = new DynamicParameters(new { release, market = q.Market, segment = q.Segment, after = q.After, take = q.Limit + 1 });
        var filters = new StringBuilder(Filters(q, "r", args));
        if (q.Top is { } top)
        {
            filters.Append(" AND r.brand <> 'ALL' AND (r.rank <= @top OR (@top >= 10 AND r.top_ten = 1))");
            args.Add("top", top);
        }
        if (!q.AllVersions) filters.Append(" AND r.preferred = 1");

        var sql = $"""
            WITH {Vintages.Ranked("brand_share_observations", "period, brand, COALESCE(origin, '')",
                "o.units IS NULL AND o.share_pct IS NULL", "AND o.market = @market AND o.segment = @segment")},
            listing AS (
                SELECT r.*, t.units AS market_units,
                    ROW_NUMBER() OVER (ORDER BY r.period_start, r.period_end, r.brand <> 'ALL', r.origin IS NOT NULL,
                        COALESCE(r.rank, 1000), -COALESCE(r.units, -1), r.brand, COALESCE(r.origin, ''), r.version_rank) AS position
                FROM marked r
                LEFT JOIN marked t ON t.preferred = 1 AND t.brand = 'ALL' AND t.origin IS NULL AND t.period = r.period
                WHERE 1 = 1 {filters}
            )
            SELECT * FROM listing WHERE position > @after ORDER BY position LIMIT @take
            """;
        return (await connection.QueryAsync<BrandShareRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }
}

/// <summary>Every vintage of the brand figures a query selects.</summary>
public static class BrandShareHistorySql
{
    public static async Task<List<BrandShareVintage>> ListAsync(SqliteConnection connection, BrandShareQuery q, long release, CancellationToken ct)
    {
        var args = new DynamicParameters(new { release, market = q.Market, segment = q.Segment, after = q.After, take = q.Limit + 1 });
        var sql = Vintages.History("brand_share_observations",
            "o.market, o.segment, o.freq, o.period, o.brand, o.origin, o.platform_origin, o.units, o.share_pct, o.rank, o.top_ten, o.yoy_pct AS yoy_change_pct, o.cited_body, o.confidence",
            $"AND o.market = @market AND o.segment = @segment {BrandShareSql.Filters(q, "o", args)}",
            "o.period_start, o.period_end, o.brand, COALESCE(o.origin, '')");
        return (await connection.QueryAsync<BrandShareVintage>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }
}

/// <summary>A row as the SQL returns it, before the share is settled.</summary>
public sealed class BrandShareRow
{
    public string Market { get; init; } = "";
    public string Segment { get; init; } = "";
    public string Freq { get; init; } = "";
    public string Period { get; init; } = "";
    public int PeriodStart { get; init; }
    public int PeriodEnd { get; init; }
    public string Brand { get; init; } = "";
    public string? Origin { get; init; }
    public string? PlatformOrigin { get; init; }
    public long? Units { get; init; }
    public double? SharePct { get; init; }
    public long? Rank { get; init; }
    public long? TopTen { get; init; }
    public double? YoyPct { get; init; }
    public string CitedBody { get; init; } = "";
    public string Confidence { get; init; } = "";
    public bool Preferred { get; init; }
    public int Versions { get; init; }
    public string SourceId { get; init; } = "";
    public long ReleaseId { get; init; }
    public string? Note { get; init; }
    public long? MarketUnits { get; init; }
    public long Position { get; init; }

    public BrandShareRecord ToRecord()
    {
        var (share, status) = (SharePct, Units, MarketUnits) switch
        {
            ({ } published, _, _) => (published, ShareStatus.Reported),
            (null, { } units, { } market) when market > 0 =>
                (Math.Round(100.0 * units / market, 2, MidpointRounding.AwayFromZero), ShareStatus.Computed),
            _ => ((double?)null, ShareStatus.Unavailable),
        };
        return new BrandShareRecord(Market, Segment, Freq, Period, Periods.Period.MonthText(PeriodStart), Periods.Period.MonthText(PeriodEnd),
            Brand, Origin, PlatformOrigin, Units, share, status, Rank, TopTen is null ? null : TopTen == 1, YoyPct,
            CitedBody, Confidence, Preferred, Versions, SourceId, ReleaseId, Note);
    }
}
