using Microsoft.Extensions.Options;

namespace TradeApi.Platform.Database;

public static class DatabaseSetup
{
    /// <summary>Registers the SQLite file (Database:Path, relative to the content root).</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        RecordTypeMap.Register();
        services.Configure<DatabaseOptions>(configuration.GetSection("Database"));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var path = Path.GetFullPath(Path.Combine(root, options.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new Db(path, options.BusyTimeoutSeconds, options.ReadOnly);
        });
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services;
    }

    /// <summary>Creates the database file if needed and applies the migrations in db/migrations that it does not have yet.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<Db>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TradeApi.Database");
        await using var connection = await db.OpenAsync(ct);
        await Migrations.ApplyAsync(connection, Path.Combine(AppContext.BaseDirectory, "db", "migrations"), logger, ct);
    }
}
