using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace TradeApi.Ingestion;

public static class IngestionSetup
{
    /// <summary>
    /// The ingestion path: the release importer and its limits (Ingestion:*), API keys (Ingestion:ApiKeyHashes),
    /// the sqlite-writes pipeline, and the upstream client with its resilience pipeline (Upstreams:*, Fetch:*).
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

        services.Configure<FetchOptions>(configuration.GetSection("Fetch"));
        services.Configure<Dictionary<string, UpstreamOptions>>(configuration.GetSection("Upstreams"));
        services.AddSingleton<UpstreamFetcher>();
        services.AddHostedService<UpstreamSchedule>();
        services.AddHttpClient<UpstreamClient>()
            .AddResilienceHandler(UpstreamClient.Pipeline, (pipeline, context) =>
            {
                var fetch = context.ServiceProvider.GetRequiredService<IOptions<FetchOptions>>().Value;
                // Outermost first: an overall deadline, retries, a circuit breaker, and a timeout per try.
                pipeline.AddTimeout(fetch.TotalTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    // Transient: connection errors, timeouts, 5xx, 408 and 429; Retry-After is honoured.
                    MaxRetryAttempts = fetch.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = fetch.RetryDelay,
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = fetch.BreakerMinimumThroughput,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = fetch.BreakDuration,
                });
                pipeline.AddTimeout(fetch.AttemptTimeout);
            });
        return services;
    }
}

/// <summary>Limits on what one release sent over HTTP or fetched from an upstream may hold. Configure with <c>Ingestion:MaxRows</c> and <c>Ingestion:MaxBodyBytes</c>.</summary>
public sealed class IngestionLimits
{
    public int MaxRows { get; set; } = 2_000_000;
    public long MaxBodyBytes { get; set; } = 256L * 1024 * 1024;
}
