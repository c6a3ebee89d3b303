using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Dapper;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Registry;
using TradeApi.Codes;
using TradeApi.Database;

namespace TradeApi.Ingestion;

public enum ReleaseFormat { Csv, Json }

/// <summary>A release to import: one dataset, one file. MaxRows limits what untrusted callers (the API, upstreams) may send.</summary>
public sealed record ReleaseRequest(
    string DatasetId, string Title, string? Description, string Origin, DateTimeOffset ReleasedAt,
    byte[] Content, ReleaseFormat Format = ReleaseFormat.Csv, string? IdempotencyKey = null,
    IProgress<ImportProgress>? Progress = null, int? MaxRows = null);

public sealed record ReleaseSummary(long Id, string DatasetId, string Title, string ReleasedAt, long Added, long Revised, long Withdrawn);

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
}

/// <summary>How one dataset reads the rows of a release file, and the table their vintages go to.</summary>
public interface IDatasetImport
{
    string DatasetId { get; }

    /// <summary>Data columns the dataset reads (besides the source columns).</summary>
    IReadOnlyCollection<string> Columns { get; }

    /// <summary>Columns that identify a figure (with sourceId): every file has them; the others are checked row by row.</summary>
    IReadOnlyCollection<string> KeyColumns { get; }

    /// <summary>Columns of the dataset's CSV export that the server derives; accepted and ignored.</summary>
    IReadOnlyCollection<string> DerivedColumns { get; }

    VintageTable Table { get; }

    /// <summary>
    /// The cells of one row in the table's Key then Values order (the values all null for a withdrawal),
    /// or null when the row has problems, each added to <paramref name="errors"/>.
    /// </summary>
    object?[]? Read(ReleaseRow row, DimensionCodes codes, List<IngestionError> errors);

    /// <summary>Work after the rows are applied, in the same transaction (e.g. new codes the release brings).</summary>
    Task AfterApplyAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// The one way data gets in, for the seed at start-up, the ingestion API, the command line and
/// upstream fetches alike: validate everything, then write the whole release in one transaction,
/// or nothing. The same content for a dataset makes one release, however often it is sent.
/// Writes that meet SQLITE_BUSY are retried through the <c>sqlite-writes</c> pipeline.
/// </summary>
public sealed class ReleaseImporter(Db db, IEnumerable<IDatasetImport> imports, ResiliencePipelineProvider<string> pipelines)
{
    public const string WritePipeline = "sqlite-writes";

    private readonly Dictionary<string, IDatasetImport> _imports = imports.ToDictionary(i => i.DatasetId);

    public IReadOnlyCollection<string> Datasets => _imports.Keys;

    /// <summary>Validation stops after this many problems: enough to fix a file, not a flood.</summary>
    public const int MaxErrors = 1000;

    public async Task<ImportOutcome> ImportAsync(ReleaseRequest request, CancellationToken ct = default)
    {
        if (!_imports.TryGetValue(request.DatasetId, out var import))
            return Invalid(new IngestionError(0, "dataset", request.DatasetId, $"must be one of: {string.Join(", ", _imports.Keys)}"));

        var hash = Convert.ToHexStringLower(SHA256.HashData(request.Content));
        await using var connection = await db.OpenAsync(ct);
        if (await FindAsync(connection, request.DatasetId, hash, request.IdempotencyKey, ct) is { } known)
            return known;
        // A large release sorts and indexes in memory rather than through temp files and a small page cache.
        await connection.ExecuteAsync("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;");
        try
        {
            return await StageAndApplyAsync(connection, import, request, hash, ct);
        }
        finally
        {
            await import.Table.DropStagingAsync(connection);
            await connection.ExecuteAsync("PRAGMA cache_size = -2000;");
        }
    }

    private async Task<ImportOutcome> StageAndApplyAsync(SqliteConnection connection, IDatasetImport import, ReleaseRequest request,
        string hash, CancellationToken ct)
    {
        var errors = new List<IngestionError>();
        using var file = ReleaseFile.Open(request.Content, request.Format, errors);
        if (errors.Count > 0) return Invalid([.. errors]);
        CheckHeader(import, file.Header, request.Format, errors);
        if (errors.Count > 0) return Invalid([.. errors]);

        // Stage: read, check and stage every row. Only a temp table is written; the database file is untouched.
        var codes = await DimensionCodes.LoadAsync(connection, import.DatasetId, ct);
        var sources = await SourceColumns.CheckerAsync(connection, ct);
        // Two cores, two workers: this one reads and checks rows while the other stages them.
        var staged = Channel.CreateBounded<(int Row, bool Withdraws, object?[] Cells)>(
            new BoundedChannelOptions(8192) { SingleReader = true, SingleWriter = true });
        var rows = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            try
            {
                foreach (var row in file.Rows(request.MaxRows ?? int.MaxValue, errors))
                {
                    rows++;
                    sources.Check(row, errors);
                    var cells = import.Read(row, codes, errors);
                    if (cells is not null && errors.Count == 0) await staged.Writer.WriteAsync((row.Number, row.Withdraws, cells), stop.Token);
                    if (errors.Count >= MaxErrors) break;
                    if (rows % 50_000 == 0)
                    {
                        var (done, total) = file.Position;
                        request.Progress?.Report(new ImportProgress("validating", done, total));
                    }
                }
            }
            finally
            {
                staged.Writer.Complete();
            }
        }, stop.Token);
        bool mayRepeatKeys;
        await using (var staging = await import.Table.StageAsync(connection, ct))
        {
            try
            {
                while (await staged.Reader.WaitToReadAsync(ct))
                    while (staged.Reader.TryRead(out var item))
                        staging.Add(item.Row, item.Withdraws, item.Cells);
            }
            catch
            {
                await stop.CancelAsync(); // the reader must not wait for a stager that is gone
                throw;
            }
            await reading;
            await staging.CompleteAsync();
            mayRepeatKeys = staging.MayRepeatKeys;
        }
        if (file.TooManyRows) return new ImportOutcome(ImportStatus.TooLarge, null, [.. errors]);
        if (rows == 0 && errors.Count == 0)
            errors.Add(new IngestionError(request.Format == ReleaseFormat.Csv ? 2 : 1, null, null, "the file has no data rows"));
        sources.Finish(errors);
        request.Progress?.Report(new ImportProgress("checking", rows, rows));
        if (errors.Count == 0 && mayRepeatKeys)
            foreach (var (row, first) in await import.Table.RepeatedKeysAsync(connection, ct))
                errors.Add(new IngestionError(row, null, null, $"repeats row {first}: the same {string.Join(", ", import.Table.Key)}"));
        if (errors.Count > 0) return Invalid(Sorted(errors));
        request.Progress?.Report(new ImportProgress("applying", rows, rows));

        // Apply: one transaction, retried as a whole when the database is busy.
        var releasedAt = request.ReleasedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        try
        {
            return await pipelines.GetPipeline(WritePipeline).ExecuteAsync(async token =>
            {
                await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(token);
                var releaseId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """
                    INSERT INTO releases (dataset_id, title, description, released_at, origin, content_sha256, idempotency_key)
                    VALUES (@DatasetId, @Title, @Description, @releasedAt, @Origin, @hash, @IdempotencyKey)
                    RETURNING id
                    """,
                    new { request.DatasetId, request.Title, request.Description, releasedAt, request.Origin, hash, request.IdempotencyKey },
                    tx, cancellationToken: token));
                await SourceColumns.InsertAsync(connection, tx, sources.New, releaseId, token);
                var counts = await import.Table.ApplyAsync(connection, tx, releaseId, token);
                if (counts.UnmatchedWithdrawals.Count > 0)
                {
                    await tx.RollbackAsync(token);
                    return Invalid([.. counts.UnmatchedWithdrawals.Select(row => new IngestionError(row, ReleaseRow.Action, "withdraw",
                        "withdraws a figure that has no current value for this key and source"))]);
                }
                await import.AfterApplyAsync(connection, tx, token);
                await Catalogue.CatalogueStats.RefreshAsync(connection, tx, import.DatasetId, token);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE releases SET added = @Added, revised = @Revised, withdrawn = @Withdrawn WHERE id = @releaseId",
                    new { counts.Added, counts.Revised, counts.Withdrawn, releaseId }, tx, cancellationToken: token));
                request.Progress?.Report(new ImportProgress("committing", rows, rows));
                await tx.CommitAsync(token);
                return new ImportOutcome(ImportStatus.Created,
                    new ReleaseSummary(releaseId, request.DatasetId, request.Title, releasedAt, counts.Added, counts.Revised, counts.Withdrawn), []);
            }, ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the same release was written meanwhile
        {
            var raced = await FindAsync(connection, request.DatasetId, hash, request.IdempotencyKey, ct);
            if (raced is null) throw;
            return raced;
        }
    }

    private static IngestionError[] Sorted(List<IngestionError> errors) =>
        [.. errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal).Take(MaxErrors)];

    private static void CheckHeader(IDatasetImport import, IReadOnlyList<string> header, ReleaseFormat format, List<IngestionError> errors)
    {
        var row = format == ReleaseFormat.Csv ? 1 : 0;
        if (header.Count == 0)
        {
            errors.Add(new IngestionError(row, null, null, "the file is empty: it needs a header row naming its columns"));
            return;
        }
        var known = import.Columns.Concat(import.DerivedColumns).Concat(SourceColumns.All).Append(ReleaseRow.Action)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var column in header.Where(c => !known.Contains(c)))
            errors.Add(new IngestionError(row, column, null,
                $"is not a column of dataset '{import.DatasetId}'; columns: {string.Join(", ", import.Columns.Concat(SourceColumns.All).Append(ReleaseRow.Action))}"));
        foreach (var column in import.KeyColumns.Append(SourceColumns.Id).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            errors.Add(new IngestionError(row, column, null, "is a required column and is missing"));
        foreach (var column in header.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add(new IngestionError(row, column.Key, null, "appears more than once in the header"));
    }

    /// <summary>The release this content or Idempotency-Key already made, if any (or a conflict when the key made another).</summary>
    private static async Task<ImportOutcome?> FindAsync(SqliteConnection connection, string datasetId, string hash, string? idempotencyKey, CancellationToken ct)
    {
        var found = await connection.QueryAsync<(long Id, string DatasetId, string Title, string ReleasedAt, long Added, long Revised, long Withdrawn, string Hash, string? Key)>(
            new CommandDefinition(
                """
                SELECT id, dataset_id, title, released_at, added, revised, withdrawn, content_sha256, idempotency_key FROM releases
                WHERE (dataset_id = @datasetId AND content_sha256 = @hash) OR (@idempotencyKey IS NOT NULL AND idempotency_key = @idempotencyKey)
                """,
                new { datasetId, hash, idempotencyKey }, cancellationToken: ct));
        var list = found.AsList();
        if (list.Count == 0) return null;
        var match = list.FirstOrDefault(r => r.DatasetId == datasetId && r.Hash == hash);
        if (match != default)
            return new ImportOutcome(ImportStatus.Duplicate,
                new ReleaseSummary(match.Id, match.DatasetId, match.Title, match.ReleasedAt, match.Added, match.Revised, match.Withdrawn), []);
        var other = list[0];
        return new ImportOutcome(ImportStatus.KeyReused, null,
            [new IngestionError(0, "Idempotency-Key", idempotencyKey, $"was used for release {other.Id} with other content; use a new key for new content")]);
    }

    private static ImportOutcome Invalid(params IngestionError[] errors) => new(ImportStatus.Invalid, null, errors);
}
