using Dapper;
using Microsoft.Data.Sqlite;

namespace TradeApi.Ingestion;

/// <summary>One row of a release, ready to write: its key columns then its value columns, or a withdrawal of a key.</summary>
public sealed record StagedRow(int Row, bool Withdraw, object?[] Values);

/// <summary>What writing a release did to one observation table.</summary>
public sealed record VintageCounts(long Added, long Revised, long Withdrawn, IReadOnlyList<int> UnmatchedWithdrawals);

/// <summary>How far an import has come, for a progress bar.</summary>
public sealed record ImportProgress(string Stage, long Done, long Total);

/// <summary>
/// Writes a release's rows into an observation table as vintages. A row whose key (including
/// the source) has a current vintage with other values supersedes it (revised); a row with no
/// current vintage is added; an identical row changes nothing; a withdrawal supersedes the
/// current vintage with nothing. Nothing is ever overwritten or deleted.
/// </summary>
/// <param name="Table">The observation table (code, never input).</param>
/// <param name="Key">Columns that identify a figure: its series key, period and source_id.</param>
/// <param name="Values">Columns whose change makes a new vintage.</param>
public sealed record VintageTable(string Table, string[] Key, string[] Values)
{
    private string[] Columns => [.. Key, .. Values];

    // IS: a NULL key part (a brand aggregate's missing origin) matches NULL.
    private string SameVintage => string.Join(" AND ", Key.Select(c => $"o.{c} IS s.{c}"));

    public async Task<VintageCounts> WriteAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId,
        IReadOnlyList<StagedRow> rows, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var staging = $"staging_{Table}";
        var columns = string.Join(", ", Columns);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DROP TABLE IF EXISTS temp.{staging};
            CREATE TEMP TABLE {staging} AS SELECT 0 AS row_number, 0 AS withdraw, {columns} FROM {Table} WHERE 0;
            """, transaction: tx, cancellationToken: ct));

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {staging} VALUES ($row, $withdraw, {string.Join(", ", Columns.Select((_, i) => $"$p{i}"))})";
            var row = insert.Parameters.Add(new SqliteParameter { ParameterName = "$row" });
            var withdraw = insert.Parameters.Add(new SqliteParameter { ParameterName = "$withdraw" });
            var parameters = Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" })).ToArray();
            insert.Prepare();
            for (var r = 0; r < rows.Count; r++)
            {
                var staged = rows[r];
                row.Value = staged.Row;
                withdraw.Value = staged.Withdraw ? 1 : 0;
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = staged.Values[i] ?? DBNull.Value;
                insert.ExecuteNonQuery();
                if ((r + 1) % 50_000 == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    progress?.Report(new ImportProgress("writing", r + 1, rows.Count));
                }
            }
            progress?.Report(new ImportProgress("writing", rows.Count, rows.Count));
        }
        progress?.Report(new ImportProgress("applying", 0, rows.Count));

        var withdrawn = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE {Table} SET superseded_in = @releaseId WHERE id IN (
                SELECT o.id FROM {staging} s JOIN {Table} o ON {SameVintage} AND o.superseded_in IS NULL WHERE s.withdraw = 1)
            """, new { releaseId }, tx, cancellationToken: ct));
        var unmatched = withdrawn == rows.Count(r => r.Withdraw)
            ? []
            : (await connection.QueryAsync<int>(new CommandDefinition(
                $"""
                SELECT s.row_number FROM {staging} s WHERE s.withdraw = 1
                AND NOT EXISTS (SELECT 1 FROM {Table} o WHERE {SameVintage} AND o.superseded_in = @releaseId)
                ORDER BY s.row_number
                """, new { releaseId }, tx, cancellationToken: ct))).AsList();

        var revised = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE {Table} SET superseded_in = @releaseId WHERE id IN (
                SELECT o.id FROM {staging} s JOIN {Table} o ON {SameVintage} AND o.superseded_in IS NULL
                WHERE s.withdraw = 0 AND ({string.Join(" OR ", Values.Select(c => $"o.{c} IS NOT s.{c}"))}))
            """, new { releaseId }, tx, cancellationToken: ct));

        var written = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {Table} ({columns}, release_id)
            SELECT {columns}, @releaseId FROM {staging} s
            WHERE s.withdraw = 0 AND NOT EXISTS (SELECT 1 FROM {Table} o WHERE {SameVintage} AND o.superseded_in IS NULL)
            """, new { releaseId }, tx, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE temp.{staging}", transaction: tx, cancellationToken: ct));
        return new VintageCounts(written - revised, revised, withdrawn, unmatched);
    }
}

/// <summary>Prepared rows of one dataset, written through its <see cref="VintageTable"/>.</summary>
public sealed class PreparedVintages(VintageTable table, IReadOnlyList<StagedRow> rows) : IPreparedRows
{
    public Task<VintageCounts> WriteAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId,
        IProgress<ImportProgress>? progress, CancellationToken ct) =>
        table.WriteAsync(connection, tx, releaseId, rows, progress, ct);
}

/// <summary>Collects a dataset's rows for writing, rejecting a row whose key repeats an earlier row's.</summary>
public sealed class StagedRows(VintageTable table, int capacity)
{
    private readonly List<StagedRow> _rows = new(capacity);
    private readonly Dictionary<string, int> _seen = new(capacity);

    /// <summary>Adds a row: its key values (as the table's Key) and value columns, or null values for a withdrawal.</summary>
    public void Add(ReleaseRow row, List<IngestionError> errors, string column, string describeKey, object?[] key, object?[]? values)
    {
        var text = string.Join('\u001f', key);
        if (_seen.TryGetValue(text, out var first))
        {
            errors.Add(row.Error(column, $"repeats row {first}: the same {describeKey}"));
            return;
        }
        _seen[text] = row.Number;
        _rows.Add(new StagedRow(row.Number, values is null, [.. key, .. values ?? new object?[table.Values.Length]]));
    }

    public IPreparedRows Prepared() => new PreparedVintages(table, _rows);
}
