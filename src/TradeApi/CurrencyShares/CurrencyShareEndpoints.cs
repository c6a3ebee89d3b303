using Microsoft.AspNetCore.Http.HttpResults;
using TradeApi.Codes;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.Problems;
using TradeApi.Queries;
using TradeApi.Releases;

namespace TradeApi.CurrencyShares;

public static class CurrencyShareEndpoints
{
    private const string Title = "Currencies settling Russia's trade";
    private const string Licence = "Figures: as published by the bodies and outlets named in each source. Compilation: CC BY 4.0, TradeApi.";

    public static void MapCurrencyShares(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/currency-shares").WithTags("Currency shares");
        group.MapGet("/", ListCurrencyShares)
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

        group.MapGet("/history", ListCurrencyShareHistory)
            .WithName("ListCurrencyShareHistory")
            .WithSummary("Every vintage of the currency shares a query selects")
            .WithDescription("""
                The revision history behind /v1/currency-shares: for each figure, every version a release published, with
                `release`, `releasedAt` and `supersededIn` (the release that revised or withdrew it; null while current).
                Takes the filters of /v1/currency-shares except versions; `as_of` shows the history as it stood then.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, CurrencyShareParameters>();
    }

    private static async Task<Results<Ok<DataPage<CurrencyShareRecord>>, TabularResult<CurrencyShareRecord>, ValidationProblem>> ListCurrencyShares(
        [AsParameters] CurrencyShareParameters p, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var read = new QueryReader(new QueryErrors());
        var (query, listing, release) = await ParseAsync(connection, p, request, read, history: false, ct);
        if (release is null) return read.Errors.ToProblem();

        var rows = await CurrencyShareSql.ListAsync(connection, query, release.Id, ct);
        var next = rows.Count > query.Limit ? Paging.Cursor.Encode(release.Id, rows[query.Limit - 1].Position) : null;
        var records = rows.Take(query.Limit).Select(r => r.ToRecord()).ToList();
        return DataResponse.From(new PageOf<CurrencyShareRecord>(CurrencyShareImport.Dataset, "/v1/currency-shares", Title, "percent",
            Licence, release, records, read.Normalised, next, listing.Format, listing.Download, records.Select(r => r.SourceId)), request.HttpContext.Response);
    }

    private static async Task<Results<Ok<DataPage<CurrencyShareVintage>>, TabularResult<CurrencyShareVintage>, ValidationProblem>> ListCurrencyShareHistory(
        [AsParameters] CurrencyShareParameters p, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var read = new QueryReader(new QueryErrors());
        var (query, listing, release) = await ParseAsync(connection, p, request, read, history: true, ct);
        if (release is null) return read.Errors.ToProblem();

        var rows = await CurrencyShareSql.HistoryAsync(connection, query, release.Id, ct);
        var next = rows.Count > query.Limit ? Paging.Cursor.Encode(release.Id, rows[query.Limit - 1].Position) : null;
        var records = rows.Take(query.Limit).ToList();
        return DataResponse.From(new PageOf<CurrencyShareVintage>(CurrencyShareImport.Dataset, "/v1/currency-shares/history", Title + " (history)",
            "percent", Licence, release, records, read.Normalised, next, listing.Format, listing.Download, records.Select(r => r.SourceId)),
            request.HttpContext.Response);
    }

    /// <summary>Reads a currency-share query and settles its release (null, with errors, when it cannot be answered).</summary>
    private static async Task<(CurrencyShareQuery Query, ListingOptions Listing, DatasetRelease? Release)> ParseAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, CurrencyShareParameters p, HttpRequest request, QueryReader read, bool history, CancellationToken ct)
    {
        var codes = await DimensionCodes.LoadAsync(connection, CurrencyShareImport.Dataset, ct);
        var country = read.Code("country", p.Country, codes["country"], "RU", Countries.Normalise);
        var counterparts = read.Codes("counterpart", p.Counterpart, codes, "counterpart", Countries.Normalise);
        var directions = read.Codes("direction", p.Direction, codes, "direction", c => c.ToLowerInvariant());
        var currencies = read.Codes("currency", p.Currency, codes, "currency", c => c.ToUpperInvariant());
        var kinds = read.Codes("kind", p.Kind, codes, "kind", c => c.ToLowerInvariant());
        var periods = read.Periods("period", p.Period);
        var (from, to) = read.Range(p.From, p.To);
        if (history && p.Versions is not null) read.Errors.Add("versions", "does not apply to history, which lists every vintage of every version; leave it out");
        var listing = read.Listing(p, request);
        if (history) read.Normalised.Remove("versions");
        var after = read.PositionCursor(p.Cursor);
        var release = read.Errors.Any ? null : await listing.ReleaseAsync(connection, CurrencyShareImport.Dataset, after?.Release, read.Errors, ct);
        var query = new CurrencyShareQuery(country, counterparts, directions, currencies, kinds, periods, from, to,
            listing.Sources, listing.AllVersions, listing.Limit, after?.Position ?? 0);
        return (query, listing, release);
    }
}
