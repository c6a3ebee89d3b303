using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Periods;
using TradeApi.Datasets.Rows;

namespace TradeApi.Datasets.CurrencyShares;

/// <summary>
/// Which currencies settle a country's trade, with the world, a region or one partner: statistics and
/// officials' statements, kept apart by kind. Statements by different officials are different figures, in the
/// write key and in the listing alike. Derived per (country, counterpart, direction, period): the preferred
/// version of each figure. A statement never outranks a statistic (<see cref="VersionRule"/>), and one whose speaker
/// named no period has its own period, as of publication (<c>..2024-01</c>), apart from the statistics' months.
/// </summary>
public sealed class CurrencyShareDataset : Dataset
{
    public const string DatasetId = "currency-shares";

    public override string Id => DatasetId;
    public override string Path => "/v1/currency-shares";
    public override string Tag => "Currency shares";
    public override string Title => "Currencies settling Russia's trade";
    public override string ObservationTable => "currency_share_observations";
    public override string PublishedTable => "currency_share_published";
    public override Type Record => typeof(CurrencyShareRecord);
    public override Type Vintage => typeof(CurrencyShareVintage);

    public override IReadOnlyList<Filter> Filters { get; } =
    [
        new Dimension("country", "country", "country", CodeCase.Country, "The country whose trade is settled: RU.", Default: "RU"),
        new Dimension("counterpart", "counterpart", "counterpart", CodeCase.Country,
            "WLD (all partners), ASIA (the Bank of Russia's Asia region) or CN; one or a comma list. Default: all."),
        new Dimension("direction", "direction", "direction", CodeCase.Lower,
            "exports, imports or all (statements about all settlements); one or a comma list."),
        new Dimension("currency", "currency", "currency", CodeCase.Upper,
            "ISO 4217 (RUB, CNY, USD, EUR) or a documented group (USD_EUR, FRIENDLY, OTH, RUB_FRIENDLY, RUB_CNY); one or a comma list."),
        new Dimension("kind", "kind", "kind", CodeCase.Lower, "statistic (published series) or statement (by an official). Default: both."),
        .. PeriodFilter.Of(
            period: "Exact periods, one or a comma list: 2022-12, 2025-Q2, 2025.",
            from: "Earliest period, inclusive.",
            to: "Latest period, inclusive."),
    ];

    public override Operation Records { get; } = new("ListCurrencyShares", "Which currencies settle Russia's trade", """
        The share (percent) of each currency or documented currency group in the settlement of Russia's exports and imports,
        with all partners (WLD), the Bank of Russia's Asia region (ASIA) or China (CN). `kind` keeps the two kinds apart:
        `statistic` (Bank of Russia series as reported by the press) and `statement` (an official's words: `statedBy`,
        `statedAs`, and the `qualifier` about, above, below or at-most). For China only statements exist: the Bank of
        Russia publishes by region, not by country. Sorted by counterpart, direction, period and currency.
        """);

    public override Operation History { get; } = new("ListCurrencyShareHistory", "Every vintage of the currency shares a query selects", """
        The revision history behind /v1/currency-shares: for each figure, every version a release published, with
        `release`, `releasedAt` and `supersededIn` (the release that revised or withdrew it; null while current).
        Takes the filters of /v1/currency-shares except versions; `as_of` shows the history as it stood then.
        """);

    public override string FrontPageQuery => "counterpart=WLD&direction=exports&kind=statistic&currency=RUB,CNY,USD_EUR";

    /// <summary>A statement's speaker is part of the key (stated_key: the speaker of a statement, empty for a statistic).</summary>
    public override IReadOnlyList<string> Key => ["country", "counterpart", "direction", "period", "currency", "kind", "stated_key", "source_id"];
    public override IReadOnlyList<string> Values =>
        ["freq", "period_start", "period_end", "share_pct", "qualifier", "stated_by", "stated_as", "cited_body", "confidence", "note"];
    public override IReadOnlyList<string> Unit => ["country", "counterpart", "direction", "period"];

    public override IReadOnlyList<string> PublishedColumns =>
    [
        "observation_id", "country", "counterpart", "direction", "freq", "period", "period_start", "period_end", "currency", "share_pct",
        "qualifier", "kind", "stated_by", "stated_as", "cited_body", "confidence", "preferred", "versions", "version_rank",
        "source_id", "release_id", "note", "counterpart_sort", "currency_sort", "stated_key",
    ];

    public override IReadOnlyList<string> Order =>
    [
        "country", "counterpart_sort", "direction", "period_start", "period_end", "freq", "currency_sort", "kind", "stated_key", "version_rank",
    ];

    public override IReadOnlyList<string> HistoryOrder =>
    [
        "(SELECT sort FROM dimension_codes WHERE dataset_id = 'currency-shares' AND dimension = 'counterpart' AND code = o.counterpart)",
        "direction", "period_start", "period_end", "freq",
        "(SELECT sort FROM dimension_codes WHERE dataset_id = 'currency-shares' AND dimension = 'currency' AND code = o.currency)",
        "kind", "stated_key",
    ];

    public override IReadOnlyDictionary<string, string> RecordSql(string alias) => new Dictionary<string, string>
    {
        ["periodStart"] = Field.MonthText($"{alias}.period_start"),
        ["periodEnd"] = Field.MonthText($"{alias}.period_end"),
    };

    public override IReadOnlyList<(string Field, string Column)> SeriesColumns { get; } =
        [("country", "country"), ("counterpart", "counterpart"), ("direction", "direction"), ("currency", "currency"), ("kind", "kind"), ("statedBy", "stated_key")];

    public override ChartShape Chart { get; } = new(Bars: false, ["currency", "counterpart", "direction", "statedBy"], new Dictionary<string, (string, string?)>
    {
        ["sharePct"] = ("sharePct", null),
    });

    public override string MetaUnit(IReadOnlyDictionary<string, string> query) => "percent";

    public override IReadOnlyList<string> FileColumns =>
        ["country", "counterpart", "direction", "period", "currency", "sharePct", "qualifier", "kind", "statedBy", "statedAs", "citedBody", "confidence", "note"];

    public override IReadOnlyList<string> FileKeyColumns => ["country", "counterpart", "direction", "period", "currency"];

    public override IReadOnlyList<string> DerivedColumns => ["freq", "periodStart", "periodEnd", "release", "preferred", "versions"];

    public override Cells? Read(ReleaseRow row, DimensionCodes codes, Countries countries, List<IngestionError> errors)
    {
        var before = errors.Count;
        var country = row.Code("country", "country", codes, errors, countries.Normalise);
        var counterpart = row.Code("counterpart", "counterpart", codes, errors, countries.Normalise);
        var direction = row.Code("direction", "direction", codes, errors, c => c.ToLowerInvariant());
        var period = row.Period("period", codes, errors);
        var currency = row.Code("currency", "currency", codes, errors, c => c.ToUpperInvariant());
        // A withdrawal names a statistic unless it says otherwise (kind and statedBy are part of the key).
        var kind = row["kind"] is null && row.Withdraws ? "statistic" : row.Code("kind", "kind", codes, errors, c => c.ToLowerInvariant());
        var statedBy = row["statedBy"];
        if (kind == "statement" && statedBy is null)
            errors.Add(row.Error("statedBy", "is required for a statement: who said it"));
        var cells = Observation.New();
        cells["country"] = country;
        cells["counterpart"] = counterpart;
        cells["direction"] = direction;
        cells["period"] = period?.Text;
        cells["currency"] = currency;
        cells["kind"] = kind;
        cells["stated_key"] = kind == "statement" ? statedBy : "";
        if (row.Withdraws) return errors.Count == before ? cells : null;

        var share = row.ReadNumber("sharePct", errors, min: 0, max: 100);
        var qualifier = row.Qualifier(errors);
        if (period?.Freq == Freq.AsOfPublication && kind != "statement")
            errors.Add(row.Error("period", "a period as of publication (..2024-01) is for statements only: a statistic names its period"));
        var statedAs = row["statedAs"];
        if (errors.Count == before && share is null && statedAs is null)
            errors.Add(row.Error("sharePct", "a row needs sharePct, or statedAs for a statement given in words"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites, e.g. Bank of Russia");
        var confidence = row.Confidence(errors);
        if (errors.Count > before) return null;
        cells.SetStored(period!, citedBody!, confidence!, row["note"]);
        cells["share_pct"] = share;
        cells["qualifier"] = qualifier;
        cells["stated_by"] = statedBy;
        cells["stated_as"] = statedAs;
        return cells;
    }

    public override IEnumerable<Cells> Derive(IReadOnlyList<Cells> observations, DimensionCodes codes)
    {
        var ranked = VersionRule.Rank(observations, o => $"{o.Text("currency")}\u001f{o.Text("kind")}\u001f{o.Text("stated_key")}",
            o => o.Number("share_pct"));
        foreach (var (o, rank, versions, preferred) in ranked)
        {
            var p = Published.From(o);
            p["observation_id"] = o["id"];
            p["preferred"] = preferred;
            p["versions"] = versions;
            p["version_rank"] = rank;
            // Counterparts and currencies list in the order of their code lists.
            p["counterpart_sort"] = codes.Position("counterpart", o.Required("counterpart"));
            p["currency_sort"] = codes.Position("currency", o.Required("currency"));
            yield return p;
        }
    }
}
