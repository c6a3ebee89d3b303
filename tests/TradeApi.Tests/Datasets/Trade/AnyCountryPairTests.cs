using System.Diagnostics;
using System.Net;
using System.Text;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Datasets.Trade;

public sealed class AnyCountryPairTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string Header = "reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId,sourcePublisher,sourceUrl,sourcePublished,sourceKind";

    [Fact]
    public async Task AnyIsoPairImportsAndAnswersInAlpha2()
    {
        using var writer = factory.CreateWriter();
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=US%20and%20China", new StringContent(
            $"{Header}\nusa,CHN,export,2024,143500000000,USD,US Census Bureau,reported,pair-test-source,Test publisher,https://example.org/us-cn,2025-02-06,news\n" +
            "US,CN,import,2024,438900000000,USD,US Census Bureau,reported,pair-test-source,,,,\n" +
            "DE,WLD,total,2024,1000,USD,Destatis,weak,pair-test-source,,,,\n",
            Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var rows = (await _client.GetJson("/v1/trade?reporter=USA&partner=cn&period=2024")).Data();
        Assert.Equal(["export", "import"], rows.Select(r => r.GetProperty("flow").GetString()));
        Assert.All(rows, r => Assert.Equal("US", r.GetProperty("reporter").GetString()));
        Assert.All(rows, r => Assert.Equal("CN", r.GetProperty("partner").GetString()));
        Assert.Equal(143_500_000_000d, rows[0].GetProperty("value").GetDouble());

        var world = Assert.Single((await _client.GetJson("/v1/trade?reporter=DEU&partner=WLD")).Data());
        Assert.Equal("WLD", world.GetProperty("partner").GetString());

        // The catalogue lists the codes that have data, with their names.
        var dataset = await _client.GetJson("/v1/datasets/trade");
        var reporters = dataset.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("id").GetString() == "reporter")
            .GetProperty("codes").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("label").GetString());
        Assert.Equal("United States", reporters["US"]);
        Assert.Equal("Germany", reporters["DE"]);
        Assert.Contains("CN", reporters.Keys);
    }

    [Fact]
    public async Task AnUnknownCountryCodeIsRefusedNamingTheAcceptedForm()
    {
        var problem = await _client.GetProblem("/v1/trade?reporter=XX", HttpStatusCode.BadRequest, "reporter");
        Assert.Contains("ISO 3166-1", problem.GetProperty("detail").GetString());
        Assert.Contains("alpha-3 (CHN)", problem.GetProperty("detail").GetString());

        using var writer = factory.CreateWriter();
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=bad", new StringContent(
            $"{Header}\nUS,ZZ,export,2024,1,USD,x,reported,bne-eu-2025-01-13,,,,\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains("alpha-2 (CN) or alpha-3 (CHN)", await posted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ACommandLineImportWhileTheServiceServesChangesTheNextAnswer()
    {
        await using var own = new ApiFactory();
        var client = own.CreateClient();
        const string url = "/v1/trade?flow=total&period=2024&source=bne-eu-2025-01-13";
        using var before = await client.GetAsync(url);
        Assert.Contains("244810000000", await before.Content.ReadAsStringAsync());
        using var cached = await client.GetAsync(url);
        Assert.Equal(before.Headers.ETag, cached.Headers.ETag);

        var file = Path.Combine(Path.GetDirectoryName(own.DatabasePath)!, "revision.csv");
        await File.WriteAllTextAsync(file,
            "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,sourceId\nCN,RU,total,2024,244819000000,USD,1.9,GACC (China customs),reported,bne-eu-2025-01-13\n");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), "import", file, "--dataset", "trade"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        TestEngine.AddTo(start, own.DatabasePath);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);

        using var after = await client.GetAsync(url);
        var body = await after.Content.ReadAsStringAsync();
        Assert.Contains("244819000000", body);
        Assert.DoesNotContain("244810000000", body);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }
}
