using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Platform.Queries;

namespace TradeApi.Datasets.CurrencyShares;

/// <summary>The query parameters of GET /v1/currency-shares (and its history).</summary>
public sealed class CurrencyShareParameters : ListingParameters
{
    [FromQuery(Name = "country"), Description("The country whose trade is settled: RU."), DefaultValue("RU")]
    public string? Country { get; init; }

    [FromQuery(Name = "counterpart"), Description("WLD (all partners), ASIA (the Bank of Russia's Asia region) or CN; one or a comma list. Default: all.")]
    public string? Counterpart { get; init; }

    [FromQuery(Name = "direction"), Description("exports, imports or all (statements about all settlements); one or a comma list.")]
    public string? Direction { get; init; }

    [FromQuery(Name = "currency"), Description("ISO 4217 (RUB, CNY, USD, EUR) or a documented group (USD_EUR, FRIENDLY, OTH, RUB_FRIENDLY, RUB_CNY); one or a comma list.")]
    public string? Currency { get; init; }

    [FromQuery(Name = "kind"), Description("statistic (published series) or statement (by an official). Default: both.")]
    public string? Kind { get; init; }

    [FromQuery(Name = "period"), Description("Exact periods, one or a comma list: 2022-12, 2025-Q2, 2025.")]
    public string? Period { get; init; }

    [FromQuery(Name = "from"), Description("Earliest period, inclusive.")]
    public string? From { get; init; }

    [FromQuery(Name = "to"), Description("Latest period, inclusive.")]
    public string? To { get; init; }

}
