using System.Data.Common;
using Dapper;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;
using TradeApi.Platform.Database;

namespace TradeApi.Publishing.Ingestion;

/// <summary>What writing a release did to one observation table.</summary>
public sealed record VintageCounts(long Added, long Revised, long Withdrawn, IReadOnlyList<int> UnmatchedWithdrawals);

/// <summary>
/// How a dataset's staged release becomes vintages of its observation table, in the release's transaction: a row
/// whose key (including the source) has a current vintage with other values supersedes it (revised); a row with
/// no current vintage is added; an identical row changes nothing; a withdrawal supersedes the current vintage
/// with nothing. Nothing is ever overwritten or deleted.
/// </summary>
public sealed class VintageTable(Dataset dataset, SqlDialect dialect)
{
    /// <summary>The columns that may be NULL (a brand aggregate's origin), read from the table when staging begins.</summary>
    private HashSet<string> _nullable = [];

    public string Staging => $"staging_{dataset.ObservationTable}";

    private string Table => dataset.ObservationTable;

    private IReadOnlyList<string> Columns => dataset.Observation.Columns;

    // A NULL key part (a brand aggregate's missing origin) matches NULL; the other parts are plain equalities, which
    // both engines join on an index or a hash.
    private string Same(string a, string b, IReadOnlyList<string>? columns = null) => string.Join(" AND ", (columns ?? dataset.Key).Select(c =>
        _nullable.Contains(c) ? dialect.SameText($"{a}.{c}", $"{b}.{c}") : $"{a}.{c} = {b}.{c}"));

    public async Task CreateStagingAsync(DbConnection connection, CancellationToken ct)
    {
        _nullable = (await connection.QueryAsync<string>(new CommandDefinition(dialect.NullableColumns, new { table = Table }, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DROP TABLE IF EXISTS {Staging};
            CREATE TEMP TABLE {Staging} AS SELECT CAST(0 AS BIGINT) AS row_number, CAST(0 AS BIGINT) AS withdraw, {string.Join(", ", Columns)} FROM {Table} WHERE 1 = 0;
            """, cancellationToken: ct));
    }

    public Task DropStagingAsync(DbConnection connection) => connection.ExecuteAsync($"DROP TABLE IF EXISTS {Staging}");

    /// <summary>The rows of the staged release whose key repeats an earlier row's (up to 1000).</summary>
    public async Task<IReadOnlyList<(int Row, int First)>> RepeatedKeysAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(int, int)>(new CommandDefinition(
            $"""
            SELECT s.row_number, d.first FROM {Staging} s JOIN (
                SELECT {string.Join(", ", dataset.Key)}, MIN(row_number) AS first FROM {Staging}
                GROUP BY {string.Join(", ", dataset.Key)} HAVING COUNT(*) > 1) d ON {Same("s", "d")}
            WHERE s.row_number > d.first ORDER BY s.row_number LIMIT 1000
            """, cancellationToken: ct))).AsList();

    /// <summary>Applies the staged rows as vintages of release <paramref name="releaseId"/>.</summary>
    public async Task<VintageCounts> ApplyAsync(DbConnection connection, DbTransaction tx, long releaseId, CancellationToken ct)
    {
        var hasWithdrawals = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM {Staging} WHERE withdraw = 1)", transaction: tx, cancellationToken: ct));
        long withdrawn = 0;
        IReadOnlyList<int> unmatched = [];
        if (hasWithdrawals)
        {
            withdrawn = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE {Table} SET superseded_in = @releaseId WHERE id IN (
                    SELECT o.id FROM {Staging} s JOIN {Table} o ON {Same("o", "s")} AND o.superseded_in IS NULL WHERE s.withdraw = 1)
                """, new { releaseId }, tx, cancellationToken: ct));
            unmatched = (await connection.QueryAsync<int>(new CommandDefinition(
                $"""
                SELECT s.row_number FROM {Staging} s WHERE s.withdraw = 1
                AND NOT EXISTS (SELECT 1 FROM {Table} o WHERE {Same("o", "s")} AND o.superseded_in = @releaseId)
                ORDER BY s.row_number LIMIT 1000
                """, new { releaseId }, tx, cancellationToken: ct))).AsList();
        }

        var revised = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE {Table} SET superseded_in = @releaseId WHERE id IN (
                SELECT o.id FROM {Staging} s JOIN {Table} o ON {Same("o", "s")} AND o.superseded_in IS NULL
                WHERE s.withdraw = 0 AND ({string.Join(" OR ", dataset.Values.Select(c => $"o.{c} IS DISTINCT FROM s.{c}"))}))
            """, new { releaseId }, tx, cancellationToken: ct));

        // In key order, so that the indexes grow at their ends rather than everywhere.
        var written = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {Table} ({string.Join(", ", Columns)}, release_id)
            SELECT {string.Join(", ", Columns)}, @releaseId FROM {Staging} s
            WHERE s.withdraw = 0 AND NOT EXISTS (SELECT 1 FROM {Table} o WHERE {Same("o", "s")} AND o.superseded_in IS NULL)
            ORDER BY {string.Join(", ", dataset.Key.Select(k => $"s.{k}"))}
            """, new { releaseId }, tx, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO release_sources (release_id, source_id) SELECT DISTINCT @releaseId, source_id FROM {Staging} WHERE true ON CONFLICT DO NOTHING",
            new { releaseId }, tx, cancellationToken: ct));
        return new VintageCounts(written - revised, revised, withdrawn, unmatched);
    }

    /// <summary>
    /// The problems of the bounds the applied release breaks, each on the row of the release that gave the blamed
    /// figure or, where an earlier release gave it, the release's first row of the same unit (the row that changed it).
    /// </summary>
    public async Task<List<IngestionError>> BreachErrorsAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<BoundBreach> breaches,
        CancellationToken ct)
    {
        var errors = new List<IngestionError>();
        foreach (var breach in breaches.Take(ReleaseImporter.MaxErrors))
        {
            var row = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                $"""
                SELECT s.row_number FROM {Staging} s JOIN {Table} o ON {Same("o", "s", dataset.Unit)}
                WHERE o.id = @ObservationId
                ORDER BY CASE WHEN {Same("o", "s")} THEN 0 ELSE 1 END, s.row_number LIMIT 1
                """, new { breach.ObservationId }, tx, cancellationToken: ct));
            errors.Add(new IngestionError(row ?? 0, breach.Column, breach.Value, breach.Rule));
        }
        return errors;
    }

    /// <summary>Codes the release brings to the dataset's open code lists (new brands, new countries) join them.</summary>
    public async Task ExtendCodeListsAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var open in dataset.OpenCodeLists)
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO dimension_codes (dataset_id, dimension, code, label, description, sort)
                SELECT DISTINCT @Id, @List, s.{open.Column}, {open.LabelSql("s." + open.Column)}, {open.DescriptionSql("s." + open.Column)}, 1000
                FROM {Staging} s WHERE s.withdraw = 0 AND s.{open.Column} IS NOT NULL
                ORDER BY s.{open.Column}
                ON CONFLICT DO NOTHING
                """, new { dataset.Id, open.List }, tx, cancellationToken: ct));
    }
}
