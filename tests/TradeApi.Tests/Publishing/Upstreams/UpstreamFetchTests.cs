using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TradeApi.Publishing.Ingestion;
using TradeApi.Publishing.Upstreams;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Upstreams;

/// <summary>Fetching a release from a real (fake) upstream on 127.0.0.1 through the resilience pipeline.</summary>
public sealed class UpstreamFetchTests
{
    private const string Release = """
        reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId,sourcePublisher,sourceUrl,sourcePublished
        CN,RU,total,2012,1000,USD,,synthetic test data (not real),weak,,upstream-test-source,Fake upstream (test),https://example.org/x,2026-01-01
        """;

    private static ApiFactory Factory(FakeUpstream upstream, string totalTimeout = "00:00:20", int breakerAfter = 10, string attemptTimeout = "00:00:00.500") => ApiFactory.With(new Dictionary<string, string?>
    {
        ["Upstreams:test:Url"] = upstream.Url,
        ["Upstreams:test:Dataset"] = "trade",
        ["Fetch:AttemptTimeout"] = attemptTimeout,
        ["Fetch:TotalTimeout"] = totalTimeout,
        ["Fetch:RetryDelay"] = "00:00:00.050",
        ["Fetch:MaxRetries"] = "4",
        ["Fetch:BreakerMinimumThroughput"] = breakerAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Fetch:BreakDuration"] = "00:01:00",
    });

    private static async Task<long> Releases(ApiFactory factory)
    {
        await using var connection = await TestEngine.OpenAsync(factory.DatabasePath);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM releases");
    }

    private static async Task<(FetchOutcome Outcome, long Before, long After)> Fetch(ApiFactory factory)
    {
        _ = factory.CreateClient();
        var before = await Releases(factory);
        var outcome = await factory.Services.GetRequiredService<UpstreamFetcher>().FetchAsync("test", CancellationToken.None);
        return (outcome, before, await Releases(factory));
    }

    [Fact]
    public async Task RetriesAndPerTryTimeoutsRideOutAFlakyUpstream()
    {
        await using var upstream = await FakeUpstream.StartAsync(
            FakeUpstream.Status(503), FakeUpstream.Status(500), FakeUpstream.Stall(TimeSpan.FromSeconds(10)), FakeUpstream.Serve(Release));
        // A per-try timeout well above what an answer takes on a loaded machine (the full suite under coverage took
        // more than 0.5 s for the served try once, and made a fifth request), well below the stall.
        await using var factory = Factory(upstream, attemptTimeout: "00:00:03");
        var (outcome, before, after) = await Fetch(factory);
        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Equal(ImportStatus.Created, outcome.Import!.Status);
        Assert.Equal(4, upstream.Requests);
        Assert.Equal(before + 1, after);
        await using var connection = await TestEngine.OpenAsync(factory.DatabasePath);
        var origin = await connection.ExecuteScalarAsync<string>("SELECT origin FROM releases ORDER BY id DESC LIMIT 1");
        Assert.Equal("fetch:test", origin);
    }

    [Fact]
    public async Task RetryAfterIsHonouredOnTooManyRequests()
    {
        await using var upstream = await FakeUpstream.StartAsync(FakeUpstream.Status(429, retryAfter: "1"), FakeUpstream.Serve(Release));
        await using var factory = Factory(upstream);
        var (outcome, _, _) = await Fetch(factory);
        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Equal(2, upstream.Requests);
    }

    [Fact]
    public async Task GarbageFromUpstreamIsRefusedAndWritesNothing()
    {
        await using var upstream = await FakeUpstream.StartAsync(FakeUpstream.Serve("\u0000\u0001 <html>not a release \"unclosed,\n1,2,3\n"));
        await using var factory = Factory(upstream);
        var (outcome, before, after) = await Fetch(factory);
        Assert.False(outcome.Succeeded);
        Assert.Equal(ImportStatus.Invalid, outcome.Import!.Status);
        Assert.NotEmpty(outcome.Import.Errors);
        Assert.Equal(1, upstream.Requests); // a 200 with bad content is not a transient failure
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task TheCircuitBreakerStopsCallingAnUpstreamThatKeepsFailing()
    {
        await using var upstream = await FakeUpstream.StartAsync(FakeUpstream.Status(503));
        // A generous timeout per try, so that every failure the breaker counts is one the upstream answered.
        await using var factory = Factory(upstream, breakerAfter: 3, attemptTimeout: "00:00:05");
        var (first, before, after) = await Fetch(factory);
        Assert.NotNull(first.Failure);
        Assert.Equal(before, after);
        var calls = upstream.Requests;
        Assert.InRange(calls, 3, 5);

        var (second, _, afterSecond) = await Fetch(factory);
        Assert.NotNull(second.Failure);
        Assert.Contains("BrokenCircuit", second.Failure);
        Assert.Equal(calls, upstream.Requests); // the open breaker did not call the upstream
        Assert.Equal(before, afterSecond);
    }

    [Fact]
    public async Task AnUpstreamThatStallsPastTheOverallTimeoutIsGivenUp()
    {
        await using var upstream = await FakeUpstream.StartAsync(FakeUpstream.Stall(TimeSpan.FromSeconds(30)));
        await using var factory = Factory(upstream, totalTimeout: "00:00:01.200");
        var (outcome, before, after) = await Fetch(factory);
        Assert.NotNull(outcome.Failure);
        Assert.Contains("Timeout", outcome.Failure);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task AnUnknownUpstreamIsAClearError()
    {
        await using var upstream = await FakeUpstream.StartAsync(FakeUpstream.Serve(Release));
        await using var factory = Factory(upstream);
        _ = factory.CreateClient();
        var outcome = await factory.Services.GetRequiredService<UpstreamFetcher>().FetchAsync("nope", CancellationToken.None);
        Assert.Contains("no upstream 'nope'", outcome.Failure);
        Assert.Equal(0, upstream.Requests);
    }
}
