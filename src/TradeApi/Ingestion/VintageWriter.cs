using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TradeApi.Ingestion;

/// <summary>What writing a release did to one observation table.</summary>
public sealed record VintageCounts(long Added, long Revised, long Withdrawn, IReadOnlyList<int> UnmatchedWithdrawals);

/// <summary>How far an import has come, for a progress bar.</summary>
public sealed record ImportProgress(string Stage, long Done, long Total);

/// <summary>
/// An observation table and how its vintages are written. A release's rows are first staged (a temp
/// table: the database file is untouched), then applied in one transaction: a row whose key (including the
/// source) has a current vintage with other values supersedes it (revised); a row with no current vintage
/// is added; an identical row changes nothing; a withdrawal supersedes the current vintage with nothing.
/// Nothing is ever overwritten or deleted.
/// </summary>
/// <param name="Table">The observation table (code, never input).</param>
/// <param name="Key">Columns that identify a figure: its series key, period and source_id.</param>
/// <param name="Values">Columns whose change makes a new vintage.</param>
public sealed record VintageTable(string Table, string[] Key, string[] Values)
{
    public string Staging => $"staging_{Table}";

    /// <summary>The cells of a row: the key, then the values, or nulls in their place for a withdrawal.</summary>
    public object?[] Cells(object?[] key, object?[]? values = null)
    {
        var cells = new object?[Key.Length + Values.Length];
        key.CopyTo(cells, 0);
        values?.CopyTo(cells, Key.Length);
        return cells;
    }

    private string[] Columns => [.. Key, .. Values];

    // IS: a NULL key part (a brand aggregate's missing origin) matches NULL.
    private string SameVintage => string.Join(" AND ", Key.Select(c => $"o.{c} IS s.{c}"));

    /// <summary>Starts staging a release's rows on this connection (in a temp table).</summary>
    public async Task<StagingTable> StageAsync(SqliteConnection connection, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DROP TABLE IF EXISTS temp.{Staging};
            CREATE TEMP TABLE {Staging} AS SELECT 0 AS row_number, 0 AS withdraw, {string.Join(", ", Columns)} FROM {Table} WHERE 0;
            """, cancellationToken: ct));
        var tx = connection.BeginTransaction(deferred: true);
        return new StagingTable(this, connection, tx,
            $"INSERT INTO {Staging} VALUES ({string.Join(", ", Enumerable.Repeat("?", Columns.Length + 2))})");
    }

    /// <summary>The rows of the staged release whose key repeats an earlier row's (up to 1000).</summary>
    public async Task<IReadOnlyList<(int Row, int First)>> RepeatedKeysAsync(SqliteConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<(int, int)>(new CommandDefinition(
            $"""
            SELECT s.row_number, d.first FROM {Staging} s JOIN (
                SELECT {string.Join(", ", Key)}, MIN(row_number) AS first FROM {Staging}
                GROUP BY {string.Join(", ", Key)} HAVING COUNT(*) > 1) d ON {SameVintage.Replace("o.", "d.")}
            WHERE s.row_number > d.first ORDER BY s.row_number LIMIT 1000
            """, cancellationToken: ct))).AsList();

    /// <summary>Applies the staged rows as vintages of release <paramref name="releaseId"/>.</summary>
    public async Task<VintageCounts> ApplyAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId, CancellationToken ct)
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
                    SELECT o.id FROM {Staging} s JOIN {Table} o ON {SameVintage} AND o.superseded_in IS NULL WHERE s.withdraw = 1)
                """, new { releaseId }, tx, cancellationToken: ct));
            unmatched = (await connection.QueryAsync<int>(new CommandDefinition(
                $"""
                SELECT s.row_number FROM {Staging} s WHERE s.withdraw = 1
                AND NOT EXISTS (SELECT 1 FROM {Table} o WHERE {SameVintage} AND o.superseded_in = @releaseId)
                ORDER BY s.row_number LIMIT 1000
                """, new { releaseId }, tx, cancellationToken: ct))).AsList();
        }

        var revised = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE {Table} SET superseded_in = @releaseId WHERE id IN (
                SELECT o.id FROM {Staging} s JOIN {Table} o ON {SameVintage} AND o.superseded_in IS NULL
                WHERE s.withdraw = 0 AND ({string.Join(" OR ", Values.Select(c => $"o.{c} IS NOT s.{c}"))}))
            """, new { releaseId }, tx, cancellationToken: ct));

        // In key order, so that the indexes grow at their ends rather than everywhere.
        var written = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO {Table} ({string.Join(", ", Columns)}, release_id)
            SELECT {string.Join(", ", Columns)}, @releaseId FROM {Staging} s
            WHERE s.withdraw = 0 AND NOT EXISTS (SELECT 1 FROM {Table} o WHERE {SameVintage} AND o.superseded_in IS NULL)
            ORDER BY {string.Join(", ", Key.Select(k => $"s.{k}"))}
            """, new { releaseId }, tx, cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT OR IGNORE INTO release_sources (release_id, source_id) SELECT DISTINCT @releaseId, source_id FROM {Staging}",
            new { releaseId }, tx, cancellationToken: ct));
        return new VintageCounts(written - revised, revised, withdrawn, unmatched);
    }

    public Task DropStagingAsync(SqliteConnection connection) =>
        connection.ExecuteAsync($"DROP TABLE IF EXISTS temp.{Staging}");
}

/// <summary>
/// A release's rows being staged, in one temp-only transaction. Rows are bound and stepped through
/// SQLite's own API (SQLitePCL.raw): at a million rows the ADO.NET parameter layer, which looks every
/// parameter up by name on every execution, costs more than SQLite does.
/// </summary>
public sealed class StagingTable : IAsyncDisposable
{
    private readonly SqliteTransaction _tx;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _insert;
    private readonly HashSet<(int, int)> _keys = [];

    public StagingTable(VintageTable table, SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        Table = table;
        _tx = tx;
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _insert));
    }

    public VintageTable Table { get; }

    /// <summary>
    /// Whether two staged rows may share a key. Keys are remembered as two 32-bit hashes, so this is
    /// never false when they do, and (short of a 64-bit collision) never true when they do not;
    /// <see cref="VintageTable.RepeatedKeysAsync"/> then names the rows exactly.
    /// </summary>
    public bool MayRepeatKeys { get; private set; }

    /// <summary>Stages one row: its key values then its value columns (all null for a withdrawal).</summary>
    public void Add(int row, bool withdraw, object?[] values)
    {
        raw.sqlite3_bind_int64(_insert, 1, row);
        raw.sqlite3_bind_int64(_insert, 2, withdraw ? 1 : 0);
        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 3;
            _ = values[i] switch
            {
                null => raw.sqlite3_bind_null(_insert, index),
                string text => raw.sqlite3_bind_text(_insert, index, text),
                int number => raw.sqlite3_bind_int64(_insert, index, number),
                long number => raw.sqlite3_bind_int64(_insert, index, number),
                double number => raw.sqlite3_bind_double(_insert, index, number),
                var other => throw new ArgumentException($"cannot stage a {other.GetType().Name}", nameof(values)),
            };
        }
        if (!MayRepeatKeys && !_keys.Add(KeyHash(values, Table.Key.Length))) MayRepeatKeys = true;
        var result = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        if (result != raw.SQLITE_DONE) Check(result);
    }

    /// <summary>Ends staging; the staged rows stay in the temp table for checking and applying.</summary>
    public Task CompleteAsync() => _tx.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        raw.sqlite3_finalize(_insert);
        await _tx.DisposeAsync();
    }

    private static (int, int) KeyHash(object?[] values, int keyLength)
    {
        var first = new HashCode();
        var second = new HashCode();
        second.Add(0x5bd1e995);
        for (var i = 0; i < keyLength; i++)
        {
            first.Add(values[i]);
            second.Add(values[i]);
            second.Add(i);
        }
        return (first.ToHashCode(), second.ToHashCode());
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
    }
}
