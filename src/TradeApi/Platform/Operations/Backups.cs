using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Platform.Database;

namespace TradeApi.Platform.Operations;

/// <summary>What verifying a database file found.</summary>
public sealed record Verification(bool Ok, string Integrity, IReadOnlyList<long> MissingMigrations, IReadOnlyDictionary<string, long> Releases,
    IReadOnlyList<string> Problems);

/// <summary>
/// Consistent copies of the database while the service serves it, through SQLite's online backup API (readers and
/// writers go on; the copy is one committed state), and the check of a copy: integrity, migrations, releases.
/// </summary>
public static class Backups
{
    public static async Task BackupAsync(Db db, string destination, CancellationToken ct = default)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination));
        if (folder is not null) Directory.CreateDirectory(folder);
        var partial = destination + ".partial";
        File.Delete(partial);
        await using (var source = await db.OpenAsync(ct))
        await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await target.OpenAsync(ct);
            ((SqliteConnection)source).BackupDatabase(target);
            await target.ExecuteAsync("PRAGMA journal_mode = DELETE;");
        }
        File.Move(partial, destination, overwrite: true);
    }

    public static async Task<Verification> VerifyAsync(string file, string migrations, CancellationToken ct = default)
    {
        var problems = new List<string>();
        if (!File.Exists(file)) return new Verification(false, "missing", [], new Dictionary<string, long>(), [$"no file {file}"]);
        try
        {
            return await VerifyOpenAsync(file, migrations, problems, ct);
        }
        catch (SqliteException e)
        {
            // A damaged file, or one that is not a TradeApi database: a verdict, not a crash.
            problems.Add($"cannot be read as a TradeApi database: {e.Message}");
            return new Verification(false, "unreadable", [], new Dictionary<string, long>(), problems);
        }
    }

    private static async Task<Verification> VerifyOpenAsync(string file, string migrations, List<string> problems, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        var integrity = string.Join("; ", await connection.QueryAsync<string>(new CommandDefinition("PRAGMA integrity_check", cancellationToken: ct)));
        if (integrity != "ok") problems.Add($"integrity_check: {integrity}");
        var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
        var missing = Migrations.Available(migrations).Where(v => !applied.Contains(v)).ToList();
        if (missing.Count > 0) problems.Add($"migrations not applied: {string.Join(", ", missing)}");
        var releases = (await connection.QueryAsync<(string Dataset, long Count)>(new CommandDefinition(
            "SELECT dataset_id, COUNT(*) FROM releases GROUP BY dataset_id ORDER BY dataset_id", cancellationToken: ct))).ToDictionary(r => r.Dataset, r => r.Count);
        if (releases.Count == 0) problems.Add("no releases");
        var behind = await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT r.dataset_id FROM releases r LEFT JOIN published_through p ON p.dataset_id = r.dataset_id
            GROUP BY r.dataset_id HAVING MAX(r.id) > COALESCE(MAX(p.release_id), 0)
            """, cancellationToken: ct));
        problems.AddRange(behind.Select(d => $"the published answers of {d} are behind its releases (start-up derives them)"));
        return new Verification(problems.Count == 0, integrity, missing, releases, problems);
    }
}
