using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TradeApi.Platform.Database;

/// <summary>
/// A query prepared once and run many times with positional parameters, its rows read through SQLite's own
/// API (SQLitePCL.raw): for work that runs a small query per unit of a million-row release, where the ADO.NET
/// layer's per-execution and per-value costs are larger than SQLite's. Values come as null, long, double or string.
/// </summary>
public sealed class RowReader : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RowReader(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        var result = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        if (result != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
        Columns = raw.sqlite3_column_count(_statement);
    }

    public int Columns { get; }

    /// <summary>Runs the query with these parameters (bound in order; a name like @release binds by position too), calling <paramref name="row"/> for each row.</summary>
    public void Run(ReadOnlySpan<object?> parameters, Action<object?[]> row)
    {
        for (var i = 0; i < parameters.Length; i++) Bind(i + 1, parameters[i]);
        try
        {
            int result;
            while ((result = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                var values = new object?[Columns];
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

    /// <summary>Runs a statement that returns no rows.</summary>
    public void Execute(params ReadOnlySpan<object?> parameters) => Run(parameters, _ => { });

    private void Bind(int index, object? value) => _ = value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        string text => raw.sqlite3_bind_text(_statement, index, text),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        double number => raw.sqlite3_bind_double(_statement, index, number),
        var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}", nameof(value)),
    };

    public void Dispose() => raw.sqlite3_finalize(_statement);
}
