using Microsoft.AspNetCore.Http.HttpResults;
using TradeApi.Releases;

namespace TradeApi.Formats;

/// <summary>What a data endpoint answers about one page of records.</summary>
public sealed record PageOf<T>(
    string Dataset, string Path, string Title, string Unit, string Licence, DatasetRelease Release,
    IReadOnlyList<T> Records, IReadOnlyDictionary<string, string> Query, string? NextCursor,
    OutputFormat Format, bool Download, IEnumerable<string> SourceIds);

/// <summary>Answers a page of records in the format asked for: the JSON envelope, or CSV/NDJSON with the same rows.</summary>
public static class DataResponse
{
    public static Results<Ok<DataPage<T>>, TabularResult<T>, ValidationProblem> From<T>(PageOf<T> page, HttpResponse response)
    {
        var query = string.Join('&', page.Query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        var self = query.Length == 0 ? page.Path : $"{page.Path}?{query}";
        var next = page.NextCursor is null ? null : $"{page.Path}?{(query.Length == 0 ? "" : query + "&")}cursor={page.NextCursor}";
        if (page.Format != OutputFormat.Json)
        {
            var name = page.Download ? $"tradeapi-{page.Dataset}-release-{page.Release.Id}.{page.Format.Extension()}" : null;
            return new TabularResult<T>(page.Records, page.Format, next, name);
        }

        var meta = new PageMeta(page.Dataset, page.Query, page.Records.Count, page.Release.Id, page.Release.ReleasedAt, page.Unit, page.Licence,
            $"TradeApi, {page.Title}, release {page.Release.Id} ({page.Release.ReleasedAt[..10]}); figures as reported by the sources named in each record.",
            page.SourceIds.Distinct().Order(StringComparer.Ordinal).ToList());
        if (next is not null) response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return TypedResults.Ok(new DataPage<T>(page.Records, meta, new PageLinks(self, next, $"/v1/datasets/{page.Dataset}", "/v1/sources")));
    }
}
