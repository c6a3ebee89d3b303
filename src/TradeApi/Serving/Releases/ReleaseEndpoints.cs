using System.ComponentModel;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Releases;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Paging;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Queries;

namespace TradeApi.Serving.Releases;

public sealed record ReleaseList(IReadOnlyList<Release> Data, ReleaseListLinks Links);

public sealed record ReleaseListLinks(string Self, string? Next);

public sealed class ReleaseParameters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    [FromQuery(Name = "dataset"), Description("Only the releases of one dataset (see /v1/datasets).")]
    public string? Dataset { get; init; }

    [FromQuery(Name = "limit"), Description("Releases per page, 1 to 1000."), DefaultValue(DefaultLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from links.next of the previous page.")]
    public string? Cursor { get; init; }
}

public static class ReleaseEndpoints
{
    public static RouteGroupBuilder MapReleases(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/releases").WithTags("Releases");

        group.MapGetAndHead("/", ListReleases)
            .WithName("ListReleases")
            .WithSummary("List the releases, newest first")
            .WithDescription("Every release: its number, dataset, title, when it was released, where it came from (seed, api, cli, fetch:SOURCE), the SHA-256 of its content, how many values it added, revised and withdrew, and the sources its figures cite. Any data query can be asked as of one of them with `as_of`.")
            .AllowOnlyQueryOf<RouteHandlerBuilder, ReleaseParameters>();

        group.MapGetAndHead("/{id:long}", GetRelease)
            .WithName("GetRelease")
            .WithSummary("Describe one release")
            .WithDescription("One release by its number.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowOnlyQuery();
        return group;
    }

    private static async Task<Results<Ok<ReleaseList>, ValidationProblem>> ListReleases([AsParameters] ReleaseParameters p, Db db, IEnumerable<Dataset> datasets,
        HttpResponse response, CancellationToken ct)
    {
        var read = new QueryReader(new QueryErrors());
        var dataset = p.Dataset?.Trim().ToLowerInvariant();
        var ids = datasets.Select(d => d.Id).ToList();
        if (dataset is not null && !ids.Contains(dataset))
            read.Errors.Add("dataset", $"'{p.Dataset}' is not a dataset; use one of: {string.Join(", ", ids)}");
        else if (dataset is not null) read.Normalised["dataset"] = dataset;
        var limit = read.Limit(p.Limit, ReleaseParameters.DefaultLimit, ReleaseParameters.MaxLimit);
        long? before = null;
        if (p.Cursor is not null)
        {
            if (Platform.Paging.Cursor.Decode(p.Cursor) is [var v] && v.TryGetInt64(out var id)) before = id;
            else read.Errors.Add("cursor", Platform.Paging.Cursor.Message);
        }
        if (read.Errors.Any) return read.Errors.ToProblem();

        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<ReleaseQueries.Row>(new CommandDefinition(
            $"""
            SELECT {ReleaseQueries.Columns} FROM releases
            WHERE (@dataset IS NULL OR dataset_id = @dataset) AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @take
            """, new { dataset, before, take = limit + 1 }, cancellationToken: ct))).AsList();
        var releases = new List<Release>();
        foreach (var row in rows.Take(limit)) releases.Add(await ReleaseQueries.WithSources(connection, row, ct));
        var query = string.Join('&', read.Normalised.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        var next = rows.Count > limit ? KeysetPage.Next(response, $"/v1/releases?{query}", releases[^1].Id) : null;
        return TypedResults.Ok(new ReleaseList(releases, new ReleaseListLinks($"/v1/releases?{query}", next)));
    }

    private static async Task<Results<Ok<Release>, ProblemHttpResult>> GetRelease([Description("Release number.")] long id, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await ReleaseQueries.FindAsync(connection, id, ct) is { } release
            ? TypedResults.Ok(release)
            : Problem.NotFound("Release not found", $"No release {id}. Releases are listed at /v1/releases.");
    }
}
