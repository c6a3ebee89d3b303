using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace TradeApi.Platform.Problems;

/// <summary>
/// Writes every problem as application/problem+json with the markup characters &lt;, &gt; and &amp; escaped (\u003C, \u003E,
/// \u0026), since a problem's detail and instance repeat what the caller sent: hostile input never comes back as markup,
/// while the rest of the text stays as readable as the data answers'.
/// </summary>
public sealed class ProblemWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> problems) : IProblemDetailsWriter
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        http.Response.ContentType = "application/problem+json";
        // Outside strings JSON has no <, > or &; inside them, \uXXXX is the same character.
        var text = JsonSerializer.Serialize(problem, problem.GetType(), _options)
            .Replace("<", "\\u003C", StringComparison.Ordinal).Replace(">", "\\u003E", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);
        return new ValueTask(http.Response.WriteAsync(text, http.RequestAborted));
    }
}
