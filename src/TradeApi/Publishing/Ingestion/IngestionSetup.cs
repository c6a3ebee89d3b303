using Polly;
using Polly.Retry;
using TradeApi.Platform.Database;
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

        // Writers that meet SQLITE_BUSY/SQLITE_LOCKED (another writer held the lock past the busy timeout), or on
        // PostgreSQL a serialization failure or deadlock, try again with exponential backoff and jitter; readers never wait.
        services.AddResiliencePipeline(ReleaseImporter.WritePipeline, pipeline => pipeline.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(SqlDialect.IsTransient),
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
