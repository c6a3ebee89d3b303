using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace TradeApi.Platform.Database;

/// <summary>
/// A query prepared once and run many times with positional parameters (<see cref="SqlDialect.Parameter"/>): for
/// work that runs a small query per unit of a million-row release. On SQLite its rows are read through SQLite's own
/// API (SQLitePCL.raw), where the ADO.NET layer's per-execution and per-value costs are larger than SQLite's; on
/// PostgreSQL it is a prepared Npgsql command. Values come as null, long, double or string, on both engines.
/// </summary>
public sealed class RowReader : IDisposable
{
    private readonly sqlite3? _db;
    private readonly sqlite3_stmt? _statement;
    private readonly NpgsqlCommand? _command;

    public RowReader(DbConnection connection, string sql)
    {
        if (connection is NpgsqlConnection postgres)
        {
            _command = new NpgsqlCommand(sql, postgres);
            return;
        }
        _db = ((SqliteConnection)connection).Handle!;
        var result = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (result != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
    }

    /// <summary>Runs the query with these parameters (bound in order), calling <paramref name="row"/> for each row.</summary>
    public void Run(ReadOnlySpan<object?> parameters, Action<object?[]> row)
    {
        if (_command is not null) RunPostgres(parameters, row);
        else RunSqlite(parameters, row);
    }

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute(params ReadOnlySpan<object?> parameters) => Run(parameters, _ => { });

    private void RunSqlite(ReadOnlySpan<object?> parameters, Action<object?[]> row)
    {
        for (var i = 0; i < parameters.Length; i++) Bind(i + 1, parameters[i]);
        try
        {
            var columns = raw.sqlite3_column_count(_statement);
            int result;
            while ((result = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                var values = new object?[columns];
                for (var c = 0; c < values.Length; c++)
                    values[c] = raw.sqlite3_column_type(_statement, c) switch
                    {
                        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_statement, c),
                        raw.SQLITE_FLOAT => raw.sqlite3_column_double(_statement, c),
                        raw.SQLITE_TEXT => raw.sqlite3_column_text(_statement, c).utf8_to_string(),
                        raw.SQLITE_NULL => null,
                        _ => throw new NotSupportedException("a BLOB column"),
                    };
                row(values);
            }
            if (result != raw.SQLITE_DONE) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private void RunPostgres(ReadOnlySpan<object?> parameters, Action<object?[]> row)
    {
        // Typed by each run's values; the engine keeps the statement prepared (Max Auto Prepare, see Db).
        var command = _command!;
        command.Parameters.Clear();
        foreach (var value in parameters) command.Parameters.Add(PostgresValues.Parameter(value));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new object?[reader.FieldCount];
            for (var c = 0; c < values.Length; c++) values[c] = PostgresValues.Read(reader, c);
            row(values);
        }
    }

    private void Bind(int index, object? value) => Bind(_statement!, index, value);

    /// <summary>Binds a value as Microsoft.Data.Sqlite's parameters do (null, text, integer, boolean as 0/1, real); SQLite's result code.</summary>
    internal static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(statement, index, number),
        var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}", nameof(value)),
    };

    public void Dispose()
    {
        if (_statement is not null) raw.sqlite3_finalize(_statement);
        _command?.Dispose();
    }
}
