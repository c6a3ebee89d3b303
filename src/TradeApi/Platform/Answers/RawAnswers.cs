namespace TradeApi.Platform.Answers;

/// <summary>
/// Answers found by the request's own URL, before routing: once a listing has answered a URL (its path and query
/// exactly as sent, and its Accept header) while the catalogue stood at a release, the same request is served from
/// the cached bytes with no routing, binding or query reading, only the lookup. The URL is an alias of the
/// answer's key, so the bytes are held once; any new release changes the catalogue's newest release, and with it
/// every alias, so an alias never outlives the state it was made in.
/// </summary>
public static class RawAnswers
{
    private const string Item = "tradeapi.raw-answer-key";

    /// <summary>Serves a known URL's answer at once; otherwise marks the request so that its answer can be found by URL next time.</summary>
    public static WebApplication UseRawAnswers(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method))
            {
                await next(context);
                return;
            }
            var services = context.RequestServices;
            var cache = services.GetRequiredService<AnswerCache>();
            var url = Url(context, services.GetRequiredService<INewestRelease>().Newest.Id);
            if (cache.FindAlias(url) is { } key && cache.Find(key) is { } answer)
            {
                await new AnswerResult(answer).ExecuteAsync(context);
                return;
            }
            context.Items[Item] = url;
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// Called by an endpoint that answered <paramref name="answer"/> for the request as it stood at release
    /// <paramref name="newest"/> of the catalogue: the request's URL becomes an alias of the answer's key. A
    /// request that reached the endpoint rewritten (a format suffix) is remembered by the URL it came with.
    /// </summary>
    public static void Remember(HttpContext context, long newest, string key, AnswerCache cache)
    {
        if (context.Items[Item] is string url && url.EndsWith(NewestSuffix(newest), StringComparison.Ordinal)) cache.KeepAlias(url, key);
    }

    private static string Url(HttpContext context, long newest)
    {
        var request = context.Request;
        return string.Concat(request.Path.Value, request.QueryString.Value, "\n", request.Headers.Accept.ToString(), NewestSuffix(newest));
    }

    private static string NewestSuffix(long newest) => "\n@" + newest.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
