using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TradeApi.Platform.OpenApi;

/// <summary>
/// What every operation answers besides its own results (the limits' problems), and every GET besides (caching), as README "Caching, ETags and compression" and "Operating
/// TradeApi" describe it: the caching headers on 200 and 304, the conditional request headers, and the problems
/// the middleware gives before an endpoint runs (414 and 431 over a size limit, 429 over the rate limit, 503 when a
/// request runs too long), so that the document lists every status a client can meet.
/// </summary>
public sealed class HttpAnswers : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses is null) return;
        // Every operation can meet the limits the middleware enforces before it runs.
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses["414"] = Problem(problem, "URI Too Long: the URL is over 8,192 bytes (Limits:MaxUrlBytes).");
        operation.Responses["429"] = Problem(problem, "Too Many Requests: this client is over its rate limit (see the RateLimit-Policy and RateLimit headers); retry after Retry-After seconds.", retryAfter: true);
        operation.Responses["431"] = Problem(problem, "Request Header Fields Too Large: the request headers are over 16,384 bytes (Limits:MaxHeaderBytes).");
        operation.Responses["503"] = Problem(problem, "Service Unavailable: the request ran longer than the server allows (Limits:RequestSeconds) and was stopped; retry after Retry-After seconds.", retryAfter: true);
        if (!HttpMethods.IsGet(context.ApiDescription.HttpMethod ?? "")) return;

        operation.Parameters ??= [];
        operation.Parameters.Add(Header("If-None-Match",
            "ETags of answers the client holds (or *): when one matches, the answer is 304 Not Modified with no body."));
        operation.Parameters.Add(Header("If-Modified-Since",
            "An HTTP date; without If-None-Match, an answer not modified since then is 304 Not Modified. Revalidating costs half a request of the rate limit."));

        if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
            AddCachingHeaders(okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>());
        var notModified = new OpenApiResponse
        {
            Description = "Not Modified: the client's copy (If-None-Match or If-Modified-Since) is current; no body.",
            Headers = new Dictionary<string, IOpenApiHeader>(),
        };
        AddCachingHeaders(notModified.Headers);
        operation.Responses["304"] = notModified;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static void AddCachingHeaders(IDictionary<string, IOpenApiHeader> headers)
    {
        headers["ETag"] = Text("A strong entity tag of the answer, one per encoding: a function of the release, the query as understood and the format.");
        headers["Cache-Control"] = Text("public, max-age=31536000, immutable for an answer pinned to a release (a cursor, as_of a release number, or as_of a time before the newest release's); public, max-age=300, stale-while-revalidate=86400 for the latest (and for as_of a time at or after the newest release, which still follows new releases).");
        headers["Vary"] = Text("The request headers the answer depends on, e.g. Accept, Accept-Encoding.");
        headers["Last-Modified"] = Text("The time of the release the answer stands on, where it stands on one.");
    }

    private static OpenApiResponse Problem(IOpenApiSchema schema, string description, bool retryAfter = false) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
        Headers = retryAfter
            ? new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } } }
            : null,
    };

    private static OpenApiHeader Text(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
}
