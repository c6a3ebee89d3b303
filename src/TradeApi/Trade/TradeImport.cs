using TradeApi.Codes;
using TradeApi.Ingestion;

namespace TradeApi.Trade;

/// <summary>
/// Reads trade rows of a release file: the columns of the trade CSV export plus the source
/// columns. A row revises the current figure of the same series key and source, if it differs.
/// </summary>
public sealed class TradeImport : IDatasetImport
{
    public const string Dataset = "trade";

    public string DatasetId => Dataset;

    public IReadOnlyCollection<string> Columns { get; } =
        ["reporter", "partner", "flow", "period", "value", "unit", "yoyChangePct", "citedBody", "confidence", "note"];

    public IReadOnlyCollection<string> KeyColumns { get; } = ["reporter", "partner", "flow", "period", "unit"];

    public IReadOnlyCollection<string> DerivedColumns { get; } =
        ["freq", "periodStart", "periodEnd", "valueStatus", "yoyChangeStatus", "yoyBasePeriod", "release", "preferred", "alternatives"];

    public VintageTable Table => Vintages;

    public object?[]? Read(ReleaseRow row, DimensionCodes codes, List<IngestionError> errors)
    {
        var before = errors.Count;
        var reporter = row.Code("reporter", "reporter", codes, errors, Countries.Normalise);
        var partner = row.Code("partner", "partner", codes, errors, Countries.Normalise);
        if (reporter is not null && reporter == partner)
            errors.Add(row.Error("partner", "must differ from reporter"));
        var flow = row.Code("flow", "flow", codes, errors, c => c.ToLowerInvariant());
        var unit = row.Code("unit", "basis", codes, errors, c => c.ToUpperInvariant());
        var period = row.Period("period", codes, errors);
        var sourceId = row[SourceColumns.Id];
        var keyIsValid = errors.Count == before && sourceId is not null;
        object?[] key = [reporter, partner, flow, unit, period?.Text, sourceId];
        if (row.Withdraws) return keyIsValid ? Vintages.Cells(key) : null;

        var value = row.ReadNumber("value", errors, min: 0);
        // A change the server computed is not a published figure: an exported file sent back keeps only reported ones.
        var yoyComputed = string.Equals(row["yoyChangeStatus"], "computed", StringComparison.OrdinalIgnoreCase);
        var yoy = yoyComputed ? null : row.ReadNumber("yoyChangePct", errors, min: -100, max: 100_000);
        if (errors.Count == before && value is null && yoy is null)
            errors.Add(row.Error("value", "a row needs a value, a published yoyChangePct, or both"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites, e.g. GACC (China customs)");
        var confidence = row.Confidence(errors);
        return errors.Count > before || !keyIsValid ? null
            : Vintages.Cells(key, [period!.Freq, period.Start, period.End, value, yoy, citedBody, confidence, row["note"]]);
    }

    private static readonly VintageTable Vintages = new("trade_observations",
        Key: ["reporter", "partner", "flow", "unit", "period", "source_id"],
        Values: ["freq", "period_start", "period_end", "value", "yoy_pct", "cited_body", "confidence", "note"]);
}
