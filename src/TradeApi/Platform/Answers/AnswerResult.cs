using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace TradeApi.Platform.Answers;

/// <summary>
/// Writes an <see cref="Answer"/>: the encoding the client accepts best (br, gzip, identity), that encoding's ETag,
/// Last-Modified, Cache-Control (immutable for pinned answers; a short max-age with stale-while-revalidate for the
/// latest), Vary, and 304 Not Modified when If-None-Match (or, without it, If-Modified-Since) says the client has it.
/// </summary>
public sealed class AnswerResult(Answer answer) : IResult
{
    public Answer Answer => answer;

    public async Task ExecuteAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var encoding = Negotiate(request.Headers.AcceptEncoding);
        var (body, etag) = answer.In(encoding);
        var options = context.RequestServices.GetRequiredService<IOptions<AnswerOptions>>().Value;

        var headers = response.Headers;
        headers.ETag = etag;
        headers.Vary = answer.Vary;
        headers.CacheControl = options.CacheControl(answer.Immutable);
        if (answer.LastModifiedText is { } modified) headers.LastModified = modified;
        if (answer.Links.Length > 0) headers.Link = answer.Links;

        if (NotModified(request, etag, answer.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = answer.ContentType;
        if (answer.ContentDisposition is not null) headers.ContentDisposition = answer.ContentDisposition;
        if (encoding != "identity") headers.ContentEncoding = encoding;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset? lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
                foreach (var tag in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    if (tag == "*" || tag == etag || tag == "W/" + etag) return true;
            return false;
        }
        return lastModified is { } modified
               && request.GetTypedHeaders().IfModifiedSince is { } since
               && modified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    /// <summary>Accept-Encoding values already negotiated (clients send a handful of spellings); bounded.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Negotiated = new(StringComparer.Ordinal);

    /// <summary>br before gzip before identity, among the codings the client accepts (q > 0).</summary>
    public static string Negotiate(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        if (acceptEncoding.Count == 0) return "identity";
        if (acceptEncoding.Count > 1 || acceptEncoding[0] is not { Length: <= 128 } text) return NegotiateNow(acceptEncoding);
        if (Negotiated.TryGetValue(text, out var known)) return known;
        var chosen = NegotiateNow(acceptEncoding);
        if (Negotiated.Count < 256) Negotiated[text] = chosen;
        return chosen;
    }

    private static string NegotiateNow(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var codings)) return "identity";
        double Quality(string name) =>
            codings.Where(c => c.Value.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(c => c.Quality ?? 1).DefaultIfEmpty(
                codings.Where(c => c.Value == "*").Select(c => c.Quality ?? 1).DefaultIfEmpty(0).First()).First();
        var best = new[] { "br", "gzip" }.Select(name => (Name: name, Quality: Quality(name))).Where(c => c.Quality > 0)
            .OrderByDescending(c => c.Quality).FirstOrDefault();
        return best.Name ?? "identity";
    }
}
