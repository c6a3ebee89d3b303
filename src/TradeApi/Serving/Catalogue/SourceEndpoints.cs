using System.ComponentModel;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Rows;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Paging;
using TradeApi.Platform.Problems;

namespace TradeApi.Serving.Catalogue;

/// <summary>
/// A source: the page a figure was read on. <c>citedBodies</c> are the primary bodies that page
/// cites for its current figures (GACC, Bank of Russia, ...); <c>datasets</c> are those whose releases cited it;
/// <c>observations</c> counts its current
/// figures (0 once all were revised away or withdrawn); <c>releases</c> are the releases that added, revised or
/// withdrew its figures or corrected it; <c>replacedBy</c> names the source a release said replaced it.
/// <c>revisions</c> (on /v1/sources/{id} only) is every description the source has had, with the release that gave it.
/// </summary>
public sealed record Source(
    string Id, string Publisher, string? Title, string? Url, string? Published, bool PublishedApproximate, string Kind,
    IReadOnlyList<string> CitedBodies, IReadOnlyList<string> Datasets, long Observations, long FirstRelease,
    string? ReplacedBy, IReadOnlyList<long> Releases)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SourceRevision>? Revisions { get; init; }
}

/// <summary>One description of a source, as the release <c>release</c> gave it (the first is the release that brought it).</summary>
public sealed record SourceRevision(long Release, string Publisher, string? Title, string? Url, string? Published, bool PublishedApproximate, string Kind, string? ReplacedBy);

public sealed record SourceList(IReadOnlyList<Source> Data, SourceListMeta Meta, SourceListLinks Links);

public sealed record SourceListLinks(string Self, string? Next);

public sealed record SourceListMeta(int Count, string? Dataset);

public sealed class SourceParameters
{
    [FromQuery(Name = "limit"), Description("Sources per page, 1 to 10000."), DefaultValue(Platform.Queries.ListingParameters.DefaultLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from links.next (or the Link header) of the previous page.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "dataset"), Description("Only the sources a release of one dataset cited (see /v1/datasets), its current figures' and those it revised away or withdrew.")]
    public string? Dataset { get; init; }
}

public static class SourceEndpoints
{
    /// <summary>A row of <see cref="Sql"/>: every aggregate is coalesced, so a source no current figure cites reads like any other.</summary>
    private sealed record SourceRow(string Id, string Publisher, string? Title, string? Url, string? Published, string Kind, long FirstRelease,
        string? ReplacedBy, string CitedBodies, string Datasets, long Observations, string Releases)
    {
        public Source ToSource() => new(Id, Publisher, Title, Url, Published?.TrimEnd('~'), Published?.EndsWith('~') ?? false, Kind,
            StoredLists.Split(CitedBodies), StoredLists.Split(Datasets), Observations, FirstRelease, ReplacedBy,
            Releases.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray());

    }

    private static string Sql(string where) => $"""
        SELECT s.id, s.publisher, s.title, s.url, s.published, s.kind, s.first_release AS FirstRelease, s.replaced_by AS ReplacedBy,
               COALESCE((SELECT string_agg(cited_bodies, '{StoredLists.Separator}' ORDER BY st.dataset_id) FROM source_stats st WHERE st.source_id = s.id), '') AS CitedBodies,
               COALESCE((SELECT string_agg(r.dataset_id, '{StoredLists.Separator}' ORDER BY r.id) FROM release_sources rs JOIN releases r ON r.id = rs.release_id WHERE rs.source_id = s.id), '') AS Datasets,
               COALESCE((SELECT SUM(observations) FROM source_stats st WHERE st.source_id = s.id), 0) AS Observations,
               COALESCE((SELECT string_agg(CAST(rs.release_id AS TEXT), ',' ORDER BY rs.release_id) FROM release_sources rs WHERE rs.source_id = s.id), '') AS Releases
        FROM sources s
        {where}
        ORDER BY s.id
        """;

    public static void MapSources(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sources").WithTags("Catalogue");

        group.MapGetAndHead("/", ListSources)
            .WithName("ListSources")
            .WithSummary("List the sources")
            .WithDescription("Every page TradeApi's figures were read on: publisher, title (where recorded), URL, publication date (with whether it is approximate), the primary bodies it cites, and how many current figures come from it.")
            .AllowOnlyQueryOf<RouteHandlerBuilder, SourceParameters>();

        group.MapGetAndHead("/{id}", GetSource)
            .WithName("GetSource")
            .WithSummary("Describe one source")
            .WithDescription("One source by the id that records carry in `sourceId`, with every description it has had (`revisions`, each with the release that gave it), the releases that cited or corrected it, and the source that replaced it. A source whose figures were all revised away or withdrawn is still described, with `observations` 0.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowOnlyQuery();
    }

    private static async Task<Results<Ok<SourceList>, ValidationProblem>> ListSources([AsParameters] SourceParameters parameters, Db db,
        IEnumerable<Dataset> datasets, HttpResponse response, CancellationToken ct)
    {
        var read = new Platform.Queries.QueryReader(new QueryErrors());
        var dataset = parameters.Dataset?.Trim().ToLowerInvariant();
        var ids = datasets.Select(d => d.Id).ToList();
        if (dataset is not null && !ids.Contains(dataset))
            read.Errors.Add("dataset", $"'{parameters.Dataset}' is not a dataset; use one of: {string.Join(", ", ids)}");
        else if (dataset is not null) read.Normalised["dataset"] = dataset;
        var limit = read.Limit(parameters.Limit, Platform.Queries.ListingParameters.DefaultLimit, Platform.Queries.ListingParameters.MaxLimit);
        string? after = null;
        if (parameters.Cursor is not null)
        {
            if (Platform.Paging.Cursor.Decode(parameters.Cursor) is [{ ValueKind: System.Text.Json.JsonValueKind.String } v]) after = v.GetString();
            else read.Errors.Add("cursor", Platform.Paging.Cursor.Message);
        }
        if (read.Errors.Any) return read.Errors.ToProblem();

        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<SourceRow>(new CommandDefinition(
            Sql("WHERE (@dataset IS NULL OR EXISTS (SELECT 1 FROM release_sources rs JOIN releases r ON r.id = rs.release_id WHERE rs.source_id = s.id AND r.dataset_id = @dataset)) AND (@after IS NULL OR s.id > @after)")
                + " LIMIT @take",
            new { dataset, after, take = limit + 1 }, cancellationToken: ct))).AsList();
        var sources = rows.Take(limit).Select(r => r.ToSource()).ToList();
        var query = string.Join('&', read.Normalised.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        var next = rows.Count > limit ? KeysetPage.Next(response, $"/v1/sources?{query}", sources[^1].Id) : null;
        return TypedResults.Ok(new SourceList(sources, new SourceListMeta(sources.Count, dataset), new SourceListLinks($"/v1/sources?{query}", next)));
    }

    private static async Task<Results<Ok<Source>, ProblemHttpResult>> GetSource([Description("Source id, as records carry it in sourceId.")] string id, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SourceRow>(new CommandDefinition(Sql("WHERE s.id = @id"), new { id }, cancellationToken: ct));
        if (row is null) return Problem.NotFound("Source not found", $"No source '{id}'. Source ids are listed at /v1/sources; records name theirs in sourceId.");
        var revisions = await connection.QueryAsync<(long Release, string Publisher, string? Title, string? Url, string? Published, string Kind, string? ReplacedBy)>(new CommandDefinition(
            """
            SELECT release_id AS Release, publisher, title, url, published, kind, replaced_by AS ReplacedBy
            FROM source_revisions WHERE source_id = @id ORDER BY release_id
            """, new { id }, cancellationToken: ct));
        return TypedResults.Ok(row.ToSource() with
        {
            Revisions = revisions.Select(r => new SourceRevision(r.Release, r.Publisher, r.Title, r.Url, r.Published?.TrimEnd('~'),
                r.Published?.EndsWith('~') ?? false, r.Kind, r.ReplacedBy)).ToList(),
        });
    }
}
