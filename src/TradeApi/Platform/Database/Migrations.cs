using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;

namespace TradeApi.Platform.Database;

/// <summary>
/// Applies the numbered SQL files of db/migrations/{engine} in order, each in its own transaction, and records them in
/// schema_migrations, so any database says which version it is. Both engines' folders hold one numbered list: the
/// same numbers and names, each file the same change in that engine's SQL.
/// </summary>
public static partial class Migrations
{
    public static async Task<int> ApplyAsync(DbConnection connection, string directory, ILogger logger, CancellationToken ct = default)
    {
        if (SqlDialect.Of(connection) == SqlDialect.Sqlite)
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            return await ApplyPendingAsync(connection, directory, logger, ct);
        }
        if (await connection.ExecuteScalarAsync<string>("SELECT datcollate FROM pg_database WHERE datname = current_database()") is not ("C" or "POSIX") and var collation)
            throw new InvalidOperationException($"The PostgreSQL database sorts text by '{collation}': TradeApi's answers sort as SQLite does, by code point. "
                + "Create the database with LC_COLLATE 'C' (CREATE DATABASE tradeapi TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'), or the cluster with initdb --locale=C.");
        // One migrating process at a time (two writers starting at once); the second finds the first one's work done.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = SqlDialect.MigrationLock }, cancellationToken: ct));
        try
        {
            return await ApplyPendingAsync(connection, directory, logger, ct);
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = SqlDialect.MigrationLock });
        }
    }

    private static async Task<int> ApplyPendingAsync(DbConnection connection, string directory, ILogger logger, CancellationToken ct)
    {
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            );
            """);
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_migrations")).ToHashSet();

        var count = 0;
        foreach (var (version, name, file) in Discover(directory))
        {
            if (applied.Contains(version)) continue;
            var sql = await File.ReadAllTextAsync(file, ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            logger.LogInformation("Applied migration {Version} {Name}", version, name);
            count++;
        }
        return count;
    }

    /// <summary>The versions of the migration files in <paramref name="directory"/>.</summary>
    public static IEnumerable<long> Available(string directory) => Discover(directory).Select(m => m.Version);

    private static IEnumerable<(long Version, string Name, string File)> Discover(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"The migrations folder '{directory}' does not exist.");
        return Directory.EnumerateFiles(directory, "*.sql")
            .Select(file => (file, match: FilePattern().Match(Path.GetFileName(file))))
            .Where(x => x.match.Success)
            .Select(x => (long.Parse(x.match.Groups[1].Value, CultureInfo.InvariantCulture), x.match.Groups[2].Value, x.file))
            .OrderBy(x => x.Item1);
    }

    [GeneratedRegex(@"^(\d+)_(.+)\.sql$")]
    private static partial Regex FilePattern();
}
