namespace TradeApi.Platform.Problems;

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
    public const string InvalidRelease = "/problems/invalid-release";
    public const string MissingApiKey = "/problems/missing-api-key";
    public const string WrongApiKey = "/problems/wrong-api-key";
    public const string TooLarge = "/problems/too-large";
    public const string UnsupportedMediaType = "/problems/unsupported-media-type";
    public const string IdempotencyKeyReused = "/problems/idempotency-key-reused";
    public const string UpstreamFailed = "/problems/upstream-failed";
    public const string Limit = "/problems/limit";
    public const string TooManyRecords = "/problems/too-many-records";
    public const string RateLimited = "/problems/rate-limited";
    public const string Unavailable = "/problems/unavailable";
    public const string ReadOnlyInstance = "/problems/read-only-instance";
    public const string OtherEngine = "/problems/other-engine";

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
        new(InvalidRelease, 422, "Invalid release",
            "A release file has rows that cannot be written. `errors` lists each problem with its `row` (CSV: as in a spreadsheet, the header is row 1; JSON: the record's 1-based index, 0 for the body), `column`, `value` and `message`. Nothing was written."),
        new(MissingApiKey, 401, "API key required", "Writing a release needs an API key in the X-Api-Key header."),
        new(WrongApiKey, 403, "API key not accepted", "The X-Api-Key is not one this server accepts (or ingestion is not enabled here)."),
        new(TooLarge, 413, "Release too large", "The body is larger than this server accepts, or has more rows than a release may hold; `detail` gives the limit. Split it into several releases."),
        new(UnsupportedMediaType, 415, "Unsupported media type", "A release body is text/csv or application/json."),
        new(IdempotencyKeyReused, 409, "Idempotency-Key reused", "The Idempotency-Key was used before for a release with other content. Use a new key for new content; nothing was written."),
        new(UpstreamFailed, 502, "Upstream failed", "Fetching a release from its upstream source failed after retries; nothing was written."),
        new(Limit, 414, "Over a documented limit",
            "The request is over one of the documented limits (URL 8,192 bytes, headers 16,384 bytes; the status says which: 414 or 431). `detail` gives the size and the limit."),
        new(TooManyRecords, 400, "Too many records to draw",
            "A chart or an embed draws every record of its query, never one page of it, and at most a documented number of them (5,000). `errors` names the parameters that narrow the query: a shorter span (`from`, `to`, `period`) or fewer series. The listing pages through any number."),
        new(RateLimited, 429, "Too many requests",
            "This client asked more than its rate limit allows (see the RateLimit-Policy and RateLimit headers). Wait for Retry-After seconds; revalidating with If-None-Match costs half a request."),
        new(ReadOnlyInstance, 405, "Read-only instance",
            "This instance serves reads only (Database:ReadOnly): it writes nothing to the database. Send releases to the writer; every instance serves them once committed."),
        new(OtherEngine, 501, "Done by the database engine",
            "This instance stores its data in PostgreSQL, whose own tools do this (pg_dump or pg_basebackup for a backup); the endpoint works on a SQLite file."),
        new(Unavailable, 503, "Service unavailable",
            "The request took longer than the server allows and was stopped, or the service is not ready. Retry after Retry-After seconds."),
        new(ServerError, 500, "Server error", "Something failed on our side. The request may be retried; if it keeps failing, report the `instance` and time."),
    ];

    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => TooLarge,
        414 or 431 => Limit,
        429 => RateLimited,
        503 => Unavailable,
        415 => UnsupportedMediaType,
        >= 500 => ServerError,
        _ => $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
    };
}
