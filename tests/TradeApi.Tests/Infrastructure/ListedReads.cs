using System.Text.Json;
using System.Text.RegularExpressions;

namespace TradeApi.Tests.Infrastructure;

/// <summary>
/// Every per-id GET of the committed OpenAPI document, with its path parameters filled by every id the listings give
/// (sources, releases, datasets and their links, problem types, the front page's feeds), in each format it offers.
/// </summary>
public static partial class ListedReads
{
    /// <summary>The path templates with parameters, and where their ids are listed.</summary>
    public static readonly IReadOnlyDictionary<string, string> Listings = new Dictionary<string, string>
    {
        ["/v1/sources/{id}"] = "/v1/sources",
        ["/v1/releases/{id}"] = "/v1/releases",
        ["/v1/datasets/{id}"] = "/v1/datasets",
        ["/v1/datasets/{id}/gaps"] = "/v1/datasets",
        ["/v1/{dataset}/download"] = "/v1/datasets (links.download*)",
        ["/feeds/{name}"] = "/v1/datasets/{id} (links.*Feed) and the front page",
        ["/problems/{name}"] = "/problems",
    };

    /// <summary>The path templates of the committed document that take path parameters.</summary>
    public static IReadOnlyList<string> Templates()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json")));
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.Contains('{') && p.Value.TryGetProperty("get", out _)).Select(p => p.Name).ToList();
    }

    /// <summary>The GET operations of the committed document without path parameters.</summary>
    public static IReadOnlyList<string> Parameterless()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json")));
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.Contains('{') && p.Value.TryGetProperty("get", out _)).Select(p => p.Name).ToList();
    }

    /// <summary>Every per-id URL, now: each listing walked to its last page.</summary>
    public static async Task<IReadOnlyList<string>> UrlsAsync(HttpClient client)
    {
        var urls = new List<string>();
        urls.AddRange((await WalkAsync(client, "/v1/sources?limit=1000")).Select(s => $"/v1/sources/{Uri.EscapeDataString(s.GetProperty("id").GetString()!)}"));
        urls.AddRange((await WalkAsync(client, "/v1/releases?limit=1000")).Select(r => $"/v1/releases/{r.GetProperty("id").GetInt64()}"));
        var feeds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dataset in await WalkAsync(client, "/v1/datasets"))
        {
            var id = dataset.GetProperty("id").GetString()!;
            urls.Add($"/v1/datasets/{id}");
            urls.Add($"/v1/datasets/{id}/gaps");
            using var detail = JsonDocument.Parse(await client.GetStringAsync($"/v1/datasets/{id}"));
            foreach (var link in detail.RootElement.GetProperty("links").EnumerateObject())
            {
                var href = link.Value.GetString()!;
                if (href.StartsWith("/feeds/", StringComparison.Ordinal)) feeds.Add(href);
                else if (link.Name.StartsWith("download", StringComparison.Ordinal)) urls.Add(href);
            }
        }
        foreach (Match feed in FeedLink().Matches(await client.GetStringAsync("/"))) feeds.Add(feed.Groups[1].Value);
        urls.AddRange(feeds);
        using (var problems = JsonDocument.Parse(await client.GetStringAsync("/problems")))
            urls.AddRange(problems.RootElement.EnumerateArray().Select(p => p.GetProperty("type").GetString()!));
        return urls;
    }

    /// <summary>The records of every page of a listing, following links.next.</summary>
    public static async Task<List<JsonElement>> WalkAsync(HttpClient client, string url)
    {
        var records = new List<JsonElement>();
        for (string? next = url; next is not null;)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(next));
            records.AddRange(page.RootElement.GetProperty("data").EnumerateArray().Select(r => r.Clone()));
            next = page.RootElement.GetProperty("links").GetProperty("next").GetString();
        }
        return records;
    }

    [GeneratedRegex("href=\"(/feeds/[^\"]+)\"")]
    private static partial Regex FeedLink();
}
