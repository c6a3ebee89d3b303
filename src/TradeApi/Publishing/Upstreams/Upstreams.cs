using System.Globalization;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using TradeApi.Platform.Database;
using TradeApi.Publishing.Ingestion;
using TradeApi.Publishing.ReleaseFiles;

namespace TradeApi.Publishing.Upstreams;

/// <summary>An upstream that serves releases of one dataset as CSV or JSON: <c>Upstreams:NAME:{Url,Dataset,Title}</c>.</summary>
public sealed class UpstreamOptions
{
    public string Url { get; set; } = "";
    public string Dataset { get; set; } = "";
    public string? Title { get; set; }
}

/// <summary>How fetching behaves (<c>Fetch:*</c>). The scheduled job runs only when <c>Fetch:Interval</c> is set.</summary>
public sealed class FetchOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);
    public int MaxRetries { get; set; } = 4;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public int BreakerMinimumThroughput { get; set; } = 8;
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan? Interval { get; set; }
}

/// <summary>The typed HttpClient for upstream sources; every call goes through the <c>upstream</c> resilience pipeline.</summary>
public sealed class UpstreamClient(HttpClient http)
{
    public const string Pipeline = "upstream";

    public async Task<(byte[] Content, ReleaseFormat Format)> GetAsync(string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        response.EnsureSuccessStatusCode();
        var content = await response.Content.ReadAsByteArrayAsync(ct);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var path = new Uri(url, UriKind.RelativeOrAbsolute).IsAbsoluteUri ? new Uri(url).AbsolutePath : url;
        if (mediaType.Contains("ndjson", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("jsonl", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            return (content, ReleaseFormat.Ndjson);
        var json = mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        return (content, json ? ReleaseFormat.Json : ReleaseFormat.Csv);
    }
}

/// <summary>What a fetch did: the import's outcome, or why the upstream could not be read.</summary>
public sealed record FetchOutcome(string Upstream, ImportOutcome? Import, string? Failure)
{
    public bool Succeeded => Import?.Succeeded == true;
}

/// <summary>Fetches a release from a configured upstream and imports it; giving up writes nothing.</summary>
public sealed class UpstreamFetcher(UpstreamClient client, ReleaseImporter importer, IOptionsMonitor<Dictionary<string, UpstreamOptions>> upstreams,
    IOptions<IngestionLimits> limits, ILogger<UpstreamFetcher> logger)
{
    public IReadOnlyCollection<string> Names => upstreams.CurrentValue.Keys;

    public async Task<FetchOutcome> FetchAsync(string name, CancellationToken ct)
    {
        if (!upstreams.CurrentValue.TryGetValue(name, out var upstream) || string.IsNullOrWhiteSpace(upstream.Url))
            return new FetchOutcome(name, null, $"no upstream '{name}' is configured (Upstreams:{name}:Url); configured: {string.Join(", ", Names)}");
        byte[] content;
        ReleaseFormat format;
        try
        {
            (content, format) = await client.GetAsync(upstream.Url, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException
                                   && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Fetching {Upstream} failed: {Reason}", name, e.Message);
            return new FetchOutcome(name, null, $"fetching {upstream.Url} failed after retries: {e.GetType().Name}: {e.Message}");
        }
        var now = DateTimeOffset.UtcNow;
        var title = upstream.Title ?? $"{name}, fetched {now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var outcome = await importer.ImportAsync(new ReleaseRequest(upstream.Dataset, title, $"Fetched from {upstream.Url}", $"fetch:{name}",
            null, content, format, MaxRows: limits.Value.MaxRows), ct);
        if (!outcome.Succeeded)
            logger.LogWarning("Upstream {Upstream} sent a release that was not imported: {Count} problem(s)", name, outcome.Errors.Count);
        return new FetchOutcome(name, outcome, null);
    }
}

/// <summary>Fetches every configured upstream every Fetch:Interval. Off unless the interval is set, and on a read-only instance.</summary>
public sealed class UpstreamSchedule(UpstreamFetcher fetcher, IOptions<FetchOptions> options, Db db, ILogger<UpstreamSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only the writer fetches: a read-only instance serves what it imports.
        if (db.ReadOnly || options.Value.Interval is not { } interval || interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var name in fetcher.Names)
            {
                var outcome = await fetcher.FetchAsync(name, stoppingToken);
                logger.LogInformation("Scheduled fetch of {Upstream}: {Result}", name,
                    outcome.Failure ?? $"{outcome.Import!.Status} release {outcome.Import.Release?.Id}");
            }
        }
    }
}
