using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Security;

namespace TradeApi.Platform.RateLimits;

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

        /// <summary>Tokens added per second: a whole number (a fraction above 1 is cut to one), or a fraction below 1 (0.5 is one token every 2 s).</summary>
        public double TokensPerSecond { get; set; }

        /// <summary>The bucket's refill as the limiter takes it: whole tokens per period.</summary>
        public (int Tokens, TimeSpan Period) Refill => TokensPerSecond >= 1
            ? ((int)TokensPerSecond, TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromSeconds(1 / Math.Max(TokensPerSecond, 1e-6)));

        /// <summary>Seconds an empty bucket takes to fill, at the refill the limiter applies.</summary>
        public int Window => Math.Max(1, (int)Math.Ceiling(Tokens * Refill.Period.TotalSeconds / Refill.Tokens));
    }
}

/// <summary>
/// Rate limits with ASP.NET Core's rate limiter: a token bucket per client address, and per API key (a higher
/// one) for requests that send an accepted X-Api-Key (a wrong key counts as no key). Answers carry RateLimit-Policy and RateLimit (IETF draft); over the
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
            if (CostLimiter.Unlimited(context)) return next(context);
            var limiter = context.RequestServices.GetRequiredService<CostLimiter>();
            context.Response.OnStarting(() =>
            {
                var (policy, bucket) = limiter.Policy(context);
                var available = limiter.GetStatistics(context)?.CurrentAvailablePermits ?? bucket.Tokens;
                context.Response.Headers["RateLimit-Policy"] = $"\"{policy}\";q={bucket.Tokens};w={bucket.Window}";
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
            if (!_options.Enabled || Unlimited(context))
                return RateLimitPartition.GetNoLimiter("none");
            var (policy, bucket) = Policy(context);
            var client = policy == "keyed" ? "key:" + context.Items[KeyNameItem] : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.Tokens,
                TokensPerPeriod = bucket.Refill.Tokens,
                ReplenishmentPeriod = bucket.Refill.Period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    /// <summary>Health checks are never limited.</summary>
    public static bool Unlimited(HttpContext context) => context.Request.Path.StartsWithSegments("/health");

    /// <summary>
    /// The keyed bucket for a request presenting an accepted API key (one bucket per key name); any other request,
    /// a wrong key included, shares its client address's anonymous bucket. The verdict is kept for the request.
    /// </summary>
    public (string Name, RateLimitOptions.Bucket Bucket) Policy(HttpContext context)
    {
        if (context.Items[PolicyItem] is string cached)
            return cached == "keyed" ? ("keyed", _options.Keyed) : ("anonymous", _options.Anonymous);
        var name = context.Request.Headers.ContainsKey(ApiKeys.Header) ? ApiKeys.AcceptedName(context) : null;
        var keyed = name is not null;
        context.Items[PolicyItem] = keyed ? "keyed" : "anonymous";
        context.Items[KeyNameItem] = name;
        return keyed ? ("keyed", _options.Keyed) : ("anonymous", _options.Anonymous);
    }

    private const string PolicyItem = "tradeapi.rate-limit-policy";
    private const string KeyNameItem = "tradeapi.rate-limit-key";

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
