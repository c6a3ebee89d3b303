using TradeApi.Datasets.Trade;
using TradeApi.Serving.Charts;
using TradeApi.Serving.Embeds;
using TradeApi.Serving.Listing;

namespace TradeApi.Serving.Records;

public static class TradeEndpoints
{
    public static void MapTrade(this IEndpointRouteBuilder app, TradeDataset dataset)
    {
        var group = app.MapGroup(dataset.Path).WithTags(dataset.Tag);

        var records = ListingSpec.Records(dataset);
        group.MapListing<TradeParameters>("/", records)
            .WithName("ListTrade")
            .WithSummary("China–Russia trade in goods: exports, imports and totals")
            .WithDescription("""
                Tidy records of the bilateral trade series, one per reporter, partner, flow, period and source, sorted by period.
                Values are in units of `unit` (US dollars by default, not billions). Each record carries its source (`sourceId`,
                see /v1/sources), the release that published it, and its year-on-year change: `reported` as the source published
                it, or `computed` by TradeApi from the preferred value of the same period a year earlier (`yoyBasePeriod`), or
                `unavailable` where there is no base, the base is zero, or the computed change falls outside the documented
                range of -100 to 100,000 percent (a base too small to measure against).
                Where sources disagree, one version per series and period is `preferred` by a documented rule (no disputed figure;
                a level before a bare change; reported before weak; a news report of the statistic before an analysis; earliest
                publication); `versions=all` lists the others. The same query answers in JSON, CSV and NDJSON with the same rows.
                Reporter and partner are any ISO 3166-1 country (or WLD, the world) that has data: see /v1/datasets/trade.
                """);

        group.MapListing<TradeParameters>("/history", ListingSpec.History(dataset))
            .WithName("ListTradeHistory")
            .WithSummary("Every vintage of the trade figures a query selects")
            .WithDescription("""
                The revision history behind /v1/trade: for each figure (series key, period and source), every value a release
                published, with `release`, `releasedAt` and `supersededIn` (the release that revised or withdrew it; null while
                current). Takes the filters of /v1/trade; `as_of` shows the history as it stood then. Nothing is ever overwritten,
                so an analysis made on any past release can be reproduced.
                """);

        group.MapChart<TradeParameters>("/chart.svg", records);

        app.MapEmbed<TradeParameters>(records);
    }
}
