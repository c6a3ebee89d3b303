using System.Text.Json;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Database;
using TradeApi.Platform.Operations;
using TradeApi.Publishing.Derivation;
using TradeApi.Publishing.Ingestion;

namespace TradeApi.Publishing.Startup;

/// <summary>
/// Start-up: migrate the database, check that every dataset's declaration matches it (<see cref="DeclarationCheck"/>), derive the published answers of any release they do not cover yet (a database
/// made by an older version), and load each seed release in db/seed/releases.json that the database does not
/// hold, through the importer (unless Database:Seed is false). A restart changes nothing. A read-only instance
/// (Database:ReadOnly) does none of it: it checks that the writer has migrated the database, and serves it.
/// </summary>
public static class DatabaseStartup
{
    public static async Task InitialiseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<Db>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TradeApi.Database");
        if (db.ReadOnly)
        {
            // A read-only instance changes nothing: the writer migrates, catches up and seeds.
            await ReadOnlyMode.CheckCurrentAsync(db, ct);
            await using var reader = await db.OpenReadAsync(ct);
            await DeclarationCheck.CheckAsync(reader, services.GetServices<Dataset>(), ct);
            logger.LogInformation("Serving {Path} read-only (Database:ReadOnly)", db.Name);
            return;
        }
        await services.MigrateDatabaseAsync(ct);
        await using (var connection = await db.OpenAsync(ct))
        {
            await DeclarationCheck.CheckAsync(connection, services.GetServices<Dataset>(), ct);
            await Publisher.CatchUpAsync(connection, services.GetServices<Dataset>(), logger, ct);
        }

        // Database:Seed=false makes a database with the schema and no releases (an installation that loads its own).
        if (!services.GetRequiredService<IConfiguration>().GetValue("Database:Seed", true))
        {
            logger.LogInformation("Database ready at {Path}, not seeded (Database:Seed is false)", db.Name);
            return;
        }
        var importer = services.GetRequiredService<ReleaseImporter>();
        var seedFolder = Path.Combine(AppContext.BaseDirectory, "db", "seed");
        var manifest = JsonSerializer.Deserialize<List<SeedRelease>>(
            await File.ReadAllTextAsync(Path.Combine(seedFolder, "releases.json"), ct), JsonSerializerOptions.Web) ?? [];
        foreach (var seed in manifest)
        {
            var content = await File.ReadAllBytesAsync(Path.Combine(seedFolder, seed.File), ct);
            var outcome = await importer.ImportAsync(new ReleaseRequest(
                seed.Dataset, seed.Title, seed.Description, $"seed:{seed.File}", seed.ReleasedAt, content), ct);
            if (!outcome.Succeeded)
                throw new InvalidOperationException($"Seed file {seed.File} is invalid: " +
                    string.Join("; ", outcome.Errors.Take(10).Select(e => $"row {e.Row} {e.Column} '{e.Value}': {e.Message}")));
            if (!outcome.Duplicate)
                logger.LogInformation("Loaded seed {File} as release {Release}: {Added} values", seed.File, outcome.Release!.Id, outcome.Release.Added);
        }
        logger.LogInformation("Database ready at {Path}", db.Name);
    }

    private sealed record SeedRelease(string File, string Dataset, string Title, string? Description, DateTimeOffset ReleasedAt);
}
