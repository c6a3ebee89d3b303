using System.Text.Json;
using Microsoft.Extensions.Options;
using TradeApi.Ingestion;

namespace TradeApi.Database;

public static class DatabaseSetup
{
    /// <summary>Registers the SQLite file (Database:Path, relative to the content root).</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var path = Path.GetFullPath(Path.Combine(root, options.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new Db(path, options.BusyTimeoutSeconds);
        });
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services;
    }

    /// <summary>
    /// Creates the database file if needed, applies the migrations in db/migrations and loads
    /// each seed release in db/seed/releases.json that it does not hold yet. A restart changes nothing.
    /// </summary>
    public static async Task InitialiseDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<Db>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TradeApi.Database");
        var dbFolder = Path.Combine(AppContext.BaseDirectory, "db");

        await using (var connection = await db.OpenAsync(ct))
            await Migrations.ApplyAsync(connection, Path.Combine(dbFolder, "migrations"), logger, ct);

        var importer = services.GetRequiredService<ReleaseImporter>();
        var seedFolder = Path.Combine(dbFolder, "seed");
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
        logger.LogInformation("Database ready at {Path}", db.FilePath);
    }

    private sealed record SeedRelease(string File, string Dataset, string Title, string? Description, DateTimeOffset ReleasedAt);
}
