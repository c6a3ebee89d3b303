using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TradeApi.Tests.Infrastructure;

/// <summary>The real service on its own SQLite file in a temporary folder, migrated and seeded as on a fresh machine.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public ApiFactory() : this(Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "tradeapi.db"))
    {
    }

    internal ApiFactory(string databasePath) => DatabasePath = databasePath;

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Path", DatabasePath);
        builder.UseEnvironment("Testing");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true); } catch (IOException) { }
    }
}
