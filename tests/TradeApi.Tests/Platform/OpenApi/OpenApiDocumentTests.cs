using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.OpenApi;

public sealed class OpenApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>
    /// The committed openapi/v1.json must equal what the service serves. To regenerate it after
    /// changing an endpoint: TRADEAPI_UPDATE_OPENAPI=1 dotnet test --filter CommittedDocument
    /// </summary>
    [Fact]
    public async Task TheCommittedDocumentEqualsTheServedOne()
    {
        var served = await _client.GetStringAsync("/openapi/v1.json");
        var committedPath = Path.Combine(RepositoryRoot(), "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("TRADEAPI_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(committedPath, served);

        Assert.True(File.Exists(committedPath), "openapi/v1.json is missing; run TRADEAPI_UPDATE_OPENAPI=1 dotnet test --filter CommittedDocument");
        var committed = (await File.ReadAllTextAsync(committedPath)).ReplaceLineEndings("\n");
        Assert.True(committed == served.ReplaceLineEndings("\n"),
            "openapi/v1.json differs from the served document; regenerate it with TRADEAPI_UPDATE_OPENAPI=1 dotnet test --filter CommittedDocument");
    }

    [Fact]
    public async Task TheDocumentIsValidOpenApi()
    {
        await using var stream = await _client.GetStreamAsync("/openapi/v1.json");
        var settings = new OpenApiReaderSettings();
        var result = await OpenApiDocument.LoadAsync(stream, "json", settings);
        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
    }

    [Fact]
    public async Task EveryOperationIsNamedSummarisedDescribedAndDeclaresItsProblems()
    {
        var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Op: op.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, op) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("operationId").GetString()), path);
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("summary").GetString()), path);
            Assert.False(string.IsNullOrWhiteSpace(op.GetProperty("description").GetString()), path);
            Assert.True(op.GetProperty("responses").TryGetProperty("400", out _), $"{path} declares its 400 problem");
            foreach (var parameter in op.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
                Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()), $"{path} {parameter.GetProperty("name")}");
        }

        var limit = operations.Single(o => o.Op.GetProperty("operationId").GetString() == "ListTrade").Op
            .GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "limit");
        Assert.Equal(1000, limit.GetProperty("schema").GetProperty("default").GetInt32());
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TradeApi.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TradeApi.sln not found above " + AppContext.BaseDirectory);
    }
}
