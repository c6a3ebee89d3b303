using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;

namespace TradeApi.Datasets.Trade;

/// <summary>
/// The bilateral trade series: exports, imports and totals between a reporter and a partner (any ISO 3166-1
/// country, or WLD), by period, in the basis currency's units. Derived per series (reporter, partner, flow,
/// unit): the preferred version of each period, and the year-on-year change computed from the preferred value
/// of the same period a year earlier (served where the source published none), naming the base record's source and
/// release, and flagged where a change published for the same key and period differs from it by more than 1 point.
/// </summary>
public sealed class TradeDataset : Dataset
{
    public const string DatasetId = "trade";

    /// <summary>Values above this (a thousand trillion of the unit) are refused as implausible.</summary>
    public const double MaxValue = 1e15;

    /// <summary>
    /// The documented range of a change, in percent: a published one outside it is refused, and a computed one outside
    /// it (a base too small to measure against) is not served: the change is unavailable, as over a zero base.
    /// </summary>
    public const double MinChangePct = -100, MaxChangePct = 100_000;

    /// <summary>A computed change that differs from a published one by more than this many percentage points is flagged.</summary>
    public const double CheckTolerance = 1.0;

    public override string Id => DatasetId;
    public override string Path => "/v1/trade";
    public override string Tag => "Trade";
    public override string Title => "China–Russia bilateral trade in goods";
    public override string ObservationTable => "trade_observations";
    public override string PublishedTable => "trade_published";
    public override Type Record => typeof(TradeRecord);
    public override Type Vintage => typeof(TradeVintage);

    public override IReadOnlyList<Filter> Filters { get; } =
    [
        new Dimension("reporter", "reporter", "reporter", CodeCase.Country,
            "Reporting country, ISO 3166-1 alpha-2 or alpha-3 (or WLD), one or a comma list: any country with data, e.g. CN (China's customs) or RU (Russia's customs, mirror statistics). Default: all."),
        new Dimension("partner", "partner", "partner", CodeCase.Country, "Partner country, ISO 3166-1 alpha-2 or alpha-3, one or a comma list. Default: all."),
        new Dimension("flow", "flow", "flow", CodeCase.Lower, "export, import or total, one or a comma list, seen from the reporter. Default: all."),
        new Dimension("freq", "freq", "freq", CodeCase.Upper,
            "A (annual), Q (quarterly), M (monthly), YTD (cumulative from January), one or a comma list. Default: all."),
        .. PeriodFilter.Of(
            period: "Exact periods, one or a comma list: 2024, 2024-Q3, 2024-07 or 2025-01..2025-04.",
            from: "Earliest period, inclusive (2020, 2020-Q2 or 2020-04): records that start on or after its start.",
            to: "Latest period, inclusive (2024, 2024-Q4 or 2024-12): records that end on or before its end."),
        new Dimension("basis", "unit", "basis", CodeCase.Upper,
            "Currency the figures are reported in: USD (values in US dollars) or CNY (GACC's yuan-basis figures, kept apart).", Default: "USD"),
    ];

    public override Operation Records { get; } = new("ListTrade", "China–Russia trade in goods: exports, imports and totals", """
        Tidy records of the bilateral trade series, one per reporter, partner, flow, period and source, sorted by period.
        Values are in units of `unit` (US dollars by default, not billions). Each record carries its source (`sourceId`,
        see /v1/sources), the release that published it, and its year-on-year change: `reported` as the source published
        it, or `computed` by TradeApi from the preferred value of the same period a year earlier (`yoyBasePeriod`), or
        `unavailable` where there is no base, the base is zero, or the computed change falls outside the documented
        range of -100 to 100,000 percent (a base too small to measure against).
        Where sources disagree, one version per series and period is `preferred` by a documented rule (no disputed figure;
        a level before a bare change; reported before weak; a news report of the statistic before an analysis; earliest
        publication); `versions=all` lists the others. The same query answers in JSON, CSV and NDJSON with the same rows.
        Reporter and partner are any ISO 3166-1 country (or WLD, the world) that has data: see /v1/datasets/trade.
        """);

    public override Operation History { get; } = new("ListTradeHistory", "Every vintage of the trade figures a query selects", """
        The revision history behind /v1/trade: for each figure (series key, period and source), every value a release
        published, with `release`, `releasedAt` and `supersededIn` (the release that revised or withdrew it; null while
        current). Takes the filters of /v1/trade; `as_of` shows the history as it stood then. Nothing is ever overwritten,
        so an analysis made on any past release can be reproduced.
        """);

    public override string FrontPageQuery => "reporter=CN&partner=RU&flow=total&freq=A";

    public override IReadOnlyList<string> Key => ["reporter", "partner", "flow", "unit", "period", "source_id"];
    public override IReadOnlyList<string> Values => ["freq", "period_start", "period_end", "value", "qualifier", "yoy_pct", "cited_body", "confidence", "note"];
    public override IReadOnlyList<string> Unit => ["reporter", "partner", "flow", "unit"];

    public override IReadOnlyList<string> PublishedColumns =>
    [
        "observation_id", "reporter", "partner", "flow", "freq", "period", "period_start", "period_end", "value", "unit", "value_status",
        "qualifier", "yoy_change_pct", "yoy_change_status", "yoy_computed_pct", "yoy_base_period", "yoy_base_source_id", "yoy_base_release",
        "yoy_check", "cited_body", "confidence", "preferred", "versions", "version_rank",
        "source_id", "release_id", "note",
    ];

    public override IReadOnlyList<string> Order =>
        ["period_start", "period_end", "freq", "reporter", "partner", "flow", "unit", "version_rank"];

    public override IReadOnlyList<string> HistoryOrder =>
        ["period_start", "period_end", "freq", "reporter", "partner", "flow", "unit"];

    public override IReadOnlyDictionary<string, string> RecordSql(string alias) => new Dictionary<string, string>
    {
        ["periodStart"] = Field.MonthText($"{alias}.period_start"),
        ["periodEnd"] = Field.MonthText($"{alias}.period_end"),
    };

    public override IReadOnlyList<(string Field, string Column)> SeriesColumns { get; } =
        [("reporter", "reporter"), ("partner", "partner"), ("flow", "flow"), ("unit", "unit")];

    public override ChartShape Chart { get; } = new(Bars: false, ["reporter", "partner", "flow", "freq", "unit"], new Dictionary<string, (string, string?)>
    {
        ["value"] = ("value", null),
        ["yoyChangePct"] = ("yoyChangePct", "yoyChangeStatus"),
    });

    public override IReadOnlyDictionary<string, string> VintageSql { get; } = new Dictionary<string, string>
    {
        ["yoyChangePct"] = "o.yoy_pct",
    };

    public override string MetaUnit(IReadOnlyDictionary<string, string> query) => query.GetValueOrDefault("basis", "USD");

    public override IReadOnlyList<string> FileColumns =>
        ["reporter", "partner", "flow", "period", "value", "unit", "qualifier", "yoyChangePct", "citedBody", "confidence", "note"];

    public override IReadOnlyList<string> FileKeyColumns => ["reporter", "partner", "flow", "period", "unit"];

    public override IReadOnlyList<string> DerivedColumns =>
        ["freq", "periodStart", "periodEnd", "valueStatus", "yoyChangeStatus", "yoyComputedPct", "yoyBasePeriod", "yoyBaseSourceId",
         "yoyBaseRelease", "yoyCheck", "release", "preferred", "versions"];

    public override IReadOnlyList<OpenCodeList> OpenCodeLists { get; } =
        [OpenCodeList.Country("reporter", "reporter"), OpenCodeList.Country("partner", "partner")];

    public override Cells? Read(ReleaseRow row, DimensionCodes codes, Countries countries, List<IngestionError> errors)
    {
        var before = errors.Count;
        var reporter = row.Country("reporter", countries, errors);
        var partner = row.Country("partner", countries, errors);
        if (reporter is not null && reporter == partner)
            errors.Add(row.Error("partner", "must differ from reporter"));
        var flow = row.Code("flow", "flow", codes, errors, c => c.ToLowerInvariant());
        var unit = row.Code("unit", "basis", codes, errors, c => c.ToUpperInvariant());
        var period = row.Period("period", codes, errors);
        var cells = Observation.New();
        cells["reporter"] = reporter;
        cells["partner"] = partner;
        cells["flow"] = flow;
        cells["unit"] = unit;
        cells["period"] = period?.Text;
        if (row.Withdraws) return errors.Count == before ? cells : null;

        var value = row.ReadNumber("value", errors, min: 0, max: MaxValue);
        // A change the server computed is not a published figure: an exported file sent back keeps only reported ones.
        var yoyComputed = string.Equals(row["yoyChangeStatus"], TradeStatus.Computed, StringComparison.OrdinalIgnoreCase);
        var yoy = yoyComputed ? null : row.ReadNumber("yoyChangePct", errors, min: MinChangePct, max: MaxChangePct);
        var qualifier = row.Qualifier(errors);
        if (errors.Count == before && value is null && yoy is null)
            errors.Add(row.Error("value", "a row needs a value, a published yoyChangePct, or both"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites, e.g. GACC (China customs)");
        var confidence = row.Confidence(errors);
        if (errors.Count > before) return null;
        cells.SetStored(period!, citedBody!, confidence!, row["note"]);
        cells["value"] = value;
        cells["qualifier"] = qualifier;
        cells["yoy_pct"] = yoy;
        return cells;
    }

    public override IEnumerable<Cells> Derive(IReadOnlyList<Cells> observations, DimensionCodes codes)
    {
        var ranked = VersionRule.Rank(observations, o => o.Required("period"), o => o.Number("value"), o => o.Number("yoy_pct"));
        var preferred = ranked.Where(r => r.Preferred)
            .ToDictionary(r => (r.Row.Required("freq"), r.Row.Integer("period_start")!.Value, r.Row.Integer("period_end")!.Value), r => r.Row);
        // The changes the sources published for each period, whichever version gave them (a disputed one aside).
        var published = ranked.Where(r => r.Row.Number("yoy_pct") is not null && r.Row.Text("confidence") != "disputed")
            .ToLookup(r => r.Row.Required("period"), r => r.Row.Number("yoy_pct")!.Value);
        foreach (var (o, rank, versions, isPreferred) in ranked)
        {
            var value = o.Number("value");
            var (start, end) = (o.Integer("period_start")!.Value, o.Integer("period_end")!.Value);
            var baseRow = value is null ? null : preferred.GetValueOrDefault((o.Required("freq"), start - 12, end - 12));
            var computed = baseRow?.Number("value") is { } baseValue && baseValue > 0 ? Change(value!.Value, baseValue) : null;
            var reported = o.Number("yoy_pct");
            var p = Published.From(o);
            p["observation_id"] = o["id"];
            p["value"] = value;
            p["value_status"] = value is null ? TradeStatus.NotPublished : TradeStatus.Published;
            p["yoy_change_pct"] = reported ?? computed;
            p["yoy_change_status"] = reported is not null ? TradeStatus.Reported : computed is not null ? TradeStatus.Computed : TradeStatus.Unavailable;
            p["yoy_computed_pct"] = computed;
            p["yoy_base_period"] = computed is null ? null : baseRow!.Required("period");
            p["yoy_base_source_id"] = computed is null ? null : baseRow!.Required("source_id");
            p["yoy_base_release"] = computed is null ? null : baseRow!.Integer("release_id");
            p["yoy_check"] = computed is { } c && published[o.Required("period")].Any(r => Math.Abs(r - c) > CheckTolerance)
                ? TradeStatus.DiffersFromPublished : null;
            p["preferred"] = isPreferred;
            p["versions"] = versions;
            p["version_rank"] = rank;
            yield return p;
        }
    }

    /// <summary>The change from a base value in percent, 2 decimals; null when it is not a finite number in the documented range.</summary>
    private static double? Change(double value, double baseValue)
    {
        var change = Math.Round((value / baseValue - 1) * 100, 2, MidpointRounding.AwayFromZero);
        return double.IsFinite(change) && change is >= MinChangePct and <= MaxChangePct ? change : null;
    }
}
