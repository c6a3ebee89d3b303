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

    /// <summary>Only URLs this short, with an Accept header this short, are remembered: a client cannot fill the cache with spellings.</summary>
    private const int MaxUrl = 2048, MaxAccept = 256;

    /// <summary>Serves a known URL's answer at once; otherwise marks the request so that its answer can be found by URL next time.</summary>
    public static WebApplication UseRawAnswers(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnswerOptions>>().Value.ByUrl) return app;
        app.Use(async (context, next) =>
        {
            // Only data (/v1/...): health checks, documents and scripts never wait on the catalogue here.
            if (!HttpMethods.IsGet(context.Request.Method) || !context.Request.Path.StartsWithSegments("/v1"))
            {
                await next(context);
                return;
            }
            var services = context.RequestServices;
            var cache = services.GetRequiredService<AnswerCache>();
            var url = Url(context, services.GetRequiredService<INewestRelease>().NewestId);
            if (url is null)
            {
                await next(context);
                return;
            }
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

    /// <summary>The request target exactly as sent (not decoded: %3F stays %3F), its Accept header and the newest release; null when too long.</summary>
    private static string? Url(HttpContext context, long newest)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.Path.ToUriComponent() + context.Request.QueryString.Value;
        var accept = context.Request.Headers.Accept.ToString();
        if (target.Length > MaxUrl || accept.Length > MaxAccept) return null;
        return string.Concat(target, "\n", accept, NewestSuffix(newest));
    }

    private static string NewestSuffix(long newest) => "\n@" + newest.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
