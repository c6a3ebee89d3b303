using Microsoft.AspNetCore.Http.HttpResults;
using TradeApi.Codes;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.Problems;
using TradeApi.Queries;
using TradeApi.Releases;

namespace TradeApi.BrandShares;

public static class BrandShareEndpoints
{
    private const string Title = "New passenger cars sold in Russia, by brand";
    private const string Licence = "Figures: as published by the bodies and outlets named in each source. Compilation: CC BY 4.0, TradeApi.";

    public static void MapBrandShares(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/brand-shares").WithTags("Brand shares");

        group.MapGet("/", ListBrandShares)
            .WithName("ListBrandShares")
            .WithSummary("Car brands' share of Russia's new-car market")
            .WithDescription("""
                One record per brand, period and source: units sold, share of the market (`reported` as published, or `computed`
                from units and the preferred market total of the period), rank where known, and the brand's origin: the owner's
                country as the source states it, with `platformOrigin` where the brand is built on another country's platform
                (Tenet: Chery; Belgee: Geely). Brand ALL is the market total (origin null) or all brands of one origin.
                Sorted by period, then market total first, then rank and units.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, BrandShareParameters>();

        group.MapGet("/history", ListBrandShareHistory)
            .WithName("ListBrandShareHistory")
            .WithSummary("Every vintage of the brand figures a query selects")
            .WithDescription("""
                The revision history behind /v1/brand-shares: for each figure (market, segment, period, brand, origin and source),
                every version a release published, with `release`, `releasedAt` and `supersededIn` (the release that revised or
                withdrew it; null while current). Shares are as published. Takes the filters of /v1/brand-shares except top and
                versions; `as_of` shows the history as it stood then.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, BrandShareParameters>();

        group.MapGet("/by-origin", ListOriginShares)
            .WithName("ListBrandSharesByOrigin")
            .WithSummary("The market share of brands of each origin")
            .WithDescription("""
                For each period, the share of the market held by the listed brands of each origin country (the sum of their
                published shares, or their units over the market total), how many of them are in the top ten, and the
                `unattributed` remainder that no listed brand covers, so that the answer says how complete the brand list is
                (`topTenListed`: how many of the top ten brands are known). `originBasis=platform` counts Tenet and Belgee as Chinese.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, BrandOriginParameters>();
    }

    private static async Task<Results<Ok<DataPage<BrandShareRecord>>, TabularResult<BrandShareRecord>, ValidationProblem>> ListBrandShares(
        [AsParameters] BrandShareParameters p, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var read = new QueryReader(new QueryErrors());
        var (query, listing, release) = await ParseAsync(connection, p, request, read, history: false, ct);
        if (release is null) return read.Errors.ToProblem();

        var rows = await BrandShareSql.ListAsync(connection, query, release.Id, ct);
        var next = rows.Count > query.Limit ? Paging.Cursor.Encode(release.Id, rows[query.Limit - 1].Position) : null;
        var records = rows.Take(query.Limit).Select(r => r.ToRecord()).ToList();
        return DataResponse.From(new PageOf<BrandShareRecord>(BrandShareImport.Dataset, "/v1/brand-shares", Title, "units",
            Licence, release, records, read.Normalised, next, listing.Format, listing.Download, records.Select(r => r.SourceId)), request.HttpContext.Response);
    }

    private static async Task<Results<Ok<DataPage<BrandShareVintage>>, TabularResult<BrandShareVintage>, ValidationProblem>> ListBrandShareHistory(
        [AsParameters] BrandShareParameters p, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var read = new QueryReader(new QueryErrors());
        var (query, listing, release) = await ParseAsync(connection, p, request, read, history: true, ct);
        if (release is null) return read.Errors.ToProblem();

        var rows = await BrandShareHistorySql.ListAsync(connection, query, release.Id, ct);
        var next = rows.Count > query.Limit ? Paging.Cursor.Encode(release.Id, rows[query.Limit - 1].Position) : null;
        var records = rows.Take(query.Limit).ToList();
        return DataResponse.From(new PageOf<BrandShareVintage>(BrandShareImport.Dataset, "/v1/brand-shares/history", Title + " (history)", "units",
            Licence, release, records, read.Normalised, next, listing.Format, listing.Download, records.Select(r => r.SourceId)), request.HttpContext.Response);
    }

    /// <summary>Reads a brand-share query and settles its release (null, with errors, when it cannot be answered).</summary>
    private static async Task<(BrandShareQuery Query, ListingOptions Listing, DatasetRelease? Release)> ParseAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, BrandShareParameters p, HttpRequest request, QueryReader read, bool history, CancellationToken ct)
    {
        var codes = await DimensionCodes.LoadAsync(connection, BrandShareImport.Dataset, ct);
        var market = read.Code("market", p.Market, codes["market"], "RU", Countries.Normalise);
        var segment = read.Code("segment", p.Segment, codes["segment"], "new-cars", c => c.Trim().ToLowerInvariant());
        var periods = read.Periods("period", p.Period);
        var (from, to) = read.Range(p.From, p.To);
        var brandsByName = codes["brand"].ToDictionary(b => b, StringComparer.OrdinalIgnoreCase);
        var brands = read.Codes("brand", p.Brand, codes, "brand", b => brandsByName.GetValueOrDefault(b.Trim(), b.Trim()));
        var origins = read.Codes("origin", p.Origin, codes, "origin", Countries.Normalise);
        if (history && p.Top is not null) read.Errors.Add("top", "does not apply to history, which lists every vintage; leave it out");
        else if (p.Top is { } top && top is < 1 or > 100) read.Errors.Add("top", "must be between 1 and 100");
        else if (p.Top is not null) read.Normalised["top"] = p.Top.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (history && p.Versions is not null) read.Errors.Add("versions", "does not apply to history, which lists every vintage of every version; leave it out");
        var listing = read.Listing(p, request);
        if (history) read.Normalised.Remove("versions");
        var after = read.PositionCursor(p.Cursor);
        var release = read.Errors.Any ? null : await listing.ReleaseAsync(connection, BrandShareImport.Dataset, after?.Release, read.Errors, ct);
        var query = new BrandShareQuery(market, segment, periods, from, to, brands, origins, p.Top, listing.Sources, listing.AllVersions,
            listing.Limit, after?.Position ?? 0);
        return (query, listing, release);
    }

    private static async Task<Results<Ok<DataPage<OriginShareRecord>>, TabularResult<OriginShareRecord>, ValidationProblem>> ListOriginShares(
        [AsParameters] BrandOriginParameters p, HttpRequest request, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var codes = await DimensionCodes.LoadAsync(connection, BrandShareImport.Dataset, ct);
        var read = new QueryReader(new QueryErrors());
        var market = read.Code("market", p.Market, codes["market"], "RU", Countries.Normalise);
        var segment = read.Code("segment", p.Segment, codes["segment"], "new-cars", c => c.Trim().ToLowerInvariant());
        var periods = read.Periods("period", p.Period);
        var (from, to) = read.Range(p.From, p.To);
        var basis = read.Code("originBasis", p.OriginBasis, codes["originBasis"], "owner", c => c.Trim().ToLowerInvariant());
        var asOf = AsOf.Parse(p.AsOf, read.Errors);
        if (asOf is not null) read.Normalised["as_of"] = asOf.Text;
        var format = OutputFormats.Choose(p.Format, request, read.Errors);
        var download = read.Flag("download", p.Download);
        var release = read.Errors.Any ? null : await AsOf.ResolveAsync(connection, BrandShareImport.Dataset, asOf, null, read.Errors, ct);
        if (release is null) return read.Errors.ToProblem();
        var query = new BrandShareQuery(market, segment, periods, from, to, [], [], null, [], false, int.MaxValue - 1, 0);
        var brands = (await BrandShareSql.ListAsync(connection, query, release.Id, ct)).Select(r => r.ToRecord());
        var records = OriginShares.Summarise(brands, basis).ToList();
        return DataResponse.From(new PageOf<OriginShareRecord>(BrandShareImport.Dataset, "/v1/brand-shares/by-origin", Title + ", by origin",
            "percent", Licence, release, records, read.Normalised, null, format, download,
            records.SelectMany(r => r.Sources.Split(',', StringSplitOptions.RemoveEmptyEntries))), request.HttpContext.Response);
    }
}
