using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace TradeApi.Problems;

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
        var list = names.Length == 0 ? "none" : string.Join(", ", names);
        builder.WithMetadata(new AllowedQuery(allowed));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(k => !allowed.Contains(k)).ToList();
            if (unknown.Count == 0) return await next(context);
            // A format suffix (/v1/sources.csv) on an endpoint with one format: name the suffix, not a parameter never typed.
            var suffix = context.HttpContext.Items[FormatSuffixItem] as string;
            string Message(string k) => suffix is not null && k == "format"
                ? $"this endpoint has no .{suffix} form; remove the suffix from the path"
                : $"is not a parameter of this endpoint; it takes: {list}";
            return TypedResults.ValidationProblem(
                unknown.ToDictionary(k => k, k => new[] { Message(k) }),
                detail: suffix is not null && unknown.Contains("format")
                    ? $"This endpoint has no .{suffix} form: remove the suffix from the path."
                    : $"Remove or correct {string.Join(", ", unknown.Select(k => $"'{k}'"))}. This endpoint takes: {list}.",
                title: "Unknown query parameter",
                type: ProblemTypes.UnknownParameter);
        });
        return builder;
    }

    public static string[] NamesOf(Type parameters) =>
        parameters.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<FromHeaderAttribute>() is null)
            .Select(p => p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name)
            .ToArray();
}

/// <summary>The query parameters an endpoint takes (the OpenAPI document lists only these).</summary>
public sealed record AllowedQuery(IReadOnlySet<string> Names);
