using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Database;

/// <summary>
/// A stopped service leaves its database whole in the one file: every connection it kept (the catalogue's, the
/// prepared read connections) is closed at shutdown and the WAL is checkpointed into the file and emptied, so a
/// copy of the file alone is the database.
/// </summary>
public sealed class ShutdownTests
{
    [SqliteFact] // the WAL of a SQLite file
    public async Task AfterShutdownTheFileAloneHoldsEveryRelease()
    {
        var factory = new ApiFactory { KeepDatabase = true };
        var path = factory.DatabasePath;
        var client = factory.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/v1/trade?reporter=CN&partner=RU")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/v1/brand-shares?period=2023")).StatusCode);
        await factory.DisposeAsync();

        // The test host may finish disposing the service's singletons just after DisposeAsync returns: wait for it, boundedly.
        static bool WalLeft(string path) => File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0;
        for (var waited = 0; WalLeft(path) && waited < 10_000; waited += 50) await Task.Delay(50);
        Assert.False(WalLeft(path), "the WAL was left beside the file");
        var copy = path + ".copy";
        File.Copy(path, copy);
        await using (var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly"))
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM releases") >= 7);
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
