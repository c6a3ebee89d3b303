using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TradeApi.Platform.Answers;

/// <summary>
/// Answers:CacheMegabytes (the memory the cached answers may hold), Answers:Enabled (off only to measure), and
/// Answers:Redis (a StackExchange.Redis configuration, e.g. 127.0.0.1:6379: answers shared by every instance).
/// </summary>
public sealed class AnswerOptions
{
    public string? Redis { get; set; }

    /// <summary>Answers:ByUrl: serve known URLs before routing (<see cref="RawAnswers"/>); off only to measure.</summary>
    public bool ByUrl { get; set; } = true;

    public int CacheMegabytes { get; set; } = 64;
    public bool Enabled { get; set; } = true;

    /// <summary>max-age of answers that follow the latest release, in seconds (documented: 300).</summary>
    public int LatestMaxAge { get; set; } = 300;

    /// <summary>stale-while-revalidate of answers that follow the latest release, in seconds (documented: 86400).</summary>
    public int StaleWhileRevalidate { get; set; } = 86_400;

    /// <summary>
    /// The one cache policy of data answers and files: immutable for a year when pinned to a release that cannot
    /// change; otherwise fresh for <see cref="LatestMaxAge"/>, then served stale while revalidated.
    /// </summary>
    public string CacheControl(bool immutable) => immutable
        ? "public, max-age=31536000, immutable"
        // Made once: the options are bound at start-up and never change.
        : _latest ??= string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"public, max-age={LatestMaxAge}, stale-while-revalidate={StaleWhileRevalidate}");

    private string? _latest;
}

/// <summary>
/// The answers already made, in bounded memory (Microsoft.Extensions.Caching.Memory with a size limit, least
/// recently used out first). Keys name everything an answer is a function of, releases included, so an entry is
/// never stale: a new release makes new keys, and the old entries age out. Concurrent misses on one key make the
/// answer once.
/// </summary>
public sealed class AnswerCache(IOptions<AnswerOptions> options, SharedAnswers? shared = null) : IDisposable
{
    // Full, the cache makes room by a quarter at a time: each compaction walks and sorts every entry, and under a stream
    // of distinct queries compacting by the default 5% took 6% of the CPU.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = options.Value.CacheMegabytes * 1024L * 1024L,
        CompactionPercentage = 0.25,
    });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Answer>>> _making = new();
    private readonly bool _enabled = options.Value.Enabled;

    public async Task<Answer> GetOrMakeAsync(string key, Func<Task<Answer>> make)
    {
        if (!_enabled) return await make();
        if (_cache.TryGetValue(key, out Answer? cached)) return cached!;
        // Requests that miss the same key together wait for one making; the answer is then kept once, at its size.
        var making = _making.GetOrAdd(key, _ => new Lazy<Task<Answer>>(shared is null ? make : () => FromSharedAsync(key, make)));
        try
        {
            var answer = await making.Value;
            Keep(key, answer);
            return answer;
        }
        finally
        {
            _making.TryRemove(new KeyValuePair<string, Lazy<Task<Answer>>>(key, making));
        }
    }

    /// <summary>The answer another instance made (<see cref="SharedAnswers"/>), or one made here and shared.</summary>
    private async Task<Answer> FromSharedAsync(string key, Func<Task<Answer>> make)
    {
        if (await shared!.FindAsync(key) is { } found) return found;
        var answer = await make();
        // Shared in the background: the answer is served now, whatever Redis does.
        _ = shared.KeepAsync(key, answer);
        return answer;
    }

    /// <summary>The answer key that a URL is an alias of (<see cref="RawAnswers"/>), if known.</summary>
    public string? FindAlias(string url) => _enabled && _cache.TryGetValue("alias\n" + url, out string? key) ? key : null;

    public void KeepAlias(string url, string key)
    {
        if (_enabled) _cache.Set("alias\n" + url, key, new MemoryCacheEntryOptions { Size = 2L * (url.Length + key.Length) + 128 });
    }

    public Answer? Find(string key) => _enabled && _cache.TryGetValue(key, out Answer? cached) ? cached : null;

    public void Keep(string key, Answer answer)
    {
        if (_enabled) _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = answer.Size });
    }

    public void Dispose() => _cache.Dispose();
}
