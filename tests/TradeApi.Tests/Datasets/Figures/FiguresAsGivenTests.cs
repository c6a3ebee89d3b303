using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Datasets.Figures;

/// <summary>Issue 8: every figure as its source gave it. Each case of the issue, pinned to its exact values.</summary>
public sealed class FiguresAsGivenTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static JsonElement Only(IEnumerable<JsonElement> rows, Func<JsonElement, bool> match) => Assert.Single(rows, r => match(r));

    private static string? S(JsonElement r, string field) => r.GetProperty(field).ValueKind == JsonValueKind.Null ? null : r.GetProperty(field).GetString();

    [Fact]
    public async Task JanuaryTwentyTwentyFourPrefersTheBankOfRussiasStatisticsAndTheGovernorsLatestDataIsAStatementAsOfPublication()
    {
        var january = (await _client.GetJson("/v1/currency-shares?counterpart=WLD&period=2024-01&currency=CNY&versions=all")).Data();
        Assert.Equal(2, january.Count);
        var exports = Only(january, r => S(r, "direction") == "exports");
        var imports = Only(january, r => S(r, "direction") == "imports");
        Assert.Equal((40.8, true, "statistic", "radiometro-ru-2024-03-12"),
            (exports.GetProperty("sharePct").GetDouble(), exports.GetProperty("preferred").GetBoolean(), S(exports, "kind"), S(exports, "sourceId")));
        Assert.Equal((38.5, true, "statistic"), (imports.GetProperty("sharePct").GetDouble(), imports.GetProperty("preferred").GetBoolean(), S(imports, "kind")));

        // The governor's "latest data" (published 2024-01-30) names no period: a statement as of publication, apart from January's series.
        var stated = (await _client.GetJson("/v1/currency-shares?counterpart=WLD&period=..2024-01&kind=statement")).Data();
        Assert.Equal([34.5, 36.4], stated.Select(r => r.GetProperty("sharePct").GetDouble()));
        Assert.All(stated, r =>
        {
            Assert.Equal("U", S(r, "freq"));
            Assert.Equal("Elvira Nabiullina", S(r, "statedBy"));
            Assert.Equal("1prime-ru-2024-01-30", S(r, "sourceId"));
        });
        // Her "two years ago" figures keep the period she named, as statements, and no longer compete with the statistics.
        var start2022 = (await _client.GetJson("/v1/currency-shares?counterpart=WLD&period=2022-01&currency=CNY&direction=exports&versions=all")).Data();
        Assert.Equal((0.5, "at-most", true), (Only(start2022, r => S(r, "kind") == "statistic").GetProperty("sharePct").GetDouble(),
            S(Only(start2022, r => S(r, "kind") == "statistic"), "qualifier"), Only(start2022, r => S(r, "kind") == "statistic").GetProperty("preferred").GetBoolean()));
        Assert.Equal(0.4, Only(start2022, r => S(r, "kind") == "statement").GetProperty("sharePct").GetDouble());
    }

    [Fact]
    public async Task AStatisticCannotTakeAPeriodAsOfPublication()
    {
        using var writer = factory.CreateWriter();
        using var response = await writer.PostAsync("/v1/releases?dataset=currency-shares&title=x", new StringContent(
            "country,counterpart,direction,period,currency,sharePct,kind,citedBody,confidence,sourceId\nRU,WLD,exports,..2024-01,CNY,34.5,statistic,Bank of Russia,reported,1prime-ru-2024-01-30\n",
            System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("for statements only", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JanuaryToAprilTwentyTwentyFivePrefersThePreciseFigures()
    {
        var rows = (await _client.GetJson("/v1/trade?reporter=CN&partner=RU&period=2025-01..2025-04")).Data();
        var total = Only(rows, r => S(r, "flow") == "total");
        Assert.Equal((71_100_000_000d, -7.5, "cepa-org-2025-05", 3),
            (total.GetProperty("value").GetDouble(), total.GetProperty("yoyChangePct").GetDouble(), S(total, "sourceId"), total.GetProperty("versions").GetInt32()));
        var exports = Only(rows, r => S(r, "flow") == "export");
        Assert.Equal((30_800_000_000d, -5.3), (exports.GetProperty("value").GetDouble(), exports.GetProperty("yoyChangePct").GetDouble()));
        var imports = Only(rows, r => S(r, "flow") == "import");
        Assert.Equal((40_300_000_000d, -9.1), (imports.GetProperty("value").GetDouble(), imports.GetProperty("yoyChangePct").GetDouble()));

        // The rounded versions are kept, not preferred.
        var all = (await _client.GetJson("/v1/trade?reporter=CN&partner=RU&period=2025-01..2025-04&flow=total&versions=all")).Data();
        var rounded = Only(all, r => S(r, "sourceId") == "karl-marks-ru-2025-05");
        Assert.Equal((71_000_000_000d, false), (rounded.GetProperty("value").GetDouble(), rounded.GetProperty("preferred").GetBoolean()));
    }

    [Fact]
    public async Task ApproximateFiguresCarryTheSourcesQualifier()
    {
        var about63 = Assert.Single((await _client.GetJson("/v1/trade?flow=total&period=2021-01..2021-06")).Data());
        Assert.Equal((63_000_000_000d, "about", "medichub-net-2021-07-13"), (about63.GetProperty("value").GetDouble(), S(about63, "qualifier"), S(about63, "sourceId")));
        var june = Assert.Single((await _client.GetJson("/v1/trade?flow=total&period=2025-06")).Data());
        Assert.Equal((17_600_000_000d, "about"), (june.GetProperty("value").GetDouble(), S(june, "qualifier")));
        Assert.Null(S(Assert.Single((await _client.GetJson("/v1/trade?flow=total&period=2024-06")).Data()), "qualifier")); // exact

        var haval = Assert.Single((await _client.GetJson("/v1/brand-shares?period=2025-05&brand=Haval")).Data());
        Assert.Equal((12d, "about"), (haval.GetProperty("sharePct").GetDouble(), S(haval, "qualifier")));
        var lada = Assert.Single((await _client.GetJson("/v1/brand-shares?period=2025&brand=Lada")).Data());
        Assert.Equal((-25d, "about"), (lada.GetProperty("yoyChangePct").GetDouble(), S(lada, "qualifier")));

        var csv = await _client.GetStringAsync("/v1/trade?flow=total&period=2021-01..2021-06&format=csv");
        Assert.Contains(",valueStatus,qualifier,yoyChangePct,", csv.Split('\n')[0]);
        Assert.Contains(",published,about,28.2,", csv);
    }

    [Fact]
    public async Task RussianCustoms2018FigureIsAVersionOfItsSeries()
    {
        var rows = (await _client.GetJson("/v1/trade?reporter=RU&partner=CN&flow=total&period=2018&versions=all")).Data();
        var fcs = Assert.Single(rows);
        Assert.Equal((108_300_000_000d, 24.5, "reported", "Russian Federal Customs Service (NOT GACC)", "pennews-net-2019-03-08", 4L),
            (fcs.GetProperty("value").GetDouble(), fcs.GetProperty("yoyChangePct").GetDouble(), S(fcs, "yoyChangeStatus"), S(fcs, "citedBody"),
             S(fcs, "sourceId"), fcs.GetProperty("release").GetInt64()));
        // Beside China's customs' own figure for the same year.
        var gacc = Assert.Single((await _client.GetJson("/v1/trade?reporter=CN&partner=RU&flow=total&period=2018")).Data());
        Assert.Equal((107_060_000_000d, 27.1), (gacc.GetProperty("value").GetDouble(), gacc.GetProperty("yoyChangePct").GetDouble()));
        // The other figures out of the notes are versions too.
        var y2021 = (await _client.GetJson("/v1/trade?reporter=CN&flow=total&period=2021&versions=all")).Data();
        Assert.Equal([(146_887_000_000d, 35.8, true), (146_870_000_000d, 35.9, false)],
            y2021.Select(r => (r.GetProperty("value").GetDouble(), r.GetProperty("yoyChangePct").GetDouble(), r.GetProperty("preferred").GetBoolean())));
    }

    [Fact]
    public async Task TheCepaSourceHasItsUrlAndItsTwentyTwentyFourFigureNamesNoBody()
    {
        var cepa = await _client.GetJson("/v1/sources/cepa-org-2025-05");
        Assert.Equal("https://cepa.org/article/china-thanks-gas-station-manager-putin", S(cepa, "url"));
        var rows = (await _client.GetJson("/v1/trade?source=cepa-org-2025-05")).Data();
        Assert.Equal(4, rows.Count);
        var y2024 = Only(rows, r => S(r, "period") == "2024");
        Assert.Equal(("none named (the article's own figure)", "weak", false),
            (S(y2024, "citedBody"), S(y2024, "confidence"), y2024.GetProperty("preferred").GetBoolean()));
        Assert.All(rows.Where(r => S(r, "period") != "2024"), r => Assert.Equal("GACC (China customs), as stated by CEPA", S(r, "citedBody")));
        // The old rows without a URL were withdrawn by the release, not edited: as of release 1 they are there.
        Assert.Empty((await _client.GetJson("/v1/trade?source=cepa-europes-edge-2025-05")).Data());
        Assert.Equal(4, (await _client.GetJson("/v1/trade?source=cepa-europes-edge-2025-05&as_of=1")).Data().Count);
    }

    [Fact]
    public async Task JuneTwentyTwentyFiveComputedChangesNameTheirBaseAndAreFlaggedWhereAPublishedOneDiffers()
    {
        var rows = (await _client.GetJson("/v1/trade?reporter=CN&partner=RU&period=2025-06")).Data();
        var total = Only(rows, r => S(r, "flow") == "total");
        Assert.Equal((-13.08, "computed", -13.08, "2024-06", "1prime-ru-2024-07-12", 1L, (string?)null),
            (total.GetProperty("yoyChangePct").GetDouble(), S(total, "yoyChangeStatus"), total.GetProperty("yoyComputedPct").GetDouble(),
             S(total, "yoyBasePeriod"), S(total, "yoyBaseSourceId"), total.GetProperty("yoyBaseRelease").GetInt64(), S(total, "yoyCheck")));
        var exports = Only(rows, r => S(r, "flow") == "export");
        Assert.Equal((2.2, "reported", -16.22, "1prime-ru-2024-07-12", "differs-from-published"),
            (exports.GetProperty("yoyChangePct").GetDouble(), S(exports, "yoyChangeStatus"), exports.GetProperty("yoyComputedPct").GetDouble(),
             S(exports, "yoyBaseSourceId"), S(exports, "yoyCheck")));
        var imports = Only(rows, r => S(r, "flow") == "import");
        Assert.Equal((-2.9, "reported", -10.09, "1prime-ru-2024-07-12", "differs-from-published"),
            (imports.GetProperty("yoyChangePct").GetDouble(), S(imports, "yoyChangeStatus"), imports.GetProperty("yoyComputedPct").GetDouble(),
             S(imports, "yoyBaseSourceId"), S(imports, "yoyCheck")));
        // 2024: GACC's +1.9% agrees with the levels (1.96% computed from 2023's $240.11bn), so RIA's and bne's figures are
        // not flagged; CEPA's "$240bn, up 1.9%" implies -0.05%, so it is.
        var y2024 = (await _client.GetJson("/v1/trade?reporter=CN&flow=total&period=2024&versions=all")).Data();
        Assert.Equal([("ria-ru-2025-08-29", 1.96, null), ("bne-eu-2025-01-13", 1.96, null), ("cepa-org-2025-05", -0.05, "differs-from-published")],
            y2024.Select(r => (S(r, "sourceId"), r.GetProperty("yoyComputedPct").GetDouble(), S(r, "yoyCheck"))));
    }

    [Fact]
    public async Task CoverageListsTheMissingPeriodsOfEachSeriesWithTheirReasons()
    {
        var dataset = await _client.GetJson("/v1/datasets/trade");
        var series = dataset.GetProperty("coverage").GetProperty("series").EnumerateArray().ToList();
        var annual = Only(series, s => S(s, "id") == "CN/RU/total/USD" && S(s, "freq") == "A");
        Assert.Equal(("2008", "2025"), (S(annual, "firstPeriod"), S(annual, "lastPeriod")));
        var missing = annual.GetProperty("missing").EnumerateArray().ToList();
        Assert.Equal(["2012"], missing.Select(m => S(m, "period")));
        Assert.Contains("2012 value was not found", S(missing[0], "reason"));
        Assert.Equal(17, annual.GetProperty("present").GetArrayLength());
        Assert.DoesNotContain("2012", annual.GetProperty("present").EnumerateArray().Select(p => p.GetString()));

        var gaps = await _client.GetJson("/v1/datasets/trade/gaps");
        var data = gaps.Data();
        Assert.Equal(data.Count, gaps.GetProperty("meta").GetProperty("count").GetInt32());
        var gap2012 = Only(data, g => S(g, "series") == "CN/RU/total/USD" && S(g, "period") == "2012");
        Assert.Equal("A", S(gap2012, "freq"));
        Assert.Equal("total", S(gap2012.GetProperty("codes"), "flow"));
        var exports2015 = Only(data, g => S(g, "series") == "CN/RU/export/USD" && S(g, "period") == "2015");
        Assert.Contains("DISPUTED", S(exports2015, "reason"));
        // Cumulative spans are not a regular series: no gaps are listed for them.
        Assert.DoesNotContain(data, g => S(g, "freq") == "YTD");

        var currency = (await _client.GetJson("/v1/datasets/currency-shares/gaps")).Data();
        Assert.Contains(currency, g => S(g, "period") == "2024-03" && S(g, "reason")!.Contains("March–December"));
        await _client.GetProblem("/v1/datasets/nope/gaps", System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheGapsPageByKeysetAndTheMonthlySeriesGapsGiveTheCoverageSourcesMdStates()
    {
        var all = await _client.GetJson("/v1/datasets/trade/gaps");
        var everyGap = all.Data().Select(g => $"{S(g, "series")}|{S(g, "freq")}|{S(g, "period")}").ToList();
        Assert.Equal(everyGap.Count, all.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.True(everyGap.Count > 250);

        // limit=2 pages through exactly the same gaps, in the same order, by links.next and the Link header.
        var paged = new List<string>();
        string? next = "/v1/datasets/trade/gaps?limit=100";
        while (next is not null)
        {
            using var response = await _client.GetAsync(next);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var data = page.Data();
            Assert.True(data.Count <= 100);
            Assert.Equal(data.Count, page.GetProperty("meta").GetProperty("count").GetInt32());
            paged.AddRange(data.Select(g => $"{S(g, "series")}|{S(g, "freq")}|{S(g, "period")}"));
            next = S(page.GetProperty("links"), "next");
            if (next is not null) Assert.Contains($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link"));
        }
        Assert.Equal(everyGap, paged);
        var two = await _client.GetJson("/v1/datasets/trade/gaps?limit=2");
        Assert.Equal(everyGap.Take(2), two.Data().Select(g => $"{S(g, "series")}|{S(g, "freq")}|{S(g, "period")}"));
        await _client.GetProblem("/v1/datasets/trade/gaps?limit=0", System.Net.HttpStatusCode.BadRequest);
        await _client.GetProblem("/v1/datasets/trade/gaps?cursor=nonsense", System.Net.HttpStatusCode.BadRequest);

        // Every missing month of the monthly USD series has the reason SOURCES.md gives: the monthly coverage it found.
        var monthly = all.Data().Where(g => S(g, "freq") == "M" && S(g, "series")!.EndsWith("/USD", StringComparison.Ordinal)).ToList();
        Assert.Equal(252, monthly.Count);
        Assert.All(monthly, g => Assert.Contains("monthly values for 2024-06/07/08/12 and 2025-06/07", S(g, "reason")));
    }
}
