using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace TradeApi.Platform.Database;

/// <summary>
/// A query's rows, read one at a time and cell by cell (a cell as null, text, a double or a 64-bit integer): what the
/// listing and the downloads write records from, on either engine. <see cref="Of"/> reads an ADO.NET reader;
/// <see cref="PreparedReads"/> reads its SQLite statements straight through SQLite's C API instead.
/// </summary>
public abstract class Rows
{
    public abstract ValueTask<bool> NextAsync(CancellationToken ct);

    public abstract bool IsNull(int i);

    public abstract string Text(int i);

    public abstract double Double(int i);

    public abstract long Int64(int i);

    /// <summary>The cell as null, long, double or string.</summary>
    public abstract object? Value(int i);

    /// <summary>A text cell as a JSON string value.</summary>
    public virtual void WriteText(Utf8JsonWriter json, int i) => json.WriteStringValue(Text(i));

    public static Rows Of(DbDataReader reader) => new ReaderRows(reader);

    private sealed class ReaderRows(DbDataReader reader) : Rows
    {
        public override async ValueTask<bool> NextAsync(CancellationToken ct) => await reader.ReadAsync(ct);

        public override bool IsNull(int i) => reader.IsDBNull(i);

        public override string Text(int i) => reader.GetString(i);

        public override double Double(int i) => reader.GetDouble(i);

        public override long Int64(int i) => reader.GetInt64(i);

        public override object? Value(int i) => reader.IsDBNull(i) ? null : reader.GetValue(i);
    }
}

/// <summary>
/// The rows of a prepared SQLite statement, stepped through SQLitePCL.raw and read through SQLite's C functions called
/// with the statement's pointer. SQLitePCL.raw takes and releases the statement's SafeHandle on every call, and with
/// Microsoft.Data.Sqlite's two or three calls a cell that was 18% of the CPU of an 84 KB page (perf, 1M rows); a text
/// cell is handed to JSON as SQLite's own UTF-8 bytes, not as a string made of them and encoded again.
/// The pointer is taken once per query, while the statement's handle is held (DangerousAddRef).
/// </summary>
public sealed unsafe class SqliteRows : Rows, IDisposable
{
    private const string Library = "e_sqlite3";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _pointer;
    private bool _held;
    private bool _done;

    internal SqliteRows(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
        statement.DangerousAddRef(ref _held);
        _pointer = statement.DangerousGetHandle();
    }

    public override ValueTask<bool> NextAsync(CancellationToken ct)
    {
        if (_done) return ValueTask.FromResult(false); // stepped again, a finished statement would start over
        ct.ThrowIfCancellationRequested();
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW) return ValueTask.FromResult(true);
        _done = true;
        if (result == raw.SQLITE_DONE) return ValueTask.FromResult(false);
        ct.ThrowIfCancellationRequested(); // SQLITE_INTERRUPT after the deadline: the deadline's exception
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result);
    }

    public override bool IsNull(int i) => sqlite3_column_type(_pointer, i) == raw.SQLITE_NULL;

    public override string Text(int i) => Encoding.UTF8.GetString(Utf8(i));

    public override double Double(int i) => sqlite3_column_double(_pointer, i);

    public override long Int64(int i) => sqlite3_column_int64(_pointer, i);

    public override object? Value(int i) => sqlite3_column_type(_pointer, i) switch
    {
        raw.SQLITE_INTEGER => Int64(i),
        raw.SQLITE_FLOAT => Double(i),
        raw.SQLITE_NULL => null,
        _ => Text(i),
    };

    public override void WriteText(Utf8JsonWriter json, int i) => json.WriteStringValue(Utf8(i));

    /// <summary>The cell's text as SQLite holds it, valid until the next call on this statement.</summary>
    private ReadOnlySpan<byte> Utf8(int i)
    {
        var text = sqlite3_column_text(_pointer, i); // first: it may convert the cell, which sets its length
        return new ReadOnlySpan<byte>(text, sqlite3_column_bytes(_pointer, i));
    }

    public void Dispose()
    {
        if (!_held) return;
        _held = false;
        _statement.DangerousRelease();
    }

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_column_type(nint statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern byte* sqlite3_column_text(nint statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_column_bytes(nint statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern double sqlite3_column_double(nint statement, int column);

    [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
    private static extern long sqlite3_column_int64(nint statement, int column);
}
