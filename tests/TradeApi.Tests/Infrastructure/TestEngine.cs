using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace TradeApi.Tests.Infrastructure;

/// <summary>
/// The engine the suite runs on: SQLite files by default; with TRADEAPI_TEST_POSTGRES set to a PostgreSQL server's
/// connection string (no database: Host=127.0.0.1;Port=55432;Username=postgres), every service a test starts gets its
/// own database on that server instead, named after its SQLite path, so tests that share a path share a database.
/// TRADEAPI_TEST_STANDBY names a hot standby of that server, for the replica tests. .ci/run runs the suite both ways.
/// </summary>
public static class TestEngine
{
    public static string? Postgres { get; } = Environment.GetEnvironmentVariable("TRADEAPI_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static string? Standby { get; } = Environment.GetEnvironmentVariable("TRADEAPI_TEST_STANDBY") is { Length: > 0 } s ? s : null;

    /// <summary>The database for a SQLite path on the test server.</summary>
    public static string DatabaseName(string path) => "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..24];

    /// <summary>A connection string to the database for <paramref name="path"/>, created if it does not exist yet.</summary>
    public static string CreateDatabase(string path)
    {
        var name = DatabaseName(path);
        using (var server = new NpgsqlConnection(Postgres))
        {
            server.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", server) { Parameters = { new("name", name) } };
            if (exists.ExecuteScalar() is null)
                try
                {
                    using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
                    create.ExecuteNonQuery();
                }
                catch (PostgresException e) when (e.SqlState is "42P04" or "23505") // made meanwhile by another factory on the same path
                {
                }
        }
        return On(Postgres!, name);
    }

    public static string On(string server, string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

    /// <summary>The settings that point a service at the database for <paramref name="path"/> (created on the test server if needed).</summary>
    public static IReadOnlyDictionary<string, string> Settings(string path) => Postgres is null
        ? new Dictionary<string, string> { ["Database:Path"] = path }
        : new Dictionary<string, string> { ["Database:Path"] = path, ["Database:Engine"] = "PostgreSql", ["Database:ConnectionString"] = CreateDatabase(path) };

    /// <summary>Points a service process (or a command) at the database for <paramref name="path"/>.</summary>
    public static void AddTo(System.Diagnostics.ProcessStartInfo start, string path)
    {
        foreach (var (name, value) in Settings(path)) start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
    }

    /// <summary>A connection to the database a test service at <paramref name="path"/> serves: its SQLite file, or its database on the test server.</summary>
    public static async Task<DbConnection> OpenAsync(string path)
    {
        DbConnection connection = Postgres is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False")
            : new NpgsqlConnection(On(Postgres, DatabaseName(path)));
        await connection.OpenAsync();
        return connection;
    }

    public static void DropDatabase(string path)
    {
        NpgsqlConnection.ClearAllPools();
        using var server = new NpgsqlConnection(Postgres);
        server.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName(path)} WITH (FORCE)", server);
        drop.ExecuteNonQuery();
    }
}

/// <summary>A test of what only a SQLite file has (its bytes, its WAL, VACUUM INTO backups): skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestEngine.Postgres is not null) Skip = "a SQLite file's own behaviour; the suite runs on PostgreSQL";
    }
}

/// <inheritdoc cref="SqliteFactAttribute"/>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (TestEngine.Postgres is not null) Skip = "a SQLite file's own behaviour; the suite runs on PostgreSQL";
    }
}

/// <summary>A test of PostgreSQL itself: run when the suite runs on PostgreSQL (TRADEAPI_TEST_POSTGRES).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestEngine.Postgres is null) Skip = "needs TRADEAPI_TEST_POSTGRES (.ci/run sets it for the suite's PostgreSQL run)";
    }
}

/// <summary>A test of a hot standby: run when TRADEAPI_TEST_STANDBY names a standby of the test server.</summary>
public sealed class StandbyFactAttribute : FactAttribute
{
    public StandbyFactAttribute()
    {
        if (TestEngine.Postgres is null || TestEngine.Standby is null) Skip = "needs TRADEAPI_TEST_POSTGRES and TRADEAPI_TEST_STANDBY (.ci/run sets them)";
    }
}
