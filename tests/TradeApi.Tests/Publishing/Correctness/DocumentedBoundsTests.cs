using System.Net;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Correctness;

/// <summary>
/// Computed values keep the bounds the README documents (shares 0 to 100, changes -100 to 100,000 percent), not only
/// finiteness: a release that would make a brand sell more cars than its market is refused, naming row, column and
/// rule; a change computed over a base too small to measure against is unavailable, like one over a zero base.
/// </summary>
public sealed class DocumentedBoundsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string BrandHeader = "market,segment,period,brand,origin,units,citedBody,confidence,sourceId\n";

    private async Task<HttpResponseMessage> Post(string dataset, string csv)
    {
        using var writer = factory.CreateWriter();
        return await writer.PostAsync($"/v1/releases?dataset={dataset}&title=bounds", new StringContent(csv, Encoding.UTF8, "text/csv"));
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task ABrandSellingMoreCarsThanItsMarketIsRefusedNamingRowColumnAndRule()
    {
        using var response = await Post("brand-shares", BrandHeader
            + "RU,new-cars,2032,ALL,,1,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2032,Lada,RU,1000000000,Autostat,reported,rt-com-2024-01-13\n");
        var problem = await Problem(response);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal((3, "units", "1000000000"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("value").GetString()));
        Assert.Contains("at most the market total", error.GetProperty("message").GetString());

        // Nothing was written: the period has no records, by brand or by origin.
        Assert.Empty((await _client.GetJson("/v1/brand-shares?period=2032")).Data());
        Assert.Empty((await _client.GetJson("/v1/brand-shares/by-origin?period=2032")).Data());
    }

    /// <summary>Without a market total, the listed brands still hold at most 100 percent and sell at most the bound of one cell.</summary>
    [Fact]
    public async Task BrandsWithoutAMarketTotalStillKeepTheBounds()
    {
        const string SharesHeader = "market,segment,period,brand,origin,sharePct,citedBody,confidence,sourceId\n";
        using var shares = await Post("brand-shares", SharesHeader
            + "RU,new-cars,2034,Lada,RU,100,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2034,Newbrand,RU,10,Autostat,reported,rt-com-2024-01-13\n");
        var error = Assert.Single((await Problem(shares)).GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "sharePct"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("add up to 110 percent", error.GetProperty("message").GetString());

        using var units = await Post("brand-shares", BrandHeader
            + "RU,new-cars,2035,Lada,RU,1000000000,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2035,Haval,CN,81450,Autostat,reported,rt-com-2024-01-13\n");
        error = Assert.Single((await Problem(units)).GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "units"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("1000081450 cars together", error.GetProperty("message").GetString());
        Assert.Empty((await _client.GetJson("/v1/brand-shares/by-origin?period=2034,2035")).Data());

        // A market row that gives no units is no total either: the same bounds hold.
        using var noUnits = await Post("brand-shares", "market,segment,period,brand,origin,units,yoyChangePct,citedBody,confidence,sourceId\n"
            + "RU,new-cars,2036,ALL,,,5,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2036,Lada,RU,1000000000,,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2036,Haval,CN,81450,,Autostat,reported,rt-com-2024-01-13\n");
        error = Assert.Single((await Problem(noUnits)).GetProperty("errors").EnumerateArray());
        Assert.Contains("1000081450 cars together", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task BrandsAddingUpToMoreThanTheirMarketAreRefused()
    {
        using var response = await Post("brand-shares", BrandHeader
            + "RU,new-cars,2033,ALL,,100,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2033,Lada,RU,60,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2033,Haval,CN,60,Autostat,reported,rt-com-2024-01-13\n");
        var error = Assert.Single((await Problem(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "units"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("sold 120 cars together", error.GetProperty("message").GetString());

        // Within the total, the same brands are served with shares from 0 to 100 and a remainder that is not negative.
        using var accepted = await Post("brand-shares", BrandHeader
            + "RU,new-cars,2033,ALL,,200,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2033,Lada,RU,60,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2033,Haval,CN,60,Autostat,reported,rt-com-2024-01-13\n");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var unattributed = Assert.Single((await _client.GetJson("/v1/brand-shares/by-origin?period=2033")).Data(),
            r => r.GetProperty("origin").GetString() == "unattributed");
        Assert.Equal((80, 40.0), (unattributed.GetProperty("units").GetInt64(), unattributed.GetProperty("sharePct").GetDouble()));
    }

    [Fact]
    public async Task PublishedSharesAddingUpToMoreThanTheWholeMarketAreRefused()
    {
        using var response = await Post("brand-shares", "market,segment,period,brand,origin,units,sharePct,citedBody,confidence,sourceId\n"
            + "RU,new-cars,2034,ALL,,1000,100,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2034,Lada,RU,,60,Autostat,reported,rt-com-2024-01-13\n"
            + "RU,new-cars,2034,Haval,CN,,50,Autostat,reported,rt-com-2024-01-13\n");
        var error = Assert.Single((await Problem(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "sharePct"), (error.GetProperty("row").GetInt32(), error.GetProperty("column").GetString()));
        Assert.Contains("add up to 110 percent", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AChangeOverABaseTooSmallToMeasureAgainstIsUnavailable()
    {
        using var response = await Post("trade", "reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\n"
            + "KZ,MN,export,2031,0.0000000001,USD,GACC (China customs),reported,clv-development-org-2009-10\n"
            + "KZ,MN,export,2032,1000000000000000,USD,GACC (China customs),reported,clv-development-org-2009-10\n");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = Assert.Single((await _client.GetJson("/v1/trade?reporter=KZ&partner=MN&period=2032")).Data());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("yoyComputedPct").ValueKind);
        Assert.Equal(JsonValueKind.Null, record.GetProperty("yoyChangePct").ValueKind);
        Assert.Equal("unavailable", record.GetProperty("yoyChangeStatus").GetString());
        Assert.Equal(JsonValueKind.Null, record.GetProperty("yoyBasePeriod").ValueKind);
    }
}
