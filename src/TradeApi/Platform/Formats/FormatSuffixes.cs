using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Extensions;
using TradeApi.Platform.Problems;

namespace TradeApi.Platform.Formats;

/// <summary>
/// A format suffix on a path stands for <c>format=</c>: <c>/v1/trade.csv?flow=total</c> is
/// <c>/v1/trade?flow=total&amp;format=csv</c> (and <c>.ndjson</c>, <c>.json</c>, <c>.parquet</c> for downloads). The
/// request is rewritten before routing, so it is the same answer, with the same ETag and cache entry. A suffix and
/// a different <c>format=</c> together get a 400; an endpoint that has one format says so in its usual 400.
/// </summary>
public static partial class FormatSuffixes
{
    [GeneratedRegex(@"^(?<path>/v1/.+?)\.(?<format>csv|ndjson|json|parquet)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Suffixed();

    public static WebApplication UseFormatSuffixes(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Path.Value is { } path && path.Contains('.') && Suffixed().Match(path) is { Success: true } m)
            {
                var format = m.Groups["format"].Value.ToLowerInvariant();
                var given = request.Query["format"].ToString().Trim();
                if (given.Length > 0 && !string.Equals(given, format, StringComparison.OrdinalIgnoreCase))
                {
                    var errors = new QueryErrors();
                    errors.Add("format", $"'{given}' contradicts the path's .{format} suffix; use one of them");
                    await errors.ToProblem().ExecuteAsync(context);
                    return;
                }
                context.Items[UnknownParameters.FormatSuffixItem] = format;
                request.Path = m.Groups["path"].Value;
                if (given.Length == 0)
                {
                    // A blank format= counts as absent and is replaced, not repeated.
                    var query = new QueryBuilder(request.Query.Where(q => !string.Equals(q.Key, "format", StringComparison.OrdinalIgnoreCase))
                        .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
                    {
                        { "format", format },
                    };
                    request.QueryString = query.ToQueryString();
                }
            }
            await next(context);
        });
        return app;
    }
}
