using Dapper;
using Microsoft.Data.Sqlite;

namespace TradeApi.Releases;

/// <summary>The release an answer stands on: the newest release of the dataset up to a release number.</summary>
public sealed record DatasetRelease(long Id, string ReleasedAt)
{
    public static Task<DatasetRelease?> LatestAsync(SqliteConnection connection, string datasetId, long? upTo, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<DatasetRelease>(new CommandDefinition(
            """
            SELECT id, released_at AS ReleasedAt FROM releases
            WHERE dataset_id = @datasetId AND (@upTo IS NULL OR id <= @upTo)
            ORDER BY id DESC LIMIT 1
            """,
            new { datasetId, upTo }, cancellationToken: ct));

    public static Task<DatasetRelease?> FirstAsync(SqliteConnection connection, string datasetId, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<DatasetRelease>(new CommandDefinition(
            "SELECT id, released_at AS ReleasedAt FROM releases WHERE dataset_id = @datasetId ORDER BY id LIMIT 1",
            new { datasetId }, cancellationToken: ct));
}
