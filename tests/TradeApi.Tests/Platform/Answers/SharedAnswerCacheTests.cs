using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Answers;

/// <summary>
/// Answers:Redis: instances share the answers they make through Redis (Debian's redis-server on loopback), and an
/// instance whose Redis does not answer still answers every request itself.
/// </summary>
public sealed class SharedAnswerCacheTests
{
    private const string Asked = "/v1/trade?reporter=CN&partner=RU&flow=total&freq=A";
    private const string NotAsked = "/v1/trade?reporter=CN&partner=RU&flow=export&freq=A";

    private static int Count(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data").GetArrayLength();

    [SqliteFact] // the second instance serves a copy of the first one's SQLite file
    public async Task AnAnswerOneInstanceMadeIsServedByAnotherFromRedis()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Answers:Redis"] = redis.Configuration };
        await using var first = ApiFactory.With(settings);
        var made = await first.CreateClient().GetStringAsync(Asked);
        Assert.True(Count(made) > 5);
        Assert.Matches("^:[1-9][0-9]*$", await redis.CommandAsync("DBSIZE"));

        // A second instance on a copy of the database whose published trade rows are gone: what it answers for the
        // asked query can only come from Redis; what nobody asked it answers from its own (empty) table.
        var copy = Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "copy.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        await using (var connection = new SqliteConnection($"Data Source={first.DatabasePath}"))
            await connection.ExecuteAsync($"VACUUM INTO '{copy}'");
        await using (var connection = new SqliteConnection($"Data Source={copy}"))
            await connection.ExecuteAsync("DELETE FROM trade_published");
        await using var second = new ApiFactory(copy, new Dictionary<string, string?> { ["Answers:Redis"] = redis.Configuration, ["Database:ReadOnly"] = "true" });
        var client = second.CreateClient();
        using var shared = await client.GetAsync(Asked);
        Assert.Equal(made, await shared.Content.ReadAsStringAsync());
        Assert.Equal(0, Count(await client.GetStringAsync(NotAsked)));
    }

    [Fact]
    public async Task WithoutAnswerFromRedisAnInstanceAnswersItself()
    {
        await using var factory = ApiFactory.With(new Dictionary<string, string?> { ["Answers:Redis"] = $"127.0.0.1:{ServiceProcess.FreePort()}" });
        var client = factory.CreateClient();
        using var response = await client.GetAsync(Asked);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Count(await response.Content.ReadAsStringAsync()) > 5);
        using var again = await client.GetAsync(NotAsked);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
