using System.Net;
using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using Parquet;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Serving.Feeds;

/// <summary>The public data feed: release feeds, changes since a release, whole-release downloads, and CORS.</summary>
public sealed class PublicFeedTests
{
    private static StringContent Csv(string body) => new(body, Encoding.UTF8, "text/csv");

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Trade = "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId";

    private static async Task<long> PostAsync(HttpClient writer, string title, string body)
    {
        using var response = await writer.PostAsync($"/v1/releases?dataset=trade&title={Uri.EscapeDataString(title)}", Csv(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task ANewReleaseAppearsInBothFeedsWithWorkingLinks()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        using var before = await reader.GetAsync("/feeds/releases.atom");
        var etag = before.Headers.ETag!.Tag;
        var id = await PostAsync(writer, "GACC revision", $"{Trade}\nCN,RU,total,2024,244819000000,USD,1.9,GACC (China customs),reported,,bne-eu-2025-01-13\n");

        foreach (var path in new[] { "/feeds/releases.atom", "/feeds/trade.atom" })
        {
            using var response = await reader.GetAsync(path);
            Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
            using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync());
            var feed = SyndicationFeed.Load(xml);
            var entry = feed.Items.First();
            Assert.StartsWith("tag:", entry.Id);
            Assert.EndsWith($":release/{id}", entry.Id);
            Assert.Equal("GACC revision", entry.Title.Text);
            Assert.Contains("1 revised", entry.Summary.Text);
            // 2025 changes too: its computed change now names bne (the revised 2024 figure, as precise as RIA's and earlier) as its base.
            Assert.Contains("periods 2024 to 2025", entry.Summary.Text);
            Assert.Contains("bne-eu-2025-01-13", entry.Summary.Text);
            foreach (var link in entry.Links)
            {
                using var followed = await reader.GetAsync(link.Uri.PathAndQuery);
                Assert.True(followed.StatusCode == HttpStatusCode.OK, $"{link.Uri}: {(int)followed.StatusCode}");
            }
        }
        Assert.DoesNotContain($":release/{id}<", await (await reader.GetAsync("/feeds/brand-shares.atom")).Content.ReadAsStringAsync());
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/feeds/releases.atom");
        changed.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(changed)).StatusCode);

        foreach (var path in new[] { "/feeds/releases.json", "/feeds/trade.json" })
        {
            using var response = await reader.GetAsync(path);
            Assert.Equal("application/feed+json", response.Content.Headers.ContentType?.MediaType);
            var feed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("https://jsonfeed.org/version/1.1", feed.GetProperty("version").GetString());
            Assert.False(string.IsNullOrEmpty(feed.GetProperty("title").GetString()));
            var item = feed.GetProperty("items")[0];
            Assert.EndsWith($":release/{id}", item.GetProperty("id").GetString());
            Assert.False(string.IsNullOrEmpty(item.GetProperty("content_text").GetString()));
            Assert.True(DateTimeOffset.TryParse(item.GetProperty("date_published").GetString(), out _));
            foreach (var url in new[] { item.GetProperty("url").GetString()!, item.GetProperty("_tradeapi").GetProperty("changes").GetString()!,
                         item.GetProperty("_tradeapi").GetProperty("data").GetString()! })
            {
                using var followed = await reader.GetAsync(new Uri(url).PathAndQuery);
                Assert.True(followed.StatusCode == HttpStatusCode.OK, $"{url}: {(int)followed.StatusCode}");
            }
        }
        using var revalidated = new HttpRequestMessage(HttpMethod.Get, "/feeds/releases.json");
        var jsonTag = (await reader.GetAsync("/feeds/releases.json")).Headers.ETag!.Tag;
        revalidated.Headers.TryAddWithoutValidation("If-None-Match", jsonTag);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(revalidated)).StatusCode);

        // The dataset endpoints point to their feeds.
        using var data = await reader.GetAsync("/v1/trade?flow=total");
        Assert.Contains(data.Headers.GetValues("Link"), l => l.Contains("</feeds/trade.atom>; rel=\"alternate\""));
    }

    private static async Task<Dictionary<string, JsonElement>> Download(HttpClient reader, string url)
    {
        var body = await reader.GetStringAsync(url);
        return body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToDictionary(Key);
    }

    private static string Key(JsonElement r) => string.Join("|", new[] { "reporter", "partner", "flow", "unit", "period", "sourceId" }
        .Select(f => r.GetProperty(f).GetString()));

    [Fact]
    public async Task ADownloadPlusTheChangesSinceItEqualsTheLatestDownload()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        var atOne = await Download(reader, "/v1/trade/download?format=ndjson&as_of=1");
        await PostAsync(writer, "revise and add", $"{Trade}\nCN,RU,total,2024,244819000000,USD,1.9,GACC (China customs),reported,,bne-eu-2025-01-13\n" +
            "CN,RU,total,2012,88200000000,USD,,GACC (China customs),reported,test figure,bne-eu-2025-01-13\n");
        using var withdraw = await writer.PostAsync("/v1/releases?dataset=trade&title=withdraw",
            Csv("reporter,partner,flow,period,unit,sourceId,action\nRU,CN,total,2010,USD,news-windowstorussia-com-2011-08-27,withdraw\n"));
        Assert.True(withdraw.StatusCode == HttpStatusCode.Created, await withdraw.Content.ReadAsStringAsync());

        var changes = new List<JsonElement>();
        string? next = "/v1/changes?dataset=trade&since=1&limit=3&format=ndjson";
        while (next is not null)
        {
            using var page = await reader.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            changes.AddRange((await page.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement.Clone()));
            var link = page.Headers.TryGetValues("Link", out var links) ? links.FirstOrDefault(l => l.EndsWith("rel=\"next\"")) : null;
            next = link is null ? null : link[1..link.IndexOf('>')];
        }
        Assert.Contains(changes, c => c.GetProperty("change").GetString() == "added" && c.GetProperty("period").GetString() == "2012");
        Assert.Contains(changes, c => c.GetProperty("change").GetString() == "withdrawn" && c.GetProperty("reporter").GetString() == "RU");
        var revised = Assert.Single(changes, c => c.GetProperty("change").GetString() == "revised" && c.GetProperty("period").GetString() == "2024"
            && c.GetProperty("flow").GetString() == "total" && c.GetProperty("sourceId").GetString() == "bne-eu-2025-01-13");
        Assert.Equal(244_810_000_000d, revised.GetProperty("oldValue").GetDouble());
        Assert.Equal(244_819_000_000d, revised.GetProperty("value").GetDouble());

        foreach (var change in changes)
        {
            var record = JsonDocument.Parse(JsonSerializer.Serialize(change.EnumerateObject()
                .Where(p => p.Name is not ("change" or "changedIn") && !p.Name.StartsWith("old", StringComparison.Ordinal))
                .ToDictionary(p => p.Name, p => p.Value), Relaxed)).RootElement.Clone();
            if (change.GetProperty("change").GetString() == "withdrawn") Assert.True(atOne.Remove(Key(record)));
            else atOne[Key(record)] = record;
        }
        var latest = await Download(reader, "/v1/trade/download?format=ndjson");
        Assert.Equal(latest.Keys.Order(), atOne.Keys.Order());
        foreach (var (key, record) in latest) Assert.Equal(record.GetRawText(), atOne[key].GetRawText());
    }

    [Fact]
    public async Task ARevisedChangeGivesTheOldValueOfEveryFieldThatCanChange()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        var since = (await reader.GetJson("/v1/releases")).GetProperty("data").EnumerateArray().Max(r => r.GetProperty("id").GetInt64());
        // The same value with the source's qualifier, and one more version of the period from another source.
        await PostAsync(writer, "qualifier and a version", "reporter,partner,flow,period,value,unit,qualifier,yoyChangePct,citedBody,confidence,sourceId\n"
            + "CN,RU,total,2024,244810000000,USD,about,1.9,GACC (China customs),reported,bne-eu-2025-01-13\n"
            + "CN,RU,total,2024,244800000000,USD,,,GACC (China customs),weak,clv-development-org-2009-10\n");

        var changes = (await reader.GetJson($"/v1/changes?dataset=trade&since={since}")).Data()
            .Where(c => c.GetProperty("period").GetString() == "2024" && c.GetProperty("unit").GetString() == "USD" && c.GetProperty("flow").GetString() == "total").ToList();
        var qualified = Assert.Single(changes, c => c.GetProperty("sourceId").GetString() == "bne-eu-2025-01-13");
        Assert.Equal("revised", qualified.GetProperty("change").GetString());
        Assert.Equal(qualified.GetProperty("value").GetDouble(), qualified.GetProperty("oldValue").GetDouble());
        Assert.Equal((JsonValueKind.Null, "about"), (qualified.GetProperty("oldQualifier").ValueKind, qualified.GetProperty("qualifier").GetString()));
        Assert.Equal(qualified.GetProperty("versions").GetInt32() - 1, qualified.GetProperty("oldVersions").GetInt32());
        Assert.True(qualified.GetProperty("oldRelease").GetInt64() <= since);
        // Another source's figure only gained a sibling version: what changed is its versions count, and it says so.
        var sibling = Assert.Single(changes, c => c.GetProperty("sourceId").GetString() == "ria-ru-2025-08-29");
        Assert.Equal((sibling.GetProperty("value").GetDouble(), sibling.GetProperty("versions").GetInt32() - 1),
            (sibling.GetProperty("oldValue").GetDouble(), sibling.GetProperty("oldVersions").GetInt32()));
        var added = Assert.Single(changes, c => c.GetProperty("sourceId").GetString() == "clv-development-org-2009-10");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (added.GetProperty("oldVersions").ValueKind, added.GetProperty("oldQualifier").ValueKind));
        // The key and the period never change, so they have no old value.
        Assert.False(qualified.TryGetProperty("oldPeriod", out _) || qualified.TryGetProperty("oldSourceId", out _) || qualified.TryGetProperty("oldFreq", out _));

        // CSV and NDJSON carry the same old fields.
        var csv = (await reader.GetStringAsync($"/v1/changes?dataset=trade&since={since}&format=csv")).Split('\n')[0].Split(',');
        Assert.Contains("oldQualifier", csv);
        Assert.Contains("oldVersions", csv);
        Assert.Contains("oldPreferred", csv);
        var ndjson = (await reader.GetStringAsync($"/v1/changes?dataset=trade&since={since}&format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Single(c => c.GetProperty("sourceId").GetString() == "bne-eu-2025-01-13" && c.GetProperty("period").GetString() == "2024");
        Assert.Equal(JsonValueKind.Null, ndjson.GetProperty("oldQualifier").ValueKind);
    }

    private static async Task<List<string>> PageAsync(HttpClient reader, string first)
    {
        var lines = new List<string>();
        string? next = first;
        while (next is not null)
        {
            using var page = await reader.GetAsync(next);
            lines.AddRange((await page.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            var link = page.Headers.GetValues("Link").FirstOrDefault(l => l.EndsWith("rel=\"next\""));
            next = link is null ? null : link[1..link.IndexOf('>')];
        }
        return lines;
    }

    [Fact]
    public async Task PagingThroughLinkHeadersYieldsExactlyTheRowsOfTheDownload()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        // Brand shares list in one listing: the same rows in the same order.
        Assert.Equal(await PageAsync(reader, "/v1/brand-shares?versions=all&limit=4&format=ndjson"),
            (await reader.GetStringAsync("/v1/brand-shares/download?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // Trade lists one basis at a time: both bases together are the download.
        var paged = (await PageAsync(reader, "/v1/trade?versions=all&limit=17&format=ndjson"))
            .Concat(await PageAsync(reader, "/v1/trade?versions=all&basis=CNY&limit=3&format=ndjson")).Order(StringComparer.Ordinal).ToList();
        using var download = await reader.GetAsync("/v1/trade/download?format=ndjson");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(paged, Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(bytes))}:", download.Headers.GetValues("Content-Digest").Single());
        Assert.Equal("tradeapi-trade-release-7.ndjson", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("max-age=300", download.Headers.CacheControl!.ToString());

        using var pinned = await reader.GetAsync("/v1/trade/download?format=csv&as_of=1");
        Assert.Equal("public, max-age=31536000, immutable", pinned.Headers.CacheControl!.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, "/v1/trade/download?format=csv&as_of=1");
        again.Headers.TryAddWithoutValidation("If-None-Match", pinned.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(again)).StatusCode);

        // gzip for a client that takes it: the same bytes once decompressed, several times smaller, an ETag and a
        // digest of its own; Accept chooses the format when format= is absent.
        var plain = await reader.GetByteArrayAsync("/v1/trade/download?format=csv&as_of=1");
        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/v1/trade/download?format=csv&as_of=1");
        zipped.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var gz = await reader.SendAsync(zipped);
        Assert.Equal("gzip", gz.Content.Headers.ContentEncoding.Single());
        Assert.Contains("Accept-Encoding", gz.Headers.Vary);
        var gzBytes = await gz.Content.ReadAsByteArrayAsync();
        Assert.True(gzBytes.Length * 4 < plain.Length, $"gzip {gzBytes.Length} bytes against {plain.Length}");
        using (var inflated = new MemoryStream())
        {
            await new System.IO.Compression.GZipStream(new MemoryStream(gzBytes), System.IO.Compression.CompressionMode.Decompress).CopyToAsync(inflated);
            Assert.Equal(plain, inflated.ToArray());
        }
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(gzBytes))}:", gz.Headers.GetValues("Content-Digest").Single());
        Assert.NotEqual(pinned.Headers.ETag!.Tag, gz.Headers.ETag!.Tag);
        using var byAccept = new HttpRequestMessage(HttpMethod.Get, "/v1/trade/download?as_of=1");
        byAccept.Headers.TryAddWithoutValidation("Accept", "application/x-ndjson");
        using var ndjson = await reader.SendAsync(byAccept);
        Assert.Equal("application/x-ndjson", ndjson.Content.Headers.ContentType?.MediaType);
        Assert.Equal("tradeapi-trade-release-1.ndjson", ndjson.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var parquetByAccept = new HttpRequestMessage(HttpMethod.Get, "/v1/trade/download?as_of=1");
        parquetByAccept.Headers.TryAddWithoutValidation("Accept", "application/vnd.apache.parquet");
        using var parquet = await reader.SendAsync(parquetByAccept);
        Assert.Equal("application/vnd.apache.parquet", parquet.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", parquet.Headers.Vary);   // a shared cache must not hand this file to a CSV client
    }

    [Fact]
    public async Task TheParquetDownloadReadsBackWithTheSameRows()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        var rows = (await reader.GetStringAsync("/v1/brand-shares/download?format=ndjson"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        using var response = await reader.GetAsync("/v1/brand-shares/download?format=parquet");
        Assert.Equal("application/vnd.apache.parquet", response.Content.Headers.ContentType?.MediaType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        await using var parquet = await ParquetReader.CreateAsync(stream);
        var fields = parquet.Schema.GetDataFields();
        Assert.Equal(rows[0].EnumerateObject().Select(p => p.Name), fields.Select(f => f.Name));
        var columns = fields.ToDictionary(f => f.Name, _ => new List<object?>());
        for (var g = 0; g < parquet.RowGroupCount; g++)
        {
            using var group = parquet.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            foreach (var field in fields)
            {
                if (field.ClrType == typeof(double))
                {
                    var numbers = new double?[count];
                    await group.ReadAsync<double>(field, numbers.AsMemory());
                    columns[field.Name].AddRange(numbers.Cast<object?>());
                }
                else if (field.ClrType == typeof(long))
                {
                    var integers = new long?[count];
                    await group.ReadAsync<long>(field, integers.AsMemory());
                    columns[field.Name].AddRange(integers.Cast<object?>());
                }
                else if (field.ClrType == typeof(bool))
                {
                    var flags = new bool?[count];
                    await group.ReadAsync<bool>(field, flags.AsMemory());
                    columns[field.Name].AddRange(flags.Cast<object?>());
                }
                else
                {
                    var text = new string?[count];
                    await group.ReadAsync(field, text.AsMemory());
                    columns[field.Name].AddRange(text);
                }
            }
        }
        Assert.Equal(rows.Count, columns["brand"].Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].GetProperty("brand").GetString(), columns["brand"][i]);
            Assert.Equal(rows[i].GetProperty("units").ValueKind == JsonValueKind.Null ? null : rows[i].GetProperty("units").GetInt64(), columns["units"][i]);
            Assert.Equal(rows[i].GetProperty("sharePct").ValueKind == JsonValueKind.Null ? null : rows[i].GetProperty("sharePct").GetDouble(), columns["sharePct"][i]);
            Assert.Equal(rows[i].GetProperty("preferred").GetBoolean(), columns["preferred"][i]);
        }
    }

    [Fact]
    public async Task EveryPublicReadAnswersAnyOriginAndWritesDoNot()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        async Task<HttpResponseMessage> Send(HttpMethod method, string url, params (string, string)[] headers)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Add("Origin", "https://partner.example");
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            return await client.SendAsync(request);
        }
        using var preflight = await Send(HttpMethod.Options, "/v1/trade?format=csv", ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "If-None-Match"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", preflight.Headers.GetValues("Access-Control-Allow-Methods").Single());

        foreach (var url in new[] { "/v1/trade?format=csv", "/v1/trade?flwo=1", "/feeds/releases.atom", "/v1/trade?limit=abc", "/v1/nothing-here" })
        {
            using var response = await Send(HttpMethod.Get, url);
            Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"), $"{url} ({(int)response.StatusCode}) allows any origin");
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
            var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").Single();
            foreach (var header in new[] { "Link", "ETag", "Last-Modified", "Content-Disposition", "Retry-After", "RateLimit", "RateLimit-Policy" })
                Assert.Contains(header, exposed);
        }
        using var first = await Send(HttpMethod.Get, "/v1/trade");
        using var notModified = await Send(HttpMethod.Get, "/v1/trade", ("If-None-Match", first.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("*", notModified.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var writePreflight = await Send(HttpMethod.Options, "/v1/releases", ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "X-Api-Key"));
        Assert.False(writePreflight.Headers.Contains("Access-Control-Allow-Origin"));

        // The same headers without Origin: a shared cache may store a copy fetched by curl and hand it to a browser.
        foreach (var url in new[] { "/v1/trade", "/v1/trade?format=csv", "/v1/trade?flwo=1" })
        {
            using var plain = await client.GetAsync(url);
            Assert.Equal("*", plain.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.DoesNotContain("Origin", plain.Headers.Vary);
        }
    }
}
