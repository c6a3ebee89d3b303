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

    /// <summary>SQL over the current observations of every dataset: dataset_id, source_id, cited_body, period_start, period_end, period.</summary>
    public static string CurrentObservations(string columns) => string.Join("\nUNION ALL\n", ByDataset.Select(d =>
        $"SELECT '{d.Key}' AS dataset_id, {columns} FROM {d.Value} WHERE superseded_in IS NULL"));
}
