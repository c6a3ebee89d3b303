using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace TradeApi.Platform.Problems;

/// <summary>
/// Rejects query parameters an endpoint does not take, so that a typo (<c>?flwo=export</c>)
/// gets a 400 naming the parameters that exist instead of silently returning everything.
/// </summary>
public static class UnknownParameters
{
    /// <summary>Where a path's format suffix (csv, ndjson, ...) is kept for the request once it is read as format=.</summary>
    public const string FormatSuffixItem = "tradeapi.format-suffix";

    /// <summary>Allows only the query parameters bound by <typeparamref name="TParameters"/> (an [AsParameters] type).</summary>
    public static TBuilder AllowOnlyQueryOf<TBuilder, TParameters>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowOnlyQuery(NamesOf(typeof(TParameters)));

    public static TBuilder AllowOnlyQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder
    {
        var allowed = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var accepted = new AcceptedQuery(names, allowed);
        builder.WithMetadata(accepted);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(k => !allowed.Contains(k)).ToList();
            if (unknown.Count == 0) return await next(context);
            return accepted.Refuse(unknown, context.HttpContext.Items[FormatSuffixItem] as string);
        });
        return builder;
    }

    public static string[] NamesOf(Type parameters) =>
        parameters.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<FromHeaderAttribute>() is null)
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name)
            .ToArray();

    /// <summary>Endpoint metadata: the query parameters the endpoint takes, in order (the OpenAPI document lists only these).</summary>
    public sealed record AcceptedQuery(IReadOnlyList<string> List, IReadOnlySet<string> Names)
    {
        /// <summary>
        /// The problem for query parameters the endpoint does not take. A format suffix (/v1/sources.csv) read as
        /// format= on an endpoint with one format is named as the suffix, not as a parameter never typed.
        /// </summary>
        public ValidationProblem Refuse(IReadOnlyList<string> unknown, string? suffix = null)
        {
            var list = List.Count == 0 ? "none" : string.Join(", ", List);
            var bySuffix = suffix is not null && unknown.Contains("format");
            string Message(string k) => bySuffix && k == "format"
                ? $"this endpoint has no .{suffix} form; remove the suffix from the path"
                : $"is not a parameter of this endpoint; it takes: {list}";
            return TypedResults.ValidationProblem(
                unknown.ToDictionary(k => k, k => new[] { Message(k) }),
                detail: bySuffix
                    ? $"This endpoint has no .{suffix} form: remove the suffix from the path."
                    : $"Remove or correct {string.Join(", ", unknown.Select(k => $"'{k}'"))}. This endpoint takes: {list}.",
                title: "Unknown query parameter",
                type: ProblemTypes.UnknownParameter);
        }
    }
}
