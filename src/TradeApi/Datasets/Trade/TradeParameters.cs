using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Platform.Queries;

namespace TradeApi.Datasets.Trade;

/// <summary>The query parameters of GET /v1/trade, as the OpenAPI document shows them.</summary>
public sealed class TradeParameters : ListingParameters
{
    [FromQuery(Name = "reporter"), Description("Reporting country, ISO 3166-1 alpha-2 or alpha-3 (or WLD), one or a comma list: any country with data, e.g. CN (China's customs) or RU (Russia's customs, mirror statistics). Default: all.")]
    public string? Reporter { get; init; }

    [FromQuery(Name = "partner"), Description("Partner country, ISO 3166-1 alpha-2 or alpha-3, one or a comma list. Default: all.")]
    public string? Partner { get; init; }

    [FromQuery(Name = "flow"), Description("export, import or total, one or a comma list, seen from the reporter. Default: all.")]
    public string? Flow { get; init; }

    [FromQuery(Name = "freq"), Description("A (annual), Q (quarterly), M (monthly), YTD (cumulative from January), one or a comma list. Default: all.")]
    public string? Freq { get; init; }

    [FromQuery(Name = "period"), Description("Exact periods, one or a comma list: 2024, 2024-Q3, 2024-07 or 2025-01..2025-04.")]
    public string? Period { get; init; }

    [FromQuery(Name = "from"), Description("Earliest period, inclusive (2020, 2020-Q2 or 2020-04): records that start on or after its start.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Latest period, inclusive (2024, 2024-Q4 or 2024-12): records that end on or before its end.")]
    public string? To { get; init; }

    [FromQuery(Name = "basis"), Description("Currency the figures are reported in: USD (values in US dollars) or CNY (GACC's yuan-basis figures, kept apart)."), DefaultValue("USD")]
    public string? Basis { get; init; }

}
