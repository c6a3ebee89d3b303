namespace TradeApi.Datasets.Definitions;

/// <summary>
/// A query parameter of a dataset's listings, as the dataset declares it: what it filters (a <see cref="Dimension"/>,
/// the period, or a <see cref="WholeNumberFilter"/>) and how the API document describes it. A dataset's filters, in
/// their declared order, are the parameters its listings, charts and embeds take and the document shows.
/// </summary>
public abstract record Filter(string Parameter, string Description);

/// <summary>
/// A filter on a code: the query parameter, the published column it filters, and the code list (in dimension_codes)
/// its values must come from. Codes are written canonically: country dimensions through the country table (alpha-3
/// and any case in, alpha-2 out), others upper- or lower-cased, or matched to the listed code in any case. A
/// dimension with a default is single-valued and always part of the query as understood; one without takes a comma
/// list and means "all" when left out.
/// </summary>
public sealed record Dimension(string Parameter, string Column, string CodeList, CodeCase Case, string Description, string? Default = null)
    : Filter(Parameter, Description)
{
    public bool Multiple => Default is null;
}

/// <summary>
/// One of the period filters every listing takes (period, from, to), with the dataset's own description of the
/// periods it holds.
/// </summary>
public sealed record PeriodFilter(string Parameter, string Description) : Filter(Parameter, Description)
{
    /// <summary>The three period filters, described for a dataset.</summary>
    public static PeriodFilter[] Of(string period, string from, string to) =>
        [new("period", period), new("from", from), new("to", to)];
}

/// <summary>
/// A filter that takes a whole number from <paramref name="Min"/> to <paramref name="Max"/> and keeps the rows
/// (alias p) that <paramref name="Sql"/> keeps, where @{Parameter} is the number (e.g. brand shares' top).
/// </summary>
public sealed record WholeNumberFilter(string Parameter, string Description, int Min, int Max, string Sql) : Filter(Parameter, Description);

public enum CodeCase
{
    /// <summary>A country or aggregate code, through the country table.</summary>
    Country,
    Upper,
    Lower,
    /// <summary>Matched to the listed code whatever its case (brand names).</summary>
    AsListed,
}
