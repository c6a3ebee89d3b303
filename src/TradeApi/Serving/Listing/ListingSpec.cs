using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Releases;
using TradeApi.Platform.OpenApi;
using TradeApi.Platform.Queries;

namespace TradeApi.Serving.Listing;

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
    /// <summary>The declared filters the listing takes (dimensions, the period filters, others), in the order the document lists them.</summary>
    public required IReadOnlyList<Filter> Declared
    {
        get => _declared;
        init
        {
            _declared = value;
            Dimensions = [.. value.OfType<Dimension>()];
        }
    }

    /// <summary>The declared filters on codes.</summary>
    public IReadOnlyList<Dimension> Dimensions { get; private init; } = [];
    /// <summary>Takes source= and versions= (and lists only preferred versions by default).</summary>
    public bool Versions { get; init; }
    /// <summary>Takes source= (history takes it without versions).</summary>
    public bool Sources { get; init; }
    /// <summary>Takes limit= and cursor=.</summary>
    public bool Paged { get; init; } = true;
    /// <summary>The record field naming its source (sourceId), or a comma list of them (sources).</summary>
    public string SourcesField { get; init; } = "sourceId";
    /// <summary>A filter made by the endpoint rather than declared (the changes' since).</summary>
    public Action<ListingRequest>? Filters { get; init; }
    public bool IsHistory { get; init; }
    /// <summary>meta.unit of an answer, given the query as understood (the dataset's by default).</summary>
    public Func<IReadOnlyDictionary<string, string>, string>? Unit { get; init; }

    /// <summary>
    /// Whether the listing reads query parameter <paramref name="name"/>: the one list of what it takes, which the
    /// endpoint enforces (any other parameter is a 400) and the OpenAPI document shows.
    /// </summary>
    public bool Takes(string name) => name switch
    {
        "period" or "from" or "to" or "as_of" or "format" or "download" => true,
        "source" => Sources,
        "versions" => Versions,
        "limit" or "cursor" => Paged,
        _ => Declared.Any(d => d.Parameter == name),
    };

    /// <summary>
    /// The query parameters the listing takes, documented, in order: the declared filters, then those every listing
    /// describes (<see cref="ListingParameters"/>) that it takes.
    /// </summary>
    public IReadOnlyList<QueryParameterDoc> Parameters =>
    [
        .. Declared.Select(f => new QueryParameterDoc(f.Parameter, f.Description, WholeNumber: f is WholeNumberFilter, (f as Dimension)?.Default)),
        .. Common.Where(p => Takes(p.Name) && !Declared.Any(d => d.Parameter == p.Name)),
    ];

    private static readonly QueryParameterDoc[] Common = QueryParameterDoc.Of(typeof(ListingParameters));
    private IReadOnlyList<Filter> _declared = [];

    /// <summary>GET {path}: the dataset's records as of a release, preferred versions first.</summary>
    public static ListingSpec Records(Dataset dataset) => new()
    {
        Dataset = dataset,
        Path = dataset.Path,
        Title = dataset.Title,
        Record = dataset.Record,
        Fields = RecordFields(dataset, "p"),
        From = $"{dataset.PublishedTable} p",
        Alias = "p",
        Validity = PublishedValidity("p"),
        Order = [.. dataset.Order.Select(c => $"p.{c}")],
        Declared = dataset.Filters,
        Versions = true,
        Sources = true,
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
        // History lists every vintage as published: a filter on derived columns (top) does not apply to it.
        Declared = [.. dataset.Filters.Where(f => f is not WholeNumberFilter)],
        Sources = true,
        IsHistory = true,
    };

    /// <summary>A table derived beside the published one (<see cref="DatasetView"/>), listed as of a release like the records.</summary>
    public static ListingSpec View(Dataset dataset, DatasetView view) => new()
    {
        Dataset = dataset,
        Path = dataset.Path + view.Suffix,
        Title = view.Title,
        Record = view.Record,
        Fields = Field.Of(view.Record, "p"),
        From = $"{view.Table} p",
        Alias = "p",
        Validity = PublishedValidity("p"),
        Order = [.. view.Order.Select(c => $"p.{c}")],
        Declared = view.Filters,
        SourcesField = view.SourcesField,
        Unit = _ => view.Unit,
    };

    /// <summary>
    /// GET /v1/changes for one dataset: the net difference between the records valid at release @since and at
    /// release @release, keyed by the dataset's key: each entry is added, revised or withdrawn, with the release
    /// that did it, the record as it is now (as it was, for a withdrawal), and the previous value (old...) of every
    /// record field a release can change: all but the key's and the period's (<see cref="Dataset.PeriodColumns"/>).
    /// Applied to a download at @since, they give the download at @release.
    /// </summary>
    public static ListingSpec Changes(Dataset dataset, Type record, Action<ListingRequest> since)
    {
        var now = RecordFields(dataset, "n");
        var before = RecordFields(dataset, "o");
        var table = dataset.PublishedTable;
        var fixedColumns = dataset.Key.Concat(Dataset.PeriodColumns).ToHashSet(StringComparer.Ordinal);
        Field[] fields =
        [
            new("change", FieldKind.Text, "CASE WHEN o.observation_id IS NULL THEN 'added' WHEN n.observation_id IS NULL THEN 'withdrawn' ELSE 'revised' END"),
            new("changedIn", FieldKind.Integer, "COALESCE(n.valid_from, o.valid_to)"),
            .. now.Zip(before, (n, o) => n with { Sql = $"CASE WHEN n.observation_id IS NOT NULL THEN {n.Sql} ELSE {o.Sql} END" }),
            .. before.Where(f => !fixedColumns.Contains(Field.SnakeCase(f.Name)))
                .Select(f => f with { Name = "old" + char.ToUpperInvariant(f.Name[0]) + f.Name[1..] }),
        ];
        return new()
        {
            Dataset = dataset,
            Path = "/v1/changes",
            Title = dataset.Title + " (changes)",
            Record = record,
            Fields = fields,
            From = $"""
                (SELECT * FROM {table} WHERE valid_from > @since AND valid_from <= @release AND (valid_to IS NULL OR valid_to > @release)) n
                FULL OUTER JOIN
                (SELECT * FROM {table} WHERE valid_from <= @since AND valid_to > @since AND valid_to <= @release) o
                ON {string.Join(" AND ", dataset.Key.Select(k => $"COALESCE(n.{k}, '') = COALESCE(o.{k}, '')"))}
                """,
            Alias = "n",
            Validity = "1 = 1",
            Order = [.. dataset.Key.Select(k => $"COALESCE(n.{k}, o.{k}, '')")],
            Declared = [],
            Filters = since,
        };
    }

    /// <summary>
    /// The query that lists the records: their fields (then the sort values, for a cursor) of the rows valid at @release
    /// that <paramref name="where"/> (" AND ..." clauses) keeps, in order, with <paramref name="take"/> at most @take of them (a
    /// parameter, so that queries differing only in their limit share one SQL text: one statement shape for Dapper's
    /// cache and SQLite's prepare). The limit is a CAST, not a bare parameter: with a bare LIMIT parameter the
    /// bundled SQLite (3.49) lets its value inform the plan and re-prepares the statement each time it is bound again
    /// (measured: 60-100 us a lookup instead of 22, half a distinct miss's CPU in re-parsing); a CAST is read at run time.
    /// </summary>
    public string Sql(string where = "", bool take = false, bool sortValues = false) => $"""
        SELECT {string.Join(", ", Fields.Select(f => f.Sql))}{(sortValues ? ", " + string.Join(", ", Order) : "")}
        FROM {From}
        WHERE {Validity}{where}
        ORDER BY {string.Join(", ", Order)}
        {(take ? "LIMIT CAST(@take AS INTEGER)" : "")}
        """;

    /// <summary>The record fields of a dataset, read from its published row <paramref name="alias"/>.</summary>
    public static Field[] RecordFields(Dataset dataset, string alias) =>
        Field.Of(dataset.Record, alias, WithDefaults(dataset.RecordSql(alias), new() { ["release"] = $"{alias}.release_id" }));

    private static string PublishedValidity(string alias) =>
        $"{alias}.valid_from <= @release AND ({alias}.valid_to IS NULL OR {alias}.valid_to > @release)";

    private static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> overrides, Dictionary<string, string> defaults)
    {
        foreach (var (name, sql) in overrides) defaults[name] = sql;
        return defaults;
    }
}
