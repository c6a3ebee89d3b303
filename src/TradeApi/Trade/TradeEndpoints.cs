using Microsoft.AspNetCore.Http.HttpResults;
using TradeApi.Catalogue;
using TradeApi.Codes;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.Problems;
using TradeApi.Releases;

namespace TradeApi.Trade;

public static class TradeEndpoints
{
    public const string Licence = "Figures: as published by the bodies and outlets named in each source. Compilation: CC BY 4.0, TradeApi.";

    public static void MapTrade(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/trade").WithTags("Trade");

        group.MapGet("/", ListTrade)
            .WithName("ListTrade")
            .WithSummary("China–Russia trade in goods: exports, imports and totals")
            .WithDescription("""
                Tidy records of the bilateral trade series, one per reporter, partner, flow, period and source, sorted by period.
                Values are in units of `unit` (US dollars by default, not billions). Each record carries its source (`sourceId`,
                see /v1/sources), the release that published it, and its year-on-year change: `reported` as the source published
                it, or `computed` by TradeApi from the preferred value of the same period a year earlier (`yoyBasePeriod`).
                Where sources disagree, one version per series and period is `preferred` by a documented rule (no disputed figure;
                a level before a bare change; reported before weak; a news report of the statistic before an analysis; earliest
                publication); `versions=all` lists the others. The same query answers in JSON, CSV and NDJSON with the same rows.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, TradeParameters>()
            .ProducesProblem(StatusCodes.Status500InternalServerError);

        group.MapGet("/history", ListTradeHistory)
            .WithName("ListTradeHistory")
            .WithSummary("Every vintage of the trade figures a query selects")
            .WithDescription("""
                The revision history behind /v1/trade: for each figure (series key, period and source), every value a release
                published, with `release`, `releasedAt` and `supersededIn` (the release that revised or withdrew it; null while
                current). Takes the filters of /v1/trade; `as_of` shows the history as it stood then. Nothing is ever overwritten,
                so an analysis made on any past release can be reproduced.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, TradeParameters>();
    }

    private static async Task<Results<Ok<DataPage<TradeVintage>>, TabularResult<TradeVintage>, ValidationProblem>> ListTradeHistory(
        [AsParameters] TradeParameters parameters, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var codes = await DimensionCodes.LoadAsync(connection, TradeImport.Dataset, ct);
        var errors = new QueryErrors();
        var query = TradeQuery.Parse(parameters, codes, request, errors, history: true);
        var release = errors.Any ? null : await query.Listing.ReleaseAsync(connection, TradeImport.Dataset, query.AfterPosition?.Release, errors, ct);
        if (release is null) return errors.ToProblem();

        var rows = await TradeHistorySql.ListAsync(connection, query, release.Id, ct);
        var limit = query.Listing.Limit;
        var next = rows.Count > limit ? Paging.Cursor.Encode(release.Id, rows[limit - 1].Position) : null;
        var records = rows.Take(limit).ToList();
        return DataResponse.From(new PageOf<TradeVintage>(TradeImport.Dataset, "/v1/trade/history", "China–Russia bilateral trade in goods (history)",
            query.Basis, Licence, release, records, query.Normalised, next, query.Listing.Format, query.Listing.Download, records.Select(r => r.SourceId)),
            request.HttpContext.Response);
    }

    private static async Task<Results<Ok<DataPage<TradeRecord>>, TabularResult<TradeRecord>, ValidationProblem>> ListTrade(
        [AsParameters] TradeParameters parameters, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var codes = await DimensionCodes.LoadAsync(connection, TradeImport.Dataset, ct);
        var errors = new QueryErrors();
        var query = TradeQuery.Parse(parameters, codes, request, errors);
        var release = errors.Any ? null : await query.Listing.ReleaseAsync(connection, TradeImport.Dataset, query.After?.Release, errors, ct);
        if (release is null) return errors.ToProblem();

        var rows = await TradeSql.ListAsync(connection, query, release.Id, ct);
        var hasNext = rows.Count > query.Listing.Limit;
        if (hasNext) rows.RemoveAt(rows.Count - 1);

        var records = rows.Select(r => r.ToRecord()).ToList();
        var next = hasNext ? TradeQuery.EncodeCursor(rows[^1].Key(release.Id)) : null;
        return DataResponse.From(new PageOf<TradeRecord>(TradeImport.Dataset, "/v1/trade", "China–Russia bilateral trade in goods",
            query.Basis, Licence, release, records, query.Normalised, next, query.Listing.Format, query.Listing.Download, records.Select(r => r.SourceId)),
            request.HttpContext.Response);
    }
}
