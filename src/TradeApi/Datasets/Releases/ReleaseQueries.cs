using System.Data.Common;
using Dapper;

namespace TradeApi.Datasets.Releases;

/// <summary>Reads releases as <see cref="Release"/>s: for the release endpoints and for the answer to a new release.</summary>
public static class ReleaseQueries
{
    /// <summary>A row of the releases table as <see cref="Columns"/> selects it.</summary>
    public sealed record Row(long Id, string DatasetId, string Title, string? Description, string ReleasedAt, string Origin,
        string ContentSha256, long Added, long Revised, long Withdrawn);

    public const string Columns = "id, dataset_id AS DatasetId, title, description, replace(released_at, '.000000Z', 'Z') AS ReleasedAt, origin, content_sha256 AS ContentSha256, added, revised, withdrawn";

    public static async Task<Release?> FindAsync(DbConnection connection, long id, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM releases WHERE id = @id", new { id }, cancellationToken: ct));
        return row is null ? null : await WithSources(connection, row, ct);
    }

    /// <summary>The release of a row, with the sources its figures cite.</summary>
    public static async Task<Release> WithSources(DbConnection connection, Row row, CancellationToken ct)
    {
        var sources = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT source_id FROM release_sources WHERE release_id = @Id ORDER BY source_id", new { row.Id }, cancellationToken: ct));
        return new Release(row.Id, row.DatasetId, row.Title, row.Description, row.ReleasedAt, row.Origin, row.ContentSha256,
            row.Added, row.Revised, row.Withdrawn, sources.AsList());
    }
}
