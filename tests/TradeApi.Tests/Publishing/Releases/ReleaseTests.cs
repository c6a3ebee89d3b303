using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Releases;

public sealed class ReleaseTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _reader = factory.CreateClient();
    private readonly HttpClient _writer = factory.CreateWriter();

    private const string Header = "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId";

    private static StringContent Csv(string body) => new(body, Encoding.UTF8, "text/csv");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<long> ReleaseCount() => (await _reader.GetJson("/v1/releases?limit=1000")).Data().Count;

    private static double Value(JsonElement page, string sourceId) =>
        Assert.Single(page.Data(), r => r.GetProperty("sourceId").GetString() == sourceId).GetProperty("value").GetDouble();

    [Fact]
    public async Task ARevisionKeepsTheOldValueForAsOfAndHistory()
    {
        using var response = await _writer.PostAsync("/v1/releases?dataset=trade&title=GACC%202024%20revised",
            Csv($"{Header}\nCN,RU,total,2024,244819000000,USD,1.9,GACC (China customs),reported,RIA's precise figure,bne-eu-2025-01-13\n"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var release = await Json(response);
        var id = release.GetProperty("id").GetInt64();
        Assert.Equal($"/v1/releases/{id}", response.Headers.Location?.ToString());
        Assert.Equal(0, release.GetProperty("added").GetInt64());
        Assert.Equal(1, release.GetProperty("revised").GetInt64());
        Assert.Equal(["bne-eu-2025-01-13"], release.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));

        var latest = await _reader.GetJson("/v1/trade?flow=total&period=2024&source=bne-eu-2025-01-13");
        Assert.Equal(244_819_000_000d, Value(latest, "bne-eu-2025-01-13"));
        Assert.Equal(id, latest.GetProperty("meta").GetProperty("release").GetInt64());

        var before = await _reader.GetJson("/v1/trade?flow=total&period=2024&source=bne-eu-2025-01-13&as_of=1");
        Assert.Equal(244_810_000_000d, Value(before, "bne-eu-2025-01-13"));
        Assert.Equal(1, before.GetProperty("meta").GetProperty("release").GetInt64());
        Assert.Equal("1", before.GetProperty("meta").GetProperty("query").GetProperty("as_of").GetString());
        var byTime = await _reader.GetJson("/v1/trade?flow=total&period=2024&source=bne-eu-2025-01-13&as_of=2026-11-28T00:00:00Z");
        Assert.Equal(244_810_000_000d, Value(byTime, "bne-eu-2025-01-13"));

        var history = (await _reader.GetJson("/v1/trade/history?flow=total&period=2024&source=bne-eu-2025-01-13")).Data();
        Assert.Equal(2, history.Count);
        Assert.Equal(244_810_000_000d, history[0].GetProperty("value").GetDouble());
        Assert.Equal(1, history[0].GetProperty("release").GetInt64());
        Assert.Equal(id, history[0].GetProperty("supersededIn").GetInt64());
        Assert.Equal(244_819_000_000d, history[1].GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("supersededIn").ValueKind);

        var historyThen = (await _reader.GetJson("/v1/trade/history?flow=total&period=2024&source=bne-eu-2025-01-13&as_of=1")).Data();
        var only = Assert.Single(historyThen);
        Assert.Equal(JsonValueKind.Null, only.GetProperty("supersededIn").ValueKind);
    }

    [Fact]
    public async Task ABadUploadGetsRowLevelErrorsAndChangesNothing()
    {
        var releases = await ReleaseCount();
        var before = (await _reader.GetJson("/v1/trade?versions=all")).GetRawText();
        using var response = await _writer.PostAsync("/v1/releases?dataset=trade&title=bad",
            Csv($"{Header}\nCN,RU,total,2019,1000,USD,,GACC,reported,,segodnia-ru-2020-01-14\nCN,RU,sideways,2019,abc,USD,,GACC,reported,,segodnia-ru-2020-01-14\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal("/problems/invalid-release", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("column").GetString() == "flow" && e.GetProperty("value").GetString() == "sideways");
        Assert.Contains(errors, e => e.GetProperty("row").GetInt32() == 3 && e.GetProperty("column").GetString() == "value");
        Assert.Equal(releases, await ReleaseCount());
        Assert.Equal(before, (await _reader.GetJson("/v1/trade?versions=all")).GetRawText());
    }

    [Fact]
    public async Task TheSameUploadTwiceMakesOneRelease()
    {
        var body = $"{Header}\nCN,RU,total,2012,1,USD,,GACC,weak,test only,repeat-test-source\n".Replace("repeat-test-source\n",
            "repeat-test-source\n").Replace(",sourceId", ",sourceId,sourcePublisher").Replace("repeat-test-source", "repeat-test-source,Test");
        using var first = await _writer.PostAsync("/v1/releases?dataset=trade&title=once", Csv(body));
        using var second = await _writer.PostAsync("/v1/releases?dataset=trade&title=twice", Csv(body));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await Json(first)).GetProperty("id").GetInt64(), (await Json(second)).GetProperty("id").GetInt64());

        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=keyed") { Content = Csv(body.Replace(",1,USD", ",2,USD")) };
        keyed.Headers.Add("Idempotency-Key", "key-1");
        using var k1 = await _writer.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.Created, k1.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=keyed") { Content = Csv(body.Replace(",1,USD", ",2,USD")) };
        again.Headers.Add("Idempotency-Key", "key-1");
        using var k2 = await _writer.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, k2.StatusCode);
        using var reused = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=keyed") { Content = Csv(body.Replace(",1,USD", ",3,USD")) };
        reused.Headers.Add("Idempotency-Key", "key-1");
        using var k3 = await _writer.SendAsync(reused);
        Assert.Equal(HttpStatusCode.Conflict, k3.StatusCode);
        Assert.Equal("/problems/idempotency-key-reused", (await Json(k3)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task WritingNeedsAnAcceptedApiKey()
    {
        var releases = await ReleaseCount();
        var body = Csv($"{Header}\nCN,RU,total,2012,1,USD,,GACC,weak,,segodnia-ru-2020-01-14\n");
        using var anonymous = await _reader.PostAsync("/v1/releases?dataset=trade&title=x", body);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", anonymous.Headers.WwwAuthenticate.ToString());

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=x") { Content = body };
        wrong.Headers.Add("X-Api-Key", "not-the-key");
        using var forbidden = await _reader.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("/problems/wrong-api-key", (await Json(forbidden)).GetProperty("type").GetString());
        Assert.Equal(releases, await ReleaseCount());
    }

    [Fact]
    public async Task AJsonBodyOfRecordsIsAcceptedLikeCsv()
    {
        var records = """[{"market":"RU","segment":"new-cars","period":"2025-11","brand":"Haval","origin":"CN","units":12000,"sharePct":null,"citedBody":"Autostat","confidence":"reported","sourceId":"json-test-source","sourcePublisher":"Test publisher","sourcePublished":"2025-12-05"}]""";
        using var response = await _writer.PostAsync("/v1/releases?dataset=brand-shares&title=json", new StringContent(records, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var row = Assert.Single((await _reader.GetJson("/v1/brand-shares?period=2025-11&brand=Haval")).Data());
        Assert.Equal(12000, row.GetProperty("units").GetInt64());
        Assert.Equal("json-test-source", row.GetProperty("sourceId").GetString());

        using var revised = await _writer.PostAsync("/v1/releases?dataset=brand-shares&title=json%20revised",
            new StringContent(records.Replace("12000", "12100"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, revised.StatusCode);
        var history = (await _reader.GetJson("/v1/brand-shares/history?period=2025-11&brand=haval")).Data();
        Assert.Equal([12000L, 12100L], history.Select(h => h.GetProperty("units").GetInt64()));
        Assert.Equal((await Json(revised)).GetProperty("id").GetInt64(), history[0].GetProperty("supersededIn").GetInt64());
    }

    [Fact]
    public async Task AWithdrawalRemovesAFigureFromNowOnOnly()
    {
        using var response = await _writer.PostAsync("/v1/releases?dataset=currency-shares&title=withdraw",
            Csv("country,counterpart,direction,period,currency,sourceId,action\nRU,WLD,exports,2020-Q3,USD,eliktisad-com-2021,withdraw\n"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var release = await Json(response);
        Assert.Equal(1, release.GetProperty("withdrawn").GetInt64());
        Assert.Empty((await _reader.GetJson("/v1/currency-shares?period=2020-Q3&versions=all")).Data());
        Assert.Single((await _reader.GetJson("/v1/currency-shares?period=2020-Q3&as_of=3")).Data());
        var history = Assert.Single((await _reader.GetJson("/v1/currency-shares/history?period=2020-Q3")).Data());
        Assert.Equal(56.6, history.GetProperty("sharePct").GetDouble());
        Assert.Equal(release.GetProperty("id").GetInt64(), history.GetProperty("supersededIn").GetInt64());

        using var again = await _writer.PostAsync("/v1/releases?dataset=currency-shares&title=withdraw again",
            Csv("country,counterpart,direction,period,currency,sourceId,action\nRU,WLD,exports,2020-Q3,USD,eliktisad-com-2021,withdraw\nRU,WLD,exports,2020-Q4,USD,eliktisad-com-2021,withdraw\n"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var error = Assert.Single((await Json(again)).GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        Assert.Single((await _reader.GetJson("/v1/currency-shares?period=2020-Q4")).Data()); // the rolled-back withdrawal left it
    }

    [Theory]
    [InlineData("/v1/releases?title=x", "text/csv", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/v1/releases?dataset=weather&title=x", "text/csv", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/v1/releases?dataset=trade", "text/csv", HttpStatusCode.BadRequest, "/problems/invalid-parameter")]
    [InlineData("/v1/releases?dataset=trade&title=x&flow=total", "text/csv", HttpStatusCode.BadRequest, "/problems/unknown-parameter")]
    [InlineData("/v1/releases?dataset=trade&title=x", "application/xml", HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-media-type")]
    [InlineData("/v1/releases?dataset=trade&title=x", "application/json", HttpStatusCode.UnprocessableEntity, "/problems/invalid-release")]
    public async Task BadRequestsToWriteAreProblems(string url, string mediaType, HttpStatusCode status, string type)
    {
        var content = new StringContent("reporter\nCN\n", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _writer.PostAsync(url, content);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(type, (await Json(response)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/v1/trade?as_of=999", "as_of")]
    [InlineData("/v1/trade?as_of=0", "as_of")]
    [InlineData("/v1/trade?as_of=yesterday", "as_of")]
    [InlineData("/v1/trade?as_of=1999-01-01", "as_of")]
    [InlineData("/v1/brand-shares?as_of=1", "as_of")]
    [InlineData("/v1/brand-shares/by-origin?as_of=1", "as_of")]
    [InlineData("/v1/currency-shares?as_of=2", "as_of")]
    [InlineData("/v1/trade/history?versions=all", "versions")]
    [InlineData("/v1/brand-shares/history?top=10", "top")]
    [InlineData("/v1/currency-shares/history?versions=preferred", "versions")]
    [InlineData("/v1/currency-shares/history?kind=rumour", "kind")]
    [InlineData("/v1/releases?dataset=weather", "dataset")]
    [InlineData("/v1/releases?limit=0", "limit")]
    [InlineData("/v1/releases?cursor=zz", "cursor")]
    public async Task BadAsOfAndReleaseQueriesNameTheParameter(string url, string parameter)
    {
        await _reader.GetProblem(url, HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task ReleasesAreListedNewestFirstAndPaged()
    {
        var page = await _reader.GetJson("/v1/releases?limit=2");
        var ids = page.Data().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        var next = page.GetProperty("links").GetProperty("next").GetString()!;
        var rest = (await _reader.GetJson(next)).Data().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.All(rest, id => Assert.True(id < ids[^1]));

        var seed = await _reader.GetJson("/v1/releases/1");
        Assert.Equal("trade", seed.GetProperty("dataset").GetString());
        Assert.Equal("seed:0001-trade.csv", seed.GetProperty("origin").GetString());
        Assert.Equal(193, seed.GetProperty("added").GetInt64());
        Assert.Contains("bne-eu-2025-01-13", seed.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(64, seed.GetProperty("contentSha256").GetString()!.Length);
        await _reader.GetProblem("/v1/releases/999", HttpStatusCode.NotFound);
    }
}
