using Dapper;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Ingestion;

public sealed class SeedTests
{
    [Fact]
    public async Task ARestartChangesNothing()
    {
        var path = Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "tradeapi.db");
        long observations;
        await using (var first = new ApiFactory(path))
        {
            await first.CreateClient().GetJson("/v1/datasets");
            observations = await Count(path, "SELECT COUNT(*) FROM trade_observations");
        }
        await using (var second = new ApiFactory(path))
        {
            await second.CreateClient().GetJson("/v1/datasets");
            Assert.Equal(7, await Count(path, "SELECT COUNT(*) FROM releases"));
            var engine = TestEngine.Postgres is null ? "sqlite" : "postgresql";
            var migrations = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "db", "migrations", engine), "*.sql").Length;
            Assert.Equal(migrations, await Count(path, "SELECT COUNT(*) FROM schema_migrations"));
            Assert.Equal(observations, await Count(path, "SELECT COUNT(*) FROM trade_observations"));
            if (TestEngine.Postgres is null) Assert.Equal("wal", await Scalar<string>(path, "PRAGMA journal_mode"));
        }
    }

    private static Task<long> Count(string path, string sql) => Scalar<long>(path, sql);

    private static async Task<T> Scalar<T>(string path, string sql)
    {
        await using var connection = await TestEngine.OpenAsync(path);
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }
}
