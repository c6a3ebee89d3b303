using Dapper;
using Microsoft.Data.Sqlite;

namespace TradeApi.Ingestion;

/// <summary>
/// Writes a release's rows into an observation table as vintages. A row whose key (including
/// the source) has a current vintage with other values supersedes it (revised); a row with no
/// current vintage is added; an identical row changes nothing. Nothing is ever overwritten.
/// </summary>
/// <param name="Table">The observation table (code, never input).</param>
/// <param name="Key">Columns that identify a figure: its series key, period and source_id.</param>
/// <param name="Values">Columns whose change makes a new vintage.</param>
public sealed record VintageTable(string Table, string[] Key, string[] Values)
{
    private string[] Columns => [.. Key, .. Values];

    // IS: a NULL key part (a brand aggregate's missing origin) matches NULL.
    private string SameVintage => string.Join(" AND ", Key.Select(c => $"o.{c} IS s.{c}"));

    public async Task<(long Added, long Revised)> WriteAsync(
        SqliteConnection connection, SqliteTransaction tx, long releaseId, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var staging = $"staging_{Table}";
        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TEMP TABLE IF NOT EXISTS {staging} AS SELECT {string.Join(", ", Columns)} FROM {Table} WHERE 0; DELETE FROM {staging};",
            transaction: tx, cancellationToken: ct));

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO {staging} VALUES ({string.Join(", ", Columns.Select((_, i) => $"$p{i}"))})";
            var parameters = Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" })).ToArray();
            insert.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < parameters.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        var revised = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE {Table} AS o SET superseded_in = @releaseId
            WHERE o.superseded_in IS NULL AND EXISTS (
                SELECT 1 FROM {staging} s WHERE {SameVintage}
                AND ({string.Join(" OR ", Values.Select(c => $"o.{c} IS NOT s.{c}"))}))
            """, new { releaseId }, tx, cancellationToken: ct));

        var written = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {Table} ({string.Join(", ", Columns)}, release_id)
            SELECT {string.Join(", ", Columns)}, @releaseId FROM {staging} s
            WHERE NOT EXISTS (SELECT 1 FROM {Table} o WHERE o.superseded_in IS NULL AND {SameVintage})
            """, new { releaseId }, tx, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {staging}", transaction: tx, cancellationToken: ct));
        return (written - revised, revised);
    }
}

/// <summary>Prepared rows of one dataset, written through its <see cref="VintageTable"/>.</summary>
public sealed class PreparedVintages(VintageTable table, IReadOnlyList<object?[]> rows) : IPreparedRows
{
    public Task<(long Added, long Revised)> WriteAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId, CancellationToken ct) =>
        table.WriteAsync(connection, tx, releaseId, rows, ct);
}
