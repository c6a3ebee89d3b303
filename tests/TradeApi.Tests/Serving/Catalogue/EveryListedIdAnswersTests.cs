using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Serving.Catalogue;

/// <summary>
/// Every listed thing answers: each per-id GET, filled with every id its listing gives, answers 200 with a valid
/// document, in every state a listing can show (a source whose figures were all replaced, a release that changed no
/// figure, a dataset with no rows yet).
/// </summary>
public sealed class EveryListedIdAnswersTests
{
    [Fact]
    public void EveryPerIdGetOfTheDocumentHasAListing()
    {
        var templates = ListedReads.Templates();
        Assert.NotEmpty(templates);
        foreach (var template in templates)
            Assert.True(ListedReads.Listings.ContainsKey(template), $"{template} takes a path parameter: say in ListedReads where its ids are listed");
    }

    [Fact]
    public async Task EveryIdOfEveryListingAnswersOnTheSeed()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        var urls = await ListedReads.UrlsAsync(client);
        Assert.Equal(101, urls.Count(u => u.StartsWith("/v1/sources/", StringComparison.Ordinal)));
        Assert.Contains("/v1/sources/cepa-europes-edge-2025-05", urls);
        await AssertAllAnswerAsync(client, urls);
    }

    [Fact]
    public async Task EveryIdOfEveryListingAnswersOnADatabaseWithNoReleases()
    {
        await using var factory = ApiFactory.With(new Dictionary<string, string?> { ["Database:Seed"] = "false" });
        var client = factory.CreateClient();
        var urls = await ListedReads.UrlsAsync(client);
        Assert.Contains("/v1/datasets/trade/gaps", urls);
        Assert.Contains("/v1/trade/download?format=csv", urls);
        Assert.DoesNotContain(urls, u => u.StartsWith("/v1/sources/", StringComparison.Ordinal) || u.StartsWith("/v1/releases/", StringComparison.Ordinal));
        await AssertAllAnswerAsync(client, urls);

        // The datasets are listed though they hold no record yet, and every other read answers (a 4xx only where a parameter is required).
        var trade = JsonDocument.Parse(await client.GetStringAsync("/v1/datasets/trade")).RootElement;
        Assert.Equal(JsonValueKind.Null, trade.GetProperty("currentRelease").ValueKind);
        Assert.Equal(0, trade.GetProperty("coverage").GetProperty("observations").GetInt64());
        var records = JsonDocument.Parse(await client.GetStringAsync("/v1/trade")).RootElement;
        Assert.Equal(0, records.GetProperty("meta").GetProperty("release").GetInt64());
        Assert.Empty(records.GetProperty("data").EnumerateArray());
        // Not seeded on purpose: ready once migrated, so that a first release can be posted through a load balancer.
        using (var ready = await client.GetAsync("/health/ready"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        foreach (var url in ListedReads.Parameterless())
        {
            using var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"GET {url} answered {(int)response.StatusCode} on a database with no releases");
        }
    }

    [Fact]
    public async Task ASourceWhoseFiguresWereAllReplacedIsDescribedWithItsHistory()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        using var response = await client.GetAsync("/v1/sources/cepa-europes-edge-2025-05");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var source = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, source.GetProperty("observations").GetInt64());
        Assert.Equal(["trade"], source.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
        Assert.Empty(source.GetProperty("citedBodies").EnumerateArray());
        Assert.Equal("https://cepa.org/article/china-thanks-gas-station-manager-putin", source.GetProperty("url").GetString());
        Assert.Equal("cepa-org-2025-05", source.GetProperty("replacedBy").GetString());
        Assert.Equal([1L, 4L, 7L], source.GetProperty("releases").EnumerateArray().Select(r => r.GetInt64()));
        var revisions = source.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal([1L, 7L], revisions.Select(r => r.GetProperty("release").GetInt64()));
        Assert.Equal(JsonValueKind.Null, revisions[0].GetProperty("url").ValueKind);
        Assert.Equal("https://cepa.org/article/china-thanks-gas-station-manager-putin", revisions[1].GetProperty("url").GetString());

        // The feeds say that release 7 changed no figure, rather than "0 added ... periods none to none".
        var feed = await client.GetStringAsync("/feeds/releases.json");
        Assert.Contains("trade: no figure changed; sources named: cepa-europes-edge-2025-05", feed);

        // The listing says the same, without the revisions.
        var listed = (await ListedReads.WalkAsync(client, "/v1/sources?limit=1000")).Single(s => s.GetProperty("id").GetString() == "cepa-europes-edge-2025-05");
        Assert.Equal(0, listed.GetProperty("observations").GetInt64());
        Assert.False(listed.TryGetProperty("revisions", out _));
    }

    [Fact]
    public async Task AReleaseCorrectsASourceOnARowWhoseActionIsSource()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        using var writer = factory.CreateWriter();
        const string Header = "reporter,partner,flow,period,unit,action,sourceId,sourceTitle,sourceUrl,sourceKind,sourceReplacedBy\n";

        var refused = await PostAsync(writer, Header
            + ",,,,,source,no-such-source-2025,A title,,,\n"
            + ",,,,,source,bne-eu-2025-01-13,,,official,\n"
            + ",,,,,source,bne-eu-2025-01-13,,,,missing-source-2025\n"
            + ",,,,,rename,bne-eu-2025-01-13,,,,\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("names no existing source", refused.Body);
        Assert.Contains("cannot be corrected", refused.Body);
        Assert.Contains("must be one of: set", refused.Body);
        // Seed release 7 says cepa-org-2025-05 replaced cepa-europes-edge-2025-05: the reverse would make a loop.
        var loop = await PostAsync(writer, Header + ",,,,,source,cepa-org-2025-05,,,,cepa-europes-edge-2025-05\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, loop.Status);
        Assert.Contains("leads back to source 'cepa-org-2025-05'", loop.Body);
        // A brand-shares source is corrected by a brand-shares release, not a trade one.
        var other = await PostAsync(writer, Header + ",,,,,source,abnews-ru-2024-07-15,A title,,,\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Contains("no release of this dataset cited", other.Body);
        var missing = await PostAsync(writer, Header + ",,,,,source,bne-eu-2025-01-13,,,,missing-source-2025\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.Status);
        Assert.Contains("'missing-source-2025', which does not exist", missing.Body);

        var before = JsonDocument.Parse(await client.GetStringAsync("/v1/sources/bne-eu-2025-01-13")).RootElement;
        var corrected = await PostAsync(writer, Header + ",,,,,source,bne-eu-2025-01-13,A corrected title (test),,,\n");
        Assert.Equal(HttpStatusCode.Created, corrected.Status);
        var release = JsonDocument.Parse(corrected.Body).RootElement;
        Assert.Equal(0, release.GetProperty("added").GetInt64() + release.GetProperty("revised").GetInt64() + release.GetProperty("withdrawn").GetInt64());
        var id = release.GetProperty("id").GetInt64();

        var after = JsonDocument.Parse(await client.GetStringAsync("/v1/sources/bne-eu-2025-01-13")).RootElement;
        Assert.Equal("A corrected title (test)", after.GetProperty("title").GetString());
        Assert.Equal(before.GetProperty("url").GetString(), after.GetProperty("url").GetString());
        Assert.Equal(before.GetProperty("observations").GetInt64(), after.GetProperty("observations").GetInt64());
        var revisions = after.GetProperty("revisions").EnumerateArray().ToList();
        Assert.Equal(2, revisions.Count);
        Assert.Equal(before.GetProperty("title").ValueKind == JsonValueKind.Null ? null : before.GetProperty("title").GetString(),
            revisions[0].GetProperty("title").ValueKind == JsonValueKind.Null ? null : revisions[0].GetProperty("title").GetString());
        Assert.Equal(id, revisions[1].GetProperty("release").GetInt64());
        Assert.Contains(id, after.GetProperty("releases").EnumerateArray().Select(r => r.GetInt64()));
        var changed = JsonDocument.Parse(await client.GetStringAsync($"/v1/releases/{id}")).RootElement;
        Assert.Equal(["bne-eu-2025-01-13"], changed.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));

        await AssertAllAnswerAsync(client, await ListedReads.UrlsAsync(client));
    }

    [Fact]
    public async Task ASourceWhoseFiguresAreWithdrawnStillAnswers()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        using var writer = factory.CreateWriter();
        var added = await PostAsync(writer,
            "reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId,sourcePublisher,sourceUrl,sourcePublished\n"
            + "CN,RU,total,2031,1000000000,USD,GACC,reported,test-outlet-2031-01-01,Test outlet,https://example.org/a,2031-01-01\n");
        Assert.Equal(HttpStatusCode.Created, added.Status);
        var withdrawn = await PostAsync(writer, "reporter,partner,flow,period,unit,action,sourceId\nCN,RU,total,2031,USD,withdraw,test-outlet-2031-01-01\n");
        Assert.Equal(HttpStatusCode.Created, withdrawn.Status);

        var source = JsonDocument.Parse(await client.GetStringAsync("/v1/sources/test-outlet-2031-01-01")).RootElement;
        Assert.Equal(0, source.GetProperty("observations").GetInt64());
        Assert.Equal("https://example.org/a", source.GetProperty("url").GetString());
        Assert.Equal(2, source.GetProperty("releases").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, source.GetProperty("replacedBy").ValueKind);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient writer, string csv)
    {
        using var response = await writer.PostAsync("/v1/releases?dataset=trade&title=sources", new StringContent(csv, Encoding.UTF8, "text/csv"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Each URL answers 200 with a document of its type that parses.</summary>
    internal static async Task AssertAllAnswerAsync(HttpClient client, IEnumerable<string> urls, string? after = null)
    {
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK,
                $"GET {url} answered {(int)response.StatusCode}{(after is null ? "" : $" after\n{after}")}\n{Encoding.UTF8.GetString(body)}");
            AssertValid(url, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    private static void AssertValid(string url, string? mediaType, byte[] body)
    {
        switch (mediaType)
        {
            case "application/json" or "application/problem+json" or "application/feed+json":
                JsonDocument.Parse(body).Dispose();
                break;
            case "application/x-ndjson":
                foreach (var line in Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries)) JsonDocument.Parse(line).Dispose();
                break;
            case "application/atom+xml":
                Assert.Equal("feed", XDocument.Parse(Encoding.UTF8.GetString(body)).Root!.Name.LocalName);
                break;
            case "text/csv":
                Assert.Contains('\n', Encoding.UTF8.GetString(body));
                break;
            case "application/vnd.apache.parquet":
                Assert.True(body.AsSpan(0, 4).SequenceEqual("PAR1"u8) && body.AsSpan(body.Length - 4).SequenceEqual("PAR1"u8), $"GET {url}: not a Parquet file");
                break;
            default:
                Assert.Fail($"GET {url} answered an unexpected media type '{mediaType}'");
                break;
        }
    }
}
