using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Answers;

public sealed class AnswerCachingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<HttpResponseMessage> Get(string url, string? encoding = null, string? ifNoneMatch = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        if (encoding is not null) request.Headers.AcceptEncoding.ParseAdd(encoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await _client.SendAsync(request);
    }

    private static byte[] Decode(byte[] body, string? encoding) => encoding switch
    {
        "br" => Inflate(new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)),
        "gzip" => Inflate(new GZipStream(new MemoryStream(body), CompressionMode.Decompress)),
        _ => body,
    };

    private static byte[] Inflate(Stream stream)
    {
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task EveryFormatAndEncodingHasItsOwnETagAndAnswers304(string format)
    {
        var url = $"/v1/trade?flow=total&freq=A&format={format}";
        using var plain = await Get(url);
        var identity = await plain.Content.ReadAsByteArrayAsync();
        var tags = new HashSet<string>();
        foreach (var encoding in new[] { "identity", "gzip", "br" })
        {
            using var response = await Get(url, encoding);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var etag = response.Headers.ETag!;
            Assert.False(etag.IsWeak);
            Assert.True(tags.Add(etag.Tag), $"{encoding} has an ETag of its own");
            var contentEncoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
            Assert.Equal(encoding == "identity" ? null : encoding, contentEncoding);
            Assert.Equal(identity, Decode(await response.Content.ReadAsByteArrayAsync(), contentEncoding));
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            Assert.NotNull(response.Content.Headers.LastModified);

            using var again = await Get(url, encoding, etag.Tag);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(etag.Tag, again.Headers.ETag!.Tag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }
        // The ETag of one encoding does not validate another's bytes.
        using var other = await Get(url, "br", $"\"{tags.First().Trim('"')}-gz\"");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task CompressedAnswersAreSeveralTimesSmaller()
    {
        using var plain = await Get("/v1/trade?versions=all&format=csv");
        using var br = await Get("/v1/trade?versions=all&format=csv", "br");
        var plainLength = (await plain.Content.ReadAsByteArrayAsync()).Length;
        var brLength = (await br.Content.ReadAsByteArrayAsync()).Length;
        Assert.True(brLength * 4 < plainLength, $"br {brLength} bytes against {plainLength}");
    }

    [Fact]
    public async Task PinnedAnswersAreImmutableAndLatestOnesRevalidate()
    {
        using var latest = await Get("/v1/trade?flow=total");
        Assert.Equal("public, max-age=300, stale-while-revalidate=86400", latest.Headers.CacheControl!.ToString());

        using var asOf = await Get("/v1/trade?flow=total&as_of=1");
        Assert.Equal("public, max-age=31536000, immutable", asOf.Headers.CacheControl!.ToString());

        var page = JsonDocument.Parse(await (await Get("/v1/trade?limit=5")).Content.ReadAsStringAsync()).RootElement;
        using var next = await Get(page.GetProperty("links").GetProperty("next").GetString()!);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", next.Headers.CacheControl!.ToString());
    }

    /// <summary>
    /// An as_of time at or after the newest release still follows new releases, so it is cached like the latest; once
    /// a release published after it exists, its answer is settled and immutable. Same for whole-release downloads.
    /// </summary>
    [Fact]
    public async Task AnAsOfTimeAfterTheNewestReleaseIsNotImmutableUntilALaterReleaseSettlesIt()
    {
        const string url = "/v1/trade?reporter=CN&partner=RU&period=2045&as_of=2099-01-01";
        using var before = await Get(url);
        Assert.Equal("public, max-age=300, stale-while-revalidate=86400", before.Headers.CacheControl!.ToString());
        Assert.Equal(0, JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement.GetProperty("meta").GetProperty("count").GetInt32());
        using var download = await Get("/v1/trade/download?format=csv&as_of=2099-01-01", method: HttpMethod.Head);
        Assert.Equal("public, max-age=300, stale-while-revalidate=86400", download.Headers.CacheControl!.ToString());

        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        using var writer = factory.CreateWriter();
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=settles",
            new StringContent("reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,2045,1000000000,USD,GACC (China customs),reported,bne-eu-2025-01-13\n",
                Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        using var after = await Get(url);
        Assert.Equal(1, JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("meta").GetProperty("count").GetInt32());
        Assert.Equal("public, max-age=300, stale-while-revalidate=86400", after.Headers.CacheControl!.ToString());

        // A time before that release is settled: nothing published later can join it.
        using var settled = await Get($"/v1/trade?reporter=CN&partner=RU&period=2045&as_of={now}");
        Assert.Equal(0, JsonDocument.Parse(await settled.Content.ReadAsStringAsync()).RootElement.GetProperty("meta").GetProperty("count").GetInt32());
        Assert.Equal("public, max-age=31536000, immutable", settled.Headers.CacheControl!.ToString());
        using var settledDownload = await Get($"/v1/trade/download?format=csv&as_of={now}", method: HttpMethod.Head);
        Assert.Equal("public, max-age=31536000, immutable", settledDownload.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task AnAnswerAsOfAReleaseStaysTheSameAfterLaterReleases()
    {
        using var before = await Get("/v1/trade?flow=total&freq=A&as_of=1");
        var body = await before.Content.ReadAsStringAsync();
        var etag = before.Headers.ETag!.Tag;

        using var writer = factory.CreateWriter();
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=later",
            new StringContent("reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,2024,244819000000,USD,GACC (China customs),reported,bne-eu-2025-01-13\n",
                Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        using var after = await Get("/v1/trade?flow=total&freq=A&as_of=1");
        Assert.Equal(body, await after.Content.ReadAsStringAsync());
        Assert.Equal(etag, after.Headers.ETag!.Tag);
        using var revalidated = await Get("/v1/trade?flow=total&freq=A&as_of=1", ifNoneMatch: etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var latest = await Get("/v1/trade?flow=total&freq=A&period=2024");
        Assert.Contains("244819000000", await latest.Content.ReadAsStringAsync());
    }

    /// <summary>Every GET operation of the committed OpenAPI document answers HEAD with GET's status and headers, and no body.</summary>
    [Fact]
    public async Task HeadWorksWhereverGetDoes()
    {
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json")));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => p.Name.Replace("{id}", p.Name.Contains("releases") ? "1" : p.Name.Contains("sources") ? "bne-eu-2025-01-13" : "trade")
                .Replace("{name}", p.Name.StartsWith("/feeds") ? "releases.atom" : "invalid-parameter").Replace("{dataset}", "trade")
                .Replace("/v1/changes", "/v1/changes?dataset=trade&since=0").Replace("/oembed", "/oembed?url=http%3A%2F%2Flocalhost%2Fembed%2Ftrade"))
            .Append("/openapi/v1.json")
            .ToList();
        Assert.True(paths.Count >= 15, string.Join(", ", paths));
        foreach (var path in paths)
        {
            using var get = await Get(path);
            using var head = await Get(path, method: HttpMethod.Head);
            Assert.True(get.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)get.StatusCode}");
            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {path}: {(int)head.StatusCode}");
            Assert.True(get.Headers.ETag is not null, $"GET {path} is answered from cached bytes with an ETag");
            Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task TheCatalogueAndTheDocumentAreCachedAndRevalidate()
    {
        foreach (var path in new[] { "/v1/datasets", "/v1/datasets/trade", "/v1/sources", "/v1/releases", "/problems", "/openapi/v1.json" })
        {
            using var first = await Get(path);
            var etag = first.Headers.ETag?.Tag;
            Assert.True(etag is not null, $"{path} has an ETag");
            using var again = await Get(path, ifNoneMatch: etag);
            Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{path} revalidates: {(int)again.StatusCode}");
        }
    }
}
