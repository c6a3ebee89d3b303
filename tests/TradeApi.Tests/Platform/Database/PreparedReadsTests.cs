using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TradeApi.Platform.Database;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Database;

/// <summary>
/// A listing miss runs a statement its read connection prepared once: queries of one shape that differ in their
/// values, their limit included, bind and step it, and SQLite never prepares it again.
/// </summary>
public sealed class PreparedReadsTests
{
    [SqliteFact] // SQLite's own statement counters
    public async Task QueriesOfOneShapeNeverMakeSqlitePrepareTheirStatementAgain()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        // One at a time, so that they share one kept connection; every one a miss (a new limit or a new flow).
        foreach (var (flow, limit) in new[] { ("total", 1), ("total", 2), ("total", 3), ("export", 1), ("total", 5), ("export", 4) })
        {
            using var response = await client.GetAsync($"/v1/trade?reporter=CN&partner=RU&flow={flow}&limit={limit}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(limit, System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync())
                .RootElement.GetProperty("data").GetArrayLength());
        }
        Assert.Equal(0, factory.Services.GetRequiredService<Db>().Reads.Reprepared());
    }
}
