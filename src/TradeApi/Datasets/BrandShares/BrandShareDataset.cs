using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;

namespace TradeApi.Datasets.BrandShares;

/// <summary>
/// Car brands' sales and share of a market by period, with each brand's origin. Derived per period (market,
/// segment, period): the preferred version of each brand's figure, the share computed from units and the
/// preferred market total where none was published, and the share of the brands of each origin
/// (<see cref="OriginShares"/>).
/// </summary>
public sealed class BrandShareDataset : Dataset
{
    public const string DatasetId = "brand-shares";
    public const string AllBrands = "ALL";

    /// <summary>More cars than this in one period and market are refused as implausible.</summary>
    public const double MaxUnits = 1e9;

    public override string Id => DatasetId;
    public override string Path => "/v1/brand-shares";
    public override string Tag => "Brand shares";
    public override string Title => "New passenger cars sold in Russia, by brand";
    public override string ObservationTable => "brand_share_observations";
    public override string PublishedTable => "brand_share_published";
    public override Type Record => typeof(BrandShareRecord);
    public override Type Vintage => typeof(BrandShareVintage);

    public override IReadOnlyList<Filter> Filters { get; } =
    [
        Market("Market country, ISO 3166-1 alpha-2 or alpha-3: RU."),
        Segment("Market segment: new-cars (new passenger cars)."),
        .. PeriodFilter.Of(
            period: "Exact periods, one or a comma list: 2023, 2024-H1, 2025-05.",
            from: "Earliest period, inclusive (a year, half-year, quarter or month).",
            to: "Latest period, inclusive (a year, half-year, quarter or month)."),
        new Dimension("brand", "brand", "brand", CodeCase.AsListed,
            $"Brands, one or a comma list, as listed at /v1/datasets/brand-shares (case-insensitive); {AllBrands} is the market total and origin aggregates."),
        new Dimension("origin", "origin", "origin", CodeCase.Country,
            "Brand origin countries (the owner's, as the source states it), ISO alpha-2 or alpha-3, one or a comma list."),
        new WholeNumberFilter("top",
            "Only the period's top N brands: rank at most N, and with N of 10 or more also brands stated to be in the top ten without a rank. 1 to 100.",
            Min: 1, Max: 100, Sql: $"p.brand <> '{AllBrands}' AND (p.rank <= @top OR (@top >= 10 AND p.top_ten = 1))"),
    ];

    private static Dimension Market(string description) => new("market", "market", "market", CodeCase.Country, description, Default: "RU");

    private static Dimension Segment(string description) => new("segment", "segment", "segment", CodeCase.Lower, description, Default: "new-cars");

    public override Operation Records { get; } = new("ListBrandShares", "Car brands' share of Russia's new-car market", """
        One record per brand, period and source: units sold, share of the market (`reported` as published, or `computed`
        from units and the preferred market total of the period), rank where known, and the brand's origin: the owner's
        country as the source states it, with `platformOrigin` where the brand is built on another country's platform
        (Tenet: Chery; Belgee: Geely). Brand ALL is the market total (origin null) or all brands of one origin.
        Sorted by period, then market total first, then rank and units.
        """);

    public override Operation History { get; } = new("ListBrandShareHistory", "Every vintage of the brand figures a query selects", """
        The revision history behind /v1/brand-shares: for each figure (market, segment, period, brand, origin and source),
        every version a release published, with `release`, `releasedAt` and `supersededIn` (the release that revised or
        withdrew it; null while current). Shares are as published. Takes the filters of /v1/brand-shares except top and
        versions; `as_of` shows the history as it stood then.
        """);

    /// <summary>The share of the brands of each origin, per period: the table <see cref="OriginShares"/> derives.</summary>
    public override IReadOnlyList<DatasetView> Views { get; } =
    [
        new("/by-origin", "New passenger cars sold in Russia, by brand, by origin", typeof(OriginShareRecord), "brand_origin_published",
            ["market", "segment", "origin_basis", "period_start", "period_end", "freq", "position"],
            [
                Market("Market country: RU."),
                Segment("Market segment: new-cars."),
                .. PeriodFilter.Of(period: "Exact periods, one or a comma list: 2023, 2025.", from: "Earliest period, inclusive.", to: "Latest period, inclusive."),
                new Dimension("originBasis", "origin_basis", "originBasis", CodeCase.Lower,
                    "owner: the brand owner's country as the source states it; platform: the country of the platform the brand is built on where documented (Tenet and Belgee count as Chinese).",
                    Default: "owner"),
            ],
            SourcesField: "sources", Unit: "percent",
            new Operation("ListBrandSharesByOrigin", "The market share of brands of each origin", """
                For each period, the share of the market held by the listed brands of each origin country (the sum of their
                published shares, or their units over the market total), how many of them are in the top ten, and the
                `unattributed` remainder that no listed brand covers, so that the answer says how complete the brand list is
                (`topTenListed`: how many of the top ten brands are known). `originBasis=platform` counts Tenet and Belgee as Chinese.
                """)),
    ];

    public override string FrontPageQuery => "period=2023&top=10";

    public override IReadOnlyList<string> Key => ["market", "segment", "period", "brand", "origin", "source_id"];
    public override IReadOnlyList<string> Values =>
        ["freq", "period_start", "period_end", "platform_origin", "units", "share_pct", "qualifier", "rank", "top_ten", "yoy_pct", "cited_body", "confidence", "note"];
    public override IReadOnlyList<string> Unit => ["market", "segment", "period"];

    public override IReadOnlyList<string> PublishedColumns =>
    [
        "observation_id", "market", "segment", "freq", "period", "period_start", "period_end", "brand", "origin", "platform_origin",
        "units", "share_pct", "share_status", "qualifier", "rank", "top_ten", "yoy_change_pct", "cited_body", "confidence",
        "preferred", "versions", "version_rank", "source_id", "release_id", "note",
        "sort_group", "sort_rank", "sort_units", "origin_key",
    ];

    /// <summary>Per period: the market total, then origin aggregates, then brands by rank and units.</summary>
    public override IReadOnlyList<string> Order =>
        ["market", "segment", "period_start", "period_end", "freq", "sort_group", "sort_rank", "sort_units", "brand", "origin_key", "version_rank"];

    public override IReadOnlyList<string> HistoryOrder => ["period_start", "period_end", "freq", "brand", "COALESCE(o.origin, '')"];

    public override IReadOnlyDictionary<string, string> RecordSql(string alias) => new Dictionary<string, string>
    {
        ["periodStart"] = Field.MonthText($"{alias}.period_start"),
        ["periodEnd"] = Field.MonthText($"{alias}.period_end"),
    };

    public override IReadOnlyList<(string Field, string Column)> SeriesColumns { get; } =
        [("market", "market"), ("segment", "segment"), ("brand", "brand"), ("origin", "origin_key")];

    public override ChartShape Chart { get; } = new(Bars: true, ["brand", "origin"], new Dictionary<string, (string, string?)>
    {
        ["sharePct"] = ("sharePct", "shareStatus"),
        ["units"] = ("units", null),
    });

    public override IReadOnlyDictionary<string, string> VintageSql { get; } = new Dictionary<string, string>
    {
        ["yoyChangePct"] = "o.yoy_pct",
    };

    public override string MetaUnit(IReadOnlyDictionary<string, string> query) => "units";

    public override IReadOnlyList<string> FileColumns =>
        ["market", "segment", "period", "brand", "origin", "platformOrigin", "units", "sharePct", "qualifier", "rank", "topTen", "yoyChangePct", "citedBody", "confidence", "note"];

    public override IReadOnlyList<string> FileKeyColumns => ["market", "segment", "period", "brand"];

    public override IReadOnlyList<string> DerivedColumns =>
        ["freq", "periodStart", "periodEnd", "shareStatus", "release", "preferred", "versions"];

    public override IReadOnlyList<OpenCodeList> OpenCodeLists { get; } =
    [
        new("brand", "brand",
            c => $"CASE {c} WHEN '{AllBrands}' THEN 'All brands' ELSE {c} END",
            c => $"CASE {c} WHEN '{AllBrands}' THEN 'An aggregate: the whole market, or all brands of one origin.' END"),
    ];

    public override IReadOnlyList<DerivedTable> DerivedTables { get; } =
        [new("brand_origin_published", OriginShares.Schema, ["market", "segment", "period"], OriginShares.Derive)];

    public override Cells? Read(ReleaseRow row, DimensionCodes codes, Countries countries, List<IngestionError> errors)
    {
        var before = errors.Count;
        var market = row.Code("market", "market", codes, errors, countries.Normalise);
        var segment = row.Code("segment", "segment", codes, errors, c => c.ToLowerInvariant());
        var period = row.Period("period", codes, errors);
        var brand = row.Required("brand", errors, $"the brand as the source names it, or {AllBrands} for an aggregate");
        if (brand is { Length: > 60 }) errors.Add(row.Error("brand", "must be at most 60 characters"));
        if (string.Equals(brand, AllBrands, StringComparison.OrdinalIgnoreCase)) brand = AllBrands;
        var origin = row.Code("origin", "origin", codes, errors, countries.Normalise, required: brand != AllBrands);
        var cells = Observation.New();
        cells["market"] = market;
        cells["segment"] = segment;
        cells["period"] = period?.Text;
        cells["brand"] = brand;
        cells["origin"] = origin;
        if (row.Withdraws) return errors.Count == before ? cells : null;

        var platform = row.Code("platformOrigin", "origin", codes, errors, countries.Normalise, required: false);
        var units = row.ReadNumber("units", errors, min: 0, max: MaxUnits);
        if (units is { } u && u != Math.Floor(u)) errors.Add(row.Error("units", "must be a whole number of cars"));
        // A share the server computed is not a published figure: an exported file sent back keeps only reported ones.
        var shareComputed = string.Equals(row["shareStatus"], ShareStatus.Computed, StringComparison.OrdinalIgnoreCase);
        var share = shareComputed ? null : row.ReadNumber("sharePct", errors, min: 0, max: 100);
        var rank = row.ReadNumber("rank", errors, min: 1, max: 1000);
        if (rank is { } r && r != Math.Floor(r)) errors.Add(row.Error("rank", "must be a whole number"));
        var topTen = row["topTen"]?.ToLowerInvariant() switch
        {
            null => (bool?)null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => Invalid(row, errors),
        };
        var yoy = row.ReadNumber("yoyChangePct", errors, min: -100, max: 100_000);
        var qualifier = row.Qualifier(errors);
        if (errors.Count == before && units is null && share is null && yoy is null)
            errors.Add(row.Error("units", "a row needs units, sharePct or yoyChangePct"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites, e.g. Autostat");
        var confidence = row.Confidence(errors);
        if (errors.Count > before) return null;
        cells.SetStored(period!, citedBody!, confidence!, row["note"]);
        cells["platform_origin"] = platform;
        cells["units"] = units is null ? null : (long)units.Value;
        cells["share_pct"] = share;
        cells["qualifier"] = qualifier;
        cells["rank"] = rank is null ? null : (long)rank.Value;
        cells["top_ten"] = topTen;
        cells["yoy_pct"] = yoy;
        return cells;
    }

    /// <summary>
    /// No brand, and no origin's brands, sells more cars than the market of the period (its preferred total), and the
    /// listed brands together neither sell more cars nor hold more than 100 percent: shares stay 0 to 100 and the
    /// unattributed remainder is never negative.
    /// </summary>
    public override IEnumerable<BoundBreach> Breaches(IReadOnlyList<Cells> published)
    {
        var market = published.FirstOrDefault(p => p.Integer("preferred") == 1 && p.Text("brand") == AllBrands && p.Text("origin") is null);
        var total = market?.Integer("units");
        if (market is null || total is null) return OriginBreaches(published);
        var period = market.Required("period");
        var breaches = new List<BoundBreach>();
        if (total is { } t)
            foreach (var row in published.Where(p => p != market && p.Integer("units") > t && !(p.Text("brand") == AllBrands && p.Text("origin") is null)))
                breaches.Add(new BoundBreach(row.Integer("observation_id")!.Value, "units", Whole(row.Integer("units")!.Value),
                    $"{row.Required("brand")}{(row.Text("origin") is { } o && row.Text("brand") == AllBrands ? $" ({o})" : "")} sold more cars in {period} "
                    + $"than the whole market ({Whole(t)}, source {market.Required("source_id")}); units must be at most the market total"));
        if (breaches.Count > 0) return breaches;
        foreach (var remainder in OriginShares.Derive(published)
                     .Where(r => r.Text("origin_basis") == OriginShares.Bases[0] && r.Text("origin") == OriginShares.Unattributed))
        {
            var marketId = market.Integer("observation_id")!.Value;
            if (remainder.Integer("units") is < 0 && total is { } all)
                breaches.Add(new BoundBreach(marketId, "units", Whole(all),
                    $"the listed brands and origins of {period} sold {Whole(all - remainder.Integer("units")!.Value)} cars together, more than this market total; "
                    + "the brands' units must add up to at most the market total"));
            // Shares computed from those units add up to more than 100 for the same reason: one problem, not two.
            else if (remainder.Number("share_pct") is < 0 and { } share)
                breaches.Add(new BoundBreach(marketId, "sharePct", null,
                    $"the shares of the listed brands and origins of {period} add up to {(100 - share).ToString(System.Globalization.CultureInfo.InvariantCulture)} percent; "
                    + "together they must hold at most 100 percent of the market"));
        }
        return breaches;
    }

    /// <summary>
    /// Without a market total, the origins' sums are still bounded: the listed brands together may not hold more
    /// than 100 percent of the market, nor sell more than <see cref="MaxUnits"/> cars (the bound of one cell).
    /// The preferred brand row with the largest share (or units) is named.
    /// </summary>
    private static IEnumerable<BoundBreach> OriginBreaches(IReadOnlyList<Cells> published)
    {
        var origins = OriginShares.Derive(published)
            .Where(r => r.Text("origin_basis") == OriginShares.Bases[0] && r.Text("origin") != OriginShares.Unattributed).ToList();
        var brands = published.Where(p => p.Integer("preferred") == 1 && p.Text("brand") != AllBrands).ToList();
        if (origins.Count == 0 || brands.Count == 0) return [];
        var period = brands[0].Required("period");
        var shares = origins.Sum(r => r.Number("share_pct") ?? 0);
        if (shares > 100)
        {
            var largest = brands.MaxBy(b => b.Number("share_pct") ?? 0)!;
            return [new BoundBreach(largest.Integer("observation_id")!.Value, "sharePct", largest.Number("share_pct")?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"the shares of the brands listed for {period} add up to {Math.Round(shares, 2).ToString(System.Globalization.CultureInfo.InvariantCulture)} percent; "
                + "together they must hold at most 100 percent of the market")];
        }
        var units = origins.Sum(r => r.Integer("units") ?? 0);
        if (units > MaxUnits)
        {
            var largest = brands.MaxBy(b => b.Integer("units") ?? 0)!;
            return [new BoundBreach(largest.Integer("observation_id")!.Value, "units", largest.Integer("units") is { } u ? Whole(u) : null,
                $"the brands listed for {period} sold {Whole(units)} cars together, more than the bound of {Whole((long)MaxUnits)}; units must add up to at most {Whole((long)MaxUnits)}")];
        }
        return [];
    }

    private static string Whole(long units) => units.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool? Invalid(ReleaseRow row, List<IngestionError> errors)
    {
        errors.Add(row.Error("topTen", "must be true, false or empty (not stated)"));
        return null;
    }

    public override IEnumerable<Cells> Derive(IReadOnlyList<Cells> observations, DimensionCodes codes)
    {
        var ranked = VersionRule.Rank(observations, o => $"{o.Text("brand")}\u001f{o.Text("origin")}",
            o => o.Number("units") ?? o.Number("share_pct"), o => o.Number("yoy_pct"));
        var market = ranked.FirstOrDefault(r => r.Preferred && r.Row.Text("brand") == AllBrands && r.Row.Text("origin") is null).Row;
        var marketUnits = market?.Integer("units");
        var rows = new List<Cells>(ranked.Count);
        foreach (var (o, rank, versions, preferred) in ranked)
        {
            var units = o.Integer("units");
            var (share, status) = (o.Number("share_pct"), units, marketUnits) switch
            {
                ({ } published, _, _) => (published, ShareStatus.Reported),
                (null, { } n, { } total) when total > 0 => (Math.Round(100.0 * n / total, 2, MidpointRounding.AwayFromZero), ShareStatus.Computed),
                _ => ((double?)null, ShareStatus.Unavailable),
            };
            var p = Published.From(o);
            p["observation_id"] = o["id"];
            p["yoy_change_pct"] = o["yoy_pct"];
            p["share_pct"] = share;
            p["share_status"] = status;
            p["preferred"] = preferred;
            p["versions"] = versions;
            p["version_rank"] = rank;
            var brand = o.Required("brand");
            p["sort_group"] = brand != AllBrands ? 2 : o.Text("origin") is null ? 0 : 1;
            p["sort_rank"] = o.Integer("rank") ?? 1000;
            p["sort_units"] = -(units ?? -1);
            p["origin_key"] = o.Text("origin") ?? "";
            rows.Add(p);
        }
        return rows;
    }
}
