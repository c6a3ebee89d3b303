using System.Diagnostics;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Releases;

/// <summary>Faults many times over: imports killed at random points, and many uploads racing with one Idempotency-Key.</summary>
public sealed class FaultLoopTests
{
    private static async Task<(string Integrity, long Releases, long Observations, long Published)> State(string db)
    {
        await using var connection = await TestEngine.OpenAsync(db);
        // PostgreSQL has no integrity_check: its pages are its own (the counts below are the test there).
        return (TestEngine.Postgres is null ? await connection.QuerySingleAsync<string>("PRAGMA integrity_check") : "ok",
            await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM releases"),
            await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM trade_observations"),
            await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM trade_published WHERE valid_to IS NULL"));
    }

    [Fact]
    public async Task TwentyImportsKilledAtRandomPointsLeaveTheOldOrTheNewRelease()
    {
        await using var factory = new ApiFactory();
        _ = factory.CreateClient(); // migrated and seeded
        var folder = Path.GetDirectoryName(factory.DatabasePath)!;
        var random = new Random(20261128);
        var completed = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            var file = Path.Combine(folder, $"release-{trial}.csv");
            await File.WriteAllBytesAsync(file, SyntheticTrade.Csv(40_000, $"kill-{trial}", valueSeed: trial));
            SqliteConnection.ClearAllPools();
            var before = await State(factory.DatabasePath);
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), "import", file, "--dataset", "trade"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            TestEngine.AddTo(start, factory.DatabasePath);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(random.Next(300, 3500)));
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(stderr, stdout);

            var after = await State(factory.DatabasePath);
            Assert.Equal("ok", after.Integrity);
            // Every current figure has its published answer row, whatever the trial did.
            await using (var connection = await TestEngine.OpenAsync(factory.DatabasePath))
                Assert.Equal(await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM trade_observations WHERE superseded_in IS NULL"), after.Published);
            if (after.Releases == before.Releases)
            {
                Assert.Equal(before.Observations, after.Observations);
                Assert.Equal(before.Published, after.Published);
            }
            else
            {
                Assert.Equal(before.Releases + 1, after.Releases);
                Assert.Equal(before.Observations + 40_000, after.Observations);
                completed++;
            }
        }
        // The service still answers from whatever the trials left.
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/trade?limit=1")).StatusCode);
        Assert.True(completed < 20, "some imports were killed before they committed");
    }

    [Fact]
    public async Task FiftyConcurrentUploadsWithOneIdempotencyKeyMakeOneRelease()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        const string body = "reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,2054,1,USD,GACC,reported,bne-eu-2025-01-13\n";
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=race")
            {
                Content = new StringContent(body, Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("Idempotency-Key", "one-key-for-fifty");
            using var response = await writer.SendAsync(request);
            return response.StatusCode;
        }));
        Assert.Equal(1, responses.Count(s => s == HttpStatusCode.Created));
        Assert.All(responses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK, s.ToString()));
        await using var connection = await TestEngine.OpenAsync(factory.DatabasePath);
        Assert.Equal(1, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM releases WHERE title = 'race'"));
    }
}
