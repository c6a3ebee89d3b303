using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TradeApi.Tests.Infrastructure;

/// <summary>
/// The real service on its own SQLite file in a temporary folder, migrated and seeded as on a fresh machine; or, when
/// TRADEAPI_TEST_POSTGRES names a PostgreSQL server (see <see cref="TestEngine"/>), on its own database there.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public ApiFactory() : this(Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "tradeapi.db"))
    {
    }

    internal ApiFactory(string databasePath, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        DatabasePath = databasePath;
        _settings = settings ?? new Dictionary<string, string?>();
        _services = services;
    }

    /// <summary>A fresh database with these settings on top (Ingestion:MaxRows, Upstreams:..., Fetch:...).</summary>
    internal static ApiFactory With(IReadOnlyDictionary<string, string?> settings) =>
        new(Path.Combine(Path.GetTempPath(), "tradeapi-tests", Guid.NewGuid().ToString("N"), "tradeapi.db"), settings);

    /// <summary>The API key the test servers accept (configured as its hash, as in production).</summary>
    public const string ApiKey = "test-key-not-a-secret";

    /// <summary>An admin key (backups), also configured as its hash.</summary>
    public const string AdminKey = "test-admin-key-not-a-secret";

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public string DatabasePath { get; }

    /// <summary>Leave the database folder when disposed (another factory serves the same file).</summary>
    internal bool KeepDatabase { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in TestEngine.Settings(DatabasePath)) builder.UseSetting(key, value);
        builder.UseSetting("Ingestion:ApiKeys:test-writer:Hash", TradeApi.Platform.Security.ApiKeys.Hash(ApiKey));
        builder.UseSetting("Ingestion:ApiKeys:test-admin:Hash", TradeApi.Platform.Security.ApiKeys.Hash(AdminKey));
        builder.UseSetting("Ingestion:ApiKeys:test-admin:Admin", "true");
        builder.UseSetting("RateLimits:Enabled", "false"); // a test turns them on when it tests them
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        if (_services is not null) builder.ConfigureServices(_services);
    }

    /// <summary>A client that sends the accepted API key.</summary>
    public HttpClient CreateWriter()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepDatabase && TestEngine.Postgres is not null) TestEngine.DropDatabase(DatabasePath);
        if (!KeepDatabase)
            try { Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true); } catch (IOException) { }
    }
}
