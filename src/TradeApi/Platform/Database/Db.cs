using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TradeApi.Platform.Database;

/// <summary>The engines the service stores its data in.</summary>
public enum DatabaseEngine
{
    /// <summary>An embedded SQLite file (the default): Database:Path.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, a primary or a hot standby: Database:ConnectionString.</summary>
    PostgreSql,
}

/// <summary>
/// Where the data lives. Configure with <c>Database:Engine</c> (Sqlite or PostgreSql), <c>Database:Path</c> and
/// <c>Database:ConnectionString</c> (or the environment variables Database__Engine, ...).
/// </summary>
public sealed class DatabaseOptions
{
    public const string DefaultPath = "App_Data/tradeapi.db";

    public DatabaseEngine Engine { get; set; } = DatabaseEngine.Sqlite;

    /// <summary>
    /// Path of the SQLite file; relative paths are resolved against the content root. The download files are kept in
    /// its folder, on PostgreSQL too.
    /// </summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>The PostgreSQL server (an Npgsql connection string: Host=...;Database=...;Username=...), for Engine PostgreSql.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a command waits for a lock another writer holds before it fails with SQLITE_BUSY.</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>A read-only instance: opens the database read-only, never migrates or seeds it, and refuses writes (see Operations/ReadOnlyMode).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// PostgreSQL: how often, at most, an instance asks the database for its newest release (its own writes it learns of
    /// at once). SQLite needs none: its data_version is read on every request.
    /// </summary>
    public int PollMilliseconds { get; set; } = 100;
}

/// <summary>
/// Opens connections to the service's database: a SQLite file (WAL, foreign keys on) or a PostgreSQL server through one
/// Npgsql data source (its pool, prepared statements kept per connection). Disposed with the service: its kept
/// read connections close, and on SQLite the WAL is checkpointed into the file and emptied.
/// </summary>
public sealed class Db : IDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>
    /// SQLite in its multi-thread mode: a connection is used by one thread at a time here (ADO.NET connections are,
    /// and the kept read connections are leased), so SQLite need not lock a mutex on every call (each column read took
    /// one: 8% of a long page's CPU). Set before SQLite initialises, that is before any connection opens; when the
    /// process opened one first, SQLite refuses it and stays serialised, which is only slower.
    /// </summary>
    static Db()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD);
    }

    /// <summary>A SQLite file.</summary>
    public Db(string path, int busyTimeoutSeconds = 30, bool readOnly = false)
    {
        FilePath = path;
        ReadOnly = readOnly;
        Dialect = SqlDialect.Sqlite;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        ReadConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { ForeignKeys = null }.ToString();
    }

    /// <summary>
    /// A PostgreSQL server; <paramref name="folder"/> is where download files are kept. A read-only instance's sessions
    /// are read-only on the server (default_transaction_read_only), as a hot standby's are anyway.
    /// </summary>
    public Db(string connectionString, string folder, bool readOnly, int pollMilliseconds = 100)
    {
        PollMilliseconds = pollMilliseconds;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The engine keeps each statement run more than once prepared on its connection (the listings' shapes).
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 256;
        if (readOnly) builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        FilePath = System.IO.Path.Combine(folder, "postgresql");
        ReadOnly = readOnly;
        Dialect = SqlDialect.PostgreSql;
        ConnectionString = ReadConnectionString = builder.ConnectionString;
        _postgres = NpgsqlDataSource.Create(builder);
    }

    /// <summary>What the logs and messages call the database: the file, or the server and database (no password).</summary>
    public string Name => _postgres is null ? FilePath
        : new NpgsqlConnectionStringBuilder(ConnectionString) is var b ? $"postgresql://{b.Host}:{b.Port}/{b.Database ?? b.Username}" : "";

    /// <summary>PostgreSQL: how often, at most, the newest release is asked for (Database:PollMilliseconds).</summary>
    public int PollMilliseconds { get; }

    public DatabaseEngine Engine => _postgres is null ? DatabaseEngine.Sqlite : DatabaseEngine.PostgreSql;

    public SqlDialect Dialect { get; }

    /// <summary>The SQLite file; on PostgreSQL a name in the folder the local files (downloads, backups) are kept in.</summary>
    public string FilePath { get; }

    /// <summary>Whether this instance only reads (Database:ReadOnly): the engine itself then refuses every write.</summary>
    public bool ReadOnly { get; }

    public string ConnectionString { get; }

    /// <summary>For answers that only read: on SQLite no foreign-key pragma to run on every open.</summary>
    public string ReadConnectionString { get; }

    /// <summary>The migrations this engine applies: db/migrations/{engine}, one numbered list for both.</summary>
    public string MigrationsFolder => System.IO.Path.Combine(AppContext.BaseDirectory, "db", "migrations", Dialect.Name);

    /// <summary>Read connections that keep their prepared statements, for the answers made most often (listings).</summary>
    public PreparedReads Reads => LazyInitializer.EnsureInitialized(ref _reads, () => new PreparedReads(this));

    private PreparedReads? _reads;

    /// <summary>Releases this process committed: an instance on PostgreSQL learns of its own at once (see <see cref="PollMilliseconds"/>).</summary>
    public long LocalCommits => Interlocked.Read(ref _localCommits);

    private long _localCommits;

    /// <summary>Called after this process commits a release.</summary>
    public void Committed() => Interlocked.Increment(ref _localCommits);

    public void Dispose()
    {
        _reads?.Dispose();
        _postgres?.Dispose();
        if (_postgres is null && !ReadOnly) CheckpointWal();
    }

    /// <summary>
    /// At shutdown, copies the WAL into the file and empties it, so that the file alone is the database, even while a
    /// connection the pool has not closed yet is still open (the last close would checkpoint too, but only if it is the last).
    /// </summary>
    private void CheckpointWal()
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Another process holds the database (a command-line import): its last close checkpoints.
        }
    }

    /// <summary>A connection for reading answers (see <see cref="ReadConnectionString"/>).</summary>
    public async Task<DbConnection> OpenReadAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var connection = new SqliteConnection(ReadConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>A connection opened at once, for the few callers that cannot wait (the live catalogue's lock).</summary>
    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
