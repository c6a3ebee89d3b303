using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TradeApi.Tests.Infrastructure;
using TradeApi.Tests.Platform.OpenApi;

namespace TradeApi.Tests.Serving.Snapshots;

/// <summary>
/// The exact answers the service gives to a broad list of read queries, captured from the seed
/// releases: status, Content-Type, Content-Disposition, Link and the body byte for byte, every
/// page of a paged query one after another. Only opaque cursor values are normalised
/// (<c>cursor=…</c> becomes <c>cursor=*</c>), since cursor encodings may change, and the value of
/// a problem's <c>traceId</c> (<c>"traceId":"*"</c>; the member itself must stay), which is new on
/// every request; everything else a user sees must stay the same. Each query is compared with its file in
/// <c>tests/TradeApi.Tests/Serving/Snapshots/answers/NNN-slug.txt</c>.
/// <para>
/// To rewrite the files: <c>TRADEAPI_UPDATE_SNAPSHOTS=1 dotnet test --filter AnswerSnapshot</c>.
/// Do this only for a deliberate, reviewed change to the figures or answers served (a new seed
/// release, a corrected rule), never to make a failing test pass: a difference here means users
/// would get a different answer.
/// </para>
/// </summary>
public sealed partial class AnswerSnapshotTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Csv = "text/csv";
    private const string Ndjson = "application/x-ndjson";
    private const int MaxPages = 100;

    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>Each query: the file name (without .txt), the URL, and an Accept header to send (or null).</summary>
    public static TheoryData<string, string, string?> Queries => new()
    {
        // /v1/trade
        { "001-trade-default", "/v1/trade", null },
        { "002-trade-cn-ru-total-annual", "/v1/trade?reporter=CN&partner=RU&flow=total&freq=A", null },
        { "003-trade-cn-ru-total-annual-accept-csv", "/v1/trade?reporter=CN&partner=RU&flow=total&freq=A", Csv },
        { "004-trade-versions-all", "/v1/trade?versions=all", null },
        { "005-trade-total-2024-versions-all", "/v1/trade?flow=total&period=2024&versions=all", null },
        { "006-trade-export-import-from-2022", "/v1/trade?flow=export,import&from=2022", null },
        { "007-trade-export-import-from-2022-csv", "/v1/trade?flow=export,import&from=2022&format=csv", null },
        { "008-trade-export-import-from-2022-csv-download", "/v1/trade?flow=export,import&from=2022&format=csv&download=1", null },
        { "009-trade-ytd-from-2025", "/v1/trade?freq=YTD&from=2025", null },
        { "010-trade-ytd-from-2025-accept-ndjson", "/v1/trade?freq=YTD&from=2025", Ndjson },
        { "011-trade-ytd-from-2025-ndjson", "/v1/trade?freq=YTD&from=2025&format=ndjson", null },
        { "012-trade-monthly", "/v1/trade?freq=M", null },
        { "013-trade-reporter-ru", "/v1/trade?reporter=RU", null },
        { "014-trade-basis-cny", "/v1/trade?basis=CNY", null },
        { "015-trade-2024-versions-all", "/v1/trade?period=2024&versions=all", null },
        { "016-trade-source-cepa", "/v1/trade?source=cepa-europes-edge-2025-05", null },
        { "017-trade-period-list-annual", "/v1/trade?period=2013,2014,2022,2024", null },
        { "018-trade-period-list-monthly", "/v1/trade?freq=M&period=2024-12,2025-06,2025-07", null },
        { "019-trade-from-to-versions-all", "/v1/trade?from=2014&to=2016&versions=all", null },
        { "020-trade-from-to-monthly-total", "/v1/trade?flow=total&freq=M&from=2025-01&to=2025-06", null },
        { "021-trade-disputed-2015", "/v1/trade?flow=total&period=2015&versions=all", null },
        { "022-trade-export-2023-change-only", "/v1/trade?flow=export&period=2023", null },
        { "023-trade-total-2024-as-of-1", "/v1/trade?flow=total&period=2024&as_of=1", null },
        { "024-trade-as-of-1", "/v1/trade?as_of=1", null },
        { "025-trade-as-of-datetime", "/v1/trade?as_of=2026-11-28T00:00:00Z", null },
        { "026-trade-as-of-date", "/v1/trade?as_of=2026-11-28", null },
        { "027-trade-paged-limit-7", "/v1/trade?limit=7", null },
        { "028-trade-versions-all-paged-limit-50", "/v1/trade?versions=all&limit=50", null },
        { "029-trade-versions-all-paged-limit-50-csv", "/v1/trade?versions=all&limit=50&format=csv", null },
        { "030-trade-paged-limit-30-accept-csv", "/v1/trade?limit=30", Csv },
        { "031-trade-versions-all-paged-limit-50-ndjson", "/v1/trade?versions=all&limit=50&format=ndjson", null },
        { "032-trade-paged-limit-30-accept-ndjson", "/v1/trade?limit=30", Ndjson },
        { "033-trade-versions-all-ndjson-download", "/v1/trade?versions=all&format=ndjson&download=1", null },
        { "034-trade-annual-accept-csv-download", "/v1/trade?freq=A&download=1", Csv },

        // /v1/trade/history
        { "035-trade-history-total-2024", "/v1/trade/history?flow=total&period=2024", null },
        { "036-trade-history-export-import-from-2024", "/v1/trade/history?reporter=CN&flow=export,import&from=2024", null },
        { "037-trade-history-total-2024-as-of-1", "/v1/trade/history?flow=total&period=2024&as_of=1", null },
        { "038-trade-history-annual-total-paged-limit-5", "/v1/trade/history?flow=total&freq=A&limit=5", null },
        { "039-trade-history-ytd-csv", "/v1/trade/history?freq=YTD&format=csv", null },
        { "040-trade-history-basis-cny-accept-ndjson", "/v1/trade/history?basis=CNY", Ndjson },

        // /v1/brand-shares
        { "041-brands-default", "/v1/brand-shares", null },
        { "042-brands-2023-top-10", "/v1/brand-shares?period=2023&top=10", null },
        { "043-brands-2025", "/v1/brand-shares?period=2025", null },
        { "044-brands-tenet", "/v1/brand-shares?brand=Tenet", null },
        { "045-brands-lada-lower-case", "/v1/brand-shares?brand=lada", null },
        { "046-brands-origin-cn", "/v1/brand-shares?origin=CN", null },
        { "047-brands-versions-all", "/v1/brand-shares?versions=all", null },
        { "048-brands-as-of-2", "/v1/brand-shares?as_of=2", null },
        { "049-brands-from-to", "/v1/brand-shares?from=2024&to=2025-06", null },
        { "050-brands-paged-limit-5", "/v1/brand-shares?limit=5", null },
        { "051-brands-csv", "/v1/brand-shares?format=csv", null },
        { "052-brands-ndjson", "/v1/brand-shares?format=ndjson", null },
        { "053-brands-2025-accept-csv-download", "/v1/brand-shares?period=2025&download=1", Csv },
        { "054-brands-paged-limit-10-accept-ndjson", "/v1/brand-shares?limit=10", Ndjson },
        { "055-brands-history", "/v1/brand-shares/history", null },
        { "056-brands-history-lada", "/v1/brand-shares/history?brand=Lada", null },

        // /v1/brand-shares/by-origin
        { "057-by-origin-default", "/v1/brand-shares/by-origin", null },
        { "058-by-origin-2023", "/v1/brand-shares/by-origin?period=2023", null },
        { "059-by-origin-2023-2025", "/v1/brand-shares/by-origin?market=RU&period=2023,2025", null },
        { "060-by-origin-2025-platform", "/v1/brand-shares/by-origin?period=2025&originBasis=platform", null },
        { "061-by-origin-as-of-2", "/v1/brand-shares/by-origin?as_of=2", null },
        { "062-by-origin-csv", "/v1/brand-shares/by-origin?format=csv", null },
        { "063-by-origin-ndjson", "/v1/brand-shares/by-origin?format=ndjson", null },
        { "064-by-origin-accept-csv-download", "/v1/brand-shares/by-origin?download=1", Csv },

        // /v1/currency-shares
        { "065-currency-default", "/v1/currency-shares", null },
        { "066-currency-counterpart-cn", "/v1/currency-shares?counterpart=CN", null },
        { "067-currency-wld-exports-2022-12", "/v1/currency-shares?counterpart=WLD&direction=exports&period=2022-12", null },
        { "068-currency-statements", "/v1/currency-shares?kind=statement", null },
        { "069-currency-statistics-from-2023", "/v1/currency-shares?kind=statistic&from=2023", null },
        { "070-currency-versions-all", "/v1/currency-shares?versions=all", null },
        { "071-currency-as-of-3", "/v1/currency-shares?as_of=3", null },
        { "072-currency-paged-limit-10", "/v1/currency-shares?limit=10", null },
        { "073-currency-csv", "/v1/currency-shares?format=csv", null },
        { "074-currency-ndjson", "/v1/currency-shares?format=ndjson", null },
        { "075-currency-cny-accept-ndjson", "/v1/currency-shares?currency=CNY", Ndjson },
        { "076-currency-paged-limit-20-accept-csv-download", "/v1/currency-shares?limit=20&download=1", Csv },
        { "077-currency-history", "/v1/currency-shares/history", null },
        { "078-currency-history-cny-wld", "/v1/currency-shares/history?counterpart=WLD&currency=CNY", null },

        // The catalogue
        { "079-datasets", "/v1/datasets", null },
        { "080-dataset-trade", "/v1/datasets/trade", null },
        { "081-dataset-brand-shares", "/v1/datasets/brand-shares", null },
        { "082-dataset-currency-shares", "/v1/datasets/currency-shares", null },
        { "083-sources", "/v1/sources", null },
        { "084-sources-trade", "/v1/sources?dataset=trade", null },
        { "085-source-bne", "/v1/sources/bne-eu-2025-01-13", null },
        { "086-releases", "/v1/releases", null },
        { "087-releases-paged-limit-1", "/v1/releases?limit=1", null },
        { "088-release-1", "/v1/releases/1", null },
        { "089-problems", "/problems", null },
        { "090-problem-invalid-parameter", "/problems/invalid-parameter", null },

        // Errors
        { "091-error-trade-unknown-parameter", "/v1/trade?flwo=export", null },
        { "092-error-trade-reporter-xx", "/v1/trade?reporter=XX", null },
        { "093-error-trade-period-2024-13", "/v1/trade?period=2024-13", null },
        { "094-error-brands-top-0", "/v1/brand-shares?top=0", null },
        { "095-error-release-999", "/v1/releases/999", null },
        { "096-error-dataset-nope", "/v1/datasets/nope", null },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task AnswerSnapshotIsUnchanged(string name, string url, string? accept)
    {
        var actual = await CaptureAsync(url, accept);
        var path = Path.Combine(AnswersFolder(), name + ".txt");

        if (Environment.GetEnvironmentVariable("TRADEAPI_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(AnswersFolder());
            await File.WriteAllTextAsync(path, actual, new UTF8Encoding(false));
        }

        Assert.True(File.Exists(path), $"{Relative(path)} is missing; capture it with TRADEAPI_UPDATE_SNAPSHOTS=1 dotnet test --filter AnswerSnapshot");
        var expected = await File.ReadAllTextAsync(path, Encoding.UTF8);
        if (expected != actual) Assert.Fail(Difference(Relative(path), expected, actual));
    }

    /// <summary>Every file in answers/ belongs to a query of the list, so none is left unchecked.</summary>
    [Fact]
    public void AnswerSnapshotFilesAreAllQueries()
    {
        var names = Queries.Select(row => (string)row[0]).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        var files = Directory.GetFiles(AnswersFolder(), "*.txt").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Empty(files.Except(names, StringComparer.Ordinal));
    }

    /// <summary>The query's answer as recorded: for each page, the request, the status, the headers kept and the body.</summary>
    private async Task<string> CaptureAsync(string url, string? accept)
    {
        var text = new StringBuilder();
        string? next = url;
        for (var page = 1; next is not null; page++)
        {
            Assert.True(page <= MaxPages, $"{url}: more than {MaxPages} pages; the next link loops?");
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            if (accept is not null) request.Headers.Accept.ParseAdd(accept);
            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            if (page > 1) text.Append('\n');
            text.Append($"### page {page}: GET {NormaliseCursors(next)}\n");
            if (accept is not null) text.Append($"Accept: {accept}\n");
            text.Append($"Status: {(int)response.StatusCode}\n");
            text.Append($"Content-Type: {response.Content.Headers.ContentType}\n");
            if (response.Content.Headers.ContentDisposition is { } disposition)
                text.Append($"Content-Disposition: {disposition}\n");
            var links = response.Headers.TryGetValues("Link", out var values) ? values.ToList() : [];
            foreach (var link in links) text.Append($"Link: {NormaliseCursors(link)}\n");
            text.Append('\n').Append(NormaliseBody(body)).Append('\n');

            next = NextPage(response.Content.Headers.ContentType?.MediaType, body, links);
        }
        return text.ToString();
    }

    /// <summary>links.next of a JSON data page, else the Link header's rel="next".</summary>
    private static string? NextPage(string? mediaType, string body, IReadOnlyList<string> links)
    {
        if (mediaType == "application/json")
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("links", out var pageLinks)
                   && pageLinks.ValueKind == JsonValueKind.Object
                   && pageLinks.TryGetProperty("next", out var next)
                   && next.ValueKind == JsonValueKind.String
                ? next.GetString()
                : null;
        }
        return links.Select(l => NextLink().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
    }

    private static string NormaliseCursors(string text) => CursorValue().Replace(text, "cursor=*");

    private static string NormaliseBody(string body) => TraceId().Replace(NormaliseCursors(body), "\"traceId\":\"*\"");

    [GeneratedRegex(@"cursor=[A-Za-z0-9_\-]+")]
    private static partial Regex CursorValue();

    [GeneratedRegex(@"""traceId"":""[^""]*""")]
    private static partial Regex TraceId();

    [GeneratedRegex(@"<([^>]*)>\s*;\s*rel=""?next""?")]
    private static partial Regex NextLink();

    private static string AnswersFolder() =>
        Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "tests", "TradeApi.Tests", "Serving", "Snapshots", "answers");

    private static string Relative(string path) => Path.GetRelativePath(OpenApiDocumentTests.RepositoryRoot(), path);

    /// <summary>Names the file and the first differing line, with the column and a window around it (CR and LF shown).</summary>
    private static string Difference(string file, string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line]) line++;
        var e = line < expectedLines.Length ? expectedLines[line] : "<end of file>";
        var a = line < actualLines.Length ? actualLines[line] : "<end of file>";
        var column = 0;
        while (column < e.Length && column < a.Length && e[column] == a[column]) column++;
        var from = Math.Max(0, column - 80);
        static string Window(string s, int from) => s.Length <= from ? "" :
            s.Substring(from, Math.Min(240, s.Length - from)).Replace("\r", "\\r");
        return $"""
            The answer differs from {file} at line {line + 1}, column {column + 1} (answers may change only in speed and headers; to record a deliberate, reviewed change: TRADEAPI_UPDATE_SNAPSHOTS=1 dotnet test --filter AnswerSnapshot)
              expected: {(from > 0 ? "…" : "")}{Window(e, from)}
              actual:   {(from > 0 ? "…" : "")}{Window(a, from)}
            """;
    }
}
