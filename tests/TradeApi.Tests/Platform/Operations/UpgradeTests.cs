using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Operations;

/// <summary>
/// Upgrades: for every migration, a database made at the schema version before it, holding the seed releases as
/// that version stored them, is opened by the current service, which migrates it and derives what it lacks; it must
/// answer exactly like a fresh database with the same releases.
/// </summary>
public sealed class UpgradeTests
{
    private static readonly string[] Urls =
    [
        "/v1/trade?versions=all", "/v1/trade?flow=total&freq=A", "/v1/trade/history?flow=total", "/v1/brand-shares?versions=all",
        "/v1/brand-shares/by-origin", "/v1/currency-shares?versions=all", "/v1/currency-shares/history", "/v1/datasets", "/v1/datasets/trade",
        "/v1/sources", "/v1/releases", "/v1/trade?as_of=1&period=2024", "/v1/changes?dataset=trade&since=0",
    ];

    public static IEnumerable<object[]> Versions()
    {
        var migrations = Path.Combine(AppContext.BaseDirectory, "db", "migrations", "sqlite");
        var versions = TradeApi.Platform.Database.Migrations.Available(migrations).Order().ToList();
        return versions.Skip(1).Select(v => new object[] { versions.Last(x => x < v) });
    }

    [SqliteTheory] // upgrades SQLite files made by each earlier version
    [MemberData(nameof(Versions))]
    public async Task ADatabaseAtAnEarlierVersionUpgradesToAnswerLikeAFreshOne(long version)
    {
        await using var fresh = new ApiFactory();
        var freshClient = fresh.CreateClient();
        var expected = new Dictionary<string, string>();
        foreach (var url in Urls) expected[url] = await freshClient.GetStringAsync(url);

        var folder = Directory.CreateTempSubdirectory("tradeapi-upgrade").FullName;
        var old = Path.Combine(folder, "old.db");
        var migrations = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(migrations);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "db", "migrations", "sqlite"), "*.sql")
                     .Where(f => long.Parse(Path.GetFileName(f)[..4], System.Globalization.CultureInfo.InvariantCulture) <= version))
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
        await using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            await connection.OpenAsync();
            await TradeApi.Platform.Database.Migrations.ApplyAsync(connection, migrations, NullLogger.Instance);
            // The seed releases, as the old version stored them: every table and column it had, copied from the fresh database.
            await connection.ExecuteAsync("PRAGMA foreign_keys = OFF");
            await connection.ExecuteAsync($"ATTACH DATABASE '{fresh.DatabasePath}' AS fresh");
            // Only the datasets the old schema has a table for; the reference tables its migrations fill stay as they are.
            var tables = (await connection.QueryAsync<string>("SELECT name FROM main.sqlite_master WHERE type = 'table'")).ToHashSet();
            var datasets = new Dictionary<string, string>
            {
                ["trade"] = "trade_observations", ["brand-shares"] = "brand_share_observations", ["currency-shares"] = "currency_share_observations",
            }.Where(d => tables.Contains(d.Value)).Select(d => $"'{d.Key}'").ToList();
            // Schemas before 0008 shipped with seed releases 1-3 only (4-6 carry qualifiers they cannot hold): the upgraded
            // service loads the later seed releases itself.
            // Schemas before 0011 shipped with seed releases 1-6 (7 corrects a source, which they cannot record).
            var shipped = version < 8 ? " AND id <= 3" : version < 11 ? " AND id <= 6" : "";
            var held = $"(SELECT id FROM fresh.releases WHERE dataset_id IN ({string.Join(", ", datasets)}){shipped})";
            var copies = new (string Table, string Where)[]
            {
                ("releases", $"id IN {held}"), ("sources", $"first_release IN {held}"), ("release_sources", $"release_id IN {held}"),
                ("trade_observations", $"release_id IN {held}"), ("brand_share_observations", $"release_id IN {held}"),
                ("currency_share_observations", $"release_id IN {held}"),
                ("idempotency_keys", $"release_id IN {held}"), ("dimension_codes", $"dataset_id IN ({string.Join(", ", datasets)})"),
                ("trade_published", ""), ("brand_share_published", ""), ("brand_origin_published", ""), ("currency_share_published", ""), ("published_through", ""),
                ("dataset_stats", ""), ("source_stats", ""),
            };
            // 0008 derives every release again, so an older database's published tables need not be copied; 0009 counts
            // the catalogue's stats again, so only a database made after it holds them as the release left them.
            foreach (var (table, where) in copies.Where(c => tables.Contains(c.Table) && (version >= 8 || !c.Table.Contains("published"))
                         && (version >= 9 || !c.Table.EndsWith("_stats", StringComparison.Ordinal))))
            {
                var columns = (await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}')")).ToList();
                var freshColumns = (await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}', 'fresh')")).ToHashSet();
                var common = string.Join(", ", columns.Where(freshColumns.Contains));
                // The stats the schema's migrations counted before the releases were copied in are replaced by the releases' own.
                if (table.EndsWith("_stats", StringComparison.Ordinal)) await connection.ExecuteAsync($"DELETE FROM main.{table}");
                await connection.ExecuteAsync($"INSERT OR IGNORE INTO main.{table} ({common}) SELECT {common} FROM fresh.{table} {(where.Length > 0 ? "WHERE " + where : "")}");
            }
            foreach (var table in new[] { "trade_observations", "brand_share_observations", "currency_share_observations" }.Where(tables.Contains))
                await connection.ExecuteAsync($"UPDATE main.{table} SET superseded_in = NULL WHERE superseded_in NOT IN {held}");
            // Sources as the old version stored them: as the release that brought them described them.
            if (version < 11)
                await connection.ExecuteAsync("""
                    UPDATE main.sources SET publisher = r.publisher, title = r.title, url = r.url
                    FROM fresh.source_revisions r WHERE r.source_id = main.sources.id AND r.release_id = main.sources.first_release
                    """);
            await connection.ExecuteAsync("DETACH DATABASE fresh");
        }
        SqliteConnection.ClearAllPools();

        await using var upgraded = new ApiFactory(old);
        var client = upgraded.CreateClient();
        foreach (var url in Urls)
            Assert.True(expected[url] == await client.GetStringAsync(url), $"schema {version}, upgraded: {url} answers differently");
    }
}
