namespace TradeApi.Datasets.Trade;

/// <summary>
/// One observation of the trade series: a flow between reporter and partner in a period, from
/// one source, as published in one release. The CSV export has these fields as its columns.
/// </summary>
public sealed record TradeRecord(
    string Reporter,
    string Partner,
    string Flow,
    string Freq,
    string Period,
    string PeriodStart,
    string PeriodEnd,
    double? Value,
    string Unit,
    string ValueStatus,
    string? Qualifier,
    double? YoyChangePct,
    string YoyChangeStatus,
    double? YoyComputedPct,
    string? YoyBasePeriod,
    string? YoyBaseSourceId,
    long? YoyBaseRelease,
    string? YoyCheck,
    string CitedBody,
    string Confidence,
    bool Preferred,
    int Versions,
    string SourceId,
    long Release,
    string? Note);

/// <summary>
/// One vintage of a trade figure: its value as a release published it, and the release that superseded it
/// (a revision or a withdrawal), if any. GET /v1/trade/history lists them.
/// </summary>
public sealed record TradeVintage(
    string Reporter,
    string Partner,
    string Flow,
    string Freq,
    string Period,
    double? Value,
    string Unit,
    string? Qualifier,
    double? YoyChangePct,
    string CitedBody,
    string Confidence,
    string SourceId,
    long Release,
    string ReleasedAt,
    long? SupersededIn,
    string? Note);

public static class TradeStatus
{
    /// <summary>valueStatus: the source printed a level.</summary>
    public const string Published = "published";
    /// <summary>valueStatus: the source gave a change but no level.</summary>
    public const string NotPublished = "not-published";
    /// <summary>yoyChangeStatus: the change as the source published it.</summary>
    public const string Reported = "reported";
    /// <summary>yoyChangeStatus: computed by TradeApi from this value and the preferred value of the same period a year earlier.</summary>
    public const string Computed = "computed";
    /// <summary>
    /// yoyChangeStatus: not published, and none computed: no base period in the data, a base of zero, or a change
    /// outside the documented range (-100 to 100,000 percent: a base too small to measure against).
    /// </summary>
    public const string Unavailable = "unavailable";
    /// <summary>yoyCheck: the computed change differs by more than 1 percentage point from a change published for the same key and period.</summary>
    public const string DiffersFromPublished = "differs-from-published";
}
