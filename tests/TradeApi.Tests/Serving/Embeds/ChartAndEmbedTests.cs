using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Serving.Embeds;

public sealed class ChartAndEmbedTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData("/v1/trade", "reporter=CN&partner=RU&flow=total,export,import&freq=A", "value")]
    [InlineData("/v1/trade", "flow=total&freq=A&measure=yoyChangePct", "yoyChangePct")]
    [InlineData("/v1/brand-shares", "period=2023&top=10", "sharePct")]
    [InlineData("/v1/currency-shares", "counterpart=WLD&direction=exports&from=2022", "sharePct")]
    public async Task TheChartPlotsExactlyTheNumbersOfTheJson(string path, string query, string measure)
    {
        var dataQuery = string.Join('&', query.Split('&').Where(p => !p.StartsWith("measure=", StringComparison.Ordinal)));
        var json = (await _client.GetJson($"{path}?{dataQuery}")).Data()
            .Where(r => r.GetProperty(measure).ValueKind == JsonValueKind.Number)
            .Select(r => (r.GetProperty("period").GetString(), r.GetProperty(measure).GetDouble())).Order().ToList();
        Assert.NotEmpty(json);

        using var response = await _client.GetAsync($"{path}/chart.svg?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.False(string.IsNullOrWhiteSpace(svg.Element(Svg + "title")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(svg.Element(Svg + "desc")?.Value));
        var plotted = svg.Descendants().Where(e => (string?)e.Attribute("class") == "point")
            .Select(e => ((string?)e.Attribute("data-period"), double.Parse((string)e.Attribute("data-value")!, CultureInfo.InvariantCulture))).Order().ToList();
        Assert.Equal(json, plotted);
        Assert.Contains("release", svg.Value);
        Assert.Contains("Licence", svg.Value);
    }

    [Fact]
    public async Task AMissingYearKeepsItsPlaceOnTheChart()
    {
        var json = (await _client.GetJson("/v1/trade?reporter=CN&partner=RU&flow=total&freq=A")).Data().Select(r => r.GetProperty("period").GetString()).ToList();
        Assert.DoesNotContain("2012", json);
        var svg = XDocument.Parse(await _client.GetStringAsync("/v1/trade/chart.svg?reporter=CN&partner=RU&flow=total&freq=A")).Root!;
        var x = svg.Descendants().Where(e => (string?)e.Attribute("class") == "point")
            .ToDictionary(e => (string)e.Attribute("data-period")!, e => double.Parse((string)e.Attribute("cx")!, CultureInfo.InvariantCulture));
        Assert.Equal(2 * (x["2011"] - x["2010"]), x["2013"] - x["2011"], 0.2);
        var ticks = svg.Descendants().Where(e => (string?)e.Attribute("class") == "tick").Select(e => int.Parse(e.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(ticks);
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.Equal(ticks[1] - ticks[0], pair.Second - pair.First));
    }

    [Fact]
    public async Task WithThemeAutoTheEmbeddedChartTurnsDarkWithThePage()
    {
        static XElement Chart(string html) => XElement.Parse(html[html.IndexOf("<svg", StringComparison.Ordinal)..(html.IndexOf("</svg>", StringComparison.Ordinal) + 6)]);
        var auto = await _client.GetAsync("/embed/trade?flow=total&freq=A&theme=auto");
        var html = await auto.Content.ReadAsStringAsync();
        Assert.Contains("@media (prefers-color-scheme: dark){body{background:#1e1e1e", html);
        var svg = Chart(html);
        var style = svg.Element(Svg + "style")?.Value ?? "";
        Assert.Contains("@media (prefers-color-scheme: dark)", style);
        Assert.Equal("tradeapi-auto", (string?)svg.Attribute("class"));
        // The background, the text, the grid and the open markers all have dark rules.
        Assert.Equal("bg", (string?)svg.Elements(Svg + "rect").First().Attribute("class"));
        Assert.Contains(".bg", style);
        Assert.Contains(" text{fill:#e8e8e8}", style);
        Assert.Contains(".grid{stroke:#444}", style);
        Assert.Contains("circle.point:not([data-status=\"reported\"])", style);
        Assert.Contains("style-src 'unsafe-inline'", auto.Headers.GetValues("Content-Security-Policy").Single());

        var light = Chart(await _client.GetStringAsync("/embed/trade?flow=total&freq=A&theme=light"));
        Assert.Null(light.Element(Svg + "style"));
        Assert.Null(light.Attribute("class"));
    }

    [Fact]
    public async Task ComputedChangesAreDrawnAsOpenMarkers()
    {
        var svg = XDocument.Parse(await _client.GetStringAsync("/v1/trade/chart.svg?flow=total&freq=A&measure=yoyChangePct")).Root!;
        var y2014 = svg.Descendants().Single(e => (string?)e.Attribute("data-period") == "2014");
        Assert.Equal("computed", (string?)y2014.Attribute("data-status"));
        Assert.Equal("#ffffff", (string?)y2014.Attribute("fill"));
        var y2017 = svg.Descendants().Single(e => (string?)e.Attribute("data-period") == "2017");
        Assert.Equal("reported", (string?)y2017.Attribute("data-status"));
        Assert.NotEqual("#ffffff", (string?)y2017.Attribute("fill"));
    }

    [Theory]
    [InlineData("/v1/trade/chart.svg?width=5000", "width")]
    [InlineData("/v1/trade/chart.svg?height=10", "height")]
    [InlineData("/v1/trade/chart.svg?theme=neon", "theme")]
    [InlineData("/v1/trade/chart.svg?type=pie", "type")]
    [InlineData("/v1/trade/chart.svg?measure=units", "measure")]
    [InlineData("/embed/trade?theme=neon", "theme")]
    public async Task BadChartOptionsAreRefused(string url, string parameter) =>
        await _client.GetProblem(url, HttpStatusCode.BadRequest, parameter);

    [Fact]
    public async Task ANumberThatIsNotOneIsNamedInPlainWords()
    {
        var problem = await _client.GetProblem("/v1/trade/chart.svg?width=abc", HttpStatusCode.BadRequest, "width");
        Assert.Equal("Fix width: 'abc' is not a whole number.", problem.GetProperty("detail").GetString());
        Assert.Equal("must be a whole number", problem.GetProperty("errors").GetProperty("width")[0].GetString());
    }

    [Theory]
    [InlineData("/embed/trade?flow=total&format=csv", "format")]
    [InlineData("/embed/trade?flow=total&download=1", "download")]
    [InlineData("/v1/trade/chart.svg?flow=total&format=csv", "format")]
    [InlineData("/v1/trade/chart.svg?flow=total&download=1", "download")]
    public async Task ChartsAndEmbedsRefuseTheListingsFormatAndDownload(string url, string parameter)
    {
        var problem = await _client.GetProblem(url, HttpStatusCode.BadRequest, parameter);
        Assert.Equal("/problems/unknown-parameter", problem.GetProperty("type").GetString());
        var document = await _client.GetJson("/openapi/v1.json");
        foreach (var operation in new[] { ("/embed/trade", "GetTradeEmbed"), ("/v1/trade/chart.svg", "GetTradeChart") })
        {
            var names = document.GetProperty("paths").GetProperty(operation.Item1).GetProperty("get").GetProperty("parameters")
                .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.Contains("flow", names);
            Assert.Contains("as_of", names);
            Assert.DoesNotContain(parameter, names);
        }
    }

    [Fact]
    public async Task ChartsAndEmbedsRevalidateAndFramingFollowsThePage()
    {
        foreach (var url in new[] { "/v1/trade/chart.svg?flow=total", "/embed/trade?flow=total", "/embed/brand-shares?period=2023&type=table", "/embed.js", "/" })
        {
            using var first = await _client.GetAsync(url);
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{url}: {(int)first.StatusCode}");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
            using var again = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        }
        using var embed = await _client.GetAsync("/embed/trade?flow=total");
        var policy = embed.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors *", policy);
        Assert.Contains("default-src 'none'", policy);
        var html = await embed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("src=\"http", html.Replace("href=\"http", "")); // no outside scripts, images or fonts
        Assert.Contains("application/json+oembed", html);
        Assert.Contains("format=csv", html);
        Assert.Contains("as_of=7", html);

        using var front = await _client.GetAsync("/");
        Assert.Contains("frame-ancestors 'none'", front.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("/v1/trade/chart.svg", await front.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OEmbedAnswersTheRichIframeForAnEmbedOrChart()
    {
        var root = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var answer = await _client.GetJson($"/oembed?url={Uri.EscapeDataString(root + "/embed/trade?flow=total&freq=A")}&maxwidth=500&format=json");
        Assert.Equal("1.0", answer.GetProperty("version").GetString());
        Assert.Equal("rich", answer.GetProperty("type").GetString());
        Assert.Equal(500, answer.GetProperty("width").GetInt32());
        var html = answer.GetProperty("html").GetString()!;
        Assert.Contains($"<iframe src=\"{root}/embed/trade?flow=total&amp;freq=A\"", html);
        Assert.Contains("/embed.js", html);

        var chart = await _client.GetJson($"/oembed?url={Uri.EscapeDataString(root + "/v1/brand-shares/chart.svg?period=2023")}");
        Assert.Contains("/embed/brand-shares?period=2023", chart.GetProperty("html").GetString());

        await _client.GetProblem($"/oembed?url={Uri.EscapeDataString("https://elsewhere.example/embed/trade")}", HttpStatusCode.NotFound);
        await _client.GetProblem($"/oembed?url={Uri.EscapeDataString(root + "/embed/trade")}&format=xml", HttpStatusCode.NotImplemented);
    }

    [Fact]
    public async Task OEmbedNamesItsFieldsAsTheSpecDoes()
    {
        var root = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var answer = await _client.GetJson($"/oembed?url={Uri.EscapeDataString(root + "/embed/trade?flow=total")}");
        Assert.Equal(["version", "type", "provider_name", "provider_url", "title", "html", "width", "height", "cache_age"],
            answer.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("TradeApi", answer.GetProperty("provider_name").GetString());
        Assert.Equal(root, answer.GetProperty("provider_url").GetString());
        Assert.Equal(300, answer.GetProperty("cache_age").GetInt32());

        var schema = (await _client.GetJson("/openapi/v1.json")).GetProperty("components").GetProperty("schemas").GetProperty("OEmbed").GetProperty("properties");
        Assert.Equal(["version", "type", "provider_name", "provider_url", "title", "html", "width", "height", "cache_age"],
            schema.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Theory]
    [InlineData("/embed/trade?flwo=1", "flwo")]
    [InlineData("/embed/trade?flow=totl", "flow")]
    [InlineData("/embed/trade?theme=neon", "theme")]
    [InlineData("/embed/trade?format=csv", "format")]
    [InlineData("/embed/trade?as_of=yesterday", "as_of")]
    [InlineData("/v1/trade/chart.svg?width=5000", "width")]
    [InlineData("/v1/trade/chart.svg?width=abc", "width")]
    [InlineData("/v1/trade/chart.svg?theme=auto", "theme")]
    public async Task OEmbedRefusesAUrlWhoseQueryTheEmbedWouldRefuse(string embedded, string parameter)
    {
        var root = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var direct = await _client.GetAsync(embedded);
        Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
        var problem = await _client.GetProblem($"/oembed?url={Uri.EscapeDataString(root + embedded)}", HttpStatusCode.BadRequest, "url");
        var message = problem.GetProperty("errors").GetProperty("url")[0].GetString()!;
        Assert.StartsWith($"{parameter} ", message);
        Assert.Contains(parameter, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OEmbedOfAChartEmbedsAnIframeThatAnswers()
    {
        var root = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var answer = await _client.GetJson($"/oembed?url={Uri.EscapeDataString(root + "/v1/trade/chart.svg?flow=total&theme=dark&width=900&height=500")}");
        var src = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(answer.GetProperty("html").GetString()!, "src=\"([^\"]+)\"").Groups[1].Value);
        Assert.Equal($"{root}/embed/trade?flow=total&theme=dark", src);
        using var iframe = await _client.GetAsync(src);
        Assert.Equal(HttpStatusCode.OK, iframe.StatusCode);
    }

    public static IEnumerable<object[]> EmbedParameters() =>
        new[] { "reporter", "partner", "flow", "freq", "period", "from", "to", "basis", "source", "versions", "as_of", "limit", "cursor",
                "type", "theme", "measure" }.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(EmbedParameters))]
    public async Task HostileValuesInAnyEmbedParameterNeverComeBackAsMarkup(string parameter)
    {
        const string hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        using var response = await _client.GetAsync($"/embed/trade?{parameter}={Uri.EscapeDataString(hostile)}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{parameter}: {(int)response.StatusCode}");
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
            Assert.DoesNotContain("<script>alert(1)", body);
        else
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<img src=x", body);
    }
}
