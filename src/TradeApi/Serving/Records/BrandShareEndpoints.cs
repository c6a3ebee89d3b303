using System.Globalization;
using TradeApi.Datasets.BrandShares;
using TradeApi.Datasets.Definitions;
using TradeApi.Serving.Charts;
using TradeApi.Serving.Embeds;
using TradeApi.Serving.Listing;

namespace TradeApi.Serving.Records;

public static class BrandShareEndpoints
{
    public static void MapBrandShares(this IEndpointRouteBuilder app, BrandShareDataset dataset)
    {
        var group = app.MapGroup(dataset.Path).WithTags(dataset.Tag);

        var records = ListingSpec.Records(dataset, Top, "top");
        group.MapListing<BrandShareParameters>("/", records)
            .WithName("ListBrandShares")
            .WithSummary("Car brands' share of Russia's new-car market")
            .WithDescription("""
                One record per brand, period and source: units sold, share of the market (`reported` as published, or `computed`
                from units and the preferred market total of the period), rank where known, and the brand's origin: the owner's
                country as the source states it, with `platformOrigin` where the brand is built on another country's platform
                (Tenet: Chery; Belgee: Geely). Brand ALL is the market total (origin null) or all brands of one origin.
                Sorted by period, then market total first, then rank and units.
                """);

        group.MapListing<BrandShareParameters>("/history", ListingSpec.History(dataset))
            .WithName("ListBrandShareHistory")
            .WithSummary("Every vintage of the brand figures a query selects")
            .WithDescription("""
                The revision history behind /v1/brand-shares: for each figure (market, segment, period, brand, origin and source),
                every version a release published, with `release`, `releasedAt` and `supersededIn` (the release that revised or
                withdrew it; null while current). Shares are as published. Takes the filters of /v1/brand-shares except top and
                versions; `as_of` shows the history as it stood then.
                """);

        group.MapListing<BrandOriginParameters>("/by-origin", ListingSpec.View(dataset, dataset.Path + "/by-origin", dataset.Title + ", by origin",
                typeof(OriginShareRecord), "brand_origin_published", ["market", "segment", "origin_basis", "period_start", "period_end", "freq", "position"],
                [
                    dataset.Dimensions[0], dataset.Dimensions[1],
                    new Dimension("originBasis", "origin_basis", "originBasis", CodeCase.Lower, Default: "owner"),
                ], sourcesField: "sources", unit: "percent") with { Paged = true })
            .WithName("ListBrandSharesByOrigin")
            .WithSummary("The market share of brands of each origin")
            .WithDescription("""
                For each period, the share of the market held by the listed brands of each origin country (the sum of their
                published shares, or their units over the market total), how many of them are in the top ten, and the
                `unattributed` remainder that no listed brand covers, so that the answer says how complete the brand list is
                (`topTenListed`: how many of the top ten brands are known). `originBasis=platform` counts Tenet and Belgee as Chinese.
                """);

        group.MapChart<BrandShareParameters>("/chart.svg", records);

        app.MapEmbed<BrandShareParameters>(records);
    }

    /// <summary>top=N: only the period's top N brands (rank at most N, and with N of 10 or more the brands stated to be in the top ten).</summary>
    private static void Top(ListingRequest request)
    {
        if (request.Text("top") is null) return;
        if (request.ReadInt("top") is not { } top || top is < 1 or > 100)
        {
            request.Errors.Add("top", "must be between 1 and 100");
            return;
        }
        request.Normalised["top"] = top.ToString(CultureInfo.InvariantCulture);
        request.Filter($"p.brand <> '{BrandShareDataset.AllBrands}' AND (p.rank <= @top OR (@top >= 10 AND p.top_ten = 1))", new { top });
    }
}
