using Microsoft.Extensions.Caching.Distributed;

namespace TradeApi.Platform.Answers;

/// <summary>
/// The answers of every instance, in Redis (Answers:Redis, through ASP.NET Core's IDistributedCache for Redis):
/// an instance that misses in its own memory looks here before it makes an answer, and keeps what it makes here
/// too, so that many instances behind one load balancer make each answer once. Keys name the release, so an entry
/// is never stale; they expire a day after last use, and Redis's own maxmemory policy bounds them. Redis is a
/// cache, never a dependency: when it does not answer (within its timeouts) the instance makes and serves the
/// answer itself, and leaves Redis alone for a while. Several databases sharing one Redis need their own
/// Answers:RedisPrefix (release numbers of different databases are different releases). Give Redis a maxmemory and
/// the allkeys-lru policy: it is unbounded by default.
/// </summary>
public sealed class SharedAnswers(IDistributedCache redis, ILogger<SharedAnswers> logger)
{
    private static readonly DistributedCacheEntryOptions Entry = new() { SlidingExpiration = TimeSpan.FromDays(1) };

    /// <summary>After Redis fails, it is left alone this long: a miss must not pay a timeout every time.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Keys name the build too (its module version id): an answer made by another build (its HTML, its links, its
    /// formatting) is never served by this one, during a rolling upgrade or after it.
    /// </summary>
    private static readonly string Build = typeof(SharedAnswers).Module.ModuleVersionId.ToString("N")[..12];

    private long _pausedUntil;

    public async Task<Answer?> FindAsync(string key)
    {
        if (Paused) return null;
        try
        {
            return await redis.GetAsync(Key(key)) is { } bytes ? Read(bytes) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail("answering from this instance", e);
            return null;
        }
    }

    public async Task KeepAsync(string key, Answer answer)
    {
        if (Paused) return;
        try
        {
            await redis.SetAsync(Key(key), Write(key, answer), Entry);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail("keeping the answer in this instance only", e);
        }
    }

    private static string Key(string key) => $"{Build}:{key}";

    private bool Paused => Environment.TickCount64 < Interlocked.Read(ref _pausedUntil);

    private void Fail(string what, Exception e)
    {
        Interlocked.Exchange(ref _pausedUntil, Environment.TickCount64 + (long)Pause.TotalMilliseconds);
        logger.LogWarning("Shared answer cache unavailable for {Seconds} s, {What}: {Message}", Pause.TotalSeconds, what, e.Message);
    }

    private const byte Version = 1;

    /// <summary>An answer as bytes: its key and headers, then its body (compressed forms are made again where served).</summary>
    public static byte[] Write(string key, Answer answer)
    {
        using var stream = new MemoryStream(answer.Body.Length + 256);
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Version);
            w.Write(key);
            w.Write(answer.ContentType);
            w.Write(answer.LastModified is { } modified);
            if (answer.LastModified is { } m) w.Write(m.ToUnixTimeMilliseconds());
            w.Write(answer.Immutable);
            w.Write(answer.Links.Length);
            foreach (var link in answer.Links) w.Write(link);
            w.Write(answer.ContentDisposition is not null);
            if (answer.ContentDisposition is { } disposition) w.Write(disposition);
            w.Write(answer.Vary);
            w.Write(answer.Body.Length);
            w.Write(answer.Body);
        }
        return stream.ToArray();
    }

    public static Answer? Read(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        if (r.ReadByte() != Version) return null;
        var key = r.ReadString();
        var contentType = r.ReadString();
        DateTimeOffset? modified = r.ReadBoolean() ? DateTimeOffset.FromUnixTimeMilliseconds(r.ReadInt64()) : null;
        var immutable = r.ReadBoolean();
        var links = new string[r.ReadInt32()];
        for (var i = 0; i < links.Length; i++) links[i] = r.ReadString();
        var disposition = r.ReadBoolean() ? r.ReadString() : null;
        var vary = r.ReadString();
        var body = r.ReadBytes(r.ReadInt32());
        return new Answer(key, body, contentType, modified, immutable, links, disposition, vary);
    }
}
