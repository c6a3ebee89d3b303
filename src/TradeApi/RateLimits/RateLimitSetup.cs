using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TradeApi.Problems;

namespace TradeApi.RateLimits;

/// <summary>
/// RateLimits:Enabled, and the token buckets: RateLimits:Anonymous and RateLimits:Keyed (Tokens, TokensPerSecond).
/// A full answer costs 2 tokens, a revalidation (If-None-Match or If-Modified-Since) 1.
/// </summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;
    public Bucket Anonymous { get; set; } = new() { Tokens = 200, TokensPerSecond = 100 };
    public Bucket Keyed { get; set; } = new() { Tokens = 2000, TokensPerSecond = 1000 };

    public sealed class Bucket
    {
        public int Tokens { get; set; }
        public int TokensPerSecond { get; set; }
    }
}

/// <summary>
/// Rate limits with ASP.NET Core's rate limiter: a token bucket per client address, and per API key (a higher
/// one) for requests that send X-Api-Key. Answers carry RateLimit-Policy and RateLimit (IETF draft); over the
/// limit a 429 problem with Retry-After. Health checks are not limited.
/// </summary>
public static class RateLimitSetup
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddSingleton<CostLimiter>();
        services.AddRateLimiter(options =>
        {
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: ProblemTypes.RateLimited, title: "Too many requests",
                    detail: $"This client is over its rate limit; retry after {retry} s. Revalidating with If-None-Match costs half a request.").ExecuteAsync(http);
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<CostLimiter>((options, limiter) => options.GlobalLimiter = limiter);
        return services;
    }

    /// <summary>Adds the RateLimit headers and applies the limits (when RateLimits:Enabled).</summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled) return app;
        app.Use((context, next) =>
        {
            var limiter = context.RequestServices.GetRequiredService<CostLimiter>();
            context.Response.OnStarting(() =>
            {
                var (policy, bucket) = limiter.Policy(context);
                var available = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? bucket.Tokens;
                var window = Math.Max(1, bucket.Tokens / Math.Max(1, bucket.TokensPerSecond));
                context.Response.Headers["RateLimit-Policy"] = $"\"{policy}\";q={bucket.Tokens};w={window}";
                context.Response.Headers["RateLimit"] = $"\"{policy}\";r={Math.Max(0, available)};t={(available >= bucket.Tokens ? 0 : 1)}";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseRateLimiter();
        return app;
    }
}

/// <summary>The partitioned token buckets, asking each request for its cost: 2 tokens, or 1 for a revalidation.</summary>
public sealed class CostLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly PartitionedRateLimiter<HttpContext> _buckets;
    private readonly RateLimitOptions _options;

    public CostLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _buckets = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var (policy, bucket) = Policy(context);
            if (!_options.Enabled || context.Request.Path.StartsWithSegments("/health"))
                return RateLimitPartition.GetNoLimiter("none");
            var client = policy == "keyed"
                ? "key:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(context.Request.Headers["X-Api-Key"].ToString())))[..16]
                : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Tokens,
                TokensPerPeriod = bucket.TokensPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    public (string Name, RateLimitOptions.Bucket Bucket) Policy(HttpContext context) =>
        context.Request.Headers.ContainsKey("X-Api-Key") ? ("keyed", _options.Keyed) : ("anonymous", _options.Anonymous);

    private static int Cost(HttpContext context) =>
        context.Request.Headers.ContainsKey("If-None-Match") || context.Request.Headers.ContainsKey("If-Modified-Since") ? 1 : 2;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _buckets.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        _buckets.AttemptAcquire(resource, permitCount == 0 ? 0 : Cost(resource));

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken ct) =>
        _buckets.AcquireAsync(resource, permitCount == 0 ? 0 : Cost(resource), ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _buckets.Dispose();
        base.Dispose(disposing);
    }
}
