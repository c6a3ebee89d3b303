using System.Data.Common;
using Dapper;
using TradeApi.Datasets.Rows;

namespace TradeApi.Publishing.Statistics;

/// <summary>
/// Recounts a dataset's coverage and its sources' figures after a release is applied, in the release's
/// transaction, so that the catalogue reads a few rows however large the observation tables grow.
/// </summary>
public static class CatalogueStats
{
    public static async Task RefreshAsync(DbConnection connection, DbTransaction tx, string datasetId, string table, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DELETE FROM dataset_stats WHERE dataset_id = @datasetId;
            INSERT INTO dataset_stats (dataset_id, observations, first_period, last_period)
            SELECT @datasetId, COUNT(*),
                   (SELECT period FROM {table} WHERE superseded_in IS NULL ORDER BY period_start, period_end LIMIT 1),
                   (SELECT period FROM {table} WHERE superseded_in IS NULL ORDER BY period_end DESC, period_start DESC LIMIT 1)
            FROM {table} WHERE superseded_in IS NULL;

            DELETE FROM source_stats WHERE dataset_id = @datasetId;
            INSERT INTO source_stats (source_id, dataset_id, observations, cited_bodies)
            SELECT source_id, @datasetId, SUM(n), string_agg(cited_body, '{StoredLists.Separator}' ORDER BY cited_body)
            FROM (SELECT source_id, cited_body, COUNT(*) AS n FROM {table} WHERE superseded_in IS NULL GROUP BY source_id, cited_body) AS bodies
            GROUP BY source_id;
            """, new { datasetId }, tx, cancellationToken: ct));
    }
}
