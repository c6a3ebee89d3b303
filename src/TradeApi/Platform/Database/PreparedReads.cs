using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace TradeApi.Platform.Database;

/// <summary>
/// Read connections that keep their prepared statements: each holds one prepared statement per SQL text, so a query
/// of a shape already seen is bound and stepped, never parsed and planned again (preparing the listing's SQL was a
/// third of a distinct miss). Queries are written so that their text depends only on their shape: values,
/// limits and lists (as JSON, through json_each) are parameters. A connection serves one query at a time; idle
/// ones wait in a bounded pool, and one whose query failed is closed, not reused.
/// </summary>
public sealed class PreparedReads(Db db) : IDisposable
{
    /// <summary>Idle connections kept (more are opened under load, and closed when returned beyond this).</summary>
    private const int MaxIdle = 16;

    /// <summary>Prepared statements kept per connection; past this the connection starts afresh (a bound on odd shapes).</summary>
    private const int MaxStatements = 256;

    private readonly ConcurrentBag<Lease> _idle = [];

    /// <summary>
    /// Queries running at once on SQLite. Its work is CPU: more at once than the machine has cores only adds threads
    /// that the pool must inject (each query blocks one) and that take the cores from each other; a request over the
    /// bound waits without holding a thread.
    /// </summary>
    private readonly SemaphoreSlim _running = new(Concurrency, Concurrency);

    private static readonly int Concurrency = Environment.ProcessorCount * 2;

    /// <summary>Runs <paramref name="sql"/> with <paramref name="arguments"/> (by @name) and hands its rows to <paramref name="read"/>.</summary>
    public async Task<T> ReadAsync<T>(string sql, IReadOnlyDictionary<string, object?> arguments, Func<Rows, Task<T>> read,
        CancellationToken ct)
    {
        if (db.Engine == DatabaseEngine.PostgreSql) return await ReadPostgresAsync(sql, arguments, read, ct);
        await _running.WaitAsync(ct);
        Lease? lease = null;
        var healthy = false;
        try
        {
            lease = _idle.TryTake(out var idle) ? idle : await Lease.OpenAsync(db, ct);
            var result = await lease.ReadAsync(sql, arguments, read, ct);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && _idle.Count < MaxIdle) _idle.Add(lease!);
            else lease?.Dispose();
            _running.Release();
        }
    }

    /// <summary>PostgreSQL keeps the prepared statements itself: Npgsql's pool, with Max Auto Prepare set (see Db).</summary>
    private async Task<T> ReadPostgresAsync<T>(string sql, IReadOnlyDictionary<string, object?> arguments, Func<Rows, Task<T>> read,
        CancellationToken ct)
    {
        await using var connection = await db.OpenReadAsync(ct);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        foreach (var (name, value) in arguments)
        {
            var parameter = PostgresValues.Parameter(value);
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await read(Rows.Of(reader));
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var lease)) lease.Dispose();
    }

    /// <summary>
    /// How many times SQLite re-prepared the statements the idle connections keep since they were prepared: a kept
    /// statement is only worth keeping while this stays 0 (a bare LIMIT parameter once made it grow on every query).
    /// </summary>
    internal long Reprepared()
    {
        // Each lease is taken out while its statements are walked, so that no query steps them meanwhile.
        var leases = new List<Lease>();
        while (_idle.TryTake(out var lease)) leases.Add(lease);
        var total = leases.Sum(lease => lease.Reprepared());
        foreach (var lease in leases) _idle.Add(lease);
        return total;
    }

    /// <summary>A read connection and its statements, prepared through SQLitePCL.raw and kept by SQL text.</summary>
    private sealed class Lease(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

        private sqlite3 Handle => connection.Handle!;

        public static async Task<Lease> OpenAsync(Db db, CancellationToken ct)
        {
            var connection = new SqliteConnection(db.ReadConnectionString);
            await connection.OpenAsync(ct);
            // Lets Reprepared() walk the connection's statements (a lookup table kept per prepare, which is rare here).
            connection.Handle!.enable_sqlite3_next_stmt(true);
            // Statements stepped here are not Microsoft.Data.Sqlite's, which retries a busy database itself: SQLite's
            // own handler waits instead, as long (Database:BusyTimeoutSeconds); a reader meets SQLITE_BUSY only while a
            // checkpoint truncates the WAL. Dispose takes it off again: the handle goes back to a pool others share.
            raw.sqlite3_busy_timeout(connection.Handle, connection.DefaultTimeout * 1000);
            return new Lease(connection);
        }

        public async Task<T> ReadAsync<T>(string sql, IReadOnlyDictionary<string, object?> arguments, Func<Rows, Task<T>> read,
            CancellationToken ct)
        {
            var statement = Statement(sql);
            // A deadline interrupts the step under way; SQLite ignores an interrupt when no statement runs.
            await using var interrupt = ct.Register(static handle => raw.sqlite3_interrupt((sqlite3)handle!), Handle);
            try
            {
                foreach (var (name, value) in arguments)
                {
                    var index = raw.sqlite3_bind_parameter_index(statement, "@" + name);
                    if (index > 0) Check(RowReader.Bind(statement, index, value));
                }
                using var rows = new SqliteRows(Handle, statement);
                return await read(rows);
            }
            finally
            {
                raw.sqlite3_reset(statement);
                raw.sqlite3_clear_bindings(statement);
            }
        }

        private sqlite3_stmt Statement(string sql)
        {
            if (_statements.TryGetValue(sql, out var statement)) return statement;
            if (_statements.Count >= MaxStatements) Clear();
            Check(raw.sqlite3_prepare_v2(Handle, sql, out statement));
            _statements[sql] = statement;
            return statement;
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(Handle).utf8_to_string(), result);
        }

        /// <summary>SQLITE_STMTSTATUS_REPREPARE (sqlite3.h), which SQLitePCL.raw does not name.</summary>
        private const int StatementStatusReprepare = 5;

        public long Reprepared()
        {
            long total = 0;
            for (var statement = raw.sqlite3_next_stmt(Handle, null); statement is not null;
                 statement = raw.sqlite3_next_stmt(Handle, statement))
                total += raw.sqlite3_stmt_status(statement, StatementStatusReprepare, 0);
            return total;
        }

        private void Clear()
        {
            foreach (var statement in _statements.Values) statement.Dispose();
            _statements.Clear();
        }

        public void Dispose()
        {
            Clear();
            raw.sqlite3_busy_timeout(Handle, 0);
            connection.Dispose();
        }
    }
}
