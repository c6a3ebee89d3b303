using TradeApi.Datasets;
using TradeApi.Releases;

namespace TradeApi.Listing;

/// <summary>
/// What one listing endpoint serves, made from a <see cref="Dataset"/>: its records from the published table
/// (<see cref="Records"/>), every vintage from the observation table (<see cref="History"/>), or a table derived
/// beside them (<see cref="View"/>). The one listing pipeline (<see cref="ListingAnswers"/>) reads it.
/// </summary>
public sealed record ListingSpec
{
    public required Dataset Dataset { get; init; }
    public required string Path { get; init; }
    public required string Title { get; init; }
    /// <summary>The record type the listing answers (its fields, in order, are <see cref="Fields"/>).</summary>
    public required Type Record { get; init; }
    public required Field[] Fields { get; init; }
    /// <summary>The FROM clause; the listed rows have alias <see cref="Alias"/>.</summary>
    public required string From { get; init; }
    public required string Alias { get; init; }
    /// <summary>Which rows hold as of release @release.</summary>
    public required string Validity { get; init; }
    /// <summary>The sort expressions, unique among the rows of one release: the keyset the cursor carries.</summary>
    public required string[] Order { get; init; }
    public required IReadOnlyList<Dimension> Dimensions { get; init; }
    /// <summary>Takes source= and versions= (and lists only preferred versions by default).</summary>
    public bool Versions { get; init; }
    /// <summary>Takes source= (history takes it without versions).</summary>
    public bool Sources { get; init; }
    /// <summary>Takes limit= and cursor=.</summary>
    public bool Paged { get; init; } = true;
    /// <summary>The record field naming its source (sourceId), or a comma list of them (sources).</summary>
    public string SourcesField { get; init; } = "sourceId";
    /// <summary>Dataset-specific filters (e.g. brand shares' top).</summary>
    public Action<ListingRequest>? Filters { get; init; }
    public bool IsHistory { get; init; }
    /// <summary>meta.unit of an answer, given the query as understood (the dataset's by default).</summary>
    public Func<IReadOnlyDictionary<string, string>, string>? Unit { get; init; }

    /// <summary>GET {path}: the dataset's records as of a release, preferred versions first.</summary>
    public static ListingSpec Records(Dataset dataset, Action<ListingRequest>? filters = null) => new()
    {
        Dataset = dataset,
        Path = dataset.Path,
        Title = dataset.Title,
        Record = dataset.Record,
        Fields = Field.Of(dataset.Record, "p", WithDefaults(dataset.RecordSql, new() { ["release"] = "p.release_id" })),
        From = $"{dataset.PublishedTable} p",
        Alias = "p",
        Validity = PublishedValidity("p"),
        Order = [.. dataset.Order.Select(c => $"p.{c}")],
        Dimensions = dataset.Dimensions,
        Versions = true,
        Sources = true,
        Filters = filters,
    };

    /// <summary>GET {path}/history: every vintage up to a release, with the release that superseded it by then.</summary>
    public static ListingSpec History(Dataset dataset) => new()
    {
        Dataset = dataset,
        Path = dataset.Path + "/history",
        Title = dataset.Title + " (history)",
        Record = dataset.Vintage,
        Fields = Field.Of(dataset.Vintage, "o", WithDefaults(dataset.VintageSql, new()
        {
            ["release"] = "o.release_id",
            ["releasedAt"] = ReleaseTime.DisplaySql("rel.released_at"),
            ["supersededIn"] = "CASE WHEN o.superseded_in <= @release THEN o.superseded_in END",
        })),
        From = $"{dataset.ObservationTable} o JOIN releases rel ON rel.id = o.release_id",
        Alias = "o",
        Validity = "o.release_id <= @release",
        Order = [.. dataset.HistoryOrder.Select(c => c.Contains('(') || c.Contains('.') ? c : $"o.{c}"), "o.source_id", "o.release_id"],
        Dimensions = dataset.Dimensions,
        Sources = true,
        IsHistory = true,
    };

    /// <summary>A table derived beside the published one, listed as of a release like the records.</summary>
    public static ListingSpec View(Dataset dataset, string path, string title, Type record, string table, string[] order,
        IReadOnlyList<Dimension> dimensions, string sourcesField, string unit) => new()
    {
        Dataset = dataset,
        Path = path,
        Title = title,
        Record = record,
        Fields = Field.Of(record, "p"),
        From = $"{table} p",
        Alias = "p",
        Validity = PublishedValidity("p"),
        Order = [.. order.Select(c => $"p.{c}")],
        Dimensions = dimensions,
        Paged = false,
        SourcesField = sourcesField,
        Unit = _ => unit,
    };

    private static string PublishedValidity(string alias) =>
        $"{alias}.valid_from <= @release AND ({alias}.valid_to IS NULL OR {alias}.valid_to > @release)";

    private static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> overrides, Dictionary<string, string> defaults)
    {
        foreach (var (name, sql) in overrides) defaults[name] = sql;
        return defaults;
    }
}
