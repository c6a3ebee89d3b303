using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;
using TradeApi.Platform.Security;

namespace TradeApi.Publishing.Ingestion;

public static class IngestionSetup
{
    /// <summary>
    /// The ingestion path: the release importer and its limits (Ingestion:*), API keys (Ingestion:ApiKeyHashes),
    /// and the sqlite-writes pipeline. The upstreams are registered by <c>AddUpstreams</c>.
    /// </summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ReleaseImporter>();
        services.Configure<IngestionLimits>(configuration.GetSection("Ingestion"));
        services.Configure<ApiKeyOptions>(configuration.GetSection("Ingestion"));

        // Writers that meet SQLITE_BUSY/SQLITE_LOCKED (another writer held the lock past the busy timeout)
        // try again with exponential backoff and jitter; readers never wait (WAL).
        services.AddResiliencePipeline(ReleaseImporter.WritePipeline, pipeline => pipeline.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SqliteException>(e => e.SqliteErrorCode is 5 or 6),
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        }));

        return services;
    }
}

/// <summary>Limits on what one release sent over HTTP or fetched from an upstream may hold. Configure with <c>Ingestion:MaxRows</c> and <c>Ingestion:MaxBodyBytes</c>.</summary>
public sealed class IngestionLimits
{
    public int MaxRows { get; set; } = 2_000_000;
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;
}
