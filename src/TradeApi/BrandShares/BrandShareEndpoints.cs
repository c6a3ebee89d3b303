using Microsoft.AspNetCore.Http.HttpResults;
using TradeApi.Catalogue;
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
        var codes = await DimensionCodes.LoadAsync(connection, BrandShareImport.Dataset, ct);
        var read = new QueryReader(new QueryErrors());
        var market = read.Code("market", p.Market, codes["market"], "RU", Countries.Normalise);
        var segment = read.Code("segment", p.Segment, codes["segment"], "new-cars", c => c.Trim().ToLowerInvariant());
        var periods = read.Periods("period", p.Period);
        var (from, to) = read.Range(p.From, p.To);
        var brandsByName = codes["brand"].ToDictionary(b => b, StringComparer.OrdinalIgnoreCase);
        var brands = read.Codes("brand", p.Brand, codes, "brand", b => brandsByName.GetValueOrDefault(b.Trim(), b.Trim()));
        var origins = read.Codes("origin", p.Origin, codes, "origin", Countries.Normalise);
        if (p.Top is { } top && top is < 1 or > 100) read.Errors.Add("top", "must be between 1 and 100");
        else if (p.Top is not null) read.Normalised["top"] = p.Top.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var listing = read.Listing(p, request);
        var (_, sources, all, limit, format, download) = listing;
        var after = read.PositionCursor(p.Cursor);
        var release = read.Errors.Any ? null : await listing.ReleaseAsync(connection, BrandShareImport.Dataset, after?.Release, read.Errors, ct);
        if (release is null) return read.Errors.ToProblem();

        var query = new BrandShareQuery(market, segment, periods, from, to, brands, origins, p.Top, sources, all, limit, after?.Position ?? 0);
        var rows = await BrandShareSql.ListAsync(connection, query, release.Id, ct);
        var next = rows.Count > limit ? Paging.Cursor.Encode(release.Id, rows[limit - 1].Position) : null;
        var records = rows.Take(limit).Select(r => r.ToRecord()).ToList();
        return DataResponse.From(new PageOf<BrandShareRecord>(BrandShareImport.Dataset, "/v1/brand-shares", Title, "units",
            Licence, release, records, read.Normalised, next, format, download, records.Select(r => r.SourceId)), request.HttpContext.Response);
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
