using System.Net;
using System.Text.Json;
using CsCheck;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Conformance;

/// <summary>
/// A spec-driven fuzz test: every GET operation of the committed OpenAPI document, with generated valid and hostile
/// values for its documented parameters (at least 200 requests per operation). No answer may be a 5xx; every 4xx is
/// problem+json; every status is one the operation documents; every JSON answer has the documented top-level shape.
/// </summary>
public sealed class FuzzTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static readonly string[] Values =
    [
        "CN", "ru", "CHN", "WLD", "US", "XX", "", " ", "total", "export", "A", "M", "YTD", "2024", "2024-Q3", "2024-07", "2025-01..2025-04",
        "2024-13", "1899", "2101", "-1", "0", "1", "10000", "10001", "99999999999999999999", "1e300", "NaN", "true", "all", "preferred",
        "csv", "json", "ndjson", "parquet", "xml", "light", "dark", "line", "bar", "table", "value", "sharePct", "Lada", "LADA", "ALL",
        "bne-eu-2025-01-13", "no-such", "2026-11-28", "2026-11-28T00:00:00Z", "2026-13-45T99:00Z", "WzEsMl0", "%00", "%FF", "'; DROP TABLE releases;--",
        "<script>alert(1)</script>", "\u0000", "中国", "../../etc/passwd", "a,b,,c", ",,,", "releases.atom", "trade.json", "http://localhost/embed/trade",
        new string('9', 300),
    ];

    private static readonly Dictionary<string, string> PathValues = new()
    {
        ["{id}"] = "trade", ["{name}"] = "releases.atom", ["{dataset}"] = "trade",
    };

    public static IEnumerable<object[]> Operations()
    {
        var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json")));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            if (path.Value.TryGetProperty("get", out _)) yield return [path.Name];
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task GeneratedRequestsNeverBreakTheContract(string template)
    {
        var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json"))).RootElement;
        var operation = document.GetProperty("paths").GetProperty(template).GetProperty("get");
        // Only what the document declares: it lists 304, 414, 429, 431 and 503 where the service can give them.
        var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name)).ToHashSet();
        var parameters = operation.TryGetProperty("parameters", out var ps)
            ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToArray() : [];
        var pathParameters = operation.TryGetProperty("parameters", out var pp)
            ? pp.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToArray() : [];
        var documented = DocumentedProperties(document, operation);
        var names = parameters.Length == 0 ? ["unknown"] : parameters.Append("unknown").ToArray();
        var request = Gen.Select(
            Gen.Int[0, Math.Min(4, names.Length)].SelectMany(n => Gen.Shuffle(names, n)),
            Gen.OneOf(Values).Array[4],
            Gen.OneOf("trade", "brand-shares", "currency-shares", "nope", "1", "99999999999", "bne-eu-2025-01-13", "releases.atom", "trade.json",
                "x.rss", "invalid-parameter", "<script>", "%00", "中国"));

        var requests = 0;
        await request.SampleAsync(async sample =>
        {
            var (chosen, values, pathValue) = sample;
            var path = pathParameters.Aggregate(template, (t, p) => t.Replace($"{{{p}}}", Uri.EscapeDataString(pathValue)));
            var query = string.Join('&', chosen.Select((name, i) => $"{name}={Uri.EscapeDataString(values[i % values.Length])}"));
            var url = query.Length == 0 ? path : $"{path}?{query}";
            using var response = await _client.GetAsync(url);
            requests++;
            var status = (int)response.StatusCode;
            // No 5xx, but oEmbed's documented 501 for format=xml.
            Assert.True(status < 500 || status == 501 && statuses.Contains(501), $"GET {url}: {status} {await response.Content.ReadAsStringAsync()}");
            Assert.True(statuses.Contains(status) || status == 404 && pathParameters.Length > 0,
                $"GET {url}: {status} is not documented ({string.Join(", ", statuses)}): {await response.Content.ReadAsStringAsync()}");
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status >= 400) Assert.True(type == "application/problem+json", $"GET {url}: {status} as {type}");
            if (status == 200 && type == "application/json" && documented.Count > 0)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var properties = json.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
                Assert.True(properties.SetEquals(documented), $"GET {url}: answered {string.Join(",", properties)}, documented {string.Join(",", documented)}");
            }
        }, iter: 200, threads: 1);
        Assert.True(requests >= 200);
    }

    /// <summary>The top-level property names of the documented 200 JSON schema (following one $ref).</summary>
    private static HashSet<string> DocumentedProperties(JsonElement document, JsonElement operation)
    {
        if (!operation.GetProperty("responses").TryGetProperty("200", out var ok) || !ok.TryGetProperty("content", out var content)
            || !content.TryGetProperty("application/json", out var json) || !json.TryGetProperty("schema", out var schema)) return [];
        if (schema.TryGetProperty("$ref", out var reference))
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        return schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
    }
}
