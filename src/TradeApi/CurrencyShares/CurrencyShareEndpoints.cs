using System.ComponentModel;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Catalogue;
using TradeApi.Codes;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.Problems;
using TradeApi.Queries;
using TradeApi.Releases;

namespace TradeApi.CurrencyShares;

/// <summary>
/// The share of one currency in the settlement of a country's exports or imports with a counterpart.
/// <c>kind</c> keeps Bank of Russia statistics apart from officials' statements (<c>statedBy</c>, <c>statedAs</c>, <c>qualifier</c>).
/// </summary>
public sealed record CurrencyShareRecord(
    string Country, string Counterpart, string Direction, string Freq, string Period, string PeriodStart, string PeriodEnd,
    string Currency, double? SharePct, string? Qualifier, string Kind, string? StatedBy, string? StatedAs,
    string CitedBody, string Confidence, bool Preferred, int Versions, string SourceId, long Release, string? Note);

public sealed class CurrencyShareParameters : ListingParameters
{
    [FromQuery(Name = "country"), Description("The country whose trade is settled: RU."), DefaultValue("RU")]
    public string? Country { get; init; }

    [FromQuery(Name = "counterpart"), Description("WLD (all partners), ASIA (the Bank of Russia's Asia region) or CN; one or a comma list. Default: all.")]
    public string? Counterpart { get; init; }

    [FromQuery(Name = "direction"), Description("exports, imports or all (statements about all settlements); one or a comma list.")]
    public string? Direction { get; init; }

    [FromQuery(Name = "currency"), Description("ISO 4217 (RUB, CNY, USD, EUR) or a documented group (USD_EUR, FRIENDLY, OTH, RUB_FRIENDLY, RUB_CNY); one or a comma list.")]
    public string? Currency { get; init; }

    [FromQuery(Name = "kind"), Description("statistic (published series) or statement (by an official). Default: both.")]
    public string? Kind { get; init; }

    [FromQuery(Name = "period"), Description("Exact periods, one or a comma list: 2022-12, 2025-Q2, 2025.")]
    public string? Period { get; init; }

    [FromQuery(Name = "from"), Description("Earliest period, inclusive.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Latest period, inclusive.")]
    public string? To { get; init; }

}

public static class CurrencyShareEndpoints
{
    /// <summary>Statements by different officials are different figures, not versions of one.</summary>
    private const string StatementBy = "CASE WHEN kind = 'statement' THEN stated_by END";

    private const string Licence = "Figures: as published by the bodies and outlets named in each source. Compilation: CC BY 4.0, TradeApi.";

    public static void MapCurrencyShares(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/currency-shares").WithTags("Currency shares")
            .MapGet("/", ListCurrencyShares)
            .WithName("ListCurrencyShares")
            .WithSummary("Which currencies settle Russia's trade")
            .WithDescription("""
                The share (percent) of each currency or documented currency group in the settlement of Russia's exports and imports,
                with all partners (WLD), the Bank of Russia's Asia region (ASIA) or China (CN). `kind` keeps the two kinds apart:
                `statistic` (Bank of Russia series as reported by the press) and `statement` (an official's words: `statedBy`,
                `statedAs`, and the `qualifier` about, above, below or at-most). For China only statements exist: the Bank of
                Russia publishes by region, not by country. Sorted by counterpart, direction, period and currency.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, CurrencyShareParameters>();
    }

    private static async Task<Results<Ok<DataPage<CurrencyShareRecord>>, TabularResult<CurrencyShareRecord>, ValidationProblem>> ListCurrencyShares(
        [AsParameters] CurrencyShareParameters p, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var codes = await DimensionCodes.LoadAsync(connection, CurrencyShareImport.Dataset, ct);
        var read = new QueryReader(new QueryErrors());
        var country = read.Code("country", p.Country, codes["country"], "RU", Countries.Normalise);
        var counterparts = read.Codes("counterpart", p.Counterpart, codes, "counterpart", Countries.Normalise);
        var directions = read.Codes("direction", p.Direction, codes, "direction", c => c.ToLowerInvariant());
        var currencies = read.Codes("currency", p.Currency, codes, "currency", c => c.ToUpperInvariant());
        var kinds = read.Codes("kind", p.Kind, codes, "kind", c => c.ToLowerInvariant());
        var periods = read.Periods("period", p.Period);
        var (from, to) = read.Range(p.From, p.To);
        var listing = read.Listing(p, request);
        var (_, sources, all, limit, format, download) = listing;
        var after = read.PositionCursor(p.Cursor);
        var release = read.Errors.Any ? null : await listing.ReleaseAsync(connection, CurrencyShareImport.Dataset, after?.Release, read.Errors, ct);
        if (release is null) return read.Errors.ToProblem();

        var args = new DynamicParameters(new { release = release.Id, country, after = after?.Position ?? 0, take = limit + 1 });
        var filters = new StringBuilder();
        if (counterparts.Length > 0) { filters.Append(" AND r.counterpart IN @counterparts"); args.Add("counterparts", counterparts); }
        if (directions.Length > 0) { filters.Append(" AND r.direction IN @directions"); args.Add("directions", directions); }
        if (currencies.Length > 0) { filters.Append(" AND r.currency IN @currencies"); args.Add("currencies", currencies); }
        if (kinds.Length > 0) { filters.Append(" AND r.kind IN @kinds"); args.Add("kinds", kinds); }
        if (periods.Length > 0) { filters.Append(" AND r.period IN @periods"); args.Add("periods", periods.Select(x => x.Text).ToArray()); }
        if (from is not null) { filters.Append(" AND r.period_start >= @fromStart"); args.Add("fromStart", from.Start); }
        if (to is not null) { filters.Append(" AND r.period_end <= @toEnd"); args.Add("toEnd", to.End); }
        if (sources.Length > 0) { filters.Append(" AND r.source_id IN @sources"); args.Add("sources", sources); }
        if (!all) filters.Append(" AND r.preferred = 1");

        var rows = (await connection.QueryAsync<CurrencyShareRow>(new CommandDefinition($"""
            WITH {Vintages.Ranked("currency_share_observations", $"counterpart, direction, period, currency, kind, {StatementBy}",
                "o.share_pct IS NULL", "AND o.country = @country")},
            listing AS (
                SELECT r.*, ROW_NUMBER() OVER (ORDER BY (SELECT sort FROM dimension_codes WHERE dataset_id = 'currency-shares'
                    AND dimension = 'counterpart' AND code = r.counterpart), r.direction, r.period_start, r.period_end,
                    (SELECT sort FROM dimension_codes WHERE dataset_id = 'currency-shares' AND dimension = 'currency' AND code = r.currency),
                    r.version_rank) AS position
                FROM marked r WHERE 1 = 1 {filters}
            )
            SELECT * FROM listing WHERE position > @after ORDER BY position LIMIT @take
            """, args, cancellationToken: ct))).AsList();

        var next = rows.Count > limit ? Paging.Cursor.Encode(release.Id, rows[limit - 1].Position) : null;
        var records = rows.Take(limit).Select(r => new CurrencyShareRecord(r.Country, r.Counterpart, r.Direction, r.Freq, r.Period,
            Periods.Period.MonthText(r.PeriodStart), Periods.Period.MonthText(r.PeriodEnd), r.Currency, r.SharePct, r.Qualifier, r.Kind,
            r.StatedBy, r.StatedAs, r.CitedBody, r.Confidence, r.Preferred, r.Versions, r.SourceId, r.ReleaseId, r.Note)).ToList();
        return DataResponse.From(new PageOf<CurrencyShareRecord>(CurrencyShareImport.Dataset, "/v1/currency-shares",
            "Currencies settling Russia's trade", "percent", Licence, release, records, read.Normalised, next, format, download,
            records.Select(r => r.SourceId)), request.HttpContext.Response);
    }

    private sealed class CurrencyShareRow
    {
        public string Country { get; init; } = "";
        public string Counterpart { get; init; } = "";
        public string Direction { get; init; } = "";
        public string Freq { get; init; } = "";
        public string Period { get; init; } = "";
        public int PeriodStart { get; init; }
        public int PeriodEnd { get; init; }
        public string Currency { get; init; } = "";
        public double? SharePct { get; init; }
        public string? Qualifier { get; init; }
        public string Kind { get; init; } = "";
        public string? StatedBy { get; init; }
        public string? StatedAs { get; init; }
        public string CitedBody { get; init; } = "";
        public string Confidence { get; init; } = "";
        public bool Preferred { get; init; }
        public int Versions { get; init; }
        public string SourceId { get; init; } = "";
        public long ReleaseId { get; init; }
        public string? Note { get; init; }
        public long Position { get; init; }
    }
}
