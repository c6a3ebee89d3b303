using System.ComponentModel;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Platform.Answers;

namespace TradeApi.Platform.Problems;

/// <summary>Every 4xx and 5xx is application/problem+json (RFC 9457), with a stable type and an instance.</summary>
public static partial class ProblemSetup
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = ProblemTypes.ForStatus(status);
            problem.Instance ??= context.HttpContext.Request.Path + context.HttpContext.Request.QueryString;
            problem.Detail ??= status switch
            {
                404 => "Nothing is served at this path. The API's endpoints are listed at /openapi/v1.json and /swagger.",
                405 => "This path does not take this method; see /openapi/v1.json for what it takes.",
                413 => "The body is larger than this server accepts; split it into several releases.",
                415 => "Send the body as text/csv or application/json.",
                _ => null,
            };
        });
        // Binding failures (limit=abc) throw, so that the handler below can name the parameter.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestHandler>();
        return services;
    }

    public static WebApplication UseApiProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    public static void MapProblemTypes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/problems").WithTags("Problems");
        group.MapGetAndHead("/", () => TypedResults.Ok(ProblemTypes.All))
            .WithName("ListProblemTypes")
            .WithSummary("List the problem types")
            .WithDescription("Every `type` an error response (RFC 9457 problem details) can carry, with its status and what to do about it.")
            .AllowOnlyQuery();
        group.MapGetAndHead("/{name}", Results<Ok<ProblemTypes.ProblemType>, ProblemHttpResult> ([Description("Problem type name, e.g. invalid-parameter.")] string name) =>
                ProblemTypes.All.FirstOrDefault(p => p.Type == $"/problems/{name}") is { } type
                    ? TypedResults.Ok(type)
                    : Problem.NotFound("Problem type not found",
                        $"No problem type '{name}'. Known: {string.Join(", ", ProblemTypes.All.Select(p => p.Type["/problems/".Length..]))}."))
            .WithName("GetProblemType")
            .WithSummary("Describe one problem type")
            .WithDescription("What a problem `type` means and what to change.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowOnlyQuery();
    }

    /// <summary>Turns a request the framework could not bind into a 400 that names the parameter.</summary>
    private sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad) return false;
            // Binding runs before the endpoint's filters: a parameter it does not take (history's top=abc) is unknown, whatever its value.
            var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<UnknownParameters.AcceptedQuery>() is { } accepted
                && context.Request.Query.Keys.Where(k => !accepted.Names.Contains(k)).ToList() is { Count: > 0 } unknown)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await accepted.Refuse(unknown, context.Items[UnknownParameters.FormatSuffixItem] as string).ExecuteAsync(context);
                return true;
            }
            context.Response.StatusCode = bad.StatusCode;
            var problem = new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Type = ProblemTypes.BadRequest, Detail = bad.Message };
            if (BindFailure().Match(bad.Message) is { Success: true } m)
            {
                var name = JsonNamingPolicyName(m.Groups["name"].Value);
                problem.Type = ProblemTypes.InvalidParameter;
                problem.Title = "Invalid query parameter";
                problem.Detail = $"Fix {name}: '{m.Groups["value"].Value}' is not {Describe(m.Groups["type"].Value)}.";
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [$"must be {Describe(m.Groups["type"].Value)}"] };
            }
            return await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception });
        }

        private static string JsonNamingPolicyName(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

        private static string Describe(string type) => type.Replace("Nullable<", "").TrimEnd('>', '?') switch
        {
            "int" or "long" => "a whole number",
            "bool" => "true or false",
            "double" or "decimal" => "a number",
            _ => $"a valid {type}",
        };

        [GeneratedRegex("""Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from "(?<value>[^"]*)".""")]
        private static partial Regex BindFailure();
    }
}
