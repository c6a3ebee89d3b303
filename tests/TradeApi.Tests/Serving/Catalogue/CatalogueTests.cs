using System.Net;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Serving.Catalogue;

public sealed class CatalogueTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task TheTradeDatasetDescribesItsCodesCoverageAndRelease()
    {
        var dataset = await _client.GetJson("/v1/datasets/trade");

        Assert.Equal("USD", dataset.GetProperty("unit").GetString());
        Assert.Equal("/v1/trade", dataset.GetProperty("records").GetString());
        Assert.Equal(7, dataset.GetProperty("currentRelease").GetInt64());
        Assert.Equal("2026-12-03T00:00:00Z", dataset.GetProperty("lastUpdated").GetString());
        Assert.Equal("2008", dataset.GetProperty("coverage").GetProperty("firstPeriod").GetString());
        Assert.Equal("2025-12", dataset.GetProperty("coverage").GetProperty("lastPeriod").GetString());
        Assert.Equal(240, dataset.GetProperty("coverage").GetProperty("observations").GetInt64()); // 193 in release 1, 51 added and 4 withdrawn in release 4
        Assert.Contains("CC BY 4.0", dataset.GetProperty("licence").GetString());

        var dimensions = dataset.GetProperty("dimensions").EnumerateArray()
            .ToDictionary(d => d.GetProperty("id").GetString()!, d => d.GetProperty("codes").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList());
        Assert.Equal(["CN", "RU"], dimensions["reporter"]);
        Assert.Equal(["export", "import", "total"], dimensions["flow"]);
        Assert.Equal(["A", "Q", "M", "YTD"], dimensions["freq"]);
        Assert.Equal(["USD", "CNY"], dimensions["basis"]);
        Assert.Contains("cepa-org-2025-05", dataset.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task TheCatalogueListsTheDatasets()
    {
        var list = await _client.GetJson("/v1/datasets");
        var trade = Assert.Single(list.Data(), d => d.GetProperty("id").GetString() == "trade");
        Assert.Equal("2025-12", trade.GetProperty("lastPeriod").GetString());
    }

    [Fact]
    public async Task TheDatasetListPagesByKeysetLikeEveryList()
    {
        var all = (await _client.GetJson("/v1/datasets")).Data().Select(d => d.GetProperty("id").GetString()).ToList();
        Assert.Equal(["trade", "brand-shares", "currency-shares"], all);
        var paged = new List<string?>();
        string? next = "/v1/datasets?limit=1";
        while (next is not null)
        {
            using var response = await _client.GetAsync(next);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            var page = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            paged.AddRange(page.Data().Select(d => d.GetProperty("id").GetString()));
            var link = page.GetProperty("links").GetProperty("next");
            next = link.ValueKind == System.Text.Json.JsonValueKind.String ? link.GetString() : null;
            if (next is not null) Assert.Contains($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link"));
        }
        Assert.Equal(all, paged);
        await _client.GetProblem("/v1/datasets?limit=0", System.Net.HttpStatusCode.BadRequest);
        await _client.GetProblem("/v1/datasets?cursor=nonsense", System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SourcesCiteThePageThePublisherAndTheDate()
    {
        var source = await _client.GetJson("/v1/sources/bne-eu-2025-01-13");
        Assert.Equal("bne IntelliNews citing TASS", source.GetProperty("publisher").GetString());
        Assert.Equal("https://bne.eu/russo-china-trade-turnover-rises-1-9-to-244-81bn-in-2024-361098", source.GetProperty("url").GetString());
        Assert.Equal("2025-01-13", source.GetProperty("published").GetString());
        Assert.True(source.GetProperty("publishedApproximate").GetBoolean());
        Assert.Equal(["GACC (China customs)"], source.GetProperty("citedBodies").EnumerateArray().Select(b => b.GetString()));

        var cepa = await _client.GetJson("/v1/sources/cepa-org-2025-05");
        Assert.Equal("analysis", cepa.GetProperty("kind").GetString());
        Assert.Equal("https://cepa.org/article/china-thanks-gas-station-manager-putin", cepa.GetProperty("url").GetString());

        // A dataset's sources are those its releases cited: the 67 with current figures, and the CEPA article's first
        // record, whose figures release 4 withdrew.
        var all = await _client.GetJson("/v1/sources?dataset=trade");
        Assert.Equal(68, all.Data().Count);
        Assert.Equal(["cepa-europes-edge-2025-05"], all.Data().Where(s => s.GetProperty("observations").GetInt64() == 0).Select(s => s.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/v1/datasets/nope")]
    [InlineData("/v1/sources/nope")]
    [InlineData("/v1/no-such-path")]
    [InlineData("/problems/nope")]
    public async Task UnknownIdsAndPathsAnswerNotFoundProblems(string url)
    {
        await _client.GetProblem(url, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownParametersAndDatasetsOnTheCatalogueAreRejected()
    {
        await _client.GetProblem("/v1/datasets?flow=export", HttpStatusCode.BadRequest, "flow");
        await _client.GetProblem("/v1/sources?dataset=weather", HttpStatusCode.BadRequest, "dataset");
    }

    [Fact]
    public async Task ProblemTypesAreDocumented()
    {
        var type = await _client.GetJson("/problems/invalid-parameter");
        Assert.Equal(400, type.GetProperty("status").GetInt32());
    }
}
