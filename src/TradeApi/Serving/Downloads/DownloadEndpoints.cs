using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Formats;
using TradeApi.Platform.Problems;
using TradeApi.Serving.Listing;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Downloads;

public sealed class DownloadParameters
{
    [FromQuery(Name = "format"), Description("csv, ndjson or parquet (or a suffix: /v1/trade/download.parquet). Without it, the Accept header chooses (text/csv, application/x-ndjson, application/vnd.apache.parquet); csv by default."), DefaultValue("csv")]
    public string? Format { get; init; }

    [FromQuery(Name = "as_of"), Description("The dataset as of a past release: a release number or an ISO 8601 date-time. Default: the latest release. The file is immutable once settled: for a number always, for a time once a release published after it exists.")]
    public string? AsOf { get; init; }
}

public static class DownloadEndpoints
{
    public static IServiceCollection AddDownloads(this IServiceCollection services) => services.AddSingleton<DownloadFiles>();

    public static void MapDownloads(this IEndpointRouteBuilder app, IEnumerable<Dataset> datasets)
    {
        // The whole dataset is the listing with every version, as of a release.
        var specs = datasets.ToDictionary(d => d.Id, d => ListingSpec.Records(d) with { Versions = false, Sources = false, Paged = false });
        app.MapGet("/v1/{dataset}/download", ([Description("Dataset id: {dataset-ids}.")] string dataset,
                [AsParameters] DownloadParameters p, HttpContext context, LiveCatalogue catalogue, DownloadFiles files, IOptions<AnswerOptions> options) =>
                specs.TryGetValue(dataset, out var spec)
                    ? DownloadAsync(spec, p, context, catalogue.Current, files, options.Value)
                    : Task.FromResult<IResult>(Problem.NotFound("Dataset not found", $"No dataset '{dataset}'. Datasets: {string.Join(", ", specs.Keys)}.")))
            .WithTags("Downloads")
            .WithName("DownloadDataset")
            .WithSummary("The whole dataset as of a release, in one file")
            .WithDescription("""
                Every record of the dataset (every version, as /v1/{dataset}?versions=all lists them, in the same order and with
                the same fields) as of the latest release or `as_of`, in one file: CSV, NDJSON or Parquet. The file is written once
                per release and format, streamed, and named after the dataset and release (Content-Disposition). `Content-Digest`
                gives its SHA-256, so a client can prove it is complete; a file pinned by `as_of` is immutable once settled (a release
                number, or a time before the newest release's). Ranges are served.
                CSV and NDJSON are sent gzip-compressed (compressed once, with their own ETag and digest) to a client that
                accepts gzip. Without `format`, `Accept` may ask for NDJSON or Parquet.
                In pandas: `pd.read_parquet(url)` or `pd.read_csv(url)`.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, DownloadParameters>()
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson", "application/vnd.apache.parquet")
            .Produces<string>(StatusCodes.Status206PartialContent, "text/csv", "application/x-ndjson", "application/vnd.apache.parquet")
            .Produces(StatusCodes.Status416RangeNotSatisfiable)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The dataset's file as of a release, made once per release and format, gzip-compressed for a client that asks.</summary>
    private static async Task<IResult> DownloadAsync(ListingSpec spec, DownloadParameters p, HttpContext context, CatalogueSnapshot snapshot,
        DownloadFiles files, AnswerOptions options)
    {
        var errors = new QueryErrors();
        var format = (p.Format ?? FromAccept(context.Request)).Trim().ToLowerInvariant() switch
        {
            "csv" => DownloadFormat.Csv,
            "ndjson" => DownloadFormat.Ndjson,
            "parquet" => DownloadFormat.Parquet,
            _ => (DownloadFormat?)null,
        };
        if (format is null) errors.Add("format", "must be one of: csv, ndjson, parquet");
        var asOf = AsOf.Parse(p.AsOf, errors);
        // A dataset with no release yet downloads as an empty file (its header, no records): release 0.
        var release = errors.Any ? null : AsOf.Resolve(asOf, snapshot, spec.Dataset.Id, errors);
        if (errors.Any) return errors.ToProblem();

        // A file is made once for every client: a client that leaves stops waiting, not the making.
        var file = await files.GetAsync(spec, release!.Id, format!.Value, CancellationToken.None).WaitAsync(context.RequestAborted);
        var headers = context.Response.Headers;
        headers.ContentDisposition = $"attachment; filename=\"{Path.GetFileName(file.Path)}\"";
        var etag = Convert.ToHexStringLower(file.Sha256)[..32];
        // Without format=, Accept picks the format; Accept-Encoding picks gzip for text files.
        headers.Vary = "Accept, Accept-Encoding";
        if (format != DownloadFormat.Parquet && AcceptsGzip(context.Request))
        {
            file = await files.GzipAsync(file, CancellationToken.None).WaitAsync(context.RequestAborted);
            etag += "-gz";
            headers.ContentEncoding = "gzip";
        }
        headers["Content-Digest"] = $"sha-256=:{Convert.ToBase64String(file.Sha256)}:";
        headers.CacheControl = options.CacheControl(asOf is not null && asOf.Settled(snapshot));
        var contentType = format switch
        {
            DownloadFormat.Csv => OutputFormats.Csv,
            DownloadFormat.Ndjson => OutputFormats.Ndjson,
            _ => MediaTypes.Parquet,
        };
        return TypedResults.PhysicalFile(file.Path, contentType, lastModified: release.Time,
            entityTag: new EntityTagHeaderValue($"\"{etag}\""), enableRangeProcessing: true);
    }

    /// <summary>Without format=, Accept may ask for NDJSON or Parquet; anything else gets CSV.</summary>
    private static string FromAccept(HttpRequest request)
    {
        foreach (var type in OutputFormats.Accepted(request))
            if (MediaTypes.FormatOf(type) is { } format and not "json") return format;
        return "csv";
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);
}
