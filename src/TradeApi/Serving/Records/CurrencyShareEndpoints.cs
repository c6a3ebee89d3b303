using TradeApi.Datasets.CurrencyShares;
using TradeApi.Serving.Charts;
using TradeApi.Serving.Embeds;
using TradeApi.Serving.Listing;

namespace TradeApi.Serving.Records;

public static class CurrencyShareEndpoints
{
    public static void MapCurrencyShares(this IEndpointRouteBuilder app, CurrencyShareDataset dataset)
    {
        var group = app.MapGroup(dataset.Path).WithTags(dataset.Tag);
        var records = ListingSpec.Records(dataset);
        group.MapListing<CurrencyShareParameters>("/", records)
            .WithName("ListCurrencyShares")
            .WithSummary("Which currencies settle Russia's trade")
            .WithDescription("""
                The share (percent) of each currency or documented currency group in the settlement of Russia's exports and imports,
                with all partners (WLD), the Bank of Russia's Asia region (ASIA) or China (CN). `kind` keeps the two kinds apart:
                `statistic` (Bank of Russia series as reported by the press) and `statement` (an official's words: `statedBy`,
                `statedAs`, and the `qualifier` about, above, below or at-most). For China only statements exist: the Bank of
                Russia publishes by region, not by country. Sorted by counterpart, direction, period and currency.
                """);

        group.MapListing<CurrencyShareParameters>("/history", ListingSpec.History(dataset))
            .WithName("ListCurrencyShareHistory")
            .WithSummary("Every vintage of the currency shares a query selects")
            .WithDescription("""
                The revision history behind /v1/currency-shares: for each figure, every version a release published, with
                `release`, `releasedAt` and `supersededIn` (the release that revised or withdrew it; null while current).
                Takes the filters of /v1/currency-shares except versions; `as_of` shows the history as it stood then.
                """);

        group.MapChart<CurrencyShareParameters>("/chart.svg", records);

        app.MapEmbed<CurrencyShareParameters>(records);
    }
}
