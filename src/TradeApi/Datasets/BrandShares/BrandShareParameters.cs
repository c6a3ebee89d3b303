using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Platform.Queries;

namespace TradeApi.Datasets.BrandShares;

/// <summary>The query parameters of GET /v1/brand-shares.</summary>
public sealed class BrandShareParameters : ListingParameters
{
    [FromQuery(Name = "market"), Description("Market country, ISO 3166-1 alpha-2 or alpha-3: RU."), DefaultValue("RU")]
    public string? Market { get; init; }

    [FromQuery(Name = "segment"), Description("Market segment: new-cars (new passenger cars)."), DefaultValue("new-cars")]
    public string? Segment { get; init; }

    [FromQuery(Name = "period"), Description("Exact periods, one or a comma list: 2023, 2024-H1, 2025-05.")]
    public string? Period { get; init; }

    [FromQuery(Name = "from"), Description("Earliest period, inclusive (a year, half-year, quarter or month).")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Latest period, inclusive (a year, half-year, quarter or month).")]
    public string? To { get; init; }

    [FromQuery(Name = "brand"), Description("Brands, one or a comma list, as listed at /v1/datasets/brand-shares (case-insensitive); ALL is the market total and origin aggregates.")]
    public string? Brand { get; init; }

    [FromQuery(Name = "origin"), Description("Brand origin countries (the owner's, as the source states it), ISO alpha-2 or alpha-3, one or a comma list.")]
    public string? Origin { get; init; }

    [FromQuery(Name = "top"), Description("Only the period's top N brands: rank at most N, and with N of 10 or more also brands stated to be in the top ten without a rank. 1 to 100.")]
    public int? Top { get; init; }

}

/// <summary>The query parameters of GET /v1/brand-shares/by-origin.</summary>
public sealed class BrandOriginParameters
{
    [FromQuery(Name = "market"), Description("Market country: RU."), DefaultValue("RU")]
    public string? Market { get; init; }

    [FromQuery(Name = "segment"), Description("Market segment: new-cars."), DefaultValue("new-cars")]
    public string? Segment { get; init; }

    [FromQuery(Name = "period"), Description("Exact periods, one or a comma list: 2023, 2025.")]
    public string? Period { get; init; }

    [FromQuery(Name = "from"), Description("Earliest period, inclusive.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Latest period, inclusive.")]
    public string? To { get; init; }

    [FromQuery(Name = "as_of"), Description("Answer as of a past release: a release number or an ISO 8601 date-time. Default: the latest release.")]
    public string? AsOf { get; init; }

    [FromQuery(Name = "originBasis"), Description("owner: the brand owner's country as the source states it; platform: the country of the platform the brand is built on where documented (Tenet and Belgee count as Chinese)."), DefaultValue("owner")]
    public string? OriginBasis { get; init; }

    [FromQuery(Name = "format"), Description("json, csv or ndjson; overrides the Accept header. A .csv, .ndjson or .json suffix on the path (/v1/trade.csv) does the same."), DefaultValue("json")]
    public string? Format { get; init; }

    [FromQuery(Name = "download"), Description("1 to add Content-Disposition: attachment."), DefaultValue(0)]
    public int? Download { get; init; }

    [FromQuery(Name = "limit"), Description("Rows per page, 1 to 10000."), DefaultValue(ListingParameters.DefaultLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from links.next (or the Link header) of the previous page.")]
    public string? Cursor { get; init; }
}
