using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace TradeApi.Platform.Database;

/// <summary>
/// Inserts rows into one table through a statement prepared once. On SQLite it is bound through SQLite's own API
/// (SQLitePCL.raw): at a million rows the ADO.NET parameter layer, which looks every parameter up by name on every
/// execution, costs more than SQLite does. On PostgreSQL the rows are sent in batches through the engine's bulk path
/// (binary COPY), typed by the table's columns; <see cref="Flush"/> sends what is left, before anything reads the table.
/// Values are bound by position in the order of the columns the writer was made for; callers fill them by name
/// (<see cref="Datasets.Definitions.Cells"/>).
/// </summary>
public sealed class RowWriter : IDisposable
{
    /// <summary>Rows sent to PostgreSQL in one COPY.</summary>
    private const int Batch = 10_000;

    private readonly sqlite3? _db;
    private readonly sqlite3_stmt? _insert;
    private readonly NpgsqlConnection? _postgres;
    private readonly string? _copy;
    private readonly NpgsqlParameter[]? _types;
    private readonly List<object?[]> _pending = [];
    private readonly int _leading;

    /// <param name="leading">Columns bound first by <see cref="Insert"/>'s own arguments (e.g. the release).</param>
    public RowWriter(DbConnection connection, string table, IReadOnlyList<string> columns, IReadOnlyList<string>? leading = null)
    {
        _leading = leading?.Count ?? 0;
        var all = (leading ?? []).Concat(columns).ToList();
        if (connection is NpgsqlConnection postgres)
        {
            var types = postgres.Query<(string Name, string Type)>(
                    "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = CAST(@table AS regclass) AND a.attnum > 0",
                    new { table })
                .ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            _postgres = postgres;
            _copy = $"COPY {table} ({string.Join(", ", all)}) FROM STDIN (FORMAT BINARY)";
            _types = [.. all.Select(c => PostgresValues.Typed(types[c]))];
            return;
        }
        _db = ((SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(_db,
            $"INSERT INTO {table} ({string.Join(", ", all)}) VALUES ({string.Join(", ", Enumerable.Repeat("?", all.Count))})", out _insert));
    }

    public void Insert(ReadOnlySpan<object?> values, params ReadOnlySpan<object?> leading)
    {
        if (_postgres is not null)
        {
            var row = new object?[_leading + values.Length];
            leading[.._leading].CopyTo(row);
            values.CopyTo(row.AsSpan(_leading));
            _pending.Add(row);
            if (_pending.Count >= Batch) Flush();
            return;
        }
        for (var i = 0; i < _leading; i++) Bind(i + 1, leading[i]);
        for (var i = 0; i < values.Length; i++) Bind(_leading + i + 1, values[i]);
        var result = raw.sqlite3_step(_insert);
        raw.sqlite3_reset(_insert);
        if (result != raw.SQLITE_DONE) Check(result);
    }

    /// <summary>Sends the rows not sent yet (PostgreSQL); SQLite has written every row already.</summary>
    public void Flush()
    {
        if (_postgres is null || _pending.Count == 0) return;
        using (var copy = _postgres.BeginBinaryImport(_copy!))
        {
            foreach (var row in _pending)
            {
                copy.StartRow();
                for (var i = 0; i < row.Length; i++)
                {
                    var parameter = _types![i];
                    PostgresValues.Set(parameter, row[i]);
                    if (parameter.Value is DBNull) copy.WriteNull();
                    else copy.Write(parameter.Value!, parameter.NpgsqlDbType);
                }
            }
            copy.Complete();
        }
        _pending.Clear();
    }

    private void Bind(int index, object? value) => _ = value switch
    {
        null => raw.sqlite3_bind_null(_insert, index),
        string text => raw.sqlite3_bind_text(_insert, index, text),
        long number => raw.sqlite3_bind_int64(_insert, index, number),
        int number => raw.sqlite3_bind_int64(_insert, index, number),
        double number => raw.sqlite3_bind_double(_insert, index, number),
        bool flag => raw.sqlite3_bind_int64(_insert, index, flag ? 1 : 0),
        var other => throw new ArgumentException($"cannot write a {other.GetType().Name}", nameof(value)),
    };

    /// <summary>Rows not flushed are dropped: a writer disposed without <see cref="Flush"/> is one whose transaction failed.</summary>
    public void Dispose()
    {
        if (_insert is not null) raw.sqlite3_finalize(_insert);
        _pending.Clear();
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE))
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
    }
}
