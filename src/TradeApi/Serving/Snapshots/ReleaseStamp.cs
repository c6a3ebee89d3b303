using TradeApi.Datasets.Releases;

namespace TradeApi.Serving.Snapshots;

/// <summary>A release as answers stand on it: its number, dataset and stored time.</summary>
public sealed record ReleaseStamp(long Id, string DatasetId, string StoredAt)
{
    public string ReleasedAt => ReleaseTime.Display(StoredAt);

    public DateTimeOffset Time => DateTimeOffset.Parse(StoredAt, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What a dataset with no release yet stands on: release 0, which holds no record.</summary>
    public static ReleaseStamp None(string datasetId) => new(0, datasetId, "1970-01-01T00:00:00.000000Z");
}
