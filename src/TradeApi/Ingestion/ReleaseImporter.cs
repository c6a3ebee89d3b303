using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Codes;
using TradeApi.Database;

namespace TradeApi.Ingestion;

/// <summary>A release to import: one dataset, one file.</summary>
public sealed record ReleaseRequest(
    string DatasetId, string Title, string? Description, string Origin, DateTimeOffset ReleasedAt,
    byte[] Content, string? IdempotencyKey = null);

public sealed record ReleaseSummary(long Id, string DatasetId, string Title, string ReleasedAt, long Added, long Revised, long Withdrawn);

/// <summary>What an import did: the release it made (or the one that already had this content), or why it made none.</summary>
public sealed record ImportOutcome(ReleaseSummary? Release, bool Duplicate, IReadOnlyList<IngestionError> Errors)
{
    public bool Succeeded => Release is not null;
}

/// <summary>How one dataset reads and writes the rows of a release file.</summary>
public interface IDatasetImport
{
    string DatasetId { get; }

    /// <summary>Data columns the dataset reads (besides the source columns).</summary>
    IReadOnlyCollection<string> Columns { get; }

    IReadOnlyCollection<string> RequiredColumns { get; }

    /// <summary>Columns of the dataset's CSV export that the server derives; accepted and ignored.</summary>
    IReadOnlyCollection<string> DerivedColumns { get; }

    /// <summary>Validates every row, adding an error for each bad cell; returns what to write.</summary>
    IPreparedRows Prepare(IReadOnlyList<ReleaseRow> rows, DimensionCodes codes, List<IngestionError> errors);
}

public interface IPreparedRows
{
    /// <summary>Writes the rows as vintages of release <paramref name="releaseId"/>; returns how many were added and revised.</summary>
    Task<(long Added, long Revised)> WriteAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId, CancellationToken ct);
}

/// <summary>
/// The one way data gets in, for the seed at start-up and (later) the ingestion API and CLI alike:
/// validate everything, then write the whole release in one transaction, or nothing.
/// The same content for a dataset makes one release, however often it is sent.
/// </summary>
public sealed class ReleaseImporter(Db db, IEnumerable<IDatasetImport> imports)
{
    private readonly Dictionary<string, IDatasetImport> _imports = imports.ToDictionary(i => i.DatasetId);

    public IReadOnlyCollection<string> Datasets => _imports.Keys;

    public async Task<ImportOutcome> ImportAsync(ReleaseRequest request, CancellationToken ct = default)
    {
        if (!_imports.TryGetValue(request.DatasetId, out var import))
            return Failed(new IngestionError(0, "dataset", request.DatasetId, $"must be one of: {string.Join(", ", _imports.Keys)}"));

        var hash = Convert.ToHexStringLower(SHA256.HashData(request.Content));
        await using var connection = await db.OpenAsync(ct);
        var existing = await FindAsync(connection, request.DatasetId, hash, ct);
        if (existing is not null)
            return new ImportOutcome(existing, Duplicate: true, []);

        var errors = new List<IngestionError>();
        using var reader = new StreamReader(new MemoryStream(request.Content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var (header, rows) = ReleaseFile.ReadCsv(reader);
        CheckHeader(import, header, errors);
        if (errors.Count > 0) return Failed([.. errors]);
        if (rows.Count == 0) return Failed(new IngestionError(2, null, null, "the file has a header but no data rows"));

        var codes = await DimensionCodes.LoadAsync(connection, import.DatasetId, ct);
        var newSources = await SourceColumns.CollectNewAsync(rows, connection, errors, ct);
        var prepared = import.Prepare(rows, codes, errors);
        if (errors.Count > 0)
            return Failed([.. errors.OrderBy(e => e.Row).ThenBy(e => e.Column, StringComparer.Ordinal)]);

        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var releasedAt = request.ReleasedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var releaseId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO releases (dataset_id, title, description, released_at, origin, content_sha256, idempotency_key)
            VALUES (@DatasetId, @Title, @Description, @releasedAt, @Origin, @hash, @IdempotencyKey)
            RETURNING id
            """,
            new { request.DatasetId, request.Title, request.Description, releasedAt, request.Origin, hash, request.IdempotencyKey },
            tx, cancellationToken: ct));
        await SourceColumns.InsertAsync(connection, tx, newSources, releaseId, ct);
        var (added, revised) = await prepared.WriteAsync(connection, tx, releaseId, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE releases SET added = @added, revised = @revised WHERE id = @releaseId",
            new { added, revised, releaseId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        return new ImportOutcome(new ReleaseSummary(releaseId, request.DatasetId, request.Title, releasedAt, added, revised, 0), false, []);
    }

    private static void CheckHeader(IDatasetImport import, IReadOnlyList<string> header, List<IngestionError> errors)
    {
        if (header.Count == 0)
        {
            errors.Add(new IngestionError(1, null, null, "the file is empty: it needs a header row naming its columns"));
            return;
        }
        var known = import.Columns.Concat(import.DerivedColumns).Concat(SourceColumns.All).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var column in header.Where(c => !known.Contains(c)))
            errors.Add(new IngestionError(1, column, null, $"is not a column of dataset '{import.DatasetId}'; columns: {string.Join(", ", import.Columns.Concat(SourceColumns.All))}"));
        foreach (var column in import.RequiredColumns.Append(SourceColumns.Id).Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            errors.Add(new IngestionError(1, column, null, "is a required column and is missing from the header"));
        foreach (var column in header.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add(new IngestionError(1, column.Key, null, "appears more than once in the header"));
    }

    private static Task<ReleaseSummary?> FindAsync(SqliteConnection connection, string datasetId, string hash, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ReleaseSummary>(new CommandDefinition(
            """
            SELECT id, dataset_id AS DatasetId, title, released_at AS ReleasedAt, added, revised, withdrawn
            FROM releases WHERE dataset_id = @datasetId AND content_sha256 = @hash
            """,
            new { datasetId, hash }, cancellationToken: ct));

    private static ImportOutcome Failed(params IngestionError[] errors) => new(null, false, errors);
}
