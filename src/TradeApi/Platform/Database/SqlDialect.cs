using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TradeApi.Platform.Database;

/// <summary>
/// What the service's SQL says differently on SQLite and on PostgreSQL. The queries are written in what both
/// engines read alike (ON CONFLICT DO NOTHING, IS [NOT] DISTINCT FROM, string_agg, RETURNING, CREATE TEMP TABLE ... AS,
/// a <c>rowid</c> column on the tables whose SQL names one); this is the rest, one member per difference.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect PostgreSql = new PostgreSqlDialect();

    /// <summary>The PostgreSQL advisory lock a migrating process holds.</summary>
    public const long MigrationLock = 0x5472616465417070;

    /// <summary>The dialect of the engine <paramref name="connection"/> talks to.</summary>
    public static SqlDialect Of(DbConnection connection) => connection is NpgsqlConnection ? PostgreSql : Sqlite;

    /// <summary>The engine's name, also the folder of its migrations under db/migrations.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// <paramref name="column"/> is one of the text values in the JSON array parameter @<paramref name="parameter"/>: one
    /// statement for lists of any length.
    /// </summary>
    public abstract string InJsonList(string column, string parameter);

    /// <summary>A query with one column, <c>name</c>: the columns of the table named by the parameter @table.</summary>
    public abstract string TableColumns { get; }

    /// <summary>A query with one column, <c>name</c>: the columns of the table named by @table that may hold NULL.</summary>
    public abstract string NullableColumns { get; }

    /// <summary>
    /// <paramref name="a"/> equals <paramref name="b"/>, NULL matching NULL, as a join both engines run on an index or
    /// a hash (SQLite's IS; PostgreSQL cannot join on IS NOT DISTINCT FROM, so text columns compare with '' for NULL).
    /// </summary>
    public abstract string SameText(string a, string b);

    /// <summary>The positional parameter <paramref name="index"/> (from 1) of a statement prepared once and run many times.</summary>
    public abstract string Parameter(int index);

    /// <summary>
    /// Begins a transaction that writes releases: it holds the one writer's lock from its start, so that what it reads
    /// (the newest release, a repeat of its content) stays true until it commits.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Begins a transaction that writes temp tables only, and so takes no writer's lock.</summary>
    public abstract Task<DbTransaction> BeginTempAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Settings for a session that stages a large release (a bigger page cache), and what restores them.</summary>
    public abstract (string Start, string End) BulkSession { get; }

    /// <summary>What gives the planner the statistics of a table just filled (a staged release), or nothing where it needs none.</summary>
    public abstract string? Analyze(string table);

    /// <summary>
    /// A query with three columns, <c>name</c>, <c>sql</c> and <c>lead</c> (its first column): the indexes of the table named by @table that a bulk load
    /// may drop and build again after it, in its transaction; or nothing where that would not pay (PostgreSQL: dropping
    /// an index locks out the readers until the commit).
    /// </summary>
    public abstract string? RebuildableIndexes { get; }

    /// <summary>A unique or other constraint refused the write (the same release written meanwhile).</summary>
    public abstract bool IsConstraintViolation(Exception e);

    /// <summary>The write met another writer's lock or a conflict and may succeed when tried again.</summary>
    public static bool IsTransient(Exception e) =>
        e is SqliteException { SqliteErrorCode: 5 or 6 } // SQLITE_BUSY, SQLITE_LOCKED
        || e is PostgresException { SqlState: "40001" or "40P01" or "55P03" }; // serialization failure, deadlock, lock not available

    /// <summary>The database cannot be reached or read (for health checks).</summary>
    public static bool IsUnavailable(Exception e) => e is SqliteException or NpgsqlException or IOException or TimeoutException;

    private sealed class SqliteDialect : SqlDialect
    {
        public override string Name => "sqlite";

        public override string InJsonList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

        public override string TableColumns => "SELECT name FROM pragma_table_info(@table)";

        public override string NullableColumns => "SELECT name FROM pragma_table_info(@table) WHERE \"notnull\" = 0";

        public override string SameText(string a, string b) => $"{a} IS {b}";

        public override string Parameter(int index) => $"?{index}";

        // Microsoft.Data.Sqlite begins BEGIN IMMEDIATE: the write lock is taken at once.
        public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
            await connection.BeginTransactionAsync(ct);

        public override Task<DbTransaction> BeginTempAsync(DbConnection connection, CancellationToken ct) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

        public override (string Start, string End) BulkSession =>
            ("PRAGMA temp_store = FILE; PRAGMA cache_size = -65536;", "PRAGMA cache_size = -2000;");

        public override string? Analyze(string table) => null;

        // Readers keep their snapshot (WAL) and the old schema until the commit; SQLite prepares their statements again after it.
        public override string? RebuildableIndexes =>
            """
            SELECT m.name, m.sql, (SELECT i.name FROM pragma_index_info(m.name) i WHERE i.seqno = 0) AS lead
            FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name = @table AND m.sql IS NOT NULL ORDER BY m.name
            """;

        public override bool IsConstraintViolation(Exception e) => e is SqliteException { SqliteErrorCode: 19 };
    }

    private sealed class PostgreSqlDialect : SqlDialect
    {
        /// <summary>The advisory lock every release-writing transaction takes first (any number; this one says "TradeApi").</summary>
        private const long WriterLock = 0x54726164654170;

        public override string Name => "postgresql";

        public override string InJsonList(string column, string parameter) =>
            $"{column} IN (SELECT value FROM json_array_elements_text(CAST(@{parameter} AS json)))";

        public override string TableColumns =>
            "SELECT attname AS name FROM pg_attribute WHERE attrelid = CAST(@table AS regclass) AND attnum > 0 AND NOT attisdropped";

        public override string NullableColumns => TableColumns + " AND NOT attnotnull";

        public override string SameText(string a, string b) => $"COALESCE({a}, '') = COALESCE({b}, '')";

        public override string Parameter(int index) => $"${index}";

        public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
        {
            var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_xact_lock({WriterLock})", transaction: tx, cancellationToken: ct));
            return tx;
        }

        public override async Task<DbTransaction> BeginTempAsync(DbConnection connection, CancellationToken ct) =>
            await connection.BeginTransactionAsync(ct);

        public override (string Start, string End) BulkSession => ("SET work_mem = '64MB'", "RESET work_mem");

        // A temp table has no statistics until analysed (autovacuum never sees it): the joins with the observations would be planned blind.
        public override string? Analyze(string table) => $"ANALYZE {table}";

        public override string? RebuildableIndexes => null;

        public override bool IsConstraintViolation(Exception e) => e is PostgresException { SqlState: ['2', '3', ..] };
    }
}
