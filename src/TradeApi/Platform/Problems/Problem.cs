using Microsoft.AspNetCore.Http.HttpResults;

namespace TradeApi.Platform.Problems;

/// <summary>Problem results for handlers, so every error goes through the problem-details service (type, instance, content type).</summary>
public static class Problem
{
    public static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: title, type: ProblemTypes.NotFound);
}
