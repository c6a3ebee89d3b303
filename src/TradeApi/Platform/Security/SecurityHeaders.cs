using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TradeApi.Platform.Problems;

namespace TradeApi.Platform.Security;

/// <summary>
/// Limits: Limits:MaxUrlBytes (8,192), Limits:MaxHeaderBytes (16,384) and Limits:RequestSeconds (30). The server's
/// own limits are set above them, so that the app answers a request over a documented limit with a problem that
/// says which limit, instead of the server closing it with an empty status.
/// </summary>
public sealed class RequestLimits
{
    public int MaxUrlBytes { get; set; } = 8 * 1024;
    public int MaxHeaderBytes { get; set; } = 16 * 1024;
    public int RequestSeconds { get; set; } = 30;
}

public static class SecurityHeaders
{
    /// <summary>The policy of HTML pages that set none of their own (Swagger UI): their own scripts and styles only, never framed.</summary>
    public const string HtmlPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration, IWebHostBuilder host)
    {
        var limits = configuration.GetSection("Limits").Get<RequestLimits>() ?? new RequestLimits();
        services.Configure<RequestLimits>(configuration.GetSection("Limits"));
        host.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = limits.MaxUrlBytes * 2 + 64;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxHeaderBytes * 2;
        });
        // A request that runs too long (a runaway query) is cancelled and answered 503 with Retry-After.
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(limits.RequestSeconds),
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        });
        return services;
    }

    /// <summary>nosniff and Referrer-Policy on every answer, a Content-Security-Policy on HTML pages, and the documented request limits.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && !response.Headers.ContainsKey("Content-Security-Policy"))
                    response.Headers.ContentSecurityPolicy = HtmlPolicy;
                if (response.StatusCode == StatusCodes.Status503ServiceUnavailable) response.Headers.RetryAfter = "5";
                return Task.CompletedTask;
            });
            var limits = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestLimits>>().Value;
            var target = context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0;
            if (target > limits.MaxUrlBytes)
            {
                await Refuse(context, StatusCodes.Status414UriTooLong, "URL too long",
                    $"The URL is {target} bytes; at most {limits.MaxUrlBytes} are accepted. Ask for fewer codes or periods at once, or page through the answer.");
                return;
            }
            var headers = context.Request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v?.Length ?? 0) + 4);
            if (headers > limits.MaxHeaderBytes)
            {
                await Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                    $"The request's headers are {headers} bytes; at most {limits.MaxHeaderBytes} are accepted.");
                return;
            }
            await next(context);
        });
        return app;
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, type: ProblemTypes.Limit).ExecuteAsync(context);
}
