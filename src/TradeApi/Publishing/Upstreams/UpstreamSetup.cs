using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace TradeApi.Publishing.Upstreams;

public static class UpstreamSetup
{
    /// <summary>Upstream fetching: the upstreams (Upstreams:*), the schedule (Fetch:*), and the upstream client with its resilience pipeline.</summary>
    public static IServiceCollection AddUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
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
