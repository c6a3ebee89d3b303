using TradeApi.Codes;
using TradeApi.Ingestion;

namespace TradeApi.CurrencyShares;

/// <summary>Reads currency-share rows of a release file: statistics and officials' statements, kept apart by kind.</summary>
public sealed class CurrencyShareImport : IDatasetImport
{
    public const string Dataset = "currency-shares";
    public static readonly string[] Qualifiers = ["above", "below", "at-most", "about"];

    public string DatasetId => Dataset;

    public IReadOnlyCollection<string> Columns { get; } =
        ["country", "counterpart", "direction", "period", "currency", "sharePct", "qualifier", "kind", "statedBy", "statedAs", "citedBody", "confidence", "note"];

    public IReadOnlyCollection<string> KeyColumns { get; } = ["country", "counterpart", "direction", "period", "currency"];

    public IReadOnlyCollection<string> DerivedColumns { get; } = ["freq", "periodStart", "periodEnd", "release", "preferred", "versions"];

    private static readonly VintageTable Vintages = new("currency_share_observations",
        Key: ["country", "counterpart", "direction", "period", "currency", "source_id"],
        Values: ["freq", "period_start", "period_end", "share_pct", "qualifier", "kind", "stated_by", "stated_as", "cited_body", "confidence", "note"]);

    public VintageTable Table => Vintages;

    public object?[]? Read(ReleaseRow row, DimensionCodes codes, List<IngestionError> errors)
    {
        var before = errors.Count;
        var country = row.Code("country", "country", codes, errors, Countries.Normalise);
        var counterpart = row.Code("counterpart", "counterpart", codes, errors, Countries.Normalise);
        var direction = row.Code("direction", "direction", codes, errors, c => c.ToLowerInvariant());
        var period = row.Period("period", codes, errors);
        var currency = row.Code("currency", "currency", codes, errors, c => c.ToUpperInvariant());
        var sourceId = row[SourceColumns.Id];
        var keyIsValid = errors.Count == before && sourceId is not null;
        object?[] key = [country, counterpart, direction, period?.Text, currency, sourceId];
        if (row.Withdraws) return keyIsValid ? Vintages.Cells(key) : null;

        var share = row.ReadNumber("sharePct", errors, min: 0, max: 100);
        var qualifier = row["qualifier"]?.ToLowerInvariant();
        if (qualifier is not null && !Qualifiers.Contains(qualifier))
            errors.Add(row.Error("qualifier", $"must be empty (exactly) or one of: {string.Join(", ", Qualifiers)}"));
        var kind = row.Code("kind", "kind", codes, errors, c => c.ToLowerInvariant());
        var statedBy = row["statedBy"];
        var statedAs = row["statedAs"];
        if (kind == "statement" && statedBy is null)
            errors.Add(row.Error("statedBy", "is required for a statement: who said it"));
        if (errors.Count == before && share is null && statedAs is null)
            errors.Add(row.Error("sharePct", "a row needs sharePct, or statedAs for a statement given in words"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites, e.g. Bank of Russia");
        var confidence = row.Confidence(errors);
        return errors.Count > before || !keyIsValid ? null
            : Vintages.Cells(key, [period!.Freq, period.Start, period.End, share, qualifier, kind, statedBy, statedAs, citedBody, confidence, row["note"]]);
    }
}
