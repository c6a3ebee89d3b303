using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Registry;
using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Releases;
using TradeApi.Datasets.Rows;
using TradeApi.Platform.Database;
using TradeApi.Publishing.Derivation;
using TradeApi.Publishing.ReleaseFiles;
using TradeApi.Publishing.Statistics;

namespace TradeApi.Publishing.Ingestion;

/// <summary>
/// A release to import: one dataset, one file. MaxRows limits what untrusted callers (the API, upstreams) may send.
/// <paramref name="ReleasedAt"/> is the earliest time the release may carry (a seed's fixed date); the time is taken
/// when the release is written, never earlier than the previous release's.
/// </summary>
public sealed record ReleaseRequest(
    string DatasetId, string Title, string? Description, string Origin, DateTimeOffset? ReleasedAt,
    ReleaseBody Content, ReleaseFormat Format = ReleaseFormat.Csv, string? IdempotencyKey = null,
    IProgress<ImportProgress>? Progress = null, int? MaxRows = null, string? PostedBy = null);

public sealed record ReleaseSummary(long Id, string DatasetId, string Title, string ReleasedAt, long Added, long Revised, long Withdrawn);

/// <summary>How far an import has come, for a progress bar.</summary>
public sealed record ImportProgress(string Stage, long Done, long Total);

public enum ImportStatus
{
    /// <summary>A new release was written.</summary>
    Created,
    /// <summary>The same content (or Idempotency-Key) already made a release; nothing was written.</summary>
    Duplicate,
    /// <summary>Rows are wrong; nothing was written.</summary>
    Invalid,
    /// <summary>The Idempotency-Key was used before for other content; nothing was written.</summary>
    KeyReused,
    /// <summary>More rows than a release may hold; nothing was written.</summary>
    TooLarge,
}

/// <summary>What an import did: the release it made (or the one that already had this content), or why it made none.</summary>
public sealed record ImportOutcome(ImportStatus Status, ReleaseSummary? Release, IReadOnlyList<IngestionError> Errors)
{
    public bool Succeeded => Release is not null;
    public bool Duplicate => Status == ImportStatus.Duplicate;

    public static ImportOutcome Invalid(params IngestionError[] errors) => new(ImportStatus.Invalid, null, errors);
}

/// <summary>
/// The one way data gets in, for the seed at start-up, the ingestion API, the command line and upstream fetches
/// alike: stage (read and check every row into a temp table: the database file is untouched), check (what needs
/// every row: repeated keys, undescribed sources), then apply the whole release in one transaction, or nothing:
/// vintages, new codes, the published answers, the catalogue's counts. The same content for a dataset makes one
/// release, however often it is sent. Writes that meet SQLITE_BUSY are retried through <c>sqlite-writes</c>.
/// </summary>
public sealed class ReleaseImporter(Db db, IEnumerable<Dataset> datasets, ResiliencePipelineProvider<string> pipelines)
{
    public const string WritePipeline = "sqlite-writes";

    /// <summary>Validation stops after this many problems: enough to fix a file, not a flood.</summary>
    public const int MaxErrors = 1000;

    private readonly Dictionary<string, Dataset> _datasets = datasets.ToDictionary(d => d.Id);

    public IReadOnlyCollection<string> Datasets => _datasets.Keys;

    public async Task<ImportOutcome> ImportAsync(ReleaseRequest request, CancellationToken ct = default)
    {
        if (db.ReadOnly)
            throw new InvalidOperationException("This instance is read-only (Database:ReadOnly): releases are imported by the writer.");
        if (!_datasets.TryGetValue(request.DatasetId, out var dataset))
            return ImportOutcome.Invalid(new IngestionError(0, "dataset", request.DatasetId, $"must be one of: {string.Join(", ", _datasets.Keys)}"));

        string hash;
        await using (var body = request.Content.Open())
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(body, ct));
        await using var connection = await db.OpenAsync(ct);
        if (await FindAsync(connection, null, request.DatasetId, hash, request.IdempotencyKey, ct) is { } known)
            return await RecordKeyAsync(connection, known, request.IdempotencyKey, ct);
        // A large release sorts and indexes with more memory than a request needs.
        var dialect = SqlDialect.Of(connection);
        await connection.ExecuteAsync(dialect.BulkSession.Start);
        var vintages = new VintageTable(dataset, dialect);
        try
        {
            var staged = await StageAsync(connection, dataset, vintages, request, ct);
            if (staged.Outcome is { } refused) return refused;
            var errors = await CheckAsync(connection, vintages, staged, request, ct);
            if (errors.Count > 0) return ImportOutcome.Invalid(Sorted(errors));
            return await ApplyAsync(connection, dataset, vintages, staged.Sources, request, hash, staged.Rows, ct);
        }
        finally
        {
            await vintages.DropStagingAsync(connection);
            await connection.ExecuteAsync(dialect.BulkSession.End);
        }
    }

    /// <summary>
    /// What staging left: the rows read, the source checker, the problems found row by row (or a refusal), and
    /// whether two rows may share a key (keys are remembered as 64-bit hashes, so this is never false when
    /// they do; the staged rows then name them exactly).
    /// </summary>
    private sealed record Staged(int Rows, SourceChecker Sources, List<IngestionError> Errors, ImportOutcome? Outcome, bool MayRepeatKeys = false);

    /// <summary>Reads, checks and stages every row; only a temp table is written.</summary>
    private static async Task<Staged> StageAsync(DbConnection connection, Dataset dataset, VintageTable vintages, ReleaseRequest request,
        CancellationToken ct)
    {
        var errors = new List<IngestionError>();
        var sources = await SourceColumns.CheckerAsync(connection, dataset.Id, ct);
        using var file = ReleaseFile.Open(request.Content, request.Format, errors);
        if (errors.Count == 0) CheckHeader(dataset, file.Header, request.Format, errors);
        if (errors.Count > 0) return new Staged(0, sources, errors, ImportOutcome.Invalid([.. errors]));

        var reader = new RowChecks(dataset, await DimensionCodes.LoadAsync(connection, dataset.Id, ct), await Countries.LoadAsync(connection, ct),
            sources, errors);
        await vintages.CreateStagingAsync(connection, ct);
        // Two cores, two workers: this one reads and checks rows while the other stages them.
        var staged = Channel.CreateBounded<StagedRow>(new BoundedChannelOptions(8192) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => reader.ReadAsync(file, request, staged.Writer, stop.Token), stop.Token);
        await using (var tx = await SqlDialect.Of(connection).BeginTempAsync(connection, ct))
        {
            using var writer = new RowWriter(connection, vintages.Staging, dataset.Observation.Columns, ["row_number", "withdraw"]);
            try
            {
                while (await staged.Reader.WaitToReadAsync(ct))
                    while (staged.Reader.TryRead(out var item))
                        writer.Insert(item.Cells.Values, item.Row, item.Withdraws ? 1L : 0L);
            }
            catch
            {
                await stop.CancelAsync(); // the reader must not wait for a stager that is gone
                throw;
            }
            await reading;
            writer.Flush();
            await tx.CommitAsync(ct);
        }
        if (SqlDialect.Of(connection).Analyze(vintages.Staging) is { } analyze) await connection.ExecuteAsync(new CommandDefinition(analyze, cancellationToken: ct));
        if (file.TooManyRows) return new Staged(reader.Rows, sources, errors, new ImportOutcome(ImportStatus.TooLarge, null, [.. errors]));
        if (reader.Rows == 0 && errors.Count == 0)
            errors.Add(new IngestionError(request.Format == ReleaseFormat.Csv ? 2 : 1, null, null, "the file has no data rows"));
        return new Staged(reader.Rows, sources, errors, null, errors.Count == 0 && reader.MayRepeatKeys());
    }

    private readonly record struct StagedRow(int Row, bool Withdraws, Cells Cells);

    /// <summary>Reads a release file's rows, checks each (action, source, the dataset's own reading) and hands on the figures to stage.</summary>
    private sealed class RowChecks(Dataset dataset, DimensionCodes codes, Countries countries, SourceChecker sources, List<IngestionError> errors)
    {
        private readonly CanonicalCodes _canonical = new(dataset, codes);
        private readonly KeyHashes _keys = new();

        public int Rows { get; private set; }

        /// <summary>Whether two rows may share a key (see <see cref="Staged"/>), once every row is read.</summary>
        public bool MayRepeatKeys() => _keys.AnyRepeated();

        public async Task ReadAsync(ReleaseFile file, ReleaseRequest request, ChannelWriter<StagedRow> staged, CancellationToken ct)
        {
            try
            {
                foreach (var row in file.Rows(request.MaxRows ?? int.MaxValue, errors))
                {
                    Rows++;
                    if (row.ActionError() is { } wrongAction) errors.Add(wrongAction);
                    else if (row.DescribesSource) sources.Correct(row, errors);
                    else if (Check(row) is { } cells) await staged.WriteAsync(new StagedRow(row.Number, row.Withdraws, cells), ct);
                    if (errors.Count >= MaxErrors) break;
                    if (Rows % 50_000 == 0)
                    {
                        var (done, total) = file.Position;
                        request.Progress?.Report(new ImportProgress("validating", done, total));
                    }
                }
            }
            finally
            {
                staged.Complete();
            }
        }

        /// <summary>The figure a row gives, with its source and codes in canonical form, or null if the file has errors.</summary>
        private Cells? Check(ReleaseRow row)
        {
            sources.Check(row, errors);
            if (dataset.Read(row, codes, countries, errors) is not { } cells || errors.Count > 0) return null;
            cells["source_id"] = row[SourceColumns.Id];
            _canonical.Apply(cells);
            _keys.Add(KeyHash(cells, dataset.Key.Count));
            return cells;
        }
    }

    private static long KeyHash(Cells cells, int keyLength)
    {
        var first = new HashCode();
        var second = new HashCode();
        second.Add(0x5bd1e995);
        var values = cells.Values;
        for (var i = 0; i < keyLength; i++)
        {
            first.Add(values[i]);
            second.Add(values[i]);
            second.Add(i);
        }
        return (long)first.ToHashCode() << 32 | (uint)second.ToHashCode();
    }

    /// <summary>The checks that need every row: sources described somewhere, and no key given twice.</summary>
    private static async Task<List<IngestionError>> CheckAsync(DbConnection connection, VintageTable vintages, Staged staged,
        ReleaseRequest request, CancellationToken ct)
    {
        var errors = staged.Errors;
        staged.Sources.Finish(errors);
        request.Progress?.Report(new ImportProgress("checking", staged.Rows, staged.Rows));
        if (errors.Count == 0 && staged.MayRepeatKeys)
            foreach (var (row, first) in await vintages.RepeatedKeysAsync(connection, ct))
                errors.Add(new IngestionError(row, null, null, $"repeats row {first}: the same figure (key and source) twice"));
        return errors;
    }

    /// <summary>Writes the release in one transaction, retried as a whole when the database is busy.</summary>
    private async Task<ImportOutcome> ApplyAsync(DbConnection connection, Dataset dataset, VintageTable vintages, SourceChecker sources,
        ReleaseRequest request, string hash, int rows, CancellationToken ct)
    {
        request.Progress?.Report(new ImportProgress("applying", rows, rows));
        try
        {
            return await pipelines.GetPipeline(WritePipeline).ExecuteAsync(async token =>
            {
                await using var tx = await SqlDialect.Of(connection).BeginWriteAsync(connection, token);
                // Inside the transaction (which holds the write lock): the same content may have been written meanwhile.
                if (await FindAsync(connection, tx, request.DatasetId, hash, request.IdempotencyKey, token) is { } raced)
                {
                    await RecordKeyAsync(connection, raced, request.IdempotencyKey, token, tx);
                    await tx.CommitAsync(token);
                    return raced;
                }
                var (releaseId, releasedAt) = await InsertReleaseAsync(connection, tx, request, hash, token);
                var (refused, counts) = await WriteFiguresAsync(connection, tx, dataset, vintages, sources, request, releaseId, rows, token);
                if (refused is not null)
                {
                    await tx.RollbackAsync(token);
                    return refused;
                }
                request.Progress?.Report(new ImportProgress("counting", rows, rows));
                await CountAsync(connection, tx, dataset, releaseId, counts!, token);
                request.Progress?.Report(new ImportProgress("committing", rows, rows));
                await tx.CommitAsync(token);
                db.Committed();
                return new ImportOutcome(ImportStatus.Created,
                    new ReleaseSummary(releaseId, request.DatasetId, request.Title, ReleaseTime.Display(releasedAt), counts!.Added, counts.Revised, counts.Withdrawn), []);
            }, ct);
        }
        catch (Exception e) when (SqlDialect.Of(connection).IsConstraintViolation(e)) // the same release was written meanwhile
        {
            var raced = await FindAsync(connection, null, request.DatasetId, hash, request.IdempotencyKey, ct);
            if (raced is null) throw;
            return await RecordKeyAsync(connection, raced, request.IdempotencyKey, ct);
        }
    }

    /// <summary>
    /// The release's row (and its Idempotency-Key): its number, the next after the newest (taken under the writer's lock,
    /// so numbers never skip, also where a sequence would: a refused release rolls back on PostgreSQL too), and its time,
    /// after every earlier release's.
    /// </summary>
    private static async Task<(long Id, string ReleasedAt)> InsertReleaseAsync(DbConnection connection, DbTransaction tx, ReleaseRequest request,
        string hash, CancellationToken ct)
    {
        var releasedAt = await ReleaseTime.NextAsync(connection, tx, request.ReleasedAt, ct);
        var releaseId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO releases (id, dataset_id, title, description, released_at, origin, content_sha256, idempotency_key, posted_by)
            VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM releases), @DatasetId, @Title, @Description, @releasedAt, @Origin, @hash, @IdempotencyKey, @PostedBy)
            RETURNING id
            """,
            new { request.DatasetId, request.Title, request.Description, releasedAt, request.Origin, hash, request.IdempotencyKey, request.PostedBy },
            tx, cancellationToken: ct));
        if (request.IdempotencyKey is not null)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO idempotency_keys (key, release_id) VALUES (@IdempotencyKey, @releaseId)",
                new { request.IdempotencyKey, releaseId }, tx, cancellationToken: ct));
        return (releaseId, releasedAt);
    }

    /// <summary>
    /// The release's sources, vintages, code lists and published answers; or the outcome that refuses it (a source
    /// that changed meanwhile, a withdrawal of nothing, a bound the published rows break), for the caller to roll back.
    /// </summary>
    private static async Task<(ImportOutcome? Refused, VintageCounts? Counts)> WriteFiguresAsync(DbConnection connection, DbTransaction tx,
        Dataset dataset, VintageTable vintages, SourceChecker sources, ReleaseRequest request, long releaseId, int rows, CancellationToken ct)
    {
        var sourceErrors = await sources.WriteAsync(connection, tx, releaseId, ct);
        if (sourceErrors.Count > 0) return (ImportOutcome.Invalid([.. sourceErrors]), null);
        var counts = await vintages.ApplyAsync(connection, tx, releaseId, ct);
        if (counts.UnmatchedWithdrawals.Count > 0)
            return (ImportOutcome.Invalid([.. counts.UnmatchedWithdrawals.Select(row => new IngestionError(row, ReleaseRow.Action, "withdraw",
                "withdraws a figure that has no current value for this key and source"))]), null);
        await vintages.ExtendCodeListsAsync(connection, tx, ct);
        // The derivation asks the observations and published tables a small query per unit: planned on what they hold now.
        foreach (var table in new[] { dataset.ObservationTable, dataset.PublishedTable }.Concat(dataset.DerivedTables.Select(t => t.Table)))
            if (SqlDialect.Of(connection).Analyze(table) is { } analyze)
                await connection.ExecuteAsync(new CommandDefinition(analyze, transaction: tx, cancellationToken: ct));
        request.Progress?.Report(new ImportProgress("publishing", rows, rows));
        var rebuilt = new List<BulkIndexes>();
        foreach (var (table, unit) in dataset.DerivedTables.Select(t => (t.Table, t.Unit)).Prepend((dataset.PublishedTable, dataset.Unit)))
            rebuilt.Add(await BulkIndexes.DropForAsync(connection, tx, table, unit, rows, ct));
        var breaches = await Publisher.PublishAsync(connection, tx, dataset, releaseId,
            $"SELECT DISTINCT {string.Join(", ", dataset.Unit)} FROM {vintages.Staging}", latest: true, ct);
        if (breaches.Count > 0) return (ImportOutcome.Invalid([.. await vintages.BreachErrorsAsync(connection, tx, breaches, ct)]), null);
        foreach (var indexes in rebuilt) await indexes.BuildAsync(connection, tx, ct);
        return (null, counts);
    }

    /// <summary>The catalogue's counts, the release's counts and the periods its published rows touched (for the feeds).</summary>
    private static async Task CountAsync(DbConnection connection, DbTransaction tx, Dataset dataset, long releaseId, VintageCounts counts,
        CancellationToken ct)
    {
        await CatalogueStats.RefreshAsync(connection, tx, dataset.Id, dataset.ObservationTable, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE releases SET added = @Added, revised = @Revised, withdrawn = @Withdrawn,
                first_period = {TouchedPeriod(dataset.PublishedTable, "period_start, period_end")},
                last_period = {TouchedPeriod(dataset.PublishedTable, "period_end DESC, period_start DESC")}
            WHERE id = @releaseId
            """,
            new { counts.Added, counts.Revised, counts.Withdrawn, releaseId }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// The first period in <paramref name="order"/> of the rows release @releaseId opened or closed: the first of each
    /// kind, then of the two. Not one <c>valid_from = @releaseId OR valid_to = @releaseId</c>: SQLite answers that from both
    /// indexes through a set of every matching row's id (450 MB at ten million rows), where each half alone keeps one row.
    /// </summary>
    private static string TouchedPeriod(string table, string order) =>
        $"""
        (SELECT period FROM (
            SELECT * FROM (SELECT period, period_start, period_end FROM {table} WHERE valid_from = @releaseId ORDER BY {order} LIMIT 1) opened
            UNION ALL
            SELECT * FROM (SELECT period, period_start, period_end FROM {table} WHERE valid_to = @releaseId ORDER BY {order} LIMIT 1) closed) touched
         ORDER BY {order} LIMIT 1)
        """;

    private static IngestionError[] Sorted(List<IngestionError> errors) =>
        [.. errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).Take(MaxErrors)];

    private static void CheckHeader(Dataset dataset, IReadOnlyList<string> header, ReleaseFormat format, List<IngestionError> errors)
    {
        var row = format == ReleaseFormat.Csv ? 1 : 0;
        if (header.Count == 0)
        {
            errors.Add(new IngestionError(row, null, null, "the file is empty: it needs a header row naming its columns"));
            return;
        }
        var known = dataset.FileColumns.Concat(dataset.DerivedColumns).Concat(SourceColumns.All).Append(ReleaseRow.Action)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var column in header.Where(c => !known.Contains(c)))
            errors.Add(new IngestionError(row, column, null,
                $"is not a column of dataset '{dataset.Id}'; columns: {string.Join(", ", dataset.FileColumns.Concat(SourceColumns.All).Append(ReleaseRow.Action))}"));
        foreach (var column in dataset.FileKeyColumns.Append(SourceColumns.Id).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            errors.Add(new IngestionError(row, column, null, "is a required column and is missing"));
        foreach (var column in header.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add(new IngestionError(row, column.Key, null, "appears more than once in the header"));
    }

    /// <summary>The release this content or Idempotency-Key already made, if any (or a conflict when the key made another).</summary>
    private static async Task<ImportOutcome?> FindAsync(DbConnection connection, DbTransaction? tx, string datasetId, string hash,
        string? idempotencyKey, CancellationToken ct)
    {
        const string Columns = "r.id, r.dataset_id, r.title, r.released_at, r.added, r.revised, r.withdrawn, r.content_sha256";
        var found = (await connection.QueryAsync<(long Id, string DatasetId, string Title, string ReleasedAt, long Added, long Revised, long Withdrawn, string Hash)>(
            new CommandDefinition(
                $"""
                SELECT {Columns} FROM releases r WHERE r.dataset_id = @datasetId AND r.content_sha256 = @hash
                UNION ALL
                SELECT {Columns} FROM idempotency_keys k JOIN releases r ON r.id = k.release_id WHERE k.key = @idempotencyKey
                """,
                new { datasetId, hash, idempotencyKey }, tx, cancellationToken: ct))).AsList();
        if (found.Count == 0) return null;
        var byKey = idempotencyKey is null ? default : found.FirstOrDefault(r => !(r.DatasetId == datasetId && r.Hash == hash));
        if (byKey != default)
            return new ImportOutcome(ImportStatus.KeyReused, null,
                [new IngestionError(0, "Idempotency-Key", idempotencyKey, $"was used for release {byKey.Id} with other content; use a new key for new content")]);
        var match = found[0];
        return new ImportOutcome(ImportStatus.Duplicate,
            new ReleaseSummary(match.Id, match.DatasetId, match.Title, ReleaseTime.Display(match.ReleasedAt), match.Added, match.Revised, match.Withdrawn), []);
    }

    /// <summary>
    /// A repeat of known content under a new Idempotency-Key records the key, so that it answers the same way later;
    /// also when the repeat is found inside the write transaction (two requests racing).
    /// </summary>
    private static async Task<ImportOutcome> RecordKeyAsync(DbConnection connection, ImportOutcome known, string? idempotencyKey,
        CancellationToken ct, DbTransaction? tx = null)
    {
        if (known.Duplicate && idempotencyKey is not null)
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO idempotency_keys (key, release_id) VALUES (@idempotencyKey, @Id) ON CONFLICT DO NOTHING",
                new { idempotencyKey, known.Release!.Id }, tx, cancellationToken: ct));
        return known;
    }

    /// <summary>
    /// Codes of a dataset's open code lists in one spelling: a code that differs from a listed one (or one seen
    /// earlier in the same release) only in case takes that spelling, so "LADA" joins "Lada".
    /// </summary>
    private sealed class CanonicalCodes(Dataset dataset, DimensionCodes codes)
    {
        private readonly Dictionary<string, Dictionary<string, string>> _seen = dataset.OpenCodeLists.ToDictionary(o => o.Column, o =>
        {
            var spellings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in codes[o.List]) spellings.TryAdd(code, code);
            return spellings;
        });

        public void Apply(Cells cells)
        {
            foreach (var (column, spellings) in _seen)
            {
                if (cells[column] is not string code) continue;
                if (spellings.TryGetValue(code, out var canonical)) cells[column] = canonical;
                else spellings[code] = code;
            }
        }
    }
}
