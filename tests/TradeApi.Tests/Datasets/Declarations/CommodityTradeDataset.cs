using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;

namespace TradeApi.Tests.Datasets.Declarations;

/// <summary>
/// A fourth dataset, declared here only, as README's "Adding a dataset" says to: trade by commodity (HS chapter).
/// With its migration (commodity-trade.sqlite.sql, and commodity-trade.postgresql.sql for PostgreSQL) and a seed file, it is served like the others with no other file touched.
/// </summary>
public sealed class CommodityTradeDataset : Dataset
{
    public override string Id => "commodity-trade";
    public override string Path => "/v1/commodity-trade";
    public override string Tag => "Commodity trade";
    public override string Title => "Trade by commodity (synthetic test dataset)";
    public override string ObservationTable => "commodity_trade_observations";
    public override string PublishedTable => "commodity_trade_published";
    public override Type Record => typeof(CommodityTradeRecord);
    public override Type Vintage => typeof(CommodityTradeVintage);

    public override IReadOnlyList<Filter> Filters { get; } =
    [
        new Dimension("reporter", "reporter", "reporter", CodeCase.Country, "Reporting country, ISO 3166-1; one or a comma list."),
        new Dimension("partner", "partner", "partner", CodeCase.Country, "Partner country, ISO 3166-1; one or a comma list."),
        new Dimension("flow", "flow", "flow", CodeCase.Lower, "export or import, seen from the reporter; one or a comma list."),
        new Dimension("commodity", "commodity", "commodity", CodeCase.Upper, "HS chapter, two digits; one or a comma list."),
        .. PeriodFilter.Of(period: "Exact periods: 2024 or 2024-07.", from: "Earliest period, inclusive.", to: "Latest period, inclusive."),
    ];

    public override Operation Records { get; } = new("ListCommodityTrade", "Trade by commodity", "One record per reporter, partner, flow, HS chapter, period and source.");
    public override Operation History { get; } = new("ListCommodityTradeHistory", "Every vintage of the commodity figures", "Every version a release published.");
    public override string FrontPageQuery => "commodity=27";

    public override IReadOnlyList<string> Key => ["reporter", "partner", "flow", "commodity", "period", "source_id"];
    public override IReadOnlyList<string> Values => ["freq", "period_start", "period_end", "value", "cited_body", "confidence", "note"];
    public override IReadOnlyList<string> Unit => ["reporter", "partner", "flow", "commodity"];

    public override IReadOnlyList<string> PublishedColumns =>
    [
        "observation_id", "reporter", "partner", "flow", "commodity", "freq", "period", "period_start", "period_end", "value",
        "cited_body", "confidence", "preferred", "versions", "version_rank", "source_id", "release_id", "note",
    ];

    public override IReadOnlyList<string> Order => ["period_start", "period_end", "freq", "reporter", "partner", "flow", "commodity", "version_rank"];
    public override IReadOnlyList<string> HistoryOrder => ["period_start", "period_end", "freq", "reporter", "partner", "flow", "commodity"];
    public override IReadOnlyList<(string Field, string Column)> SeriesColumns { get; } =
        [("reporter", "reporter"), ("partner", "partner"), ("flow", "flow"), ("commodity", "commodity")];
    public override ChartShape Chart { get; } = new(Bars: true, ["commodity", "flow"], new Dictionary<string, (string, string?)> { ["value"] = ("value", null) });
    public override string MetaUnit(IReadOnlyDictionary<string, string> query) => "USD";
    public override IReadOnlyList<string> FileColumns => ["reporter", "partner", "flow", "commodity", "period", "value", "citedBody", "confidence", "note"];
    public override IReadOnlyList<string> FileKeyColumns => ["reporter", "partner", "flow", "commodity", "period"];
    public override IReadOnlyList<string> DerivedColumns => ["freq", "release", "preferred", "versions"];

    public override Cells? Read(ReleaseRow row, DimensionCodes codes, Countries countries, List<IngestionError> errors)
    {
        var before = errors.Count;
        var cells = Observation.New();
        cells["reporter"] = row.Country("reporter", countries, errors);
        cells["partner"] = row.Country("partner", countries, errors);
        cells["flow"] = row.Code("flow", "flow", codes, errors, c => c.ToLowerInvariant());
        cells["commodity"] = row.Code("commodity", "commodity", codes, errors, c => c.ToUpperInvariant());
        var period = row.Period("period", codes, errors);
        cells["period"] = period?.Text;
        if (row.Withdraws) return errors.Count == before ? cells : null;
        var value = row.ReadNumber("value", errors, min: 0, max: 1e15);
        if (errors.Count == before && value is null) errors.Add(row.Error("value", "is required"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites");
        var confidence = row.Confidence(errors);
        if (errors.Count > before) return null;
        cells.SetStored(period!, citedBody!, confidence!, row["note"]);
        cells["value"] = value;
        return cells;
    }

    public override IEnumerable<Cells> Derive(IReadOnlyList<Cells> observations, DimensionCodes codes)
    {
        foreach (var (o, rank, versions, preferred) in VersionRule.Rank(observations, o => o.Required("period"), o => o.Number("value")))
        {
            var p = Published.From(o);
            p["observation_id"] = o["id"];
            p["preferred"] = preferred;
            p["versions"] = versions;
            p["version_rank"] = rank;
            yield return p;
        }
    }
}

public sealed record CommodityTradeRecord(
    string Reporter, string Partner, string Flow, string Commodity, string Freq, string Period, double Value,
    string CitedBody, string Confidence, bool Preferred, int Versions, string SourceId, long Release, string? Note);

public sealed record CommodityTradeVintage(
    string Reporter, string Partner, string Flow, string Commodity, string Freq, string Period, double Value,
    string CitedBody, string Confidence, string SourceId, long Release, string ReleasedAt, long? SupersededIn, string? Note);
