using TradeApi.Datasets.BrandShares;
using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;
using TradeApi.Datasets.Trade;
using TradeApi.Publishing.Ingestion;
using TradeApi.Publishing.ReleaseFiles;
using TradeApi.Serving.Charts;

namespace TradeApi.Tests.Units;

/// <summary>Unit tests of the pure pieces the importer and the publisher are made of: the version rule, derivations, the chart's scale and gaps.</summary>
public sealed class PurePieceTests
{
    private static readonly DimensionCodes NoCodes = new([]);

    private static Cells Trade(TradeDataset dataset, long id, string period, int start, int end, string freq, double? value, double? yoy,
        string confidence = "reported", string kind = "news", string? published = "2025-01-01", string source = "s")
    {
        var cells = dataset.DerivationInput.New();
        cells["reporter"] = "CN"; cells["partner"] = "RU"; cells["flow"] = "total"; cells["unit"] = "USD";
        cells["period"] = period; cells["freq"] = freq; cells["period_start"] = start; cells["period_end"] = end;
        cells["value"] = value; cells["yoy_pct"] = yoy; cells["cited_body"] = "GACC"; cells["confidence"] = confidence;
        cells["source_id"] = source; cells["id"] = id; cells["release_id"] = 1L; cells["source_kind"] = kind; cells["source_published"] = published;
        return cells;
    }

    [Theory]
    [InlineData(0, -1, 0, false)]            // nothing added
    [InlineData(200_000, -1, 0, false)]      // three full blocks and a partial one, all distinct
    [InlineData(200_000, 3, 0, true)]        // the partial block repeats the first block: found by the merge
    [InlineData(200_000, 199_998, 0, true)]  // a repeat inside the partial, unsorted block
    [InlineData(65_535, 0, 100, true)]       // a repeat inside the first block, sorted when it filled
    [InlineData(131_071, 3, 0, true)]        // two full blocks, the second repeating the first, nothing partial
    public void KeyHashesFindARepeatWhereverItFalls(int distinct, int repeatOf, int after, bool repeated)
    {
        var random = new Random(19);
        var values = new HashSet<long>();
        while (values.Count < distinct + after) values.Add(random.NextInt64());
        var order = values.ToList();
        var hashes = new KeyHashes();
        foreach (var value in order.Take(distinct)) hashes.Add(value);
        if (repeatOf >= 0) hashes.Add(order[repeatOf]);
        foreach (var value in order.Skip(distinct)) hashes.Add(value);
        Assert.Equal(repeated, hashes.AnyRepeated());
    }

    [Fact]
    public void TheVersionRuleNeverPrefersADisputedFigureAndPrefersALevelThenReportedThenNewsThenEarliest()
    {
        VersionRule.Version V(string confidence, bool missing, string kind, string? published, long id) =>
            new(confidence, false, missing, false, 0, 0, kind, published, id);
        var ordered = new[]
        {
            V("disputed", false, "news", "2020", 1), V("reported", true, "news", "2020", 2), V("weak", false, "news", "2020", 3),
            V("reported", false, "analysis", "2020", 4), V("reported", false, "news", null, 5), V("reported", false, "news", "2021", 6),
            V("reported", false, "news", "2020", 8), V("reported", false, "news", "2020", 7),
        }.Order(VersionRule.Order).Select(v => v.Id).ToList();
        Assert.Equal([7, 8, 6, 5, 4, 3, 2, 1], ordered);
    }

    [Fact]
    public void TheVersionRulePutsStatisticsBeforeStatementsExactBeforeApproximateAndPreciseBeforeRounded()
    {
        VersionRule.Version V(long id, bool statement = false, bool approximate = false, double? value = 1, double? change = null,
            string kind = "news", string published = "2025-05") =>
            new("reported", statement, value is null, approximate, VersionRule.Precision(value), VersionRule.Precision(change), kind, published, id);
        var ordered = new[]
        {
            V(1, statement: true, published: "2020"),                       // an earlier statement still comes after a statistic
            V(2, value: 71_000_000_000, change: -7.5),                        // "$71bn": rounded
            V(3, value: 71_100_000_000, change: -7.5, kind: "analysis"),     // "$71.1bn": more precise, though an analysis
            V(4, value: 63_000_000_000, approximate: true, published: "2020"), // "about $63bn"
            V(5, value: 30_800_000_000, change: -5.3, kind: "analysis"),
            V(6, value: 30_800_000_000, change: -5),
        }.Order(VersionRule.Order).Select(v => v.Id).ToList();
        Assert.Equal([3, 5, 6, 2, 4, 1], ordered);
        Assert.Equal(-8, VersionRule.Precision(71_100_000_000));
        Assert.Equal(-9, VersionRule.Precision(71_000_000_000));
        Assert.Equal(2, VersionRule.Precision(30.65));
        Assert.Equal(0, VersionRule.Precision(-5));
        Assert.Equal(int.MinValue, VersionRule.Precision(null));
    }

    [Fact]
    public void TradeDerivationComputesTheChangeFromThePreferredBaseOnly()
    {
        var dataset = new TradeDataset();
        var rows = dataset.Derive(
        [
            Trade(dataset, 1, "2013", 2013 * 12, 2013 * 12 + 11, "A", 89_210_000_000, null),
            Trade(dataset, 2, "2014", 2014 * 12, 2014 * 12 + 11, "A", 95_400_000_000, null),
            Trade(dataset, 3, "2014", 2014 * 12, 2014 * 12 + 11, "A", 1, null, confidence: "disputed", source: "t"),
            Trade(dataset, 4, "2016", 2016 * 12, 2016 * 12 + 11, "A", 69_525_000_000, 2.2),
            Trade(dataset, 5, "2017", 2017 * 12, 2017 * 12 + 11, "A", 84_000_000_000, null, confidence: "disputed"),
        ], NoCodes).ToList();
        var y2014 = rows.Single(r => r.Integer("observation_id") == 2);
        Assert.Equal(6.94, y2014.Number("yoy_change_pct"));
        Assert.Equal("computed", y2014.Text("yoy_change_status"));
        Assert.Equal("2013", y2014.Text("yoy_base_period"));
        Assert.Equal(1L, y2014.Integer("preferred"));
        Assert.Equal(2L, y2014.Integer("versions"));
        var disputed = rows.Single(r => r.Integer("observation_id") == 3);
        Assert.Equal(0L, disputed.Integer("preferred"));
        Assert.Equal(2L, disputed.Integer("version_rank"));
        Assert.Equal("reported", rows.Single(r => r.Integer("observation_id") == 4).Text("yoy_change_status"));
        // A disputed figure is never preferred, even alone, so it is no base either.
        Assert.Equal(0L, rows.Single(r => r.Integer("observation_id") == 5).Integer("preferred"));
        Assert.Equal("unavailable", rows.Single(r => r.Integer("observation_id") == 1).Text("yoy_change_status"));
    }

    [Fact]
    public void TheChartScaleIsRoundAndLinesBreakAtMissingPeriods()
    {
        Assert.Equal((0, 250, 50), SvgChart.Scale(0, 244.8));
        Assert.Equal((-20, 40, 20), SvgChart.Scale(-13.08, 38.5));
        var points = new[]
        {
            new ChartPoint("2010", 2010 * 12, 2010 * 12 + 11, 1, "reported"), new ChartPoint("2011", 2011 * 12, 2011 * 12 + 11, 2, "reported"),
            new ChartPoint("2013", 2013 * 12, 2013 * 12 + 11, 3, "reported"), new ChartPoint("2014", 2014 * 12, 2014 * 12 + 11, null, "reported"),
            new ChartPoint("2015", 2015 * 12, 2015 * 12 + 11, 5, "computed"),
        };
        Assert.Equal([["2010", "2011"], ["2013"], ["2015"]], SvgChart.Segments(points).Select(s => s.Select(p => p.Period).ToArray()).ToArray());
    }

    private static ChartPoint Year(int year, double? value) => new($"{year}", year * 12, year * 12 + 11, value, "reported");

    [Fact]
    public void AMissingPeriodKeepsItsSlotOnTheTimeAxis()
    {
        // 2012 is missing: it keeps its year of axis between 2011 and 2013, and its tick.
        var points = new[] { 2008, 2009, 2010, 2011, 2013, 2014, 2015 }.Select(y => Year(y, y)).ToArray();
        var axis = SvgChart.Axis(points);
        Assert.Equal((2008 * 12, 8 * 12, 12, true), (axis.First, axis.Months, axis.Slot, axis.Calendar));
        Assert.Equal(["2008", "2009", "2010", "2011", "2012", "2013", "2014", "2015"], axis.Ticks.Select(t => t.Label).ToArray());
        Assert.Equal(2012 * 12 + 6, axis.Ticks[4].Month);

        var quarters = SvgChart.Axis([new ChartPoint("2024-Q3", 2024 * 12 + 6, 2024 * 12 + 8, 1, "reported"), new ChartPoint("2025-Q1", 2025 * 12, 2025 * 12 + 2, 2, "reported")]);
        Assert.Equal(["2024-Q3", "2024-Q4", "2025-Q1"], quarters.Ticks.Select(t => t.Label).ToArray());
        var months = SvgChart.Axis([new ChartPoint("2024-11", 2024 * 12 + 10, 2024 * 12 + 10, 1, "reported"), new ChartPoint("2025-02", 2025 * 12 + 1, 2025 * 12 + 1, 2, "reported")]);
        Assert.Equal(["2024-11", "2024-12", "2025-01", "2025-02"], months.Ticks.Select(t => t.Label).ToArray());

        var svg = System.Xml.Linq.XDocument.Parse(SvgChart.Render(new ChartModel("t", "d", "USD", [new ChartSeries("total", points)], []),
            new ChartOptions(ChartKind.Line, false, 1600, 450))).Root!;
        var x = svg.Descendants().Where(e => (string?)e.Attribute("class") == "point")
            .ToDictionary(e => (string)e.Attribute("data-period")!, e => double.Parse((string)e.Attribute("cx")!, System.Globalization.CultureInfo.InvariantCulture));
        var step = x["2011"] - x["2010"];
        Assert.True(step > 0);
        Assert.Equal(2 * step, x["2013"] - x["2011"], 0.2);
        Assert.Equal(step, x["2015"] - x["2014"], 0.2);
        Assert.Equal(["2008", "2009", "2010", "2011", "2012", "2013", "2014", "2015"],
            svg.Descendants().Where(e => (string?)e.Attribute("class") == "tick").Select(e => e.Value).ToArray());
        // The line breaks at the gap: 2008..2011 and 2013..2015.
        Assert.Equal(2, svg.Descendants().Count(e => e.Name.LocalName == "polyline"));

        // Narrow, the labels take round steps: every other year, on even years.
        var narrow = System.Xml.Linq.XDocument.Parse(SvgChart.Render(new ChartModel("t", "d", "USD", [new ChartSeries("total", points)], []),
            new ChartOptions(ChartKind.Line, false, 400, 450))).Root!;
        Assert.Equal(["2008", "2010", "2012", "2014"], narrow.Descendants().Where(e => (string?)e.Attribute("class") == "tick").Select(e => e.Value).ToArray());
        Assert.Equal([1, 2, 3, 4, 6, 12, 24, 60, 120], new[] { 1, 2, 3, 4, 5, 12, 13, 25, 61 }.Select(n => SvgChart.RoundStep(n, 12)).ToArray());
        Assert.Equal([1, 2, 5, 10, 20], new[] { 1, 2, 3, 6, 11 }.Select(n => SvgChart.RoundStep(n, 1)).ToArray());
    }

    [Fact]
    public void OriginSharesSumPublishedSharesAndNameTheRemainder()
    {
        var dataset = new BrandShareDataset();
        Cells Brand(long id, string brand, string? origin, long units, double? share, long? rank, string? platform = null)
        {
            var c = dataset.DerivationInput.New();
            c["market"] = "RU"; c["segment"] = "new-cars"; c["period"] = "2023"; c["brand"] = brand; c["origin"] = origin;
            c["freq"] = "A"; c["period_start"] = 2023 * 12; c["period_end"] = 2023 * 12 + 11; c["platform_origin"] = platform;
            c["units"] = units; c["share_pct"] = share; c["rank"] = rank; c["top_ten"] = rank is null ? null : 1L;
            c["cited_body"] = "Autostat"; c["confidence"] = "reported"; c["source_id"] = "s"; c["id"] = id; c["release_id"] = 2L;
            c["source_kind"] = "news"; c["source_published"] = "2024-01-13";
            return c;
        }
        var published = dataset.Derive(
        [
            Brand(1, "ALL", null, 1000, 100, null), Brand(2, "Lada", "RU", 300, 30, 1), Brand(3, "Chery", "CN", 200, 20, 2),
            Brand(4, "Tenet", "RU", 100, null, 3, platform: "CN"),
        ], NoCodes).ToList();
        Assert.Equal(10.0, published.Single(p => p.Text("brand") == "Tenet").Number("share_pct")); // computed from units
        var origins = OriginShares.Derive(published).ToList();
        var owner = origins.Where(o => o.Text("origin_basis") == "owner").ToDictionary(o => o.Text("origin")!);
        Assert.Equal(40.0, owner["RU"].Number("share_pct"));             // 300 + 100 of 1000, computed (Tenet's share was computed)
        Assert.Equal("computed", owner["RU"].Text("share_status"));
        Assert.Equal(20.0, owner["CN"].Number("share_pct"));
        Assert.Equal("sum-of-reported", owner["CN"].Text("share_status"));
        Assert.Equal(40.0, owner["unattributed"].Number("share_pct"));
        var platformBasis = origins.Where(o => o.Text("origin_basis") == "platform").ToDictionary(o => o.Text("origin")!);
        Assert.Equal(30.0, platformBasis["CN"].Number("share_pct"));      // Chery and Tenet
    }

    /// <summary>NDJSON rows are numbered by line for messages, but blank lines are not records: they count toward no limit.</summary>
    [Fact]
    public void NdjsonBlankLinesAreNotRecords()
    {
        var errors = new List<IngestionError>();
        var body = System.Text.Encoding.UTF8.GetBytes("{\"a\":1}\n\n\n\n{\"a\":2}\n\n");
        using var file = ReleaseFile.Open(body, ReleaseFormat.Ndjson, errors);
        var rows = file.Rows(2, errors).ToList();
        Assert.Empty(errors);
        Assert.False(file.TooManyRows);
        Assert.Equal([1, 5], rows.Select(r => r.Number));
        Assert.Equal((2L, 2L), file.Position);
        Assert.Single(ReleaseFile.Open(body, ReleaseFormat.Ndjson, errors).Rows(1, errors));
        Assert.Contains(errors, e => e.Message.Contains("more than 1 records"));
    }
}
