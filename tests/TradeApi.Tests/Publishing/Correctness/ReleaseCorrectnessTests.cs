using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Correctness;

/// <summary>Regression tests for the reproduced defects of issue 12, one per item, each through HTTP on a fresh database.</summary>
public sealed class ReleaseCorrectnessTests
{
    private static StringContent Csv(string body) => new(body, Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private const string Trade = "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId";

    [Fact]
    public async Task ABrandNameDifferingOnlyInCaseJoinsTheListedBrand()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        using var posted = await writer.PostAsync("/v1/releases?dataset=brand-shares&title=case",
            Csv("market,segment,period,brand,origin,units,citedBody,confidence,sourceId\nRU,new-cars,2025-06,LADA,RU,100,Autostat,reported,rt-com-2024-01-13\n"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var row = Assert.Single((await reader.GetJson("/v1/brand-shares?period=2025-06&brand=lada")).Data());
        Assert.Equal("Lada", row.GetProperty("brand").GetString());
        await reader.GetJson("/v1/brand-shares");
        await reader.GetJson("/v1/brand-shares/history");
        await reader.GetJson("/v1/brand-shares?as_of=2");
        var brands = (await reader.GetJson("/v1/datasets/brand-shares")).GetProperty("dimensions").EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == "brand").GetProperty("codes").EnumerateArray()
            .Select(c => c.GetProperty("code").GetString()!).ToList();
        Assert.Single(brands, b => string.Equals(b, "lada", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AsOfATimeIncludesExactlyTheReleasesPublishedByThen()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        using var first = await writer.PostAsync("/v1/releases?dataset=trade&title=2044",
            Csv($"{Trade}\nCN,RU,total,2044,1000,USD,,GACC,reported,,bne-eu-2025-01-13\n"));
        using var second = await writer.PostAsync("/v1/releases?dataset=trade&title=2045",
            Csv($"{Trade}\nCN,RU,total,2045,1000,USD,,GACC,reported,,bne-eu-2025-01-13\n"));
        var a = await Json(first);
        var b = await Json(second);
        var releases = (await reader.GetJson("/v1/releases")).Data().Select(r => (Id: r.GetProperty("id").GetInt64(), At: r.GetProperty("releasedAt").GetString()!))
            .OrderBy(r => r.Id).ToList();
        var times = releases.Select(r => DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times); // times follow release numbers

        var at = a.GetProperty("releasedAt").GetString()!;
        var asOfFirst = await reader.GetJson($"/v1/trade?from=2044&as_of={Uri.EscapeDataString(at)}");
        Assert.Equal(a.GetProperty("id").GetInt64(), asOfFirst.GetProperty("meta").GetProperty("release").GetInt64());
        Assert.Equal(["2044"], asOfFirst.Data().Select(r => r.GetProperty("period").GetString()));
        var justBefore = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).AddTicks(-10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        Assert.Empty((await reader.GetJson($"/v1/trade?from=2044&as_of={Uri.EscapeDataString(justBefore)}")).Data());
        Assert.Equal(2, (await reader.GetJson($"/v1/trade?from=2044&as_of={Uri.EscapeDataString(b.GetProperty("releasedAt").GetString()!)}")).Data().Count);

        // A date means the end of that day whether or not it carries a Z.
        var day = at[..10];
        Assert.Equal((await reader.GetJson($"/v1/trade?from=2044&as_of={day}")).GetProperty("meta").GetProperty("release").GetInt64(),
            (await reader.GetJson($"/v1/trade?from=2044&as_of={day}Z")).GetProperty("meta").GetProperty("release").GetInt64());
    }

    [Fact]
    public async Task PagingThroughTiedSpansYieldsEveryRow()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        var periods = new[] { "2040", "2040-01..2040-12", "2040-Q1", "2040-01..2040-03", "2040-01", "2040-01..2040-01" };
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=ties",
            Csv(Trade + "\n" + string.Concat(periods.Select((p, i) => $"CN,RU,total,{p},{1000 + i},USD,,GACC,reported,,bne-eu-2025-01-13\n"))));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var all = (await reader.GetJson("/v1/trade?from=2040")).Data().Select(r => r.GetProperty("period").GetString()).ToList();
        Assert.Equal(6, all.Count);
        var walked = new List<string?>();
        string? next = "/v1/trade?from=2040&limit=1";
        while (next is not null)
        {
            var page = await reader.GetJson(next);
            walked.AddRange(page.Data().Select(r => r.GetProperty("period").GetString()));
            var link = page.GetProperty("links").GetProperty("next");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
        }
        Assert.Equal(all, walked);
    }

    [Theory]
    [InlineData("format=csv", "text/csv")]
    [InlineData("format=ndjson", "application/x-ndjson")]
    [InlineData("format=csv&download=1", "text/csv")]
    public async Task TheNextLinkOfACsvOrNdjsonPageKeepsItsFormat(string format, string mediaType)
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var first = await reader.GetAsync($"/v1/trade?limit=5&{format}");
        var link = first.Headers.GetValues("Link").Single(l => l.EndsWith("rel=\"next\""));
        var next = link[1..link.IndexOf('>')];
        Assert.Contains(format, next);
        using var second = await reader.GetAsync(next);
        Assert.Equal(mediaType, second.Content.Headers.ContentType?.MediaType);
        if (format.Contains("download")) Assert.NotNull(second.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task ExtremeNumbersAreRefusedOrServedAsValidJson()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        using var huge = await writer.PostAsync("/v1/releases?dataset=trade&title=huge",
            Csv($"{Trade}\nCN,RU,total,2061,1e300,USD,,GACC,reported,,bne-eu-2025-01-13\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Contains("value", (await Json(huge)).GetProperty("errors")[0].GetProperty("column").GetString());

        using var tiny = await writer.PostAsync("/v1/releases?dataset=trade&title=tiny",
            Csv($"{Trade}\nCN,RU,total,2060,1e-10,USD,,GACC,reported,,bne-eu-2025-01-13\nCN,RU,total,2061,1e15,USD,,GACC,reported,,bne-eu-2025-01-13\n"));
        Assert.Equal(HttpStatusCode.Created, tiny.StatusCode);
        var y2061 = Assert.Single((await reader.GetJson("/v1/trade?period=2061")).Data());
        // 1e15 over 1e-10 is finite but far outside the documented -100 to 100,000 percent: unavailable, as over a zero base.
        Assert.Equal("unavailable", y2061.GetProperty("yoyChangeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, y2061.GetProperty("yoyChangePct").ValueKind);
        await reader.GetJson("/v1/trade");
        using var csv = await reader.GetAsync("/v1/trade?format=csv");
        Assert.DoesNotContain("Infinity", await csv.Content.ReadAsStringAsync());

        using var units = await writer.PostAsync("/v1/releases?dataset=brand-shares&title=units",
            Csv("market,segment,period,brand,origin,units,citedBody,confidence,sourceId\nRU,new-cars,2025-06,Lada,RU,1e300,Autostat,reported,rt-com-2024-01-13\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, units.StatusCode);
        await reader.GetJson("/v1/brand-shares/by-origin");
    }

    [Fact]
    public async Task TwoReleasesDescribingTheSameNewSourceAtOnceAreBothAccepted()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        const string source = "race-src,Race publisher,,https://example.org/race,2025-01-01,news";
        var big = new StringBuilder("reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind\n");
        for (var month = 0; month < 2400; month++)
            big.Append(CultureInfo.InvariantCulture, $"CN,RU,export,{1900 + month / 12}-{month % 12 + 1:D2},{month + 1},USD,,GACC,reported,,{source}\n");
        var small = $"reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind\nCN,RU,import,2030,5,USD,,GACC,reported,,{source}\n";
        var responses = await Task.WhenAll(
            writer.PostAsync("/v1/releases?dataset=trade&title=big", Csv(big.ToString())),
            writer.PostAsync("/v1/releases?dataset=trade&title=small", Csv(small)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var described = (await factory.CreateClient().GetJson("/v1/sources/race-src"));
        Assert.Equal("Race publisher", described.GetProperty("publisher").GetString());
    }

    [Fact]
    public async Task AnIdempotencyKeyUsedForARepeatAnswersConflictForOtherContent()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        async Task<HttpResponseMessage> Post(string body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=idem") { Content = Csv(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await writer.SendAsync(request);
        }
        var content = $"{Trade}\nCN,RU,total,2050,1,USD,,GACC,reported,,bne-eu-2025-01-13\n";
        using var created = await Post(content, "k1");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var repeat = await Post(content, "k2");
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        using var other = await Post(content.Replace(",1,USD", ",2,USD"), "k2");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);

        // Racing: the same (larger) content under eight new keys at once. One request writes it; the others find it
        // before or inside the write transaction, and every key is recorded either way.
        var rows = string.Concat(Enumerable.Range(0, 1200).Select(i => $"CN,RU,total,{1900 + i / 12}-{i % 12 + 1:00},{i + 1},USD,,GACC,reported,,bne-eu-2025-01-13\n"));
        var raced = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Post($"{Trade}\n{rows}", $"race-{i}")));
        Assert.Single(raced, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(raced, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        for (var i = 1; i <= 8; i++)
        {
            using var reused = await Post(content.Replace(",1,USD", ",3,USD"), $"race-{i}");
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }
    }

    [Theory]
    [InlineData("/v1/currency-shares?cursor=WzEsNV0")]            // [1,5]: a release of another dataset
    [InlineData("/v1/currency-shares?cursor=Wzk5OTk5LDVd")]       // [99999,5]
    [InlineData("/v1/trade?cursor=Wzk5OTk5LDEsMSwiQSIsIkNOIiwiUlUiLCJ0b3RhbCIsIlVTRCIsMV0")]
    public async Task ACursorThatNamesNoReleaseOfTheDatasetIsRefused(string url)
    {
        await using var factory = new ApiFactory();
        await factory.CreateClient().GetProblem(url, HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task StatementsByDifferentOfficialsAreDifferentFigures()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        const string header = "country,counterpart,direction,period,currency,sharePct,qualifier,kind,statedBy,statedAs,citedBody,confidence,sourceId";
        using var two = await writer.PostAsync("/v1/releases?dataset=currency-shares&title=two",
            Csv($"{header}\nRU,CN,all,2030-01,RUB_CNY,95,about,statement,Official A,about 95%,Kremlin,reported,rt-com-2024-01-13\n" +
                "RU,CN,all,2030-01,RUB_CNY,96,,statement,Official B,96%,Kremlin,reported,rt-com-2024-01-13\n"));
        Assert.Equal(HttpStatusCode.Created, two.StatusCode);
        using var third = await writer.PostAsync("/v1/releases?dataset=currency-shares&title=third",
            Csv($"{header}\nRU,CN,all,2030-01,RUB_CNY,97,,statement,Official C,97%,Kremlin,reported,rt-com-2024-01-13\n"));
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal(1, (await Json(third)).GetProperty("added").GetInt64());
        var rows = (await reader.GetJson("/v1/currency-shares?period=2030-01")).Data();
        Assert.Equal(["Official A", "Official B", "Official C"], rows.Select(r => r.GetProperty("statedBy").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("preferred").GetBoolean()));
    }

    [Fact]
    public async Task AJsonBodyWithAByteOrderMarkIsAccepted()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        var json = """[{"reporter":"CN","partner":"RU","flow":"total","period":"2051","value":1,"unit":"USD","citedBody":"GACC","confidence":"reported","sourceId":"bne-eu-2025-01-13"}]""";
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)]);
        content.Headers.ContentType = new("application/json");
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=bom", content);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
    }

    /// <summary>NDJSON, the API's third export format, is a release body too: one record per line, problems by line.</summary>
    [Fact]
    public async Task AnNdjsonBodyIsAReleaseWithProblemsNamedByLine()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        const string Row = "{\"reporter\":\"CN\",\"partner\":\"RU\",\"flow\":\"total\",\"period\":\"PERIOD\",\"value\":VALUE,\"unit\":\"USD\",\"citedBody\":\"GACC\",\"confidence\":\"reported\",\"sourceId\":\"bne-eu-2025-01-13\"}";
        async Task<HttpResponseMessage> Post(string body)
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new("application/x-ndjson");
            return await writer.PostAsync("/v1/releases?dataset=trade&title=ndjson", content);
        }
        using var bad = await Post(Row.Replace("PERIOD", "2052").Replace("VALUE", "1") + "\n\n{not json\n" + Row.Replace("PERIOD", "2053").Replace("VALUE", "-5") + "\n");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("message").GetString()!.Contains("not valid JSON"));

        using var posted = await Post(Row.Replace("PERIOD", "2052").Replace("VALUE", "1") + "\r\n" + Row.Replace("PERIOD", "2053").Replace("VALUE", "2") + "\r\n");
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("added").GetInt64());

        // The NDJSON export of what was posted, posted back, changes nothing.
        using var reader = factory.CreateClient();
        var export = await reader.GetStringAsync("/v1/trade?from=2052&format=ndjson");
        using var back = await Post(export);
        Assert.True(back.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);
        var again = JsonDocument.Parse(await back.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, again.GetProperty("added").GetInt64() + again.GetProperty("revised").GetInt64() + again.GetProperty("withdrawn").GetInt64());
    }

    [Fact]
    public async Task HashKeyTouchesNoDatabase()
    {
        var folder = Directory.CreateTempSubdirectory("tradeapi-hash-key").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), "hash-key", "secret"])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = folder,
            Environment = { ["Database__Path"] = Path.Combine(folder, "never.db") },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(64, output.Trim().Length);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }
}
