using System.Net;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Conformance;

/// <summary>
/// Walks every GET operation of the committed OpenAPI document and checks the contract of HTTP-CONVENTIONS.md:
/// the documented content types, CORS on a 200, a 400 and a 304, an ETag that revalidates, problem+json on a bad
/// parameter, and Link paging where the operation lists.
/// </summary>
public sealed class OpenApiConformanceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>What a path needs to answer 200: its path parameters and required query parameters.</summary>
    private static readonly Dictionary<string, (string Path, string Query)> Needs = new()
    {
        ["/v1/datasets/{id}"] = ("/v1/datasets/trade", ""),
        ["/v1/datasets/{id}/gaps"] = ("/v1/datasets/trade/gaps", ""),
        ["/v1/sources/{id}"] = ("/v1/sources/bne-eu-2025-01-13", ""),
        ["/v1/releases/{id}"] = ("/v1/releases/1", ""),
        ["/problems/{name}"] = ("/problems/invalid-parameter", ""),
        ["/v1/{dataset}/download"] = ("/v1/trade/download", ""),
        ["/feeds/{name}"] = ("/feeds/releases.atom", ""),
        ["/v1/changes"] = ("/v1/changes", "dataset=trade&since=0"),
        ["/oembed"] = ("/oembed", "url=http%3A%2F%2Flocalhost%2Fembed%2Ftrade"),
    };

    public static IEnumerable<object[]> Operations()
    {
        var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json")));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var types = get.GetProperty("responses").GetProperty("200").TryGetProperty("content", out var content)
                ? content.EnumerateObject().Select(c => c.Name).ToArray() : [];
            var parameters = get.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray() : [];
            // A listing answers its records in JSON (charts and embeds draw them instead).
            yield return [path.Name, string.Join(",", types), parameters.Contains("limit") && types.Contains("application/json"),
                parameters.Contains("format")];
        }
    }

    private async Task<HttpResponseMessage> Get(string url, string? accept = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "https://partner.example");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await _client.SendAsync(request);
    }

    private static string Join(string path, string query, string extra) =>
        path + (query.Length + extra.Length == 0 ? "" : "?" + string.Join('&', new[] { query, extra }.Where(q => q.Length > 0)));

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryGetOperationKeepsTheContract(string template, string contentTypes, bool lists, bool hasFormat)
    {
        var (path, query) = Needs.GetValueOrDefault(template, (template, ""));
        var url = Join(path, query, "");

        using var ok = await Get(url);
        Assert.True(ok.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)ok.StatusCode}");
        Assert.Equal("*", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var etag = ok.Headers.ETag;
        Assert.True(etag is { IsWeak: false }, $"{url} has a strong ETag");
        using var notModified = await Get(url, ifNoneMatch: etag!.Tag);
        Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{url} revalidates: {(int)notModified.StatusCode}");
        Assert.Equal("*", notModified.Headers.GetValues("Access-Control-Allow-Origin").Single());

        // Each documented media type is served, chosen by format= where the operation has it, else by Accept.
        foreach (var type in contentTypes.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var format = type switch { "text/csv" => "csv", "application/x-ndjson" => "ndjson", "application/vnd.apache.parquet" => "parquet", _ => null };
            var typed = hasFormat && format is not null ? Join(path, query, $"format={format}") : path == "/feeds/releases.atom" && type.Contains("json")
                ? "/feeds/releases.json" : url;
            using var response = await Get(typed, accept: type);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {typed} as {type}: {(int)response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }

        using var bad = await Get(Join(path, query, "no-such-parameter=1"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", bad.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("no-such-parameter", out _));

        if (lists)
        {
            using var page = await Get(Join(path, query, "limit=1"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement;
            var next = body.GetProperty("links").GetProperty("next");
            if (body.GetProperty("data").GetArrayLength() == 1 && next.ValueKind == JsonValueKind.String)
                Assert.Contains(page.Headers.GetValues("Link"), l => l == $"<{next.GetString()}>; rel=\"next\"");
            else Assert.True(next.ValueKind == JsonValueKind.Null, $"{path}: a page of one has a next link when there is more");
        }
    }

    /// <summary>Valid values for documented parameters that have no default (anything else takes its documented default).</summary>
    private static readonly Dictionary<string, string> ValidValues = new()
    {
        ["versions"] = "all", ["top"] = "10", ["period"] = "2024", ["from"] = "2020", ["to"] = "2025", ["as_of"] = "1",
        ["source"] = "bne-eu-2025-01-13", ["limit"] = "5", ["reporter"] = "CN", ["partner"] = "RU", ["flow"] = "total", ["freq"] = "A",
        ["brand"] = "Lada", ["origin"] = "CN", ["currency"] = "CNY", ["dataset"] = "trade", ["since"] = "0",
    };

    [Fact]
    public async Task EveryDocumentedQueryParameterIsTakenByItsOperation()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var refused = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get) || !get.TryGetProperty("parameters", out var parameters)) continue;
            var (target, needed) = Needs.GetValueOrDefault(path.Name, (path.Name, ""));
            foreach (var parameter in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
            {
                var name = parameter.GetProperty("name").GetString()!;
                if (needed.Split('&').Any(q => q.StartsWith(name + "=", StringComparison.Ordinal))) continue;
                var value = ValidValues.GetValueOrDefault(name)
                    ?? (parameter.GetProperty("schema").TryGetProperty("default", out var d) ? d.ToString() : "1");
                var url = Join(target, needed, $"{name}={Uri.EscapeDataString(value)}");
                using var response = await Get(url);
                if (response.StatusCode != HttpStatusCode.BadRequest) continue;
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                if (problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(name, out var messages)
                    && messages.EnumerateArray().Any(m => m.GetString()!.Contains("not a parameter") || m.GetString()!.Contains("does not apply")))
                    refused.Add($"GET {url}: {messages}");
            }
        }
        Assert.True(refused.Count == 0, "documented parameters the operation refuses:\n" + string.Join("\n", refused));
    }

    [Theory]
    [InlineData("/v1/brand-shares/history?top=abc", "top")]
    [InlineData("/v1/brand-shares/history?top=10", "top")]
    [InlineData("/v1/trade/history?versions=all", "versions")]
    public async Task AParameterAnOperationDoesNotTakeIsUnknownWhateverItsValue(string url, string parameter)
    {
        using var response = await Get(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/problems/unknown-parameter", problem.GetProperty("type").GetString());
        Assert.Contains("is not a parameter of this endpoint", problem.GetProperty("errors").GetProperty(parameter)[0].GetString());
    }

    /// <summary>
    /// Every status a GET can give, whoever gives it (the endpoint, the answer cache or the middleware before them),
    /// is one its operation documents: 304 with the caching headers, 414, 431 and 429 (with Retry-After) as problems.
    /// </summary>
    [Fact]
    public async Task EveryStatusAGetOperationGivesIsDocumented()
    {
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json"))).RootElement;
        await using var limited = ApiFactory.With(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Anonymous:Tokens"] = "2",
            ["RateLimits:Anonymous:TokensPerSecond"] = "0.001",
        });
        var missing = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var responses = get.GetProperty("responses");
            var (target, needed) = Needs.GetValueOrDefault(path.Name, (path.Name, ""));
            var url = Join(target, needed, "");

            void Documented(HttpResponseMessage response, params string[] headers)
            {
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!responses.TryGetProperty(status, out var declared)) missing.Add($"{path.Name}: {status}");
                else
                    foreach (var header in headers.Where(h => !declared.TryGetProperty("headers", out var hs) || !hs.TryGetProperty(h, out _)))
                        missing.Add($"{path.Name}: {status} header {header}");
                if (status[0] is '4' or '5' && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    missing.Add($"{path.Name}: {status} is not problem+json");
            }

            using var ok = await Get(url);
            Documented(ok, "ETag", "Cache-Control", "Vary", "Last-Modified");
            if (!get.TryGetProperty("parameters", out var ps) || !ps.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "If-None-Match"))
                missing.Add($"{path.Name}: If-None-Match");
            using var notModified = await Get(url, ifNoneMatch: ok.Headers.ETag?.Tag);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Documented(notModified, "ETag", "Cache-Control");
            using var longUrl = await Get(Join(target, needed, "pad=" + new string('x', 9000)));
            Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
            Documented(longUrl);
            using (var request = new HttpRequestMessage(HttpMethod.Get, url))
            {
                request.Headers.Add("X-Pad", new string('x', 17000));
                using var bigHeaders = await _client.SendAsync(request);
                Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, bigHeaders.StatusCode);
                Documented(bigHeaders);
            }
            var client = limited.CreateClient();
            HttpResponseMessage? tooMany = null;
            for (var i = 0; i < 5 && tooMany is null; i++)
            {
                var response = await client.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.TooManyRequests) tooMany = response;
                else response.Dispose();
            }
            Assert.NotNull(tooMany);
            Documented(tooMany, "Retry-After");
            tooMany.Dispose();
            if (!responses.TryGetProperty("503", out var unavailable) || !unavailable.TryGetProperty("headers", out var h503) || !h503.TryGetProperty("Retry-After", out _))
                missing.Add($"{path.Name}: 503 with Retry-After");
        }
        Assert.True(missing.Count == 0, "statuses or headers the document does not declare:\n" + string.Join("\n", missing));
    }
}
