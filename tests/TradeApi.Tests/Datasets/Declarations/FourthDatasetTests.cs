using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Database;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Datasets.Declarations;

/// <summary>
/// README's "Adding a dataset" is true: a fourth dataset made of a migration (applied here), a declaration
/// (<see cref="CommodityTradeDataset"/>) and a seed file is listed, served in every format with as_of, charted,
/// embedded, downloaded and in the feeds, with no file of the service touched.
/// </summary>
public sealed class FourthDatasetTests : IAsyncLifetime
{
    private const string Id = "commodity-trade";
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;
    private long _first, _second;

    /// <summary>The seed file: synthetic figures, made here, for this test only.</summary>
    private static string Seed(double scale) => new StringBuilder()
        .AppendLine("reporter,partner,flow,commodity,period,value,citedBody,confidence,note,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind")
        .AppendLine(string.Create(CultureInfo.InvariantCulture, $"CN,RU,export,87,2023,{1000 * scale},Test body,reported,synthetic,synthetic-commodities,TradeApi tests,Synthetic commodity figures,https://example.org/synthetic,2026-01-01,analysis"))
        .AppendLine(string.Create(CultureInfo.InvariantCulture, $"CN,RU,export,87,2024,{2000 * scale},Test body,reported,synthetic,synthetic-commodities,,,,,"))
        .AppendLine(string.Create(CultureInfo.InvariantCulture, $"CN,RU,import,27,2024,{3000 * scale},Test body,reported,synthetic,synthetic-commodities,,,,,"))
        .ToString();

    public async Task InitializeAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "tradeapi.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (TestEngine.Postgres is not null) TestEngine.CreateDatabase(path);
        await using (var connection = await TestEngine.OpenAsync(path))
        {
            var engine = SqlDialect.Of(connection).Name;
            await Migrations.ApplyAsync(connection, Path.Combine(AppContext.BaseDirectory, "db", "migrations", engine), NullLogger.Instance);
            await connection.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Datasets", "Declarations", $"commodity-trade.{engine}.sql")));
        }
        _factory = new ApiFactory(path, services: s => s.AddDatasets(new CommodityTradeDataset()));
        _client = _factory.CreateClient();
        using var writer = _factory.CreateWriter();
        _first = await PostAsync(writer, "First commodity figures", Seed(1));
        _second = await PostAsync(writer, "Revised commodity figures", Seed(2));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static async Task<long> PostAsync(HttpClient writer, string title, string csv)
    {
        using var response = await writer.PostAsync($"/v1/releases?dataset={Id}&title={Uri.EscapeDataString(title)}",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<(HttpResponseMessage Response, string Body)> Get(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return (response, body);
    }

    [Fact]
    public async Task TheCatalogueListsItWithItsCodesAndCoverage()
    {
        var (_, list) = await Get("/v1/datasets");
        var entry = JsonDocument.Parse(list).RootElement.GetProperty("data").EnumerateArray().Single(d => d.GetProperty("id").GetString() == Id);
        Assert.Equal(_second, entry.GetProperty("currentRelease").GetInt64());
        var (_, one) = await Get($"/v1/datasets/{Id}");
        Assert.Contains("\"commodity\"", one);
        Assert.Contains("Vehicles (HS 87)", one);
    }

    [Fact]
    public async Task ItsRecordsAnswerInEveryFormatAndAsOfAPastRelease()
    {
        var (_, json) = await Get($"/v1/{Id}?commodity=87");
        var page = JsonDocument.Parse(json).RootElement;
        Assert.Equal(_second, page.GetProperty("meta").GetProperty("release").GetInt64());
        Assert.Equal([2000.0, 4000.0], page.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
        Assert.All(page.GetProperty("data").EnumerateArray(), r => Assert.Equal("synthetic-commodities", r.GetProperty("sourceId").GetString()));

        var (_, pinned) = await Get($"/v1/{Id}?commodity=87&as_of={_first}");
        Assert.Equal([1000.0, 2000.0], JsonDocument.Parse(pinned).RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));

        var (csvResponse, csv) = await Get($"/v1/{Id}.csv?commodity=87&as_of={_first}");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var lines = csv.TrimEnd().Split('\n');
        Assert.StartsWith("reporter,partner,flow,commodity,freq,period,value,", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",2023,1000,", lines[1]);

        var (_, ndjson) = await Get($"/v1/{Id}?commodity=27&format=ndjson");
        Assert.Equal(6000.0, JsonDocument.Parse(ndjson.Trim()).RootElement.GetProperty("value").GetDouble());

        var (_, history) = await Get($"/v1/{Id}/history?commodity=27");
        var vintages = JsonDocument.Parse(history).RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([3000.0, 6000.0], vintages.Select(v => v.GetProperty("value").GetDouble()));
        Assert.Equal(_second, vintages[0].GetProperty("supersededIn").GetInt64());

        using var unknown = await _client.GetAsync($"/v1/{Id}?commodity=99");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("commodity", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ItIsChartedEmbeddedDownloadedAndInTheFeeds()
    {
        var (chart, svg) = await Get($"/v1/{Id}/chart.svg?commodity=87&as_of={_first}");
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType!.MediaType);
        Assert.Contains("data-value=\"1000\"", svg);
        var (_, embed) = await Get($"/embed/{Id}?commodity=87");
        Assert.Contains("<iframe", await (await _client.GetAsync($"/oembed?url={Uri.EscapeDataString($"http://localhost/embed/{Id}?commodity=87")}")).Content.ReadAsStringAsync());
        Assert.Contains("4000", embed);
        var (_, download) = await Get($"/v1/{Id}/download?format=csv");
        Assert.Equal(4, download.TrimEnd().Split('\n').Length);
        var (_, atom) = await Get($"/feeds/{Id}.atom");
        Assert.Contains("Revised commodity figures", atom);
        var (_, all) = await Get("/feeds/releases.json");
        Assert.Contains("First commodity figures", all);
        var (_, changes) = await Get($"/v1/changes?dataset={Id}&since={_first}");
        Assert.Equal(3, JsonDocument.Parse(changes).RootElement.GetProperty("data").GetArrayLength());
        var (_, front) = await Get("/");
        Assert.Contains($"/v1/{Id}/chart.svg?commodity=27", front);
    }

    [Fact]
    public async Task TheDocumentDescribesItsEndpointsFromTheDeclaration()
    {
        var (_, document) = await Get("/openapi/v1.json");
        var paths = JsonDocument.Parse(document).RootElement.GetProperty("paths");
        var list = paths.GetProperty($"/v1/{Id}").GetProperty("get");
        Assert.Equal("ListCommodityTrade", list.GetProperty("operationId").GetString());
        Assert.Equal(["reporter", "partner", "flow", "commodity", "period", "from", "to", "as_of", "source", "versions", "limit", "cursor", "format", "download"],
            list.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()));
        foreach (var path in new[] { $"/v1/{Id}/history", $"/v1/{Id}/chart.svg", $"/embed/{Id}" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        // Descriptions that list the datasets are made from the declarations too.
        static string Description(JsonElement operation, string name) =>
            operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("description").GetString()!;
        Assert.Equal("Dataset id: trade, brand-shares, currency-shares or commodity-trade.",
            Description(paths.GetProperty("/v1/{dataset}/download").GetProperty("get"), "dataset"));
        var chart = paths.GetProperty($"/v1/{Id}/chart.svg").GetProperty("get");
        Assert.EndsWith("sharePct (currency shares), value (commodity trade).", Description(chart, "measure"));
        Assert.Contains("bars for brand shares and commodity trade, lines otherwise", Description(chart, "type"));
    }

    [Fact]
    public async Task ADeclarationThatDoesNotMatchTheDatabaseStopsStartUpNamingTheFault()
    {
        await using var connection = await TestEngine.OpenAsync(_factory.DatabasePath);
        var faults = await DeclarationCheck.FaultsAsync(connection, new CommodityTradeDataset());
        Assert.Empty(faults);
        await connection.ExecuteAsync("ALTER TABLE commodity_trade_published RENAME COLUMN cited_body TO body");
        faults = await DeclarationCheck.FaultsAsync(connection, new CommodityTradeDataset());
        Assert.Contains("PublishedColumns names 'cited_body', which commodity_trade_published has not", faults);
        Assert.Contains(faults, f => f.StartsWith("CommodityTradeRecord.CitedBody reads column 'cited_body'", StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => DeclarationCheck.CheckAsync(connection, [new CommodityTradeDataset()]));
        Assert.Contains("dataset 'commodity-trade': PublishedColumns names 'cited_body'", e.Message);
    }
}
