namespace TradeApi.Platform.Cors;

/// <summary>
/// Cross-origin reads for every public answer: any origin may GET and HEAD (and preflight them), in every
/// format, on errors, 304s and feeds alike, with the headers a client needs exposed. No credentials are ever
/// allowed, and writes (POST /v1/releases) get no cross-origin permission at all. The headers are added when
/// the response starts, so an answer the exception handler rewrites keeps them too. They are the same whether or
/// not the request sends Origin, so a shared cache may hand any stored copy to any site (no Vary: Origin needed).
/// </summary>
public static class CrossOrigin
{
    public const string ExposedHeaders =
        "Link, ETag, Last-Modified, Content-Disposition, Content-Digest, Retry-After, RateLimit, RateLimit-Policy";

    private const string Methods = "GET, HEAD, OPTIONS";
    private const string AllowedRequestHeaders = "Accept, Accept-Encoding, If-None-Match, If-Modified-Since, Range";

    public static WebApplication UseCrossOrigin(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Origin")
                && request.Headers.ContainsKey("Access-Control-Request-Method"))
            {
                // A preflight: reads are allowed from anywhere; a write is not allowed cross-origin.
                var method = request.Headers["Access-Control-Request-Method"].ToString();
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                context.Response.Headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
                if (method is "GET" or "HEAD")
                {
                    context.Response.Headers.AccessControlAllowOrigin = "*";
                    context.Response.Headers.AccessControlAllowMethods = Methods;
                    context.Response.Headers.AccessControlAllowHeaders = AllowedRequestHeaders;
                    context.Response.Headers.AccessControlMaxAge = "86400";
                }
                return;
            }
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.AccessControlAllowOrigin = "*";
                    context.Response.Headers.AccessControlExposeHeaders = ExposedHeaders;
                    return Task.CompletedTask;
                });
            await next(context);
        });
        return app;
    }
}
