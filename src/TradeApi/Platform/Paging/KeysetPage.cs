namespace TradeApi.Platform.Paging;

/// <summary>The one way a keyset-paged list links its next page: in <c>links.next</c> and in a Link header, from the same URL.</summary>
public static class KeysetPage
{
    /// <summary>
    /// The next page's URL: <paramref name="self"/> with the cursor of the last item's <paramref name="keyset"/>; also
    /// sent as <c>Link: &lt;...&gt;; rel="next"</c>. Called only when there is a next page.
    /// </summary>
    public static string Next(HttpResponse response, string self, params object[] keyset)
    {
        var next = $"{self}{(self.Contains('?') ? '&' : '?')}cursor={Cursor.Encode(keyset)}";
        response.Headers.Link = $"<{next}>; rel=\"next\"";
        return next;
    }
}
