using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Codes;
using TradeApi.Ingestion;

namespace TradeApi.BrandShares;

/// <summary>Reads brand-share rows of a release file; new brand names join the dataset's code list with the release.</summary>
public sealed class BrandShareImport : IDatasetImport
{
    public const string Dataset = "brand-shares";
    public const string AllBrands = "ALL";

    public string DatasetId => Dataset;

    public IReadOnlyCollection<string> Columns { get; } =
        ["market", "segment", "period", "brand", "origin", "platformOrigin", "units", "sharePct", "rank", "topTen", "yoyChangePct", "citedBody", "confidence", "note"];

    public IReadOnlyCollection<string> KeyColumns { get; } = ["market", "segment", "period", "brand"];

    public IReadOnlyCollection<string> DerivedColumns { get; } =
        ["freq", "periodStart", "periodEnd", "shareStatus", "release", "preferred", "versions"];

    private static readonly VintageTable Vintages = new("brand_share_observations",
        Key: ["market", "segment", "period", "brand", "origin", "source_id"],
        Values: ["freq", "period_start", "period_end", "platform_origin", "units", "share_pct", "rank", "top_ten", "yoy_pct", "cited_body", "confidence", "note"]);

    public VintageTable Table => Vintages;

    public object?[]? Read(ReleaseRow row, DimensionCodes codes, List<IngestionError> errors)
    {
        var before = errors.Count;
        var market = row.Code("market", "market", codes, errors, Countries.Normalise);
        var segment = row.Code("segment", "segment", codes, errors, c => c.ToLowerInvariant());
        var period = row.Period("period", codes, errors);
        var brand = row.Required("brand", errors, $"the brand as the source names it, or {AllBrands} for an aggregate");
        if (brand is { Length: > 60 }) errors.Add(row.Error("brand", "must be at most 60 characters"));
        var origin = row.Code("origin", "origin", codes, errors, Countries.Normalise, required: brand != AllBrands);
        var sourceId = row[SourceColumns.Id];
        var keyIsValid = errors.Count == before && sourceId is not null;
        object?[] key = [market, segment, period?.Text, brand, origin, sourceId];
        if (row.Withdraws) return keyIsValid ? Vintages.Cells(key) : null;

        var platform = row.Code("platformOrigin", "origin", codes, errors, Countries.Normalise, required: false);
        var units = row.ReadNumber("units", errors, min: 0);
        if (units is { } u && u != Math.Floor(u)) errors.Add(row.Error("units", "must be a whole number of cars"));
        var share = row.ReadNumber("sharePct", errors, min: 0, max: 100);
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
        if (errors.Count == before && units is null && share is null && yoy is null)
            errors.Add(row.Error("units", "a row needs units, sharePct or yoyChangePct"));
        var citedBody = row.Required("citedBody", errors, "the body the source cites, e.g. Autostat");
        var confidence = row.Confidence(errors);
        return errors.Count > before || !keyIsValid ? null
            : Vintages.Cells(key, [period!.Freq, period.Start, period.End, platform, units is null ? null : (long)units.Value, share,
                rank is null ? null : (long)rank.Value, topTen is null ? null : topTen.Value ? 1 : 0, yoy, citedBody, confidence, row["note"]]);
    }

    private static bool? Invalid(ReleaseRow row, List<IngestionError> errors)
    {
        errors.Add(row.Error("topTen", "must be true, false or empty (not stated)"));
        return null;
    }

    /// <summary>Brand names the release brings join the dataset's code list.</summary>
    public Task AfterApplyAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT OR IGNORE INTO dimension_codes (dataset_id, dimension, code, label, description, sort)
            SELECT DISTINCT 'brand-shares', 'brand', brand,
                   CASE brand WHEN '{AllBrands}' THEN 'All brands' ELSE brand END,
                   CASE brand WHEN '{AllBrands}' THEN 'An aggregate: the whole market, or all brands of one origin.' END, 0
            FROM {Vintages.Staging} WHERE withdraw = 0
            ORDER BY brand
            """, transaction: tx, cancellationToken: ct));
}
