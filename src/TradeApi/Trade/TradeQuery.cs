using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Codes;
using TradeApi.Formats;
using TradeApi.Paging;
using TradeApi.Periods;
using TradeApi.Problems;
using TradeApi.Queries;
using TradeApi.Releases;

namespace TradeApi.Trade;

/// <summary>The sort key of a trade record; pages continue after it.</summary>
public sealed record TradeKey(long Release, int PeriodStart, int PeriodEnd, string Reporter, string Partner, string Flow, string Unit, long VersionRank);

/// <summary>A GET /v1/trade query as understood: filters normalised, defaults applied.</summary>
public sealed record TradeQuery(
    string[] Reporters, string[] Partners, string[] Flows, string[] Freqs, Period[] Periods,
    Period? From, Period? To, string Basis, ListingOptions Listing, TradeKey? After, (long Release, long Position)? AfterPosition,
    SortedDictionary<string, string> Normalised)
{
    /// <summary>Reads the query; for the history listing, versions does not apply and cursors are positions.</summary>
    public static TradeQuery Parse(TradeParameters p, DimensionCodes codes, HttpRequest request, QueryErrors errors, bool history = false)
    {
        var read = new QueryReader(errors);
        var reporters = read.Codes("reporter", p.Reporter, codes, "reporter", Countries.Normalise);
        var partners = read.Codes("partner", p.Partner, codes, "partner", Countries.Normalise);
        var flows = read.Codes("flow", p.Flow, codes, "flow", c => c.ToLowerInvariant());
        var freqs = read.Codes("freq", p.Freq, codes, "freq", c => c.ToUpperInvariant());
        var periods = read.Periods("period", p.Period);
        foreach (var period in periods.Where(x => !codes.Contains("freq", x.Freq)))
            errors.Add("period", $"'{period.Text}' has frequency {period.Freq}; this dataset has {codes.Describe("freq")}");
        var (from, to) = read.Range(p.From, p.To);
        var basis = read.Code("basis", p.Basis, codes["basis"], "USD", c => c.Trim().ToUpperInvariant());
        if (history && p.Versions is not null)
            errors.Add("versions", "does not apply to history, which lists every vintage of every version; leave it out");
        var listing = read.Listing(p, request);
        if (history) read.Normalised.Remove("versions");
        var after = p.Cursor is null || history ? null : DecodeCursor(p.Cursor, errors);
        var afterPosition = history ? read.PositionCursor(p.Cursor) : null;
        return new TradeQuery(reporters, partners, flows, freqs, periods, from, to, basis, listing, after, afterPosition, read.Normalised);
    }

    public static string EncodeCursor(TradeKey key) =>
        Cursor.Encode(key.Release, key.PeriodStart, key.PeriodEnd, key.Reporter, key.Partner, key.Flow, key.Unit, key.VersionRank);

    private static TradeKey? DecodeCursor(string text, QueryErrors errors)
    {
        var v = Cursor.Decode(text);
        try
        {
            if (v is { Length: 8 })
                return new TradeKey(v[0].GetInt64(), v[1].GetInt32(), v[2].GetInt32(), v[3].GetString()!, v[4].GetString()!,
                    v[5].GetString()!, v[6].GetString()!, v[7].GetInt64());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
        }
        errors.Add("cursor", Cursor.Message);
        return null;
    }
}

/// <summary>The SQL of the trade series. Filters are fixed fragments chosen by the query; values are parameters.</summary>
public static class TradeSql
{
    public static (string Key, string Other) FiltersOn(TradeQuery q, DynamicParameters args) => Filters(q, "o", args);

    /// <summary>The filters of a query on the rows of alias <paramref name="a"/>: key filters, then the others.</summary>
    private static (string Key, string Other) Filters(TradeQuery q, string a, DynamicParameters args)
    {
        var key = new StringBuilder();
        if (q.Reporters.Length > 0) { key.Append($" AND {a}.reporter IN @reporters"); args.Add("reporters", q.Reporters); }
        if (q.Partners.Length > 0) { key.Append($" AND {a}.partner IN @partners"); args.Add("partners", q.Partners); }
        if (q.Flows.Length > 0) { key.Append($" AND {a}.flow IN @flows"); args.Add("flows", q.Flows); }
        var other = new StringBuilder();
        if (q.Freqs.Length > 0) { other.Append($" AND {a}.freq IN @freqs"); args.Add("freqs", q.Freqs); }
        if (q.Periods.Length > 0) { other.Append($" AND {a}.period IN @periods"); args.Add("periods", q.Periods.Select(p => p.Text).ToArray()); }
        if (q.From is not null) { other.Append($" AND {a}.period_start >= @fromStart"); args.Add("fromStart", q.From.Start); }
        if (q.To is not null) { other.Append($" AND {a}.period_end <= @toEnd"); args.Add("toEnd", q.To.End); }
        if (q.Listing.Sources.Length > 0) { other.Append($" AND {a}.source_id IN @sources"); args.Add("sources", q.Listing.Sources); }
        return (key.ToString(), other.ToString());
    }

    /// <summary>
    /// Filters that can narrow the ranking itself without changing it (versions compete only within one
    /// period): the frequency, and the periods asked for together with the year before, whose values
    /// the year-on-year change is computed from.
    /// </summary>
    private static string Window(TradeQuery q, DynamicParameters args)
    {
        var window = new StringBuilder();
        if (q.Freqs.Length > 0) { window.Append(" AND o.freq IN @freqs"); args.Add("freqs", q.Freqs); }
        if (q.Periods.Length > 0)
        {
            window.Append(" AND o.period IN @periodsAndBases");
            args.Add("periodsAndBases", q.Periods.SelectMany(p => new[] { p.Text, p.YearEarlier().Text }).Distinct().ToArray());
        }
        var earliest = Math.Max(q.From?.Start ?? int.MinValue, q.After?.PeriodStart ?? int.MinValue);
        if (earliest != int.MinValue)
        {
            window.Append(" AND o.period_start >= @earliestWithBase");
            args.Add("earliestWithBase", earliest - 12);
        }
        if (q.To is not null) { window.Append(" AND o.period_end <= @toEnd"); args.Add("toEnd", q.To.End); }
        return window.ToString();
    }

    public static async Task<List<TradeRow>> ListAsync(SqliteConnection connection, TradeQuery q, long release, CancellationToken ct)
    {
        var args = new DynamicParameters(new { release, basis = q.Basis, take = q.Listing.Limit + 1 });
        var (keyFilters, otherFilters) = Filters(q, "o", args);
        var filters = new StringBuilder(otherFilters.Replace(" o.", " r."));
        if (!q.Listing.AllVersions) filters.Append(" AND r.preferred = 1");
        if (q.After is { } a)
        {
            filters.Append(" AND (r.period_start, r.period_end, r.reporter, r.partner, r.flow, r.unit, r.version_rank) > (@aStart, @aEnd, @aReporter, @aPartner, @aFlow, @aUnit, @aRank)");
            args.AddDynamicParams(new { aStart = a.PeriodStart, aEnd = a.PeriodEnd, aReporter = a.Reporter, aPartner = a.Partner, aFlow = a.Flow, aUnit = a.Unit, aRank = a.VersionRank });
        }

        var sql = $"""
            WITH {Vintages.Ranked("trade_observations", "reporter, partner, flow, unit, period", "o.value IS NULL",
                $"AND o.unit = @basis {keyFilters} {Window(q, args)}")}
            SELECT r.reporter, r.partner, r.flow, r.freq, r.period, r.period_start, r.period_end, r.value, r.unit,
                   r.yoy_pct, r.cited_body, r.confidence, r.preferred, r.versions, r.version_rank, r.source_id, r.release_id, r.note,
                   b.value AS base_value, b.period AS base_period
            FROM marked r
            LEFT JOIN marked b ON b.preferred = 1 AND b.reporter = r.reporter AND b.partner = r.partner AND b.flow = r.flow
                 AND b.unit = r.unit AND b.freq = r.freq AND b.period_start = r.period_start - 12 AND b.period_end = r.period_end - 12
            WHERE 1 = 1 {filters}
            ORDER BY r.period_start, r.period_end, r.reporter, r.partner, r.flow, r.unit, r.version_rank
            LIMIT @take
            """;
        return (await connection.QueryAsync<TradeRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }
}

public static class TradeHistorySql
{
    /// <summary>Every vintage of the figures a query selects, up to @release, each with the release that superseded it by then.</summary>
    public static async Task<List<TradeVintage>> ListAsync(SqliteConnection connection, TradeQuery q, long release, CancellationToken ct)
    {
        var args = new DynamicParameters(new { release, basis = q.Basis, after = q.AfterPosition?.Position ?? 0, take = q.Listing.Limit + 1 });
        var (keyFilters, otherFilters) = TradeSql.FiltersOn(q, args);
        var sql = Vintages.History("trade_observations",
            "o.reporter, o.partner, o.flow, o.freq, o.period, o.value, o.unit, o.yoy_pct AS yoy_change_pct, o.cited_body, o.confidence",
            $"AND o.unit = @basis {keyFilters} {otherFilters}",
            "o.period_start, o.period_end, o.reporter, o.partner, o.flow, o.unit");
        return (await connection.QueryAsync<TradeVintage>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }
}

/// <summary>A row as the SQL returns it, before the year-on-year change is settled.</summary>
public sealed class TradeRow
{
    public string Reporter { get; init; } = "";
    public string Partner { get; init; } = "";
    public string Flow { get; init; } = "";
    public string Freq { get; init; } = "";
    public string Period { get; init; } = "";
    public int PeriodStart { get; init; }
    public int PeriodEnd { get; init; }
    public double? Value { get; init; }
    public string Unit { get; init; } = "";
    public double? YoyPct { get; init; }
    public string CitedBody { get; init; } = "";
    public string Confidence { get; init; } = "";
    public bool Preferred { get; init; }
    public int Versions { get; init; }
    public long VersionRank { get; init; }
    public string SourceId { get; init; } = "";
    public long ReleaseId { get; init; }
    public string? Note { get; init; }
    public double? BaseValue { get; init; }
    public string? BasePeriod { get; init; }

    public TradeKey Key(long release) => new(release, PeriodStart, PeriodEnd, Reporter, Partner, Flow, Unit, VersionRank);

    public TradeRecord ToRecord()
    {
        var (yoy, status, basePeriod) = (YoyPct, Value, BaseValue) switch
        {
            ({ } reported, _, _) => (reported, TradeStatus.Reported, (string?)null),
            (null, { } value, { } baseValue) when baseValue > 0 =>
                (Math.Round((value / baseValue - 1) * 100, 2, MidpointRounding.AwayFromZero), TradeStatus.Computed, BasePeriod),
            _ => ((double?)null, TradeStatus.Unavailable, (string?)null),
        };
        return new TradeRecord(Reporter, Partner, Flow, Freq, Period,
            Periods.Period.MonthText(PeriodStart), Periods.Period.MonthText(PeriodEnd),
            Value, Unit, Value is null ? TradeStatus.NotPublished : TradeStatus.Published,
            yoy, status, basePeriod, CitedBody, Confidence, Preferred, Versions, SourceId, ReleaseId, Note);
    }
}
