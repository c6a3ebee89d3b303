using System.Diagnostics;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;
using TradeApi.Datasets.Trade;
using TradeApi.Publishing.Ingestion;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Releases;

/// <summary>An import that fails, is killed, or runs beside readers leaves the database at one release or the next, never between.</summary>
public sealed class AllOrNothingTests
{
    private static async Task<(long Releases, long Observations, string Integrity)> State(string path)
    {
        await using var connection = await TestEngine.OpenAsync(path);
        // One statement, so both counts come from one snapshot of the database.
        var (releases, observations) = await connection.QuerySingleAsync<(long, long)>(
            "SELECT (SELECT COUNT(*) FROM releases), (SELECT COUNT(*) FROM trade_observations)");
        // PostgreSQL has no integrity_check: its pages are its own (the counts are the test there).
        return (releases, observations, TestEngine.Postgres is null ? (await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"))! : "ok");
    }

    [Fact]
    public async Task AnImportThatFailsMidwayLeavesThePreviousRelease()
    {
        await using var factory = new ApiFactory();
        _ = factory.CreateClient();
        var before = await State(factory.DatabasePath);
        // The same server, with a trade dataset that fails after its rows are written, inside the release's transaction.
        await using var failing = factory.WithWebHostBuilder(b => b.ConfigureServices(services =>
        {
            services.Remove(services.Single(d => d.ServiceType == typeof(Dataset) && d.ImplementationInstance is TradeDataset));
            services.AddSingleton<Dataset>(new FailsAfterWriting());
        }));
        _ = failing.CreateClient();

        var e = await Assert.ThrowsAsync<IOException>(() => failing.Services.GetRequiredService<ReleaseImporter>().ImportAsync(
            new ReleaseRequest("trade", "doomed", null, "test", null, SyntheticTrade.Csv(50_000))));

        Assert.Equal("disk gone", e.Message);
        Assert.Equal(before, await State(factory.DatabasePath));
        Assert.Equal("ok", before.Integrity);
    }

    /// <summary>The trade dataset, failing as a lost disk would once its rows are written, while the release's answers are derived.</summary>
    private sealed class FailsAfterWriting : Dataset
    {
        private static readonly TradeDataset Trade = new();
        public override string Id => Trade.Id;
        public override string Path => Trade.Path;
        public override string Tag => Trade.Tag;
        public override string Title => Trade.Title;
        public override string ObservationTable => Trade.ObservationTable;
        public override string PublishedTable => Trade.PublishedTable;
        public override Type Record => Trade.Record;
        public override Type Vintage => Trade.Vintage;
        public override IReadOnlyList<Filter> Filters => Trade.Filters;
        public override Operation Records => Trade.Records;
        public override Operation History => Trade.History;
        public override IReadOnlyList<string> Key => Trade.Key;
        public override IReadOnlyList<string> Values => Trade.Values;
        public override IReadOnlyList<string> Unit => Trade.Unit;
        public override IReadOnlyList<string> PublishedColumns => Trade.PublishedColumns;
        public override IReadOnlyList<string> Order => Trade.Order;
        public override IReadOnlyList<string> HistoryOrder => Trade.HistoryOrder;
        public override IReadOnlyList<(string Field, string Column)> SeriesColumns => Trade.SeriesColumns;
        public override string MetaUnit(IReadOnlyDictionary<string, string> query) => Trade.MetaUnit(query);
        public override IReadOnlyList<string> FileColumns => Trade.FileColumns;
        public override IReadOnlyList<string> FileKeyColumns => Trade.FileKeyColumns;
        public override IReadOnlyList<string> DerivedColumns => Trade.DerivedColumns;
        public override IReadOnlyList<OpenCodeList> OpenCodeLists => Trade.OpenCodeLists;
        public override ChartShape Chart => Trade.Chart;
        public override IReadOnlyDictionary<string, string> RecordSql(string alias) => Trade.RecordSql(alias);
        public override IReadOnlyDictionary<string, string> VintageSql => Trade.VintageSql;

        public override Cells? Read(ReleaseRow row, DimensionCodes codes, Countries countries, List<IngestionError> errors)
        {
            var cells = Trade.Read(row, codes, countries, errors);
            if (cells is null) return null;
            var mine = Observation.New();
            foreach (var column in Observation.Columns) mine[column] = cells[column];
            return mine;
        }

        public override IEnumerable<Cells> Derive(IReadOnlyList<Cells> observations, DimensionCodes codes) =>
            throw new IOException("disk gone");
    }

    [Fact]
    public async Task AnImportProcessKilledMidwayLeavesThePreviousRelease()
    {
        await using var factory = new ApiFactory();
        _ = factory.CreateClient(); // migrated and seeded
        var before = await State(factory.DatabasePath);
        var file = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "big.csv");
        await File.WriteAllBytesAsync(file, SyntheticTrade.Csv(600_000));

        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), "import", file, "--dataset", "trade"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        TestEngine.AddTo(start, factory.DatabasePath);
        using var process = Process.Start(start)!;
        var killed = false;
        var buffer = new char[256];
        var seen = new StringBuilder();
        while (!process.HasExited)
        {
            var read = await process.StandardError.ReadAsync(buffer);
            if (read == 0) break;
            seen.Append(buffer, 0, read);
            if (seen.ToString().Contains("applying", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }
        await process.WaitForExitAsync();
        Assert.True(killed, $"the import was killed while applying its rows (it printed: {seen})");

        var after = await State(factory.DatabasePath);
        Assert.Equal("ok", after.Integrity);
        Assert.Equal(before.Releases, after.Releases);
        Assert.Equal(before.Observations, after.Observations);
    }

    [Fact]
    public async Task ReadersDuringAnImportSeeTheOldOrTheNewReleaseNeverAMix()
    {
        await using var factory = new ApiFactory();
        var client = factory.CreateClient();
        var before = await State(factory.DatabasePath);
        const int rows = 80_000;

        var import = Task.Run(() => factory.Services.GetRequiredService<ReleaseImporter>().ImportAsync(
            new ReleaseRequest("trade", "big", null, "test", DateTimeOffset.UtcNow, SyntheticTrade.Csv(rows))));
        var seen = new List<(long Releases, long Observations)>();
        var latest = new List<long>();
        while (!import.IsCompleted)
        {
            var (releases, observations, _) = await State(factory.DatabasePath);
            seen.Add((releases, observations));
            latest.Add((await client.GetJson("/v1/releases?limit=1")).Data()[0].GetProperty("id").GetInt64());
        }
        var outcome = await import;
        Assert.True(outcome.Succeeded);
        var after = await State(factory.DatabasePath);
        Assert.Equal(before.Observations + rows, after.Observations);
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.True(s == (before.Releases, before.Observations) || s == (after.Releases, after.Observations),
            $"a reader saw {s}: neither the old {before} nor the new {after} state"));
        Assert.All(latest, id => Assert.Contains(id, new[] { before.Releases, outcome.Release!.Id }));
    }

    [SqliteFact] // a SQLite writer lock held past the busy timeout; on PostgreSQL a writer waits for the advisory lock instead
    public async Task AWriteThatMeetsABusyDatabaseIsRetriedByTheWritePipeline()
    {
        var log = new CapturedLog();
        await using var factory = ApiFactory.With(new Dictionary<string, string?> { ["Database:BusyTimeoutSeconds"] = "1" });
        await using var server = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        _ = server.CreateClient();

        // Another writer holds the lock for longer than the busy timeout.
        await using var other = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await other.OpenAsync();
        await using var holding = (SqliteTransaction)await other.BeginTransactionAsync();
        await other.ExecuteAsync("UPDATE sources SET title = title WHERE 0", transaction: holding);
        var release = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await holding.CommitAsync();
        });

        var outcome = await server.Services.GetRequiredService<ReleaseImporter>().ImportAsync(
            new ReleaseRequest("trade", "busy", null, "test", DateTimeOffset.UtcNow, SyntheticTrade.Csv(10, "busy-test")));
        await release;

        Assert.True(outcome.Succeeded);
        Assert.Contains(log.Lines, l => l.Contains("sqlite-writes", StringComparison.Ordinal) && l.Contains("OnRetry", StringComparison.Ordinal));
        Assert.Equal("ok", (await State(factory.DatabasePath)).Integrity);
    }

    /// <summary>Keeps what the service logs, to see the resilience pipelines at work.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void Dispose() { }

        private sealed class Logger(CapturedLog log, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }

    [Fact]
    public async Task BodiesAndRowCountsOverTheLimitsAreRefused()
    {
        await using var factory = ApiFactory.With(new Dictionary<string, string?> { ["Ingestion:MaxRows"] = "3", ["Ingestion:MaxBodyBytes"] = "4000" });
        var writer = factory.CreateWriter();
        var before = await State(factory.DatabasePath);

        using var rows = await writer.PostAsync("/v1/releases?dataset=trade&title=many",
            new ByteArrayContent(SyntheticTrade.Csv(4)) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rows.StatusCode);
        Assert.Contains("more than 3", await rows.Content.ReadAsStringAsync());

        using var bytes = await writer.PostAsync("/v1/releases?dataset=trade&title=big",
            new ByteArrayContent(new byte[5000]) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bytes.StatusCode);
        Assert.Equal("application/problem+json", bytes.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await State(factory.DatabasePath));
    }
}
