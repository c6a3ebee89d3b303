using System.Text.Json;
using System.ComponentModel;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Paging;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Queries;

namespace TradeApi.Serving.Catalogue;

public sealed record DatasetSummary(
    string Id, string Title, string Description, string Unit, string Records, long? CurrentRelease, string? LastUpdated,
    string? FirstPeriod, string? LastPeriod, long Observations);

public sealed record DimensionCode(string Code, string Label, string? Description);

public sealed record Dimension(string Id, IReadOnlyList<DimensionCode> Codes);

/// <summary>A dataset's coverage: first and last period, how many current figures, and every series with its periods present and missing.</summary>
public sealed record Coverage(string? FirstPeriod, string? LastPeriod, long Observations, IReadOnlyList<SeriesCoverage> Series);

/// <summary>The periods missing from a dataset's series, each with the reason SOURCES.md gives where it gives one, a page at a time.</summary>
public sealed record GapList(IReadOnlyList<SeriesGap> Data, GapMeta Meta, ListLinks Links);

/// <summary><c>count</c>: the gaps on this page; <c>total</c>: all the dataset's gaps.</summary>
public sealed record GapMeta(string Dataset, long Release, int Count, int Total);

public sealed record DatasetDetail(
    string Id, string Title, string Description, string Unit, string Records, string Licence,
    long? CurrentRelease, string? LastUpdated, Coverage Coverage, IReadOnlyList<Dimension> Dimensions, IReadOnlyList<string> Sources,
    DatasetLinks Links);

/// <summary>Where to follow and fetch a dataset: its records and history, what changed since a release, its feeds and whole-release downloads.</summary>
public sealed record DatasetLinks(string Records, string History, string Changes, string AtomFeed, string JsonFeed,
    string DownloadCsv, string DownloadNdjson, string DownloadParquet);

public sealed record DatasetList(IReadOnlyList<DatasetSummary> Data, ListLinks Links);

public static class DatasetEndpoints
{
    private const string SummarySql = """
        SELECT d.id, d.title, d.description, d.unit, d.path AS Records, r.id AS CurrentRelease, replace(r.released_at, '.000000Z', 'Z') AS LastUpdated,
               st.first_period AS FirstPeriod, st.last_period AS LastPeriod, COALESCE(st.observations, 0) AS Observations
        FROM datasets d
        LEFT JOIN (SELECT dataset_id, MAX(id) AS id FROM releases GROUP BY dataset_id) latest ON latest.dataset_id = d.id
        LEFT JOIN releases r ON r.id = latest.id
        LEFT JOIN dataset_stats st ON st.dataset_id = d.id
        """;

    public static void MapCatalogue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/datasets").WithTags("Catalogue");

        group.MapGetAndHead("/", ListDatasets)
            .WithName("ListDatasets")
            .WithSummary("List the datasets")
            .WithDescription("Every dataset TradeApi serves: what it measures, its unit, where its records are, its coverage, its current release and when it was last updated. Keyset-paged like every list (`limit`, `cursor`, `links.next` and a Link header).")
            .AllowOnlyQueryOf<RouteHandlerBuilder, PageParameters>();

        group.MapGetAndHead("/{id}", GetDataset)
            .WithName("GetDataset")
            .WithSummary("Describe one dataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("A dataset's description, unit, licence, coverage (first and last period, and per series the periods that have a preferred figure and the ones missing between its first and last), current release, the sources its figures come from, and every dimension with the codes its filters accept.")
            .AllowOnlyQuery();

        group.MapGetAndHead("/{id}/gaps", GetGaps)
            .WithName("ListDatasetGaps")
            .WithSummary("List the gaps in a dataset's series")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Every period missing from a series of the dataset between its first and last period (a period with no figure, or only a disputed one), with the reason the compiled sources give where they give one. Cumulative spans and statements' periods as of publication are not regular series and have no gaps. Sorted by series, frequency and period; keyset-paged like every list (`limit`, `cursor`, `links.next` and a Link header).")
            .AllowOnlyQueryOf<RouteHandlerBuilder, PageParameters>();
    }

    private static async Task<Results<Ok<DatasetList>, ValidationProblem>> ListDatasets([AsParameters] PageParameters parameters, Db db,
        HttpResponse response, CancellationToken ct)
    {
        var read = new QueryReader(new QueryErrors());
        var limit = read.Limit(parameters.Limit, ListingParameters.DefaultLimit, ListingParameters.MaxLimit);
        (long Sort, string Id)? after = null;
        if (parameters.Cursor is not null)
        {
            // The keyset: the catalogue's order (sort, then id) of the last dataset of the previous page.
            if (Platform.Paging.Cursor.Decode(parameters.Cursor) is [var sort, var last] && sort.ValueKind == System.Text.Json.JsonValueKind.Number
                && sort.TryGetInt64(out var s) && last.ValueKind == System.Text.Json.JsonValueKind.String)
                after = (s, last.GetString()!);
            else read.Errors.Add("cursor", Platform.Paging.Cursor.Message);
        }
        if (read.Errors.Any) return read.Errors.ToProblem();

        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<(long Sort, string Id)>(new CommandDefinition(
            """
            SELECT d.sort, d.id FROM datasets d WHERE (@afterId IS NULL OR (d.sort, d.id) > (@afterSort, @afterId)) ORDER BY d.sort, d.id LIMIT @take
            """,
            new { afterSort = after?.Sort, afterId = after?.Id, take = limit + 1 }, cancellationToken: ct))).AsList();
        var ids = rows.Take(limit).Select(r => r.Id).ToArray();
        var summaries = (await connection.QueryAsync<DatasetSummary>(new CommandDefinition(
            $"{SummarySql} WHERE {db.Dialect.InJsonList("d.id", "ids")} ORDER BY d.sort, d.id", new { ids = JsonSerializer.Serialize(ids) }, cancellationToken: ct))).AsList();
        var self = $"/v1/datasets?limit={read.Normalised["limit"]}";
        var next = rows.Count > limit ? KeysetPage.Next(response, self, rows[limit - 1].Sort, rows[limit - 1].Id) : null;
        return TypedResults.Ok(new DatasetList(summaries, new ListLinks(self, next)));
    }

    private static async Task<Results<Ok<GapList>, ProblemHttpResult, ValidationProblem>> GetGaps(
        [Description("Dataset id, as listed at /v1/datasets: trade.")] string id, [AsParameters] PageParameters parameters, Db db,
        IEnumerable<Dataset> datasets, HttpResponse response, CancellationToken ct)
    {
        if (datasets.FirstOrDefault(d => d.Id == id) is not { } dataset)
            return Problem.NotFound("Dataset not found", $"No dataset '{id}'. Datasets: {string.Join(", ", datasets.Select(d => d.Id))}.");
        var read = new QueryReader(new QueryErrors());
        var limit = read.Limit(parameters.Limit, ListingParameters.DefaultLimit, ListingParameters.MaxLimit);
        string[]? after = null;
        if (parameters.Cursor is not null)
        {
            // The keyset: series, frequency and period of the last gap of the previous page (a period's text sorts in time within a frequency).
            if (Platform.Paging.Cursor.Decode(parameters.Cursor) is { Length: 3 } values && values.All(v => v.ValueKind == System.Text.Json.JsonValueKind.String))
                after = [.. values.Select(v => v.GetString()!)];
            else read.Errors.Add("cursor", Platform.Paging.Cursor.Message);
        }
        if (read.Errors.Any) return read.Errors.ToProblem();

        await using var connection = await db.OpenAsync(ct);
        var release = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(id), 0) FROM releases WHERE dataset_id = @id", new { id }, cancellationToken: ct));
        var gaps = (await SeriesCoverages.LoadAsync(connection, dataset, ct))
            .SelectMany(s => s.Missing.Select(m => new SeriesGap(s.Id, s.Series, s.Freq, m.Period, m.Reason)))
            .OrderBy(g => g.Series, StringComparer.Ordinal).ThenBy(g => g.Freq, StringComparer.Ordinal).ThenBy(g => g.Period, StringComparer.Ordinal)
            .ToList();
        var rest = after is null ? gaps : gaps.Where(g => Compare(g, after) > 0).ToList();
        var page = rest.Take(limit).ToList();
        var self = $"/v1/datasets/{id}/gaps" + (read.Normalised.TryGetValue("limit", out var l) ? $"?limit={l}" : "");
        var next = rest.Count > limit ? KeysetPage.Next(response, self, page[^1].Series, page[^1].Freq, page[^1].Period) : null;
        return TypedResults.Ok(new GapList(page, new GapMeta(id, release, page.Count, gaps.Count), new ListLinks(self, next)));
    }

    private static int Compare(SeriesGap gap, string[] key) =>
        string.CompareOrdinal(gap.Series, key[0]) is not 0 and var series ? series
        : string.CompareOrdinal(gap.Freq, key[1]) is not 0 and var freq ? freq
        : string.CompareOrdinal(gap.Period, key[2]);

    private static async Task<Results<Ok<DatasetDetail>, ProblemHttpResult>> GetDataset([Description("Dataset id, as listed at /v1/datasets: trade.")] string id,
        Db db, IEnumerable<Dataset> datasets, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var summary = await connection.QuerySingleOrDefaultAsync<DatasetSummary>(new CommandDefinition(
            $"{SummarySql} WHERE d.id = @id",
            new { id }, cancellationToken: ct));
        if (summary is null)
        {
            var ids = await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM datasets ORDER BY sort", cancellationToken: ct));
            return Problem.NotFound("Dataset not found", $"No dataset '{id}'. Datasets: {string.Join(", ", ids)}.");
        }

        var licence = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT licence FROM datasets WHERE id = @id", new { id }, cancellationToken: ct));
        var codes = await connection.QueryAsync<(string Dimension, string Code, string Label, string? Description)>(new CommandDefinition(
            "SELECT dimension, code, label, description FROM dimension_codes WHERE dataset_id = @id ORDER BY rowid", new { id }, cancellationToken: ct));
        var dimensions = codes.GroupBy(c => c.Dimension)
            .Select(g => new Dimension(g.Key, g.Select(c => new DimensionCode(c.Code, c.Label, c.Description)).ToList()))
            .ToList();
        var sources = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT source_id FROM source_stats WHERE dataset_id = @id ORDER BY source_id", new { id }, cancellationToken: ct));

        return TypedResults.Ok(new DatasetDetail(summary.Id, summary.Title, summary.Description, summary.Unit, summary.Records, licence!,
            summary.CurrentRelease, summary.LastUpdated,
            new Coverage(summary.FirstPeriod, summary.LastPeriod, summary.Observations,
                datasets.FirstOrDefault(d => d.Id == id) is { } dataset ? await SeriesCoverages.LoadAsync(connection, dataset, ct) : []),
            dimensions, sources.AsList(),
            new DatasetLinks(summary.Records, $"{summary.Records}/history", $"/v1/changes?dataset={summary.Id}&since={summary.CurrentRelease ?? 0}",
                $"/feeds/{summary.Id}.atom", $"/feeds/{summary.Id}.json", $"/v1/{summary.Id}/download?format=csv",
                $"/v1/{summary.Id}/download?format=ndjson", $"/v1/{summary.Id}/download?format=parquet")));
    }
}
