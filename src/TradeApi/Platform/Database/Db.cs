using Microsoft.Data.Sqlite;

namespace TradeApi.Platform.Database;

/// <summary>Where the SQLite file lives. Configure with <c>Database:Path</c> (or TRADEAPI_Database__Path).</summary>
public sealed class DatabaseOptions
{
    public const string DefaultPath = "App_Data/tradeapi.db";

    /// <summary>Path of the database file; relative paths are resolved against the content root.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>How long a command waits for a lock another writer holds before it fails with SQLITE_BUSY.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>A read-only instance: opens the file read-only, never migrates or seeds it, and refuses writes (see Operations/ReadOnlyMode).</summary>
    public bool ReadOnly { get; set; }
}

/// <summary>
/// Opens connections to the service's SQLite file (WAL, foreign keys on). Disposed with the service: its kept read
/// connections close, so that the last connection's close checkpoints the WAL into the file.
/// </summary>
public sealed class Db : IDisposable
{
    public Db(string path, int busyTimeoutSeconds = 30, bool readOnly = false)
    {
        FilePath = path;
        ReadOnly = readOnly;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();
    }

    public string FilePath { get; }

    /// <summary>Whether this instance only reads (Database:ReadOnly): SQLite itself then refuses every write.</summary>
    public bool ReadOnly { get; }

    public string ConnectionString { get; }

    /// <summary>For answers that only read: no foreign-key pragma to run on every open.</summary>
    public string ReadConnectionString => _read ??= new SqliteConnectionStringBuilder(ConnectionString) { ForeignKeys = null }.ToString();

    private string? _read;

    /// <summary>Read connections that keep their prepared statements, for the answers made most often (listings).</summary>
    public PreparedReads Reads => LazyInitializer.EnsureInitialized(ref _reads, () => new PreparedReads(this));

    private PreparedReads? _reads;

    public void Dispose() => _reads?.Dispose();

    /// <summary>A connection for reading answers (see <see cref="ReadConnectionString"/>).</summary>
    public async Task<SqliteConnection> OpenReadAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(ReadConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
