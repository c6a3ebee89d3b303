using Microsoft.Extensions.Options;

namespace TradeApi.Platform.Database;

public static class DatabaseSetup
{
    /// <summary>Registers the database: the SQLite file (Database:Path, relative to the content root) or the PostgreSQL server (Database:Engine, Database:ConnectionString).</summary>
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
            if (options.Engine == DatabaseEngine.Sqlite) return new Db(path, options.BusyTimeoutSeconds, options.ReadOnly);
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new InvalidOperationException("Database:Engine is PostgreSql but Database:ConnectionString is not set: give the server, e.g. Host=127.0.0.1;Port=5432;Database=tradeapi;Username=tradeapi.");
            return new Db(options.ConnectionString, Path.GetDirectoryName(path)!, options.ReadOnly, options.PollMilliseconds);
        });
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services;
    }

    /// <summary>Creates the database file if needed and applies the migrations in db/migrations/{engine} that it does not have yet.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<Db>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TradeApi.Database");
        await using var connection = await db.OpenAsync(ct);
        await Migrations.ApplyAsync(connection, db.MigrationsFolder, logger, ct);
    }
}
