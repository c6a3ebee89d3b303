using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Serving.Embeds;

/// <summary>The service with one synthetic source's monthly CN→RU and RU→CN figures, 1900-01..2100-12, posted as a release.</summary>
public sealed class SyntheticMonthsFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        using var writer = Factory.CreateWriter();
        using var body = new ByteArrayContent(SyntheticTrade.Csv(SyntheticTrade.RowsPerSource, "chart-scale"));
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await writer.PostAsync("/v1/releases?dataset=trade&title=synthetic", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>Charts and embeds of queries larger than a listing's page: drawn whole, or refused, never cut.</summary>
public sealed partial class ChartAndEmbedScaleTests(SyntheticMonthsFixture fixture) : IClassFixture<SyntheticMonthsFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    // CN→RU monthly exports and imports, 1900-01..1999-12: 2,400 records, more than a page (1,000), fewer than a chart's most (5,000).
    private const string Century = "reporter=CN&partner=RU&flow=export,import&freq=M&from=1900-01&to=1999-12";

    [Fact]
    public async Task AChartDrawsEveryRecordOfAQueryLargerThanAPage()
    {
        var svg = XDocument.Parse(await _client.GetStringAsync($"/v1/trade/chart.svg?{Century}")).Root!;
        var points = svg.Descendants().Where(e => (string?)e.Attribute("class") == "point").ToList();
        Assert.Equal(2400, points.Count);
        Assert.Contains(points, p => (string?)p.Attribute("data-period") == "1999-12");
    }

    [Fact]
    public async Task AnEmbedShowsEveryRecordAndItsDownloadFetchesTheWholeQuery()
    {
        var html = await _client.GetStringAsync($"/embed/trade?{Century}");
        Assert.Equal(2400, Regex.Matches(html, "class=\"point\"").Count);
        var download = WebUtility.HtmlDecode(DownloadLink().Match(html).Groups["url"].Value);
        Assert.Contains("as_of=", download);
        using var csv = await _client.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.False(csv.Headers.Contains("Link") && csv.Headers.GetValues("Link").Any(l => l.Contains("rel=\"next\"")), "the download is the whole query, not a page");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2400 + 1, lines.Length);
    }

    [Theory]
    [InlineData("/v1/trade/chart.svg?freq=M")]
    [InlineData("/embed/trade?freq=M")]
    public async Task AQueryOverTheMostAChartDrawsIsRefusedNamingWhatNarrowsIt(string url)
    {
        var problem = await _client.GetProblem(url, HttpStatusCode.BadRequest, "from");
        Assert.Equal("/problems/too-many-records", problem.GetProperty("type").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("5,000", detail);
        foreach (var parameter in new[] { "to", "period", "flow", "reporter", "partner" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), parameter);
    }

    [Fact]
    public async Task OEmbedRefusesAnEmbedOfTooManyRecords()
    {
        var root = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var problem = await _client.GetProblem($"/oembed?url={Uri.EscapeDataString(root + "/embed/trade?freq=M")}", HttpStatusCode.BadRequest, "url");
        Assert.Contains("5,000", problem.GetProperty("errors").GetProperty("url")[0].GetString());
        await _client.GetJson($"/oembed?url={Uri.EscapeDataString(root + "/embed/trade?" + Century)}");
    }

    [Theory]
    [InlineData("/v1/trade/chart.svg?flow=total&limit=10", "limit")]
    [InlineData("/embed/trade?flow=total&limit=5000", "limit")]
    [InlineData("/embed/trade?flow=total&cursor=abc", "cursor")]
    public async Task ChartsHaveNoPages(string url, string parameter) =>
        await _client.GetProblem(url, HttpStatusCode.BadRequest, parameter);

    [GeneratedRegex("<a href=\"(?<url>[^\"]+)\"[^>]*>Download the data")]
    private static partial Regex DownloadLink();
}
