using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Rows;

namespace TradeApi.Datasets.Definitions;

/// <summary>
/// One dataset, described once. The listing pipeline reads this description to serve the dataset's records,
/// history, <c>as_of</c>, keyset paging and formats; the importer reads it to check release files and write
/// vintages by column name; the publisher calls <see cref="Derive"/> when a release lands, so that a read is
/// an index range scan over stored rows. A new dataset is a migration (its observation and published tables
/// and its code lists), a subclass of this, and a seed file.
/// </summary>
public abstract class Dataset
{
    protected Dataset()
    {
        Observation = new CellSchema([.. Key, .. Values]);
        Published = new CellSchema(PublishedColumns);
    }

    /// <summary>The dataset id, as in the datasets table and in URLs.</summary>
    public abstract string Id { get; }

    /// <summary>Where its records are listed, e.g. /v1/trade.</summary>
    public abstract string Path { get; }

    /// <summary>The OpenAPI tag of its endpoints.</summary>
    public abstract string Tag { get; }

    /// <summary>What its records are, for citations.</summary>
    public abstract string Title { get; }

    public abstract string ObservationTable { get; }

    public abstract string PublishedTable { get; }

    /// <summary>The record a listing answers (its fields are the JSON names and the CSV columns, in order).</summary>
    public abstract Type Record { get; }

    /// <summary>The record the history listing answers.</summary>
    public abstract Type Vintage { get; }

    /// <summary>
    /// The query parameters its listings take besides as_of, source, versions, paging and format, in the order the
    /// document shows them: its dimensions, the three period filters (<see cref="PeriodFilter.Of"/>) and any other.
    /// </summary>
    public abstract IReadOnlyList<Filter> Filters { get; }

    /// <summary>The filters on codes (<see cref="Filters"/> that are dimensions).</summary>
    public IReadOnlyList<Dimension> Dimensions => _dimensions ??= [.. Filters.OfType<Dimension>()];

    /// <summary>How the document names and describes GET {path}, the records.</summary>
    public abstract Operation Records { get; }

    /// <summary>How the document names and describes GET {path}/history, every vintage.</summary>
    public abstract Operation History { get; }

    /// <summary>Tables derived beside the published one that are listed too (e.g. brand shares by origin).</summary>
    public virtual IReadOnlyList<DatasetView> Views => [];

    /// <summary>The query the front page charts and links to (e.g. reporter=CN&amp;partner=RU): one that reads well as a picture.</summary>
    public virtual string FrontPageQuery => "";

    /// <summary>Observation columns that identify a figure (its series key, period and source_id).</summary>
    public abstract IReadOnlyList<string> Key { get; }

    /// <summary>Observation columns whose change makes a new vintage.</summary>
    public abstract IReadOnlyList<string> Values { get; }

    /// <summary>Observation columns that partition the table into units derived together (a series, a period).</summary>
    public abstract IReadOnlyList<string> Unit { get; }

    /// <summary>Columns of the published table, in its order (without valid_from and valid_to).</summary>
    public abstract IReadOnlyList<string> PublishedColumns { get; }

    /// <summary>The listing order over published columns; unique among the rows valid at any release, so it pages by keyset.</summary>
    public abstract IReadOnlyList<string> Order { get; }

    /// <summary>The history order over observation columns (source_id and release_id are appended).</summary>
    public abstract IReadOnlyList<string> HistoryOrder { get; }

    /// <summary>SQL for record fields that are not a published column of the same name, on the published row <paramref name="alias"/>.</summary>
    public virtual IReadOnlyDictionary<string, string> RecordSql(string alias) => new Dictionary<string, string>();

    /// <summary>
    /// What makes a series for coverage: record fields and the published columns that hold them (with freq, a series
    /// lists its periods and the ones missing between its first and last).
    /// </summary>
    public abstract IReadOnlyList<(string Field, string Column)> SeriesColumns { get; }

    /// <summary>How the dataset's records are charted.</summary>
    public abstract ChartShape Chart { get; }

    /// <summary>The columns a period determines (every dataset stores them beside its period): never changed by a release.</summary>
    public static readonly IReadOnlyList<string> PeriodColumns = ["freq", "period_start", "period_end"];

    /// <summary>SQL for history fields that are not an observation column of the same name (aliases o, and rel for the release).</summary>
    public virtual IReadOnlyDictionary<string, string> VintageSql => new Dictionary<string, string>();

    /// <summary>The meta.unit of an answer, given the query as understood.</summary>
    public abstract string MetaUnit(IReadOnlyDictionary<string, string> query);

    /// <summary>Columns of the dataset's release files (besides the source columns).</summary>
    public abstract IReadOnlyList<string> FileColumns { get; }

    /// <summary>File columns every release file must have (sourceId too).</summary>
    public abstract IReadOnlyList<string> FileKeyColumns { get; }

    /// <summary>Columns of the dataset's exports that the server derives; accepted in a release file and ignored.</summary>
    public abstract IReadOnlyList<string> DerivedColumns { get; }

    /// <summary>The observation a row of a release file gives (key columns only for a withdrawal), or null with errors.</summary>
    public abstract Cells? Read(ReleaseRow row, DimensionCodes codes, Countries countries, List<IngestionError> errors);

    /// <summary>
    /// The published rows of one unit, from its current observations (columns <see cref="DerivationInput"/>, in key
    /// order) and the dataset's code lists. A pure function: the same observations give the same rows.
    /// </summary>
    public abstract IEnumerable<Cells> Derive(IReadOnlyList<Cells> observations, DimensionCodes codes);

    /// <summary>
    /// The bounds a unit's published rows (from <see cref="Derive"/>) break that no single row shows: checked when a
    /// release is applied, which is refused if there is any.
    /// </summary>
    public virtual IEnumerable<BoundBreach> Breaches(IReadOnlyList<Cells> published) => [];

    /// <summary>Tables derived beside the published one (e.g. the share of brands by origin), each per unit.</summary>
    public virtual IReadOnlyList<DerivedTable> DerivedTables => [];

    /// <summary>Code lists a release may extend (new brands, new countries with data): a code a release brings joins its list.</summary>
    public virtual IReadOnlyList<OpenCodeList> OpenCodeLists => [];

    public CellSchema Observation { get; }

    public CellSchema Published { get; }

    /// <summary>The observation columns the derivation reads: the vintage's columns, its id and its source's kind and publication date.</summary>
    public CellSchema DerivationInput => _input ??= new CellSchema([.. Key, .. Values, "id", "release_id", "source_kind", "source_published"]);

    private CellSchema? _input;
    private IReadOnlyList<Dimension>? _dimensions;
}

/// <summary>
/// A table derived per unit beside the published one, from the unit's published rows, with the columns it holds
/// (valid_from and valid_to aside).
/// </summary>
public sealed record DerivedTable(string Table, CellSchema Columns, IReadOnlyList<string> Unit, Func<IReadOnlyList<Cells>, IEnumerable<Cells>> Derive);

/// <summary>
/// A code list that releases extend: the observation column whose new values join it, written in the spelling the
/// list already has whatever their case, with the SQL that labels and describes a new code.
/// </summary>
public sealed record OpenCodeList(string List, string Column, Func<string, string> LabelSql, Func<string, string> DescriptionSql)
{
    /// <summary>A country dimension: a new code is labelled with the country's name.</summary>
    public static OpenCodeList Country(string list, string column) =>
        new(list, column, c => $"COALESCE((SELECT name FROM countries WHERE code = {c}), {c})", _ => "NULL");
}

/// <summary>
/// How records are charted: bars or lines over periods, one series per distinct value of <paramref name="Series"/>,
/// the figure each measure plots (record field) with the field that says whether it is reported or computed.
/// </summary>
public sealed record ChartShape(bool Bars, IReadOnlyList<string> Series, IReadOnlyDictionary<string, (string Value, string? Status)> Measures)
{
    public string DefaultMeasure => Measures.Keys.First();
}
