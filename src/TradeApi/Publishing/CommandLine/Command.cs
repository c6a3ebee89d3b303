using System.Diagnostics;
using System.Globalization;
using TradeApi.Platform.Database;
using TradeApi.Platform.Operations;
using TradeApi.Platform.Security;
using TradeApi.Publishing.Ingestion;
using TradeApi.Publishing.ReleaseFiles;
using TradeApi.Publishing.Upstreams;

namespace TradeApi.Publishing.CommandLine;

/// <summary>
/// The service's commands, run instead of serving:
/// <c>import FILE --dataset ID [--title T] [--description D]</c>, <c>fetch UPSTREAM</c>, <c>hash-key KEY</c>.
/// Exit codes: 0 done (or already imported), 1 the release was refused, 2 usage.
/// </summary>
public abstract record Command
{
    public const string Usage = """
        usage: dotnet run --project src/TradeApi -- import FILE --dataset trade|brand-shares|currency-shares [--title TITLE] [--description TEXT]
               dotnet run --project src/TradeApi -- fetch UPSTREAM      (an upstream configured under Upstreams:UPSTREAM)
               dotnet run --project src/TradeApi -- hash-key KEY        (the hash to put in Ingestion:ApiKeys:NAME:Hash)
               dotnet run --project src/TradeApi -- backup FILE         (a consistent copy of the database, while the service serves)
               dotnet run --project src/TradeApi -- verify FILE         (integrity, migrations and releases of a copy)
        """;

    /// <summary>The command the arguments name, or null to serve the API.</summary>
    public static Command? Parse(string[] args) => args switch
    {
        ["import", var file, .. var rest] when !file.StartsWith('-') => Import.From(file, rest),
        ["fetch", var name] => new Fetch(name),
        ["hash-key", var key] => new HashKey(key),
        ["backup", var file] => new Backup(file),
        ["verify", var file] => new Verify(file),
        ["import" or "fetch" or "hash-key" or "backup" or "verify", ..] => new Invalid(),
        _ => null,
    };

    public abstract Task<int> RunAsync(IServiceProvider services, CancellationToken ct = default);

    /// <summary>Whether the command works on the database (so it is created, migrated and seeded first).</summary>
    public virtual bool NeedsDatabase => true;

    private sealed record Invalid : Command
    {
        public override bool NeedsDatabase => false;

        public override Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
        {
            Console.Error.WriteLine(Usage);
            return Task.FromResult(2);
        }
    }

    private sealed record HashKey(string Key) : Command
    {
        public override bool NeedsDatabase => false;

        public override Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
        {
            Console.WriteLine(ApiKeys.Hash(Key));
            return Task.FromResult(0);
        }
    }

    private sealed record Backup(string File) : Command
    {
        public override async Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
        {
            await Backups.BackupAsync(services.GetRequiredService<Db>(), File, ct);
            Console.WriteLine($"Backed up to {File} ({new FileInfo(File).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes). Check it with: verify {File}");
            return 0;
        }
    }

    private sealed record Verify(string File) : Command
    {
        public override bool NeedsDatabase => false;

        public override async Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
        {
            var result = await Backups.VerifyAsync(File, Path.Combine(AppContext.BaseDirectory, "db", "migrations", SqlDialect.Sqlite.Name), ct);
            Console.WriteLine($"integrity_check: {result.Integrity}");
            Console.WriteLine($"releases: {string.Join(", ", result.Releases.Select(r => $"{r.Key} {r.Value}"))}");
            foreach (var problem in result.Problems) Console.Error.WriteLine($"problem: {problem}");
            Console.WriteLine(result.Ok ? "ok" : "not ok");
            return result.Ok ? 0 : 1;
        }
    }

    private sealed record Fetch(string Name) : Command
    {
        public override async Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
        {
            var outcome = await services.GetRequiredService<UpstreamFetcher>().FetchAsync(Name, ct);
            if (outcome.Failure is not null)
            {
                Console.Error.WriteLine($"fetch {Name}: {outcome.Failure}. Nothing was written.");
                return 1;
            }
            return Report(outcome.Import!, TimeSpan.Zero, 0);
        }
    }

    private sealed record Import(string File, string? Dataset, string? Title, string? Description) : Command
    {
        public static Command From(string file, string[] options)
        {
            string? dataset = null, title = null, description = null;
            for (var i = 0; i < options.Length; i += 2)
            {
                if (i + 1 >= options.Length) return new Invalid();
                switch (options[i])
                {
                    case "--dataset": dataset = options[i + 1]; break;
                    case "--title": title = options[i + 1]; break;
                    case "--description": description = options[i + 1]; break;
                    default: return new Invalid();
                }
            }
            return dataset is null ? new Invalid() : new Import(file, dataset, title, description);
        }

        public override async Task<int> RunAsync(IServiceProvider services, CancellationToken ct)
        {
            if (!System.IO.File.Exists(File))
            {
                Console.Error.WriteLine($"import: no file '{File}'.");
                return 2;
            }
            var watch = Stopwatch.StartNew();
            // Read as a stream (hashed, then parsed): a file of millions of rows is never held whole in memory.
            var content = ReleaseBody.FromFile(File);
            var format = File.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReleaseFormat.Json
                : File.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || File.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? ReleaseFormat.Ndjson
                : ReleaseFormat.Csv;
            var progress = new ProgressBar(Console.Error);
            var outcome = await services.GetRequiredService<ReleaseImporter>().ImportAsync(new ReleaseRequest(
                Dataset!, Title ?? Path.GetFileName(File), Description, "cli", null, content, format, Progress: progress), ct);
            progress.Done();
            return Report(outcome, watch.Elapsed, progress.Rows);
        }
    }

    private static int Report(ImportOutcome outcome, TimeSpan elapsed, long rows)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (outcome.Status)
        {
            case ImportStatus.Created:
                var r = outcome.Release!;
                var rate = elapsed > TimeSpan.Zero && rows > 0 ? $" in {elapsed.TotalSeconds.ToString("0.0", inv)} s ({(rows / elapsed.TotalSeconds).ToString("N0", inv)} rows/s)" : "";
                Console.WriteLine($"Release {r.Id} ({r.DatasetId}): {r.Added.ToString("N0", inv)} added, {r.Revised.ToString("N0", inv)} revised, {r.Withdrawn.ToString("N0", inv)} withdrawn{rate}.");
                return 0;
            case ImportStatus.Duplicate:
                Console.WriteLine($"Already imported as release {outcome.Release!.Id}; nothing was written.");
                return 0;
            default:
                Console.Error.WriteLine($"The release was refused ({outcome.Errors.Count} problem(s)); nothing was written.");
                foreach (var e in outcome.Errors.Take(50))
                    Console.Error.WriteLine($"  row {e.Row}{(e.Column is null ? "" : $", {e.Column}")}{(e.Value is null ? "" : $" '{e.Value}'")}: {e.Message}");
                if (outcome.Errors.Count > 50) Console.Error.WriteLine($"  ... and {outcome.Errors.Count - 50} more");
                return 1;
        }
    }
}
