using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Datasets.Shares;

public sealed class BrandAndCurrencyShareTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static JsonElement Row(IEnumerable<JsonElement> rows, string field, string value) =>
        Assert.Single(rows, r => r.GetProperty(field).GetString() == value);

    [Fact]
    public async Task TheTopTenBrandsOf2023ComeWithUnitsAndPublishedShares()
    {
        var rows = (await _client.GetJson("/v1/brand-shares?market=RU&period=2023&top=10")).Data();
        Assert.Equal(["Lada", "Chery", "Haval", "Geely", "Changan", "Exeed", "Omoda"], rows.Select(r => r.GetProperty("brand").GetString()));
        var lada = Row(rows, "brand", "Lada");
        Assert.Equal(324446, lada.GetProperty("units").GetInt64());
        Assert.Equal(30.65, lada.GetProperty("sharePct").GetDouble());
        Assert.Equal("reported", lada.GetProperty("shareStatus").GetString());
        Assert.Equal("RU", lada.GetProperty("origin").GetString());
        Assert.Equal(11.24, Row(rows, "brand", "Chery").GetProperty("sharePct").GetDouble());
        Assert.Equal("rt-com-2024-01-13", lada.GetProperty("sourceId").GetString());
    }

    [Fact]
    public async Task ASharesComputedFromUnitsIsLabelled()
    {
        var toyota = Assert.Single((await _client.GetJson("/v1/brand-shares?period=2023&brand=toyota")).Data());
        Assert.Equal(2.2, toyota.GetProperty("sharePct").GetDouble()); // 23318 / 1060000
        Assert.Equal("computed", toyota.GetProperty("shareStatus").GetString());

        var tenet = Assert.Single((await _client.GetJson("/v1/brand-shares?period=2025&brand=Tenet")).Data());
        Assert.Equal("RU", tenet.GetProperty("origin").GetString());
        Assert.Equal("CN", tenet.GetProperty("platformOrigin").GetString());
    }

    [Fact]
    public async Task ByOriginGivesChinasShareAndTheUnattributedRemainder()
    {
        var rows = (await _client.GetJson("/v1/brand-shares/by-origin?market=RU&period=2023")).Data();
        var china = Row(rows, "origin", "CN");
        Assert.Equal(43.09, china.GetProperty("sharePct").GetDouble());
        Assert.Equal(456123, china.GetProperty("units").GetInt64());
        Assert.Equal(6, china.GetProperty("topTenBrands").GetInt32());
        Assert.Equal(7, china.GetProperty("topTenListed").GetInt32());
        var rest = Row(rows, "origin", "unattributed");
        Assert.Equal(24.06, rest.GetProperty("sharePct").GetDouble());
        Assert.Equal(256113, rest.GetProperty("units").GetInt64());

        var platform = (await _client.GetJson("/v1/brand-shares/by-origin?period=2025&originBasis=platform")).Data();
        Assert.Equal(7, Row(platform, "origin", "CN").GetProperty("topTenBrands").GetInt32()); // Belgee and Tenet count as Chinese
        var owner = (await _client.GetJson("/v1/brand-shares/by-origin?period=2025")).Data();
        Assert.Equal(5, Row(owner, "origin", "CN").GetProperty("topTenBrands").GetInt32());
    }

    [Fact]
    public async Task StatementsOnRussiaChinaSettlementsAreLabelledWithTheirQualifiers()
    {
        var rows = (await _client.GetJson("/v1/currency-shares?country=RU&counterpart=CN")).Data();
        Assert.All(rows, r => Assert.Equal("statement", r.GetProperty("kind").GetString()));
        var siluanov = Assert.Single(rows, r => r.GetProperty("period").GetString() == "2023-04");
        Assert.Equal(70, siluanov.GetProperty("sharePct").GetDouble());
        Assert.Equal("above", siluanov.GetProperty("qualifier").GetString());
        Assert.Equal("Anton Siluanov", siluanov.GetProperty("statedBy").GetString());
        var putin = Assert.Single(rows, r => r.GetProperty("period").GetString() == "2023-03");
        Assert.Equal(JsonValueKind.Null, putin.GetProperty("sharePct").ValueKind);
        Assert.Equal("two thirds", putin.GetProperty("statedAs").GetString());
        Assert.Equal(2, rows.Count(r => r.GetProperty("period").GetString() == "2025-11")); // Novak and Siluanov both stand
    }

    [Fact]
    public async Task TheAllPartnerSeriesGivesTheEnd2022ExportShares()
    {
        var rows = (await _client.GetJson("/v1/currency-shares?counterpart=WLD&direction=exports&period=2022-12&kind=statistic")).Data();
        Assert.Equal(34, Row(rows, "currency", "RUB").GetProperty("sharePct").GetDouble());
        Assert.Equal(16, Row(rows, "currency", "CNY").GetProperty("sharePct").GetDouble());
        Assert.Equal(48, Row(rows, "currency", "USD_EUR").GetProperty("sharePct").GetDouble());
        Assert.Equal("monocle-ru-2023-03-10", Row(rows, "currency", "RUB").GetProperty("sourceId").GetString());
    }

    [Theory]
    [InlineData("/v1/brand-shares?market=RU&period=2023")]
    [InlineData("/v1/brand-shares/by-origin?period=2023,2025")]
    [InlineData("/v1/currency-shares?versions=all")]
    public async Task CsvCarriesTheSameRowsAsJson(string query)
    {
        var json = (await _client.GetJson(query)).Data();
        var sep = query.Contains('?') ? '&' : '?';
        using var reader = new CsvReader(new StringReader(await _client.GetStringAsync($"{query}{sep}format=csv")), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var i = 0;
        while (reader.Read())
        {
            foreach (var field in json[i].EnumerateObject())
                Assert.Equal(HttpAssert.CsvCell(field.Value), reader.GetField(field.Name));
            i++;
        }
        Assert.Equal(json.Count, i);
        Assert.True(i > 0);
    }

    [Fact]
    public async Task PagesOfCurrencySharesJoinUpToTheWhole()
    {
        var all = (await _client.GetJson("/v1/currency-shares?versions=all")).Data().Select(r => r.GetRawText()).ToList();
        var paged = new List<string>();
        string? next = "/v1/currency-shares?versions=all&limit=10";
        while (next is not null)
        {
            var page = await _client.GetJson(next);
            paged.AddRange(page.Data().Select(r => r.GetRawText()));
            var link = page.GetProperty("links").GetProperty("next");
            next = link.ValueKind == JsonValueKind.Null ? null : link.GetString();
        }
        Assert.Equal(all, paged);
    }

    [Theory]
    [InlineData("/v1/brand-shares?market=US", "market")]
    [InlineData("/v1/brand-shares?segment=trucks", "segment")]
    [InlineData("/v1/brand-shares?brand=Trabant", "brand")]
    [InlineData("/v1/brand-shares?origin=XX", "origin")]
    [InlineData("/v1/brand-shares?top=0", "top")]
    [InlineData("/v1/brand-shares?top=ten", "top")]
    [InlineData("/v1/brand-shares?period=2023-14", "period")]
    [InlineData("/v1/brand-shares?from=2025&to=2023", "from")]
    [InlineData("/v1/brand-shares?cursor=abc", "cursor")]
    [InlineData("/v1/brand-shares?rank=1", "rank")]
    [InlineData("/v1/brand-shares/by-origin?originBasis=assembly", "originBasis")]
    [InlineData("/v1/brand-shares/by-origin?top=10", "top")]
    [InlineData("/v1/currency-shares?country=CN", "country")]
    [InlineData("/v1/currency-shares?counterpart=MARS", "counterpart")]
    [InlineData("/v1/currency-shares?direction=both", "direction")]
    [InlineData("/v1/currency-shares?currency=BTC", "currency")]
    [InlineData("/v1/currency-shares?kind=rumour", "kind")]
    [InlineData("/v1/currency-shares?limit=0", "limit")]
    [InlineData("/v1/currency-shares?source=nope", "source")]
    [InlineData("/v1/currency-shares?format=xlsx", "format")]
    public async Task BadParametersAnswerAProblemNamingTheParameter(string url, string parameter)
    {
        await _client.GetProblem(url, HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task TheCatalogueListsAllThreeDatasetsAndTheirSources()
    {
        var ids = (await _client.GetJson("/v1/datasets")).Data().Select(d => d.GetProperty("id").GetString());
        Assert.Equal(["trade", "brand-shares", "currency-shares"], ids);
        var brands = await _client.GetJson("/v1/datasets/brand-shares");
        var brandCodes = brands.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "brand")
            .GetProperty("codes").EnumerateArray().Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.Contains("Tenet", brandCodes);
        Assert.Contains("ALL", brandCodes);
        var source = await _client.GetJson("/v1/sources/rt-com-2024-01-13");
        Assert.Equal(["brand-shares"], source.GetProperty("datasets").EnumerateArray().Select(d => d.GetString()));
        Assert.NotEmpty((await _client.GetJson("/v1/sources?dataset=currency-shares")).Data());
    }
}
