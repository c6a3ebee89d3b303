using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Queries;
using TradeApi.Serving.Listing;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Changes;

/// <summary>
/// One change since a release: <c>change</c> (added, revised, withdrawn) and <c>changedIn</c> (the release that
/// made it), then the dataset's record fields as the record is now (as it was, for a withdrawal), then the previous
/// value of every field a release can change, named old + the field (<c>oldValue</c>, <c>oldQualifier</c>,
/// <c>oldPreferred</c>, <c>oldVersions</c>, <c>oldShareStatus</c>, ...: all but the key's and the period's), null for an addition.
/// </summary>
public sealed record ChangeRecord(string Change, long ChangedIn);

public sealed class ChangesParameters
{
    [FromQuery(Name = "dataset"), Description("The dataset whose changes to list: {dataset-ids}.")]
    public string? Dataset { get; init; }

    [FromQuery(Name = "since"), Description("The release the client has (0 for everything): changes made by every later release are listed. Required.")]
    public long? Since { get; init; }

    [FromQuery(Name = "as_of"), Description("List the changes up to this release (a number or an ISO 8601 date-time) instead of the latest; the answer is then pinned (immutable once settled: a release number, or a time before the newest release's).")]
    public string? AsOf { get; init; }

    [FromQuery(Name = "limit"), Description("Changes per page, 1 to 10000."), DefaultValue(ListingParameters.DefaultLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from links.next (or the Link header) of the previous page; it keeps the newest release of the first page.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "format"), Description("json, csv or ndjson; overrides the Accept header. A .csv, .ndjson or .json suffix on the path (/v1/trade.csv) does the same."), DefaultValue("json")]
    public string? Format { get; init; }

    [FromQuery(Name = "download"), Description("1 to add Content-Disposition: attachment."), DefaultValue(0)]
    public int? Download { get; init; }
}

public static class ChangeEndpoints
{
    public static void MapChanges(this IEndpointRouteBuilder app, IEnumerable<Dataset> datasets)
    {
        var specs = datasets.ToDictionary(d => d.Id, d => ListingSpec.Changes(d, typeof(ChangeRecord), Since));
        app.MapGet("/v1/changes", ([AsParameters] ChangesParameters p, HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db) =>
            {
                var id = p.Dataset?.Trim().ToLowerInvariant();
                if (id is null || !specs.TryGetValue(id, out var spec))
                {
                    var errors = new QueryErrors();
                    errors.Add("dataset", $"is required: one of {string.Join(", ", specs.Keys)}");
                    return Task.FromResult<IResult>(errors.ToProblem());
                }
                return ListingAnswers.AnswerAsync(spec, context, catalogue, cache, db);
            })
            .WithTags("Feeds")
            .WithName("ListChanges")
            .WithSummary("What changed in a dataset since a release")
            .WithDescription("""
                Every record of the dataset added, revised or withdrawn after release `since`, up to the newest release when the
                first page was asked for (the cursor keeps it): `change`, `changedIn` (the release that made it), the record as it
                is now (as it was, for a withdrawal), and the previous value of every field a release can change: `old` + the field
                name (`oldValue`, `oldQualifier`, `oldPreferred`, `oldVersions`, `oldShareStatus`, ...; every field but the key's and
                the period's), null for an addition, so a revision shows what it revised. Records are keyed by
                the dataset's key (for trade: reporter, partner, flow, unit, period and sourceId). Applied in order to a full
                download as of `since` (/v1/{dataset}/download?as_of=since), they give exactly the download as of the newest
                release. Keyset-paged; JSON, CSV and NDJSON like every listing.
                """)
            .AllowOnlyQueryOf<RouteHandlerBuilder, ChangesParameters>()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DataPage<ChangeRecord>),
                MediaTypes.Tabular));
    }

    private static void Since(ListingRequest request)
    {
        request.Normalised["dataset"] = request.Spec.Dataset.Id;
        if (request.Text("since") is not { } text
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var since))
        {
            request.Errors.Add("since", "is required: the number of the release you have (0 for everything); releases are listed at /v1/releases");
            return;
        }
        if (since > request.Snapshot.Newest)
        {
            request.Errors.Add("since", $"release {since} does not exist; the latest is {request.Snapshot.Newest}");
            return;
        }
        request.Normalised["since"] = since.ToString(CultureInfo.InvariantCulture);
        request.Arguments.Add("since", since);
    }
}
