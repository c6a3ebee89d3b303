namespace TradeApi.Datasets.Definitions;

/// <summary>How the API document names and describes one of a dataset's endpoints (its operation id, summary and description).</summary>
public sealed record Operation(string Name, string Summary, string Description);

/// <summary>
/// A table derived beside the published one (see <see cref="DerivedTable"/>), listed at the dataset's path plus
/// <paramref name="Suffix"/> as of a release like the records: its record type (fields read the columns of the same
/// name), sort order, filters, the field that names its sources, and the unit of its answers.
/// </summary>
public sealed record DatasetView(string Suffix, string Title, Type Record, string Table, IReadOnlyList<string> Order,
    IReadOnlyList<Filter> Filters, string SourcesField, string Unit, Operation Operation);
