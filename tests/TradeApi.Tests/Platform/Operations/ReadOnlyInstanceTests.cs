using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TradeApi.Platform.Database;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Operations;

/// <summary>
/// A read-only instance (Database:ReadOnly) beside the writer on one database file: it serves the writer's answers,
/// learns of a new release without a restart, refuses writes with a problem, opens the file so that SQLite itself
/// refuses any write, and will not start on a database the writer has not migrated.
/// </summary>
public sealed class ReadOnlyInstanceTests
{
    private const string Trade = "reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId";

    private static ApiFactory Reader(string path) => new(path, new Dictionary<string, string?> { ["Database:ReadOnly"] = "true" }) { KeepDatabase = true };

    private static async Task<JsonElement> Json(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task ItServesTheWritersAnswersAndLearnsOfANewReleaseWithoutARestart()
    {
        await using var writer = new ApiFactory();
        var written = writer.CreateClient();
        await using var reader = Reader(writer.DatabasePath);
        var read = reader.CreateClient();

        const string query = "/v1/trade?reporter=CN&partner=RU&freq=A&flow=total";
        using (var fromWriter = await written.GetAsync(query))
        using (var fromReader = await read.GetAsync(query))
        {
            Assert.Equal(await fromWriter.Content.ReadAsStringAsync(), await fromReader.Content.ReadAsStringAsync());
            Assert.Equal(fromWriter.Headers.ETag, fromReader.Headers.ETag);
        }
        var before = (await Json(read, query)).GetProperty("meta").GetProperty("release").GetInt64();

        using var post = await writer.CreateWriter().PostAsync("/v1/releases?dataset=trade&title=after",
            new StringContent($"{Trade}\nCN,RU,total,2024,244819000001,USD,GACC (China customs),reported,bne-eu-2025-01-13\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var release = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        // SQLite: at once (data_version). PostgreSQL: within Database:PollMilliseconds (100 ms by default).
        var after = await Json(read, query);
        for (var waited = 0; TestEngine.Postgres is not null && waited < 2000 && after.GetProperty("meta").GetProperty("release").GetInt64() != release; waited += 50)
        {
            await Task.Delay(50);
            after = await Json(read, query);
        }
        Assert.Equal(release, after.GetProperty("meta").GetProperty("release").GetInt64());
        Assert.True(release > before);
        Assert.Contains(after.GetProperty("data").EnumerateArray(), r => r.GetProperty("value") is { ValueKind: JsonValueKind.Number } v && v.GetDouble() == 244819000001);
        Assert.Equal(release, (await Json(read, "/v1/releases?limit=1")).GetProperty("data")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task ItRefusesWritesWithAProblemAndSqliteRefusesThemToo()
    {
        await using var writer = new ApiFactory();
        _ = writer.CreateClient();
        await using var reader = Reader(writer.DatabasePath);
        var client = reader.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ApiKey);
        var releases = (await Json(client, "/v1/releases")).GetProperty("data").GetArrayLength();

        using var post = await client.PostAsync("/v1/releases?dataset=trade&title=x",
            new StringContent($"{Trade}\nCN,RU,total,2024,1,USD,GACC,reported,bne-eu-2025-01-13\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal("GET, HEAD", post.Content.Headers.Allow.Count > 0 ? string.Join(", ", post.Content.Headers.Allow) : post.Headers.GetValues("Allow").Single());
        var problem = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/problems/read-only-instance", problem.GetProperty("type").GetString());
        Assert.Contains("Send releases to the writer", problem.GetProperty("detail").GetString());
        Assert.Equal(releases, (await Json(client, "/v1/releases")).GetProperty("data").GetArrayLength());

        // The database is open read-only: a write through the instance's own connection fails in the engine, not by our care.
        await using var connection = await reader.Services.GetRequiredService<Db>().OpenAsync();
        var e = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM releases"));
        if (e is SqliteException sqlite) Assert.Equal(8, sqlite.SqliteErrorCode); // SQLITE_READONLY
        else Assert.Equal("25006", ((Npgsql.PostgresException)e).SqlState); // read_only_sql_transaction
    }

    [Fact]
    public async Task ItDoesNotStartOnADatabaseTheWriterHasNotMigrated()
    {
        await using var writer = new ApiFactory();
        _ = writer.CreateClient();
        await using (var connection = await TestEngine.OpenAsync(writer.DatabasePath))
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)");
        await using var reader = Reader(writer.DatabasePath);
        var e = Assert.ThrowsAny<Exception>(() => reader.CreateClient());
        Assert.Contains("lacks migrations 11", e.ToString());
        Assert.Contains("start the writer of this version first", e.ToString());

        if (TestEngine.Postgres is not null) return; // a PostgreSQL database with no tables fails as "lacks migrations", above
        await using var nowhere = Reader(Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "none.db"));
        Assert.Contains("start the writer first", Assert.ThrowsAny<Exception>(() => nowhere.CreateClient()).ToString());
    }
}
