using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace TradeApi.Platform.Database;

/// <summary>
/// Read connections that keep their prepared statements: each holds one prepared command per SQL text, so a query
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

    /// <summary>Runs <paramref name="sql"/> with <paramref name="arguments"/> (by @name) and hands its reader to <paramref name="read"/>.</summary>
    public async Task<T> ReadAsync<T>(string sql, IReadOnlyDictionary<string, object?> arguments, Func<DbDataReader, Task<T>> read,
        CancellationToken ct)
    {
        if (db.Engine == DatabaseEngine.PostgreSql) return await ReadPostgresAsync(sql, arguments, read, ct);
        await _running.WaitAsync(ct);
        Lease? lease = null;
        var healthy = false;
        try
        {
            lease = _idle.TryTake(out var idle) ? idle : await Lease.OpenAsync(db, ct);
            var command = lease.Command(sql, arguments);
            foreach (SqliteParameter parameter in command.Parameters)
                parameter.Value = arguments.TryGetValue(parameter.ParameterName[1..], out var value) && value is not null ? value : DBNull.Value;
            T result;
            await using (var reader = await command.ExecuteReaderAsync(ct))
                result = await read(reader);
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
    private async Task<T> ReadPostgresAsync<T>(string sql, IReadOnlyDictionary<string, object?> arguments, Func<DbDataReader, Task<T>> read,
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
        return await read(reader);
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

    private sealed class Lease(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public static async Task<Lease> OpenAsync(Db db, CancellationToken ct)
        {
            var connection = new SqliteConnection(db.ReadConnectionString);
            await connection.OpenAsync(ct);
            // Lets Reprepared() walk the connection's statements (a lookup table kept per prepare, which is rare here).
            connection.Handle!.enable_sqlite3_next_stmt(true);
            return new Lease(connection);
        }

        public SqliteCommand Command(string sql, IReadOnlyDictionary<string, object?> arguments)
        {
            if (_commands.TryGetValue(sql, out var command)) return command;
            if (_commands.Count >= MaxStatements) Clear();
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in arguments.Keys) command.Parameters.Add(new SqliteParameter("@" + name, null));
            command.Prepare();
            _commands[sql] = command;
            return command;
        }

        /// <summary>SQLITE_STMTSTATUS_REPREPARE (sqlite3.h), which SQLitePCL.raw does not name.</summary>
        private const int StatementStatusReprepare = 5;

        public long Reprepared()
        {
            long total = 0;
            for (var statement = raw.sqlite3_next_stmt(connection.Handle, null); statement is not null;
                 statement = raw.sqlite3_next_stmt(connection.Handle, statement))
                total += raw.sqlite3_stmt_status(statement, StatementStatusReprepare, 0);
            return total;
        }

        private void Clear()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
        }

        public void Dispose()
        {
            Clear();
            connection.Dispose();
        }
    }
}
