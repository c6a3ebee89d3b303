using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;

namespace TradeApi.Platform.Queries;

/// <summary>The query parameters every data listing takes besides its filters: sources, versions, paging and format.</summary>
public abstract class ListingParameters
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10000;

    [FromQuery(Name = "as_of"), Description("Answer as of a past release: a release number (see /v1/releases) or an ISO 8601 date-time (a date means the end of that day, UTC). Default: the latest release. The answer is immutable once settled: for a number always, for a time once a release published after it exists.")]
    public string? AsOf { get; init; }

    [FromQuery(Name = "source"), Description("Only figures from these source ids (comma list); see /v1/sources. With a source, versions defaults to all.")]
    public string? Source { get; init; }

    [FromQuery(Name = "versions"), Description("preferred: one figure per series and period, chosen by the documented rule (never a disputed figure; a statistic before a statement; a level before a bare change; reported before weak; exact before approximate, i.e. no qualifier; more precise before rounded; news before analysis; earliest publication); all: every source's version, preferred first."), DefaultValue("preferred")]
    public string? Versions { get; init; }

    [FromQuery(Name = "limit"), Description("Records per page, 1 to 10000."), DefaultValue(DefaultLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from links.next (or the Link header) of the previous page.")]
    public string? Cursor { get; init; }

    [FromQuery(Name = "format"), Description("json, csv or ndjson; overrides the Accept header. A .csv, .ndjson or .json suffix on the path (/v1/trade.csv) does the same."), DefaultValue("json")]
    public string? Format { get; init; }

    [FromQuery(Name = "download"), Description("1 to add Content-Disposition: attachment with a file name that names the release."), DefaultValue(0)]
    public int? Download { get; init; }
}
