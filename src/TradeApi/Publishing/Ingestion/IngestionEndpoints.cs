using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using TradeApi.Datasets.Releases;
using TradeApi.Datasets.Rows;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Platform.Operations;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Security;
using TradeApi.Publishing.ReleaseFiles;

namespace TradeApi.Publishing.Ingestion;

public sealed class NewReleaseParameters
{
    [FromQuery(Name = "dataset"), Description("The dataset the release is for: {dataset-ids}.")]
    public string? Dataset { get; init; }

    [FromQuery(Name = "title"), Description("A title for the release, e.g. 'GACC, China–Russia trade, November 2025'.")]
    public string? Title { get; init; }

    [FromQuery(Name = "description"), Description("What the release brings, optionally.")]
    public string? Description { get; init; }

    [FromHeader(Name = "Idempotency-Key"), Description("Any unique string up to 200 characters; sending the same key again returns the release it made instead of making another.")]
    public string? IdempotencyKey { get; init; }
}

public static class IngestionEndpoints
{
    /// <summary>POST /v1/releases: the ingestion path, authenticated by API key, all-or-nothing.</summary>
    public static void MapIngestion(this RouteGroupBuilder releases)
    {
        releases.MapPost("/", CreateRelease)
            .Writes()
            .WithName("CreateRelease")
            .WithSummary("Publish a release (needs an API key)")
            .WithDescription("""
                Writes a new release of one dataset from a CSV (text/csv), JSON (application/json: an array of records, or an
                answer of the API itself) or NDJSON (application/x-ndjson: one record per line) body
                with the columns of the dataset's CSV export plus the source columns (sourceId, sourcePublisher, sourceTitle,
                sourceUrl, sourcePublished, sourceKind) and optionally action=withdraw. Every row is validated before anything
                is written: a 422 problem lists each bad cell (row, column, value, message) and nothing is written. Bounds that
                only the whole period shows are checked too: brand units at most the period's preferred market total, and the
                listed brands' units (or published shares) adding up to at most the market (100 percent). The release
                is written in one transaction. The same content, or the same Idempotency-Key, makes one release: a repeat
                answers 200 with the release it made. Needs the X-Api-Key header. A read-only instance answers 405: send
                releases to the writer.
                """)
            .Accepts<string>("text/csv", "application/json", "application/x-ndjson")
            .RequireApiKey()
            .AllowOnlyQueryOf<RouteHandlerBuilder, NewReleaseParameters>()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Created<Release>, Ok<Release>, ProblemHttpResult, ValidationProblem>> CreateRelease(
        [AsParameters] NewReleaseParameters p, HttpRequest request, ReleaseImporter importer, Db db,
        IOptions<IngestionLimits> limits, CancellationToken ct)
    {
        var errors = new QueryErrors();
        var dataset = p.Dataset?.Trim().ToLowerInvariant();
        if (dataset is null || !importer.Datasets.Contains(dataset))
            errors.Add("dataset", $"is required: one of {string.Join(", ", importer.Datasets)}");
        if (string.IsNullOrWhiteSpace(p.Title) || p.Title.Length > 300)
            errors.Add("title", "is required: a title for the release, at most 300 characters");
        if (p.Description is { Length: > 4000 })
            errors.Add("description", "must be at most 4000 characters");
        if (p.IdempotencyKey is { Length: > 200 } or { Length: 0 })
            errors.Add("Idempotency-Key", "must be 1 to 200 characters");
        if (errors.Any) return errors.ToProblem();
        if (FormatOf(request) is not { } format)
            return TypedResults.Problem(statusCode: 415, type: ProblemTypes.UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send the release as text/csv, application/json or application/x-ndjson, not '{request.ContentType ?? "(none)"}'.");
        var max = limits.Value.MaxBodyBytes;
        if (await ReadBodyAsync(request, max, ct) is not { } body) return TooLarge(max);

        var outcome = await importer.ImportAsync(new ReleaseRequest(dataset!, p.Title!.Trim(), p.Description, "api", null,
            body, format, p.IdempotencyKey, MaxRows: limits.Value.MaxRows, PostedBy: request.HttpContext.Items[ApiKeys.NameItem] as string), ct);
        return await AnswerAsync(outcome, request, db, ct);
    }

    /// <summary>The release file's format, from its Content-Type; null for one the importer does not read.</summary>
    private static ReleaseFormat? FormatOf(HttpRequest request) =>
        MediaTypes.FormatOf(request.ContentType?.Split(';')[0].Trim().ToLowerInvariant()) switch
        {
            "csv" => ReleaseFormat.Csv,
            "json" => ReleaseFormat.Json,
            "ndjson" => ReleaseFormat.Ndjson,
            _ => null,
        };

    /// <summary>The body, or null when it is larger than <paramref name="max"/> bytes (however it is sent: read no further).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = max + 1;
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > max) return null;
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }

    /// <summary>201 with the new release, 200 for one the same content or key already made, or the problem that refused it.</summary>
    private static async Task<Results<Created<Release>, Ok<Release>, ProblemHttpResult, ValidationProblem>> AnswerAsync(ImportOutcome outcome,
        HttpRequest request, Db db, CancellationToken ct)
    {
        switch (outcome.Status)
        {
            case ImportStatus.Created:
            case ImportStatus.Duplicate:
                await using (var connection = await db.OpenAsync(ct))
                {
                    var release = (await ReleaseQueries.FindAsync(connection, outcome.Release!.Id, ct))!;
                    if (outcome.Duplicate)
                    {
                        request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                        return TypedResults.Ok(release);
                    }
                    return TypedResults.Created($"/v1/releases/{release.Id}", release);
                }
            case ImportStatus.KeyReused:
                return TypedResults.Problem(statusCode: 409, type: ProblemTypes.IdempotencyKeyReused, title: "Idempotency-Key reused",
                    detail: outcome.Errors[0].Message);
            case ImportStatus.TooLarge:
                return TypedResults.Problem(statusCode: 413, type: ProblemTypes.TooLarge, title: "Release too large",
                    detail: outcome.Errors[0].Message);
            default:
                return TypedResults.Problem(statusCode: 422, type: ProblemTypes.InvalidRelease, title: "Invalid release",
                    detail: $"{outcome.Errors.Count} problem(s) in the release; nothing was written. First: {Describe(outcome.Errors[0])}",
                    extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors });
        }
    }

    private static string Describe(IngestionError e) =>
        $"row {e.Row}{(e.Column is null ? "" : $", column {e.Column}")}{(e.Value is null ? "" : $" ('{e.Value}')")}: {e.Message}";

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem(statusCode: 413, type: ProblemTypes.TooLarge, title: "Release too large",
            detail: $"The body is larger than {max} bytes; split it into several releases.");
}
