using System.Net;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Answers;

/// <summary>
/// Answers served by URL before routing (RawAnswers) are the answers the listing makes: kept apart by Accept,
/// never for a URL that only decodes to a known one, and never past a new release.
/// </summary>
public sealed class RawAnswerTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public RawAnswerTests(ApiFactory factory) => (_factory, _client) = (factory, factory.CreateClient());

    private async Task<(HttpResponseMessage Response, string Body)> Get(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.Add("Accept", accept);
        var response = await _client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSameUrlAnswersEachAcceptInItsOwnFormatEveryTime()
    {
        const string url = "/v1/trade?reporter=CN&partner=RU&flow=export&freq=A";
        for (var i = 0; i < 3; i++)
        {
            var (json, jsonBody) = await Get(url, "application/json");
            Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("{\"data\":", jsonBody);
            var (csv, csvBody) = await Get(url, "text/csv");
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("reporter,partner,flow,", csvBody);
        }
    }

    [Fact]
    public async Task AUrlThatOnlyDecodesToAKnownOneIsNotIt()
    {
        var (known, _) = await Get("/v1/trade?reporter=CN");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var (encoded, _) = await Get("/v1/trade%3Freporter=CN");
        Assert.Equal(HttpStatusCode.NotFound, encoded.StatusCode);
    }

    [Fact]
    public async Task ANewReleaseEndsEveryAlias()
    {
        const string url = "/v1/trade?reporter=CN&partner=RU&flow=total&period=2024";
        var (_, before) = await Get(url);
        var (_, again) = await Get(url);
        Assert.Equal(before, again);
        using var writer = _factory.CreateWriter();
        using var post = await writer.PostAsync("/v1/releases?dataset=trade&title=alias",
            new StringContent("reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,2024,244819000123,USD,GACC (China customs),reported,bne-eu-2025-01-13\n",
                Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var release = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var (_, after) = await Get(url);
        Assert.Equal(release, JsonDocument.Parse(after).RootElement.GetProperty("meta").GetProperty("release").GetInt64());
    }
}
