using System.Diagnostics;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Operations;

/// <summary>Rate limits, limits that answer, security headers, health, named and revocable keys, and backups.</summary>
public sealed class OperationsTests
{
    private static async Task<HttpResponseMessage> Get(HttpClient client, string url, string? ifNoneMatch = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ClientsAreRateLimitedAndARevalidationCostsHalf()
    {
        await using var factory = ApiFactory.With(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Anonymous:Tokens"] = "3",
            ["RateLimits:Anonymous:TokensPerSecond"] = "0.001",   // one token per 1,000 s: no refill during the test
        });
        var client = factory.CreateClient();
        using var full = await Get(client, "/v1/trade?flow=total");   // 2 tokens: 1 left
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("\"anonymous\";q=3;w=3000", full.Headers.GetValues("RateLimit-Policy").Single());
        Assert.StartsWith("\"anonymous\";r=", full.Headers.GetValues("RateLimit").Single());
        using var revalidated = await Get(client, "/v1/trade?flow=total", full.Headers.ETag!.Tag);   // 1 token: 0 left
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        using var limited = await Get(client, "/v1/trade?flow=total", full.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/problems/rate-limited", await limited.Content.ReadAsStringAsync());
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        using var health = await Get(client, "/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);   // health checks are never limited
        using var keyed = await Get(client, "/v1/trade?flow=total", key: ApiFactory.ApiKey);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);   // a key has a bucket of its own
        Assert.StartsWith("\"keyed\"", keyed.Headers.GetValues("RateLimit-Policy").Single());
        Assert.False(health.Headers.Contains("RateLimit"));   // nor do they carry a limit's headers

        // A key that is not accepted buys nothing: it shares the client address's (empty) anonymous bucket,
        // however many made-up keys are tried.
        foreach (var madeUp in new[] { "wrong", "junk-1", "junk-2" })
        {
            using var wrong = await Get(client, "/v1/trade?flow=total", key: madeUp);
            Assert.Equal(HttpStatusCode.TooManyRequests, wrong.StatusCode);
            Assert.StartsWith("\"anonymous\"", wrong.Headers.GetValues("RateLimit-Policy").Single());
        }
    }

    [Fact]
    public async Task RequestsOverADocumentedLimitGetAProblemNamingIt()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        using var longUrl = await Get(client, "/v1/trade?period=" + string.Join(',', Enumerable.Repeat("2024", 2000)));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
        Assert.Equal("application/problem+json", longUrl.Content.Headers.ContentType?.MediaType);
        Assert.Contains("8192", await longUrl.Content.ReadAsStringAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/trade");
        request.Headers.TryAddWithoutValidation("X-Padding", new string('x', 20_000));
        using var bigHeaders = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, bigHeaders.StatusCode);
        Assert.Equal("application/problem+json", bigHeaders.Content.Headers.ContentType?.MediaType);

        await client.GetProblem("/v1/trade?limit=10001", HttpStatusCode.BadRequest, "limit");
    }

    [Fact]
    public async Task AnswersCarrySecurityHeadersAndHtmlPagesAPolicy()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        foreach (var url in new[] { "/v1/trade", "/v1/trade?flwo=1", "/swagger/index.html", "/", "/embed/trade" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var policy = response.Headers.GetValues("Content-Security-Policy").Single();
                Assert.Contains(url.StartsWith("/embed", StringComparison.Ordinal) ? "frame-ancestors *" : "frame-ancestors 'none'", policy);
                Assert.Contains("default-src", policy);
            }
        }
    }

    [Fact]
    public async Task HealthSaysLiveAndReady()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task KeysHaveNamesAReleaseRecordsItsKeysNameAndAKeyIsRevokedWithoutARestart()
    {
        var keysFile = Path.Combine(Path.GetTempPath(), $"tradeapi-keys-{Guid.NewGuid():N}.json");
        const string fileKey = "key-from-the-file";
        await File.WriteAllTextAsync(keysFile, "{\"newsroom\": {\"hash\": \"" + TradeApi.Platform.Security.ApiKeys.Hash(fileKey) + "\"}}");
        await using var factory = ApiFactory.With(new Dictionary<string, string?> { ["Ingestion:KeysFile"] = keysFile });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", fileKey);
        static StringContent Row(int year) =>
            new($"reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,{year},1,USD,GACC,reported,bne-eu-2025-01-13\n", Encoding.UTF8, "text/csv");
        using var posted = await client.PostAsync("/v1/releases?dataset=trade&title=named", Row(2052));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        await using (var connection = await TestEngine.OpenAsync(factory.DatabasePath))
        {
            Assert.Equal("newsroom", await connection.QuerySingleAsync<string?>("SELECT posted_by FROM releases WHERE title = 'named'"));
            Assert.Equal(0, await connection.QuerySingleAsync<long>($"SELECT COUNT(*) FROM releases WHERE posted_by LIKE '%{fileKey}%'"));
        }

        // Remove the key from the file while the service runs: the next request is refused.
        await File.WriteAllTextAsync(keysFile, "{}");
        File.SetLastWriteTimeUtc(keysFile, DateTime.UtcNow.AddSeconds(5));
        using var revoked = await client.PostAsync("/v1/releases?dataset=trade&title=after", Row(2053));
        Assert.Equal(HttpStatusCode.Forbidden, revoked.StatusCode);
        File.Delete(keysFile);
    }

    [SqliteFact] // copies of a SQLite file; on PostgreSQL the endpoint answers 501 (see BackupsOnPostgreSqlAreTheEnginesJob)
    public async Task AnAdminKeyTakesAConsistentBackupThatVerifies()
    {
        await using var factory = new ApiFactory();
        using var writer = factory.CreateWriter();
        using var refused = await writer.PostAsync("/v1/admin/backups", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        using var backup = await admin.PostAsync("/v1/admin/backups", null);
        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.True(backup.Headers.CacheControl!.NoStore);
        var file = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "copy.db");
        await File.WriteAllBytesAsync(file, await backup.Content.ReadAsByteArrayAsync());

        var (verified, output) = await RunAsync(null, "verify", file);
        Assert.True(verified == 0, output);
        Assert.Contains("integrity_check: ok", output);
        Assert.Contains("trade 3", output);

        // The command line takes one too, while the service serves.
        var copy = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "cli-copy.db");
        var (backedUp, said) = await RunAsync(factory.DatabasePath, "backup", copy);
        Assert.True(backedUp == 0, said);
        await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly");
        Assert.Equal("ok", await connection.QuerySingleAsync<string>("PRAGMA integrity_check"));
        Assert.Equal(7, await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM releases"));

        // A damaged copy (cut short) or a file that is no TradeApi database gets a verdict, not a crash: exit 1.
        var cut = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "cut.db");
        await File.WriteAllBytesAsync(cut, (await File.ReadAllBytesAsync(file))[..100_000]);
        var empty = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "empty.db");
        await using (var other = new SqliteConnection($"Data Source={empty};Pooling=False"))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("CREATE TABLE t (x)");
        }
        foreach (var bad in new[] { cut, empty })
        {
            var (checkedCode, told) = await RunAsync(null, "verify", bad);
            Assert.True(checkedCode == 1, told);
            Assert.Contains("cannot be read as a TradeApi database", told);
            Assert.DoesNotContain("Unhandled exception", told);
        }
    }

    [Fact]
    public async Task NothingLogsAKey()
    {
        var logs = new CapturedLogs();
        await using var factory = new ApiFactory();
        await using var logged = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var writer = logged.CreateClient();
        writer.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ApiKey);
        using var posted = await writer.PostAsync("/v1/releases?dataset=trade&title=logged",
            new StringContent("reporter,partner,flow,period,value,unit,citedBody,confidence,sourceId\nCN,RU,total,2055,1,USD,GACC,reported,bne-eu-2025-01-13\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/v1/releases?dataset=trade&title=x") { Content = new StringContent("a", Encoding.UTF8, "text/csv") };
        wrong.Headers.Add("X-Api-Key", "a-wrong-key-that-must-not-be-logged");
        using var refused = await logged.CreateClient().SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(ApiFactory.ApiKey) || m.Contains("a-wrong-key-that-must-not-be-logged"));
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Messages { get; } = [];
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(CapturedLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Add(formatter(state, exception) + exception);
        }
    }

    /// <summary>Runs a TradeApi command (on <paramref name="database"/> when given): its exit code and everything it printed.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string? database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (database is not null) TestEngine.AddTo(start, database);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
