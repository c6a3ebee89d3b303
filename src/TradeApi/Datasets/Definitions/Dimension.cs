namespace TradeApi.Datasets.Definitions;

/// <summary>
/// A filter of a dataset's listings: the query parameter, the published column it filters, and the code list
/// (in dimension_codes) its values must come from. Codes are written canonically: country dimensions through
/// the country table (alpha-3 and any case in, alpha-2 out), others upper- or lower-cased, or matched to the
/// listed code in any case. A dimension with a default is single-valued and always part of the query as
/// understood; one without takes a comma list and means "all" when left out.
/// </summary>
public sealed record Dimension(string Parameter, string Column, string CodeList, CodeCase Case, string? Default = null)
{
    public bool Multiple => Default is null;
}

public enum CodeCase
{
    /// <summary>A country or aggregate code, through the country table.</summary>
    Country,
    Upper,
    Lower,
    /// <summary>Matched to the listed code whatever its case (brand names).</summary>
    AsListed,
}
