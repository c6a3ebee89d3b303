namespace TradeApi.Problems;

/// <summary>
/// The stable problem types (RFC 9457 <c>type</c>), relative to the API root. Each resolves to
/// its documentation at <c>GET /problems/{name}</c>.
/// </summary>
public static class ProblemTypes
{
    public const string InvalidParameter = "/problems/invalid-parameter";
    public const string UnknownParameter = "/problems/unknown-parameter";
    public const string NotFound = "/problems/not-found";
    public const string MethodNotAllowed = "/problems/method-not-allowed";
    public const string BadRequest = "/problems/bad-request";
    public const string ServerError = "/problems/server-error";

    public sealed record ProblemType(string Type, int Status, string Title, string Description);

    public static readonly IReadOnlyList<ProblemType> All =
    [
        new(InvalidParameter, 400, "Invalid query parameter",
            "A query parameter has a value the endpoint does not accept. `errors` maps each parameter to what it accepts; the dataset's code lists are at /v1/datasets/{id}."),
        new(UnknownParameter, 400, "Unknown query parameter",
            "The query names a parameter the endpoint does not have (often a typo). It is rejected rather than ignored, so that a misspelt filter never silently returns everything. `errors` lists the parameters the endpoint takes."),
        new(BadRequest, 400, "Bad request", "The request could not be read; `detail` says which part."),
        new(NotFound, 404, "Not found", "No resource at this path, or no item with this id; `detail` says which ids exist or where to look."),
        new(MethodNotAllowed, 405, "Method not allowed", "The path exists but does not take this HTTP method."),
        new(ServerError, 500, "Server error", "Something failed on our side. The request may be retried; if it keeps failing, report the `instance` and time."),
    ];

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        404 => NotFound,
        405 => MethodNotAllowed,
        >= 500 => ServerError,
        _ => $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
    };
}
