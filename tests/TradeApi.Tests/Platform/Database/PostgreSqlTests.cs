using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Database;

/// <summary>
/// PostgreSQL as the store, beyond the whole suite running on it (TRADEAPI_TEST_POSTGRES): both engines' migrations are
/// one numbered list; backups are the engine's job; and a read-only instance on a hot standby that lags behind a
/// release answers from the release its standby holds, labelled so, and serves the new one once the standby has
/// replayed it (TRADEAPI_TEST_STANDBY: a standby of the test server made with pg_basebackup -R; .ci/run starts both).
/// </summary>
public sealed class PostgreSqlTests
{
    private const string Query = "/v1/trade?reporter=CN&partner=RU&freq=A&flow=total&period=2024";

    [Fact]
    public void BothEnginesMigrationsAreOneNumberedList()
    {
        string[] Names(string engine) => Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "db", "migrations", engine), "*.sql")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        var sqlite = Names("sqlite");
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, Names("postgresql"));
    }

    [Fact]
    public async Task AReleaseRefusedWhileBeingWrittenUsesUpNoNumber()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        const string header = "reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId,action";
        // Refused inside the write transaction (after the release's row was written): a withdrawal of nothing.
        using var refused = await writer.PostAsync("/v1/releases?dataset=trade&title=refused",
            new StringContent($"{header}\nCN,RU,total,2061,1,USD,GACC,reported,bne-eu-2025-01-13,withdraw\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        using var accepted = await writer.PostAsync("/v1/releases?dataset=trade&title=accepted",
            new StringContent($"{header}\nCN,RU,total,2061,1,USD,GACC,reported,bne-eu-2025-01-13,\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(8, JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
    }

    [PostgresFact]
    public async Task BackupsAreTheEnginesJob()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        using var response = await admin.PostAsync("/v1/admin/backups", null);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("/problems/other-engine", problem.GetProperty("type").GetString());
        Assert.Contains("pg_dump", problem.GetProperty("detail").GetString());
    }

    [StandbyFact]
    public async Task AStandbyBehindARelease_NeverAnswersWithARelease_ItDoesNotHold()
    {
        await using var writer = new ApiFactory();
        using var written = writer.CreateWriter();
        var database = TestEngine.DatabaseName(writer.DatabasePath);
        _ = await written.GetStringAsync("/v1/datasets"); // migrated and seeded on the primary
        await using var standby = new NpgsqlConnection(TestEngine.On(TestEngine.Standby!, database));
        await WaitForAsync(async () =>
        {
            try
            {
                if (standby.State != System.Data.ConnectionState.Open) await standby.OpenAsync();
                return await standby.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM releases") == 7;
            }
            catch (PostgresException) { return false; } // the database, or its tables, not replayed yet
        });

        await using var reader = new ApiFactory(writer.DatabasePath, new Dictionary<string, string?>
        {
            ["Database:ReadOnly"] = "true",
            ["Database:ConnectionString"] = TestEngine.On(TestEngine.Standby!, database),
        }) { KeepDatabase = true };
        using var read = reader.CreateClient();
        var before = await AnswerAsync(read);
        Assert.Equal(7, before.Release);

        await using var control = new NpgsqlConnection(TestEngine.Standby);
        await control.OpenAsync();
        await control.ExecuteAsync("SELECT pg_wal_replay_pause()");
        try
        {
            using var post = await written.PostAsync("/v1/releases?dataset=trade&title=while-the-standby-waits",
                new StringContent("reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,2024,244819000777,USD,GACC (China customs),reported,bne-eu-2025-01-13\n",
                    Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            Assert.Equal(8, (await AnswerAsync(written)).Release);

            // Many polls of the reader's catalogue later, the standby still holds release 7: so does every answer.
            for (var i = 0; i < 20; i++)
            {
                await Task.Delay(25);
                var answer = await AnswerAsync(read);
                Assert.Equal(7, answer.Release);
                Assert.Equal(before.Value, answer.Value);
            }
            Assert.Equal(7, (await JsonAsync(read, "/v1/releases?limit=1")).GetProperty("data")[0].GetProperty("id").GetInt64());
        }
        finally
        {
            await control.ExecuteAsync("SELECT pg_wal_replay_resume()");
        }

        // Replayed: the reader names release 8 with release 8's figure, and never a release its standby lacks.
        var seen = new HashSet<long>();
        await WaitForAsync(async () =>
        {
            var answer = await AnswerAsync(read);
            seen.Add(answer.Release);
            Assert.True(answer.Release == 7 ? answer.Value == before.Value : answer.Value == 244819000777, $"release {answer.Release} with value {answer.Value}");
            return answer.Release == 8;
        });
        Assert.Subset(new HashSet<long> { 7, 8 }, seen);
    }

    private static async Task<(long Release, double Value)> AnswerAsync(HttpClient client)
    {
        var answer = await JsonAsync(client, Query);
        var preferred = answer.GetProperty("data").EnumerateArray().Single(r => r.GetProperty("preferred").GetBoolean());
        return (answer.GetProperty("meta").GetProperty("release").GetInt64(), preferred.GetProperty("value").GetDouble());
    }

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        for (var waited = 0; waited < 20_000; waited += 50)
        {
            if (await done()) return;
            await Task.Delay(50);
        }
        Assert.Fail("not within 20 s");
    }
}
