namespace TradeApi.Catalogue;

/// <summary>Which table holds each dataset's observations (every such table has the same vintage and source columns).</summary>
public static class DatasetTables
{
    public static readonly IReadOnlyDictionary<string, string> ByDataset = new Dictionary<string, string>
    {
        ["trade"] = "trade_observations",
        ["brand-shares"] = "brand_share_observations",
        ["currency-shares"] = "currency_share_observations",
    };
}
