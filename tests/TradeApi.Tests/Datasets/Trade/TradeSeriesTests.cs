using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Datasets.Trade;

public sealed class TradeSeriesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static JsonElement Single(JsonElement page, string period, string flow = "total") =>
        Assert.Single(page.Data(), r => r.GetProperty("period").GetString() == period && r.GetProperty("flow").GetString() == flow);

    [Fact]
    public async Task AnnualTotalsAreGaccFiguresInDollarsWithTheirSources()
    {
        var page = await _client.GetJson("/v1/trade?reporter=CN&partner=RU&flow=total&freq=A");

        // 2024: RIA's precise $244.819bn (GACC) is preferred to bne's $244.81bn, stated to fewer digits.
        var y2024 = Single(page, "2024");
        Assert.Equal(244_819_000_000d, y2024.GetProperty("value").GetDouble());
        Assert.Equal("USD", y2024.GetProperty("unit").GetString());
        Assert.Equal("ria-ru-2025-08-29", y2024.GetProperty("sourceId").GetString());
        Assert.Equal("GACC (China customs)", y2024.GetProperty("citedBody").GetString());
        Assert.Equal(1.96, y2024.GetProperty("yoyChangePct").GetDouble());
        Assert.Equal("computed", y2024.GetProperty("yoyChangeStatus").GetString());
        Assert.True(y2024.GetProperty("preferred").GetBoolean());
        Assert.Equal(3, y2024.GetProperty("versions").GetInt32());
        Assert.Equal(4, y2024.GetProperty("release").GetInt64());
        var y2017 = Single(page, "2017");
        Assert.Equal(84_070_000_000d, y2017.GetProperty("value").GetDouble());
        Assert.Equal(20.8, y2017.GetProperty("yoyChangePct").GetDouble());
        Assert.Equal("rt-com-2019-01-14", y2017.GetProperty("sourceId").GetString());
        Assert.Equal(228_105_000_000d, Single(page, "2025").GetProperty("value").GetDouble());

        var periods = page.Data().Select(r => r.GetProperty("period").GetString()).ToList();
        Assert.Equal(periods.Order(StringComparer.Ordinal), periods);
        Assert.DoesNotContain("2012", periods); // a gap stays a gap
        // 2015's level is disputed, so the preferred 2015 figure is ecns.cn's change alone (GACC: -27.8%).
        Assert.Equal(JsonValueKind.Null, Single(page, "2015").GetProperty("value").ValueKind);
        Assert.Equal(-27.8, Single(page, "2015").GetProperty("yoyChangePct").GetDouble());
        Assert.All(page.Data(), r => Assert.Equal("CN", r.GetProperty("reporter").GetString()));
        Assert.Contains("ria-ru-2025-08-29", page.GetProperty("meta").GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(page.Data().Count, page.GetProperty("meta").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task TheCepaArticles2024TotalIsAnAlternativeVersion()
    {
        var page = await _client.GetJson("/v1/trade?reporter=CN&flow=total&period=2024&versions=all");

        var rows = page.Data();
        Assert.Equal(["ria-ru-2025-08-29", "bne-eu-2025-01-13", "cepa-org-2025-05"], rows.Select(r => r.GetProperty("sourceId").GetString()));
        Assert.True(rows[0].GetProperty("preferred").GetBoolean());
        Assert.Equal(240_000_000_000d, rows[2].GetProperty("value").GetDouble());
        Assert.False(rows[2].GetProperty("preferred").GetBoolean());
        // The article names no body for its 2024 figure.
        Assert.Equal("none named (the article's own figure)", rows[2].GetProperty("citedBody").GetString());
        Assert.Equal("weak", rows[2].GetProperty("confidence").GetString());

        var bySource = await _client.GetJson("/v1/trade?source=cepa-org-2025-05");
        Assert.Equal(4, bySource.Data().Count);
        Assert.Equal("all", bySource.GetProperty("meta").GetProperty("query").GetProperty("versions").GetString());
    }

    [Fact]
    public async Task DisputedFiguresAreKeptButNeverPreferred()
    {
        var page = await _client.GetJson("/v1/trade?period=2015&versions=all&flow=total");
        var row = Assert.Single(page.Data(), r => r.GetProperty("sourceId").GetString() == "businessinvestorguide-com-2016-01");
        Assert.Equal("disputed", row.GetProperty("confidence").GetString());
        Assert.False(row.GetProperty("preferred").GetBoolean());
        Assert.Equal(64_200_000_000d, row.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task ExportsAndImportsCarryTheirPublishedChanges()
    {
        var page = await _client.GetJson("/v1/trade?flow=export,import&period=2022");
        var exports = Single(page, "2022", "export");
        Assert.Equal(76_122_000_000d, exports.GetProperty("value").GetDouble());
        Assert.Equal(12.8, exports.GetProperty("yoyChangePct").GetDouble());
        Assert.Equal(114_149_000_000d, Single(page, "2022", "import").GetProperty("value").GetDouble());
        Assert.Equal(43.4, Single(page, "2022", "import").GetProperty("yoyChangePct").GetDouble());
    }

    [Fact]
    public async Task APublishedChangeWithoutALevelIsServedWithANullValueAndItsStatus()
    {
        var exports2023 = Single(await _client.GetJson("/v1/trade?flow=export&period=2023"), "2023", "export");
        Assert.Equal(JsonValueKind.Null, exports2023.GetProperty("value").ValueKind);
        Assert.Equal("not-published", exports2023.GetProperty("valueStatus").GetString());
        Assert.Equal(46.9, exports2023.GetProperty("yoyChangePct").GetDouble());
        Assert.Equal("reported", exports2023.GetProperty("yoyChangeStatus").GetString());
    }

    [Fact]
    public async Task TheServerComputesAChangeFromTheBasePeriodAndSaysSo()
    {
        var y2014 = Single(await _client.GetJson("/v1/trade?flow=total&period=2014"), "2014");
        Assert.Equal("computed", y2014.GetProperty("yoyChangeStatus").GetString());
        Assert.Equal(6.94, y2014.GetProperty("yoyChangePct").GetDouble()); // 95.4 / 89.21 - 1
        Assert.Equal("2013", y2014.GetProperty("yoyBasePeriod").GetString());

        var july2025 = Single(await _client.GetJson("/v1/trade?flow=export&freq=M&period=2025-07"), "2025-07", "export");
        Assert.Equal(-8.91, july2025.GetProperty("yoyChangePct").GetDouble()); // 9.10 / 9.99 - 1

        var y2013 = Single(await _client.GetJson("/v1/trade?flow=total&period=2013"), "2013");
        Assert.Equal("unavailable", y2013.GetProperty("yoyChangeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, y2013.GetProperty("yoyChangePct").ValueKind);
    }

    [Fact]
    public async Task YearToDateSpansAndRangesFilterByPeriod()
    {
        var page = await _client.GetJson("/v1/trade?flow=total&freq=YTD&from=2025&to=2025");
        var periods = page.Data().Select(r => r.GetProperty("period").GetString()).ToList();
        Assert.Equal(["2025-01..2025-03", "2025-01..2025-04", "2025-01..2025-05", "2025-01..2025-06", "2025-01..2025-07",
            "2025-01..2025-09", "2025-01..2025-10", "2025-01..2025-11"], periods);
        var jan_jun = Single(page, "2025-01..2025-06");
        Assert.Equal(106_480_000_000d, jan_jun.GetProperty("value").GetDouble());
        Assert.Equal(-9.1, jan_jun.GetProperty("yoyChangePct").GetDouble());
        Assert.Equal("2025-01", jan_jun.GetProperty("periodStart").GetString());
        Assert.Equal("2025-06", jan_jun.GetProperty("periodEnd").GetString());
    }

    [Fact]
    public async Task MirrorStatisticsAreADifferentReporter()
    {
        var page = await _client.GetJson("/v1/trade?reporter=RUS&partner=chn&period=2010");
        var row = Assert.Single(page.Data());
        Assert.Equal("RU", row.GetProperty("reporter").GetString());
        Assert.Equal("CN", row.GetProperty("partner").GetString());
        Assert.Equal(59_340_000_000d, row.GetProperty("value").GetDouble());
        Assert.Equal("RU", page.GetProperty("meta").GetProperty("query").GetProperty("reporter").GetString());
    }

    [Fact]
    public async Task YuanBasisFiguresAreKeptApartFromTheDollarSeries()
    {
        var page = await _client.GetJson("/v1/trade?basis=cny&period=2024");
        var row = Single(page, "2024");
        Assert.Equal("CNY", row.GetProperty("unit").GetString());
        Assert.Equal(1_740_000_000_000d, row.GetProperty("value").GetDouble());
        Assert.Equal(2.9, row.GetProperty("yoyChangePct").GetDouble());
        Assert.Equal(5.0, Single(page, "2024", "export").GetProperty("yoyChangePct").GetDouble());

        var dollars = await _client.GetJson("/v1/trade?period=2024");
        Assert.All(dollars.Data(), r => Assert.Equal("USD", r.GetProperty("unit").GetString()));
    }

    [Fact]
    public async Task CsvAndNdjsonCarryTheSameRowsAsJson()
    {
        const string query = "/v1/trade?versions=all&from=2024&to=2025";
        var json = (await _client.GetJson(query)).Data();
        Assert.True(json.Count > 20);

        using var csvResponse = await _client.GetAsync(query + "&format=csv&download=1");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Contains("tradeapi-trade-release-7.csv", csvResponse.Content.Headers.ContentDisposition?.ToString());
        using var reader = new CsvReader(new StringReader(await csvResponse.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        var csvRows = new List<Dictionary<string, string>>();
        reader.Read();
        reader.ReadHeader();
        while (reader.Read())
            csvRows.Add(reader.HeaderRecord!.ToDictionary(h => h, h => reader.GetField(h)!));

        Assert.Equal(json.Count, csvRows.Count);
        for (var i = 0; i < json.Count; i++)
        {
            var fields = json[i].EnumerateObject().ToList();
            Assert.Equal(fields.Select(f => f.Name), reader.HeaderRecord);
            foreach (var field in fields)
                Assert.Equal(HttpAssert.CsvCell(field.Value), csvRows[i][field.Name]);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        using var ndjson = await _client.SendAsync(request);
        var lines = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(json.Select(j => j.GetRawText()), lines.Select(l => JsonDocument.Parse(l).RootElement.GetRawText()));

        // q=0 means "not this": the client refuses NDJSON and CSV, so it gets the next acceptable (JSON).
        using var refusing = new HttpRequestMessage(HttpMethod.Get, query);
        refusing.Headers.TryAddWithoutValidation("Accept", "application/x-ndjson;q=0, text/csv;q=0, application/json;q=0.5");
        using var refused = await _client.SendAsync(refusing);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>HTTP-CONVENTIONS: a .csv / .ndjson suffix where the path allows is the same answer as format=.</summary>
    [Theory]
    [InlineData("/v1/trade.csv?flow=total&freq=A", "/v1/trade?flow=total&freq=A&format=csv", "text/csv")]
    [InlineData("/v1/trade.ndjson?flow=total", "/v1/trade?flow=total&format=ndjson", "application/x-ndjson")]
    [InlineData("/v1/trade.json", "/v1/trade?format=json", "application/json")]
    [InlineData("/v1/trade/history.csv?flow=total&period=2024", "/v1/trade/history?flow=total&period=2024&format=csv", "text/csv")]
    [InlineData("/v1/brand-shares/by-origin.csv?period=2023", "/v1/brand-shares/by-origin?period=2023&format=csv", "text/csv")]
    [InlineData("/v1/currency-shares.ndjson", "/v1/currency-shares?format=ndjson", "application/x-ndjson")]
    [InlineData("/v1/trade/download.parquet", "/v1/trade/download?format=parquet", "application/vnd.apache.parquet")]
    [InlineData("/v1/trade.csv?flow=total&format=", "/v1/trade?flow=total&format=csv", "text/csv")]
    public async Task AFormatSuffixIsTheSameAnswerAsFormat(string suffixed, string parameter, string mediaType)
    {
        using var bySuffix = await _client.GetAsync(suffixed);
        using var byParameter = await _client.GetAsync(parameter);
        Assert.Equal(HttpStatusCode.OK, bySuffix.StatusCode);
        Assert.Equal(mediaType, bySuffix.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await byParameter.Content.ReadAsByteArrayAsync(), await bySuffix.Content.ReadAsByteArrayAsync());
        Assert.Equal(byParameter.Headers.ETag, bySuffix.Headers.ETag);
    }

    [Fact]
    public async Task AFormatSuffixThatCannotApplyIsAProblemNamingTheSuffix()
    {
        var clash = await _client.GetProblem("/v1/trade.csv?format=json", HttpStatusCode.BadRequest, "format");
        Assert.Contains(".csv", clash.GetProperty("errors").GetProperty("format")[0].GetString());
        var single = await _client.GetProblem("/v1/sources.csv", HttpStatusCode.BadRequest, "format");
        Assert.Contains("remove the suffix", single.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PagesFollowTheNextLinkToTheSameRowsAsOneLargePage()
    {
        var all = (await _client.GetJson("/v1/trade?versions=all")).Data().Select(r => r.GetRawText()).ToList();
        var paged = new List<string>();
        string? next = "/v1/trade?versions=all&limit=7";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _client.GetAsync(next);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            paged.AddRange(page.Data().Select(r => r.GetRawText()));
            var link = page.GetProperty("links").GetProperty("next");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
            if (next is not null) Assert.Contains($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link"));
            pages++;
        }
        Assert.Equal(all, paged);
        Assert.Equal((all.Count + 6) / 7, pages);
    }

    [Theory]
    [InlineData("/v1/trade?flwo=export", "flwo")]
    [InlineData("/v1/trade?reporter=US", "reporter")]
    [InlineData("/v1/trade?reporter=", "reporter")]
    [InlineData("/v1/trade?partner=XX", "partner")]
    [InlineData("/v1/trade?flow=exports", "flow")]
    [InlineData("/v1/trade?freq=W", "freq")]
    [InlineData("/v1/trade?period=2024-13", "period")]
    [InlineData("/v1/trade?period=2024-H1", "period")]
    [InlineData("/v1/trade?period=2025-03..2025-04", "period")]
    [InlineData("/v1/trade?from=2025&to=2020", "from")]
    [InlineData("/v1/trade?from=soon", "from")]
    [InlineData("/v1/trade?to=2025-01..2025-03", "to")]
    [InlineData("/v1/trade?basis=EUR", "basis")]
    [InlineData("/v1/trade?source=no-such-source", "source")]
    [InlineData("/v1/trade?versions=some", "versions")]
    [InlineData("/v1/trade?limit=0", "limit")]
    [InlineData("/v1/trade?limit=10001", "limit")]
    [InlineData("/v1/trade?limit=ten", "limit")]
    [InlineData("/v1/trade?limit=99999999999999", "limit")]
    [InlineData("/v1/trade?cursor=not-a-cursor", "cursor")]
    [InlineData("/v1/trade?cursor=WzEsMl0", "cursor")]
    [InlineData("/v1/trade?format=xml", "format")]
    [InlineData("/v1/trade?download=yes", "download")]
    [InlineData("/v1/trade?download=2", "download")]
    public async Task BadParametersAnswerAProblemNamingTheParameter(string url, string parameter)
    {
        await _client.GetProblem(url, HttpStatusCode.BadRequest, parameter);
    }

    [Theory]
    [InlineData("/v1/trade?%")]
    [InlineData("/v1/trade?flow=%00")]
    [InlineData("/v1/trade?period=..")]
    [InlineData("/v1/trade?period=,,,")]
    [InlineData("/v1/trade?from=2024-Q5")]
    [InlineData("/v1/trade?cursor=%25%25%25")]
    [InlineData("/v1/trade?limit=1&limit=2")]
    [InlineData("/v1/trade?flow=export&flow=import&flow=%FF")]
    [InlineData("/v1/trade?period=99999")]
    [InlineData("/v1/trade?=&&=x")]
    [InlineData("/v1/trade?reporter=%E4%B8%AD%E5%9B%BD")]
    public async Task MalformedQueriesNeverCauseAServerError(string url)
    {
        using var response = await _client.GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ALongMalformedQueryIsRejectedNotCrashed()
    {
        await _client.GetProblem("/v1/trade?period=" + string.Join(',', Enumerable.Repeat("20x4", 1000)), HttpStatusCode.BadRequest, "period");
        // Over the documented URL limit (8,192 bytes): a problem that names the limit.
        await _client.GetProblem("/v1/trade?period=" + string.Join(',', Enumerable.Repeat("20x4", 2000)), HttpStatusCode.RequestUriTooLong);
    }
}
