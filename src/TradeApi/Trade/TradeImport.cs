using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Codes;
using TradeApi.Ingestion;
using TradeApi.Periods;

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

    public IReadOnlyCollection<string> RequiredColumns { get; } =
        ["reporter", "partner", "flow", "period", "unit", "citedBody", "confidence"];

    public IReadOnlyCollection<string> DerivedColumns { get; } =
        ["freq", "periodStart", "periodEnd", "valueStatus", "yoyChangeStatus", "yoyBasePeriod", "release", "preferred", "alternatives"];

    public static readonly string[] Confidences = ["reported", "weak", "disputed"];

    public IPreparedRows Prepare(IReadOnlyList<ReleaseRow> rows, DimensionCodes codes, List<IngestionError> errors)
    {
        var prepared = new List<Staged>(rows.Count);
        var seen = new Dictionary<(string, string, string, string, string, string), int>();
        foreach (var row in rows)
        {
            var before = errors.Count;
            var reporter = Code(row, "reporter", "reporter", codes, errors, Countries.Normalise);
            var partner = Code(row, "partner", "partner", codes, errors, Countries.Normalise);
            if (reporter is not null && reporter == partner)
                errors.Add(row.Error("partner", "must differ from reporter"));
            var flow = Code(row, "flow", "flow", codes, errors, c => c.ToLowerInvariant());
            var unit = Code(row, "unit", "basis", codes, errors, c => c.ToUpperInvariant());

            Period? period = null;
            if (row["period"] is not { } periodText)
                errors.Add(row.Error("period", "is required"));
            else if (!Period.TryParse(periodText, out var parsed))
                errors.Add(row.Error("period", $"must be {Period.Forms}"));
            else if (!codes.Contains("freq", parsed.Freq))
                errors.Add(row.Error("period", $"has frequency {parsed.Freq}; this dataset takes {codes.Describe("freq")}"));
            else
                period = parsed;

            var value = row.ReadNumber("value", errors, min: 0);
            // A change the server computed is not a published figure: an exported file sent back keeps only reported ones.
            var yoyComputed = string.Equals(row["yoyChangeStatus"], "computed", StringComparison.OrdinalIgnoreCase);
            var yoy = yoyComputed ? null : row.ReadNumber("yoyChangePct", errors, min: -100, max: 100_000);
            if (errors.Count == before && value is null && yoy is null)
                errors.Add(row.Error("value", "a row needs a value, a published yoyChangePct, or both"));

            var citedBody = row["citedBody"];
            if (citedBody is null)
                errors.Add(row.Error("citedBody", "is required: the body the source cites, e.g. GACC (China customs)"));
            var confidence = row["confidence"]?.ToLowerInvariant();
            if (confidence is null || !Confidences.Contains(confidence))
                errors.Add(row.Error("confidence", $"must be one of: {string.Join(", ", Confidences)}"));

            var sourceId = row[SourceColumns.Id];
            if (errors.Count > before || sourceId is null) continue;

            var key = (reporter!, partner!, flow!, unit!, period!.Text, sourceId);
            if (seen.TryGetValue(key, out var firstRow))
            {
                errors.Add(row.Error("period", $"repeats row {firstRow}: the same reporter, partner, flow, unit, period and source"));
                continue;
            }
            seen[key] = row.Number;
            prepared.Add(new Staged(reporter!, partner!, flow!, period.Freq, period.Text, period.Start, period.End, unit!,
                value, yoy, citedBody!, confidence!, row["note"], sourceId));
        }
        return new Rows(prepared);
    }

    private static string? Code(ReleaseRow row, string column, string dimension, DimensionCodes codes,
        List<IngestionError> errors, Func<string, string> normalise)
    {
        if (row[column] is not { } text)
        {
            errors.Add(row.Error(column, $"is required; one of: {codes.Describe(dimension)}"));
            return null;
        }
        var code = normalise(text);
        if (codes.Contains(dimension, code)) return code;
        errors.Add(row.Error(column, $"must be one of: {codes.Describe(dimension)}"));
        return null;
    }

    private sealed record Staged(
        string Reporter, string Partner, string Flow, string Freq, string Period, int PeriodStart, int PeriodEnd, string Unit,
        double? Value, double? YoyPct, string CitedBody, string Confidence, string? Note, string SourceId);

    private sealed class Rows(List<Staged> rows) : IPreparedRows
    {
        private const string SameVintage = """
            o.reporter = s.reporter AND o.partner = s.partner AND o.flow = s.flow AND o.unit = s.unit
            AND o.period = s.period AND o.source_id = s.source_id
            """;

        public async Task<(long Added, long Revised)> WriteAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId, CancellationToken ct)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TEMP TABLE IF NOT EXISTS trade_staging (
                    reporter TEXT, partner TEXT, flow TEXT, freq TEXT, period TEXT, period_start INTEGER, period_end INTEGER,
                    unit TEXT, value REAL, yoy_pct REAL, cited_body TEXT, confidence TEXT, note TEXT, source_id TEXT);
                DELETE FROM trade_staging;
                """, transaction: tx, cancellationToken: ct));

            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = """
                    INSERT INTO trade_staging VALUES ($reporter, $partner, $flow, $freq, $period, $start, $end,
                        $unit, $value, $yoy, $body, $confidence, $note, $source)
                    """;
                var p = new[] { "$reporter", "$partner", "$flow", "$freq", "$period", "$start", "$end", "$unit", "$value", "$yoy", "$body", "$confidence", "$note", "$source" }
                    .Select(name => insert.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
                foreach (var r in rows)
                {
                    p[0].Value = r.Reporter; p[1].Value = r.Partner; p[2].Value = r.Flow; p[3].Value = r.Freq;
                    p[4].Value = r.Period; p[5].Value = r.PeriodStart; p[6].Value = r.PeriodEnd; p[7].Value = r.Unit;
                    p[8].Value = (object?)r.Value ?? DBNull.Value; p[9].Value = (object?)r.YoyPct ?? DBNull.Value;
                    p[10].Value = r.CitedBody; p[11].Value = r.Confidence; p[12].Value = (object?)r.Note ?? DBNull.Value;
                    p[13].Value = r.SourceId;
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }

            var revised = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE trade_observations AS o SET superseded_in = @releaseId
                WHERE o.superseded_in IS NULL AND EXISTS (
                    SELECT 1 FROM trade_staging s WHERE {SameVintage}
                    AND (o.value IS NOT s.value OR o.yoy_pct IS NOT s.yoy_pct OR o.cited_body IS NOT s.cited_body
                         OR o.confidence IS NOT s.confidence OR o.note IS NOT s.note))
                """, new { releaseId }, tx, cancellationToken: ct));

            var written = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO trade_observations (reporter, partner, flow, freq, period, period_start, period_end, unit,
                    value, yoy_pct, cited_body, confidence, note, source_id, release_id)
                SELECT reporter, partner, flow, freq, period, period_start, period_end, unit,
                    value, yoy_pct, cited_body, confidence, note, source_id, @releaseId
                FROM trade_staging s
                WHERE NOT EXISTS (SELECT 1 FROM trade_observations o WHERE o.superseded_in IS NULL AND {SameVintage})
                """, new { releaseId }, tx, cancellationToken: ct));

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM trade_staging", transaction: tx, cancellationToken: ct));
            return (written - revised, revised);
        }
    }
}
