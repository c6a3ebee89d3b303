using TradeApi.Datasets.BrandShares;
using TradeApi.Datasets.CurrencyShares;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Trade;

namespace TradeApi.Serving.Records;

/// <summary>
/// The endpoints of each dataset's records: the listing, its history and views, its chart and its embed. They are
/// mapped here, in Serving, so that a dataset's definition knows nothing of how it is served.
/// </summary>
public static class RecordEndpoints
{
    public static void MapRecords(this IEndpointRouteBuilder app, IEnumerable<Dataset> datasets)
    {
        foreach (var dataset in datasets)
        {
            switch (dataset)
            {
                case TradeDataset trade: app.MapTrade(trade); break;
                case BrandShareDataset brandShares: app.MapBrandShares(brandShares); break;
                case CurrencyShareDataset currencyShares: app.MapCurrencyShares(currencyShares); break;
                default: throw new InvalidOperationException($"No record endpoints for dataset '{dataset.Id}'.");
            }
        }
    }
}
