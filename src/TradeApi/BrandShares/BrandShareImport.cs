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

    public IPreparedRows Prepare(IReadOnlyList<ReleaseRow> rows, DimensionCodes codes, List<IngestionError> errors)
    {
        var staged = new StagedRows(Vintages, rows.Count);
        foreach (var row in rows)
        {
            var before = errors.Count;
            var market = row.Code("market", "market", codes, errors, Countries.Normalise);
            var segment = row.Code("segment", "segment", codes, errors, c => c.ToLowerInvariant());
            var period = row.Period("period", codes, errors);
            var brand = row.Required("brand", errors, $"the brand as the source names it, or {AllBrands} for an aggregate");
            if (brand is { Length: > 60 }) errors.Add(row.Error("brand", "must be at most 60 characters"));
            var origin = row.Code("origin", "origin", codes, errors, Countries.Normalise, required: brand != AllBrands);
            var sourceId = row[SourceColumns.Id];
            if (row.Withdraws)
            {
                if (errors.Count == before && sourceId is not null)
                    staged.Add(row, errors, "brand", KeyDescription, [market, segment, period!.Text, brand, origin, sourceId], null);
                continue;
            }

            var platform = row.Code("platformOrigin", "origin", codes, errors, Countries.Normalise, required: false);
            var units = row.ReadNumber("units", errors, min: 0);
            if (units is { } u && u != Math.Floor(u)) errors.Add(row.Error("units", "must be a whole number of cars"));
            var share = row.ReadNumber("sharePct", errors, min: 0, max: 100);
            var rank = row.ReadNumber("rank", errors, min: 1, max: 1000);
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
            if (errors.Count > before || sourceId is null) continue;
            staged.Add(row, errors, "brand", KeyDescription, [market, segment, period!.Text, brand, origin, sourceId],
                [period.Freq, period.Start, period.End, platform, units is null ? null : (long)units.Value, share,
                 rank is null ? null : (long)rank.Value, topTen is null ? null : topTen.Value ? 1 : 0, yoy, citedBody, confidence, row["note"]]);
        }
        return new BrandRows(staged.Prepared(), rows.Where(r => !r.Withdraws).Select(r => r["brand"]).OfType<string>());
    }

    private const string KeyDescription = "market, segment, period, brand, origin and source";

    private static bool? Invalid(ReleaseRow row, List<IngestionError> errors)
    {
        errors.Add(row.Error("topTen", "must be true, false or empty (not stated)"));
        return null;
    }

    /// <summary>Writes the vintages, then adds brand names the code list does not have yet.</summary>
    private sealed class BrandRows(IPreparedRows vintages, IEnumerable<string> brands) : IPreparedRows
    {
        public async Task<VintageCounts> WriteAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId,
            IProgress<ImportProgress>? progress, CancellationToken ct)
        {
            var counts = await vintages.WriteAsync(connection, tx, releaseId, progress, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT OR IGNORE INTO dimension_codes (dataset_id, dimension, code, label, description, sort)
                VALUES ('brand-shares', 'brand', @brand, @label, @description,
                        (SELECT COALESCE(MAX(sort), 0) + 1 FROM dimension_codes WHERE dataset_id = 'brand-shares' AND dimension = 'brand'))
                """,
                brands.Distinct().Order(StringComparer.Ordinal).Select(brand => new
                {
                    brand,
                    label = brand == AllBrands ? "All brands" : brand,
                    description = brand == AllBrands ? "An aggregate: the whole market, or all brands of one origin." : (string?)null,
                }),
                tx, cancellationToken: ct));
            return counts;
        }
    }
}
