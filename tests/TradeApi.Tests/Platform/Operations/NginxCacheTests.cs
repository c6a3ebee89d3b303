using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Operations;

/// <summary>
/// The committed deploy/nginx.conf in front of two read-only instances and the writer, all on loopback: nginx's
/// proxy_cache keeps answers by their Cache-Control, answers revalidations with 304, keeps gzip and identity apart
/// by Vary, lets a new release through within max-age, skips a killed instance, and sends writes to the writer.
/// </summary>
public sealed class NginxCacheTests(NginxCacheTests.Topology topology) : IClassFixture<NginxCacheTests.Topology>
{
    /// <summary>Latest answers stay fresh this long here (300 s in production), so that expiry can be watched.</summary>
    public const int MaxAge = 2;

    public sealed class Topology : IAsyncLifetime
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"));
        public ServiceProcess Writer { get; private set; } = null!;
        public ServiceProcess[] Readers { get; private set; } = [];
        public Nginx Nginx { get; private set; } = null!;
        public string Database => Path.Combine(_folder, "tradeapi.db");

        public static readonly Dictionary<string, string> ReaderSettings = new()
        {
            ["Database:ReadOnly"] = "true",
            ["Answers:LatestMaxAge"] = MaxAge.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Answers:StaleWhileRevalidate"] = "0",
        };

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_folder);
            Writer = await ServiceProcess.StartAsync(Database, new Dictionary<string, string>());
            Readers = await Task.WhenAll(ServiceProcess.StartAsync(Database, ReaderSettings), ServiceProcess.StartAsync(Database, ReaderSettings));
            Nginx = await Nginx.StartAsync(Readers.Select(r => r.Port), Writer.Port);
        }

        public async Task DisposeAsync()
        {
            await Nginx.DisposeAsync();
            foreach (var reader in Readers) await reader.DisposeAsync();
            await Writer.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }

    private readonly HttpClient _client = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

    private async Task<(HttpResponseMessage Response, byte[] Body)> Get(string path, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, topology.Nginx.Url + path);
        headers?.Invoke(request.Headers);
        var response = await _client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Status(HttpResponseMessage response) => response.Headers.GetValues("X-Cache-Status").Single();

    private static long Release(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("meta").GetProperty("release").GetInt64();

    [Fact]
    public async Task AnAnswerIsCachedAnsweredWith304AndRevalidatedWhenItExpires()
    {
        const string path = "/v1/trade?reporter=CN&partner=RU&flow=export&freq=A";
        var (first, body) = await Get(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("MISS", Status(first));
        var (second, again) = await Get(path);
        Assert.Equal("HIT", Status(second));
        Assert.Equal(body, again);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);

        var (notModified, empty) = await Get(path, h => h.IfNoneMatch.Add(first.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(empty);

        await Task.Delay(TimeSpan.FromSeconds(MaxAge + 1));
        var (expired, same) = await Get(path);
        // nginx asked the instance with If-None-Match, got 304, and served its copy again.
        Assert.Equal("REVALIDATED", Status(expired));
        Assert.Equal(body, same);
    }

    [Fact]
    public async Task APinnedAnswerIsImmutableInTheCache()
    {
        const string path = "/v1/brand-shares?period=2023&top=10&as_of=2";
        var (first, body) = await Get(path);
        Assert.Contains("immutable", first.Headers.CacheControl!.ToString());
        await Task.Delay(TimeSpan.FromSeconds(MaxAge + 1));
        var (later, again) = await Get(path);
        Assert.Equal("HIT", Status(later));
        Assert.Equal(body, again);
        Assert.Equal(2, Release(again));
    }

    [Fact]
    public async Task GzipAndIdentityAreKeptApartByVary()
    {
        const string path = "/v1/currency-shares?counterpart=WLD";
        var (zipped, zippedBody) = await Get(path, h => h.AcceptEncoding.ParseAdd("gzip"));
        Assert.Equal("gzip", zipped.Content.Headers.ContentEncoding.Single());
        var (plain, plainBody) = await Get(path);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal('{', (char)plainBody[0]);
        var (zippedAgain, zippedAgainBody) = await Get(path, h => h.AcceptEncoding.ParseAdd("gzip"));
        Assert.Equal("HIT", Status(zippedAgain));
        Assert.Equal(zippedBody, zippedAgainBody);
    }

    [Fact]
    public async Task ANewReleaseReachesClientsWithinMaxAgeAndWritesGoToTheWriter()
    {
        const string path = "/v1/trade?reporter=CN&partner=RU&flow=import&freq=A";
        var (_, before) = await Get(path);
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{topology.Nginx.Url}/v1/releases?dataset=trade&title=through-nginx")
        {
            Content = new StringContent("reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,import,2024,129000000001,USD,GACC (China customs),reported,bne-eu-2025-01-13\n",
                Encoding.UTF8, "text/csv"),
        };
        post.Headers.Add("X-Api-Key", ApiFactory.ApiKey);
        using var created = await _client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var release = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        // Until max-age runs out a client may get the old answer, never a mix: each answer names one release.
        var (soon, soonBody) = await Get(path);
        Assert.Contains(Release(soonBody), new[] { Release(before), release });
        await Task.Delay(TimeSpan.FromSeconds(MaxAge + 1));
        var (late, lateBody) = await Get(path);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal(release, Release(lateBody));
    }

    [Fact]
    public async Task AKilledInstanceIsSkipped()
    {
        var port = topology.Readers[0].Port;
        topology.Readers[0].Kill();
        try
        {
            for (var year = 2008; year <= 2025; year++)
            {
                var (response, _) = await Get($"/v1/trade?reporter=CN&partner=RU&period={year}&versions=all");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await topology.Readers[0].DisposeAsync();
            topology.Readers[0] = await ServiceProcess.StartAsync(topology.Database, Topology.ReaderSettings, port);
        }
    }
}
