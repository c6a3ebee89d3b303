using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Platform.Queries;

namespace TradeApi.Platform.Paging;

/// <summary>The query of a list that has nothing but pages: <c>limit</c> and a keyset <c>cursor</c>.</summary>
public sealed class PageParameters
{
    [FromQuery(Name = "limit"), Description("Items per page, 1 to 10000."), DefaultValue(ListingParameters.DefaultLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "cursor"), Description("Opaque cursor from links.next (or the Link header) of the previous page.")]
    public string? Cursor { get; init; }
}

/// <summary>A page's own URL and the next page's (null on the last), as <c>links</c> of a list answer.</summary>
public sealed record ListLinks(string Self, string? Next);
