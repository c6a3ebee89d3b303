using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TradeApi.Answers;

/// <summary>Answers:CacheMegabytes (the memory the cached answers may hold) and Answers:Enabled (off only to measure).</summary>
public sealed class AnswerOptions
{
    public int CacheMegabytes { get; set; } = 64;
    public bool Enabled { get; set; } = true;

    /// <summary>max-age of answers that follow the latest release, in seconds (documented: 300).</summary>
    public int LatestMaxAge { get; set; } = 300;

    /// <summary>stale-while-revalidate of answers that follow the latest release, in seconds (documented: 86400).</summary>
    public int StaleWhileRevalidate { get; set; } = 86_400;
}

/// <summary>
/// The answers already made, in bounded memory (Microsoft.Extensions.Caching.Memory with a size limit, least
/// recently used out first). Keys name everything an answer is a function of, releases included, so an entry is
/// never stale: a new release makes new keys, and the old entries age out. Concurrent misses on one key make the
/// answer once.
/// </summary>
public sealed class AnswerCache(IOptions<AnswerOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L * 1024L });
    private readonly bool _enabled = options.Value.Enabled;

    public async Task<Answer> GetOrMakeAsync(string key, Func<Task<Answer>> make)
    {
        if (!_enabled) return await make();
        if (_cache.TryGetValue(key, out Lazy<Task<Answer>>? cached)) return await cached!.Value;
        var lazy = new Lazy<Task<Answer>>(make);
        var entry = _cache.GetOrCreate(key, e =>
        {
            e.Size = 1024; // until the answer is made; replaced with its size below
            return lazy;
        })!;
        try
        {
            var answer = await entry.Value;
            if (ReferenceEquals(entry, lazy)) _cache.Set(key, entry, new MemoryCacheEntryOptions { Size = answer.Size });
            return answer;
        }
        catch
        {
            _cache.Remove(key); // a failure is not an answer
            throw;
        }
    }

    public Answer? Find(string key) =>
        _enabled && _cache.TryGetValue(key, out Lazy<Task<Answer>>? cached) && cached!.Value.IsCompletedSuccessfully ? cached.Value.Result : null;

    public void Keep(string key, Answer answer)
    {
        if (_enabled) _cache.Set(key, new Lazy<Task<Answer>>(Task.FromResult(answer)), new MemoryCacheEntryOptions { Size = answer.Size });
    }

    public void Dispose() => _cache.Dispose();
}
