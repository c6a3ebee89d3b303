using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeApi.Platform.Database;

namespace TradeApi.Platform.Health;

/// <summary>
/// /health/live: the process answers. /health/ready: the database opens, its migrations are current (every file in
/// db/migrations is applied), and every dataset has a release.
/// </summary>
public sealed class DatabaseReady(Db db, ReleasedDatasets datasets) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(ct);
            var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
            var missing = Migrations.Available(db.MigrationsFolder).Where(v => !applied.Contains(v)).ToList();
            if (missing.Count > 0) return HealthCheckResult.Unhealthy($"migrations not applied: {string.Join(", ", missing)}");
            var released = (await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT dataset_id FROM releases", cancellationToken: ct))).ToHashSet();
            var empty = datasets.Ids.Where(id => !released.Contains(id)).ToList();
            return empty.Count > 0
                ? HealthCheckResult.Unhealthy($"datasets without a release: {string.Join(", ", empty)}")
                : HealthCheckResult.Healthy($"{applied.Count} migrations; every dataset has a release");
        }
        catch (Exception e) when (SqlDialect.IsUnavailable(e))
        {
            return HealthCheckResult.Unhealthy($"the database cannot be read: {e.Message}");
        }
    }
}

/// <summary>The datasets that /health/ready expects a release of, by id.</summary>
public sealed record ReleasedDatasets(IReadOnlyList<string> Ids);

public static class HealthSetup
{
    /// <summary>Health checks; <paramref name="datasetIds"/> says which datasets must have a release for the service to be ready.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services, Func<IServiceProvider, IEnumerable<string>> datasetIds)
    {
        services.AddSingleton(provider => new ReleasedDatasets([.. datasetIds(provider)]));
        services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"]);
        return services;
    }

    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).ExcludeFromDescription();
    }
}
