using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Correctness;

/// <summary>
/// Two invariants, tested on generated input (CsCheck): no release the importer accepts can break a read, and
/// every listing exported as CSV, JSON or NDJSON (and every listed dataset's download) posted back is accepted and
/// changes nothing. After each generated release, every per-id GET answers for every id the listings give.
/// </summary>
public sealed class ReleasePropertyTests
{
    /// <summary>A cell: mostly one of the valid spellings (case variants and extremes included), sometimes an invalid one.</summary>
    private static Gen<string> Cell(string[] valid, params string[] invalid) =>
        invalid.Length == 0 ? Gen.OneOf(valid) : Gen.Frequency((12, Gen.OneOf(valid)), (1, Gen.OneOf(invalid)));

    private static readonly Gen<string> TradeRow = Gen.Select(
        Cell(["CN", "cn", "CHN", "US", "usa", "RU", "WLD"], "XX", ""),
        Cell(["RU", "rus", "CN", "DE", "WLD"], "ZZ"),
        Cell(["export", "IMPORT", "total"], "sideways"),
        Cell(["2024", "2024-Q1", "2024-01..2024-03", "2024-07", "2025", "2100", "1900-01"], "2024-13", "1899"),
        Cell(["1", "0", "1e15", "1e-300", "1e-10", "244810000000", "1.5e14", "0.0000001"], "1e300", "-5", "NaN", "Infinity", ""),
        Cell(["", "5", "-100", "1e5", "-0"], "abc", "1e300"),
        Cell(["USD", "usd", "CNY"], "EUR"),
        Cell(["reported", "weak", "disputed", "Reported"], "sure"))
        .Select((r, p, f, period, v, y, u, c) => $"{r},{p},{f},{period},{v},{u},{y},GACC,{c},,bne-eu-2025-01-13");

    private static readonly Gen<string> BrandRow = Gen.Select(
        Cell(["2023", "2025-06", "2024-H1"], "2025-Q2"),
        Cell(["Lada", "LADA", "lada", "ALL", "all", "Chery", "Newbrand", "NEWBRAND"]),
        Cell(["RU", "CN", "cn"], "", "XX"),
        Cell(["100", "", "1000000000", "1", "0"], "1e300", "-1", "1.5"),
        Cell(["10", "", "50", "100", "0"], "101", "-1"),
        Cell(["", "1", "2", "1000"], "0", "1001"),
        Cell(["", "true", "false", "1"], "maybe"),
        Cell(["reported", "weak", "disputed"]))
        .Select((period, brand, origin, units, share, rank, top, c) =>
            $"RU,new-cars,{period},{brand},{origin},{units},{share},{rank},{top},Autostat,{c},rt-com-2024-01-13");

    private static readonly Gen<string> CurrencyRow = Gen.Select(
        Cell(["WLD", "CN", "ASIA", "wld"], "XX"),
        Cell(["exports", "imports", "all"], "sideways"),
        Cell(["2024-01", "2025-Q2", "2025", "2025-01..2025-06"]),
        Cell(["RUB", "CNY", "usd", "RUB_CNY"], "XYZ"),
        Cell(["10", "", "99.9", "0"], "101", "-1", "1e300"),
        Cell(["", "about", "above", "at-most"], "roughly"),
        Cell(["statistic", "statement", "STATEMENT"]),
        Cell(["Official A", "official a", "Official B"], ""))
        .Select((cp, d, period, currency, share, q, kind, by) =>
            $"RU,{cp},{d},{period},{currency},{share},{q},{kind},{by},{(share.Length == 0 ? "words" : "")},Bank of Russia,reported,rt-com-2024-01-13");

    /// <summary>Rows that leave a source with no current figure (CEPA's withdrawn) or correct one (its title, its replacement).</summary>
    private static readonly Gen<string> SourceRow = Gen.OneOf(
        Gen.Const("CN,RU,total,2024,USD,withdraw,cepa-org-2025-05,,"),
        Gen.Const("CN,RU,total,2025-01..2025-04,USD,withdraw,cepa-org-2025-05,,"),
        Gen.OneOf("A title", "Another title").Select(t => $",,,,,source,bne-eu-2025-01-13,{t},"),
        Gen.OneOf("cepa-org-2025-05", "no-such-source-1").Select(r => $",,,,,source,cepa-europes-edge-2025-05,,{r}"));

    private static readonly Gen<(string Dataset, string Body)> Release = Gen.OneOf(
        SourceRow.Array[1, 2].Select(rows => ("trade", "reporter,partner,flow,period,unit,action,sourceId,sourceTitle,sourceReplacedBy\n" + string.Join('\n', rows) + "\n")),
        TradeRow.Array[1, 3].Select(rows => ("trade", "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId\n" + string.Join('\n', rows) + "\n")),
        BrandRow.Array[1, 3].Select(rows => ("brand-shares", "market,segment,period,brand,origin,units,sharePct,rank,topTen,citedBody,confidence,sourceId\n" + string.Join('\n', rows) + "\n")),
        CurrencyRow.Array[1, 3].Select(rows => ("currency-shares", "country,counterpart,direction,period,currency,sharePct,qualifier,kind,statedBy,statedAs,citedBody,confidence,sourceId\n" + string.Join('\n', rows) + "\n")));

    /// <summary>The GET operations of the committed document without path parameters (ListedReads fills the others with every listed id).</summary>
    private static IReadOnlyList<string> Reads()
    {
        var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "openapi", "v1.json")));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Value.TryGetProperty("get", out _) && !p.Name.Contains('{'))
            .Select(p => p.Name).ToList();
        return [.. paths, .. paths.Where(p => p.StartsWith("/v1/") && p.Split('/').Length <= 4 && !p.Contains("datasets") && !p.Contains("sources") && !p.Contains("releases"))
            .SelectMany(p => new[] { p + "?versions=all&format=csv", p + "?as_of=3&format=ndjson", p + "?limit=2" })];
    }

    [Fact]
    public async Task NoAcceptedReleaseBreaksAnyRead()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        var reads = Reads();
        var accepted = 0;
        await Release.SampleAsync(async release =>
        {
            using var posted = await writer.PostAsync($"/v1/releases?dataset={release.Dataset}&title=generated",
                new StringContent(release.Body, Encoding.UTF8, "text/csv"));
            Assert.True((int)posted.StatusCode is 200 or 201 or 422, $"{(int)posted.StatusCode} for\n{release.Body}");
            if (posted.StatusCode == HttpStatusCode.Created) accepted++;
            foreach (var url in reads)
            {
                var path = url.Replace("?versions=all&format=csv", "").Replace("?as_of=3&format=ndjson", "").Replace("?limit=2", "");
                using var response = await reader.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode || (int)response.StatusCode is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                    $"GET {url} answered {(int)response.StatusCode} after\n{release.Body}\n{body}");
                if (response.Content.Headers.ContentType?.MediaType is "application/json" or "application/problem+json")
                {
                    using var json = JsonDocument.Parse(body);
                    if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                        foreach (var record in data.EnumerateArray()) AssertWithinDocumentedBounds(record, url, release.Body);
                }
                else if (response.Content.Headers.ContentType?.MediaType == "application/x-ndjson")
                    foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries)) JsonDocument.Parse(line).Dispose();
                else Assert.DoesNotContain("Infinity", body);
            }
            await Serving.Catalogue.EveryListedIdAnswersTests.AssertAllAnswerAsync(reader, await ListedReads.UrlsAsync(reader), release.Body);
        }, iter: 60, threads: 1);
        Assert.True(accepted > 5, $"only {accepted} of the generated releases were accepted: the generator should make more valid ones");
    }

    /// <summary>The README's bounds: shares 0 to 100, changes -100 to 100,000 percent, units never negative.</summary>
    private static void AssertWithinDocumentedBounds(JsonElement record, string url, string release)
    {
        if (record.ValueKind != JsonValueKind.Object) return;
        foreach (var (field, min, max) in new[] { ("sharePct", 0.0, 100.0), ("yoyChangePct", -100.0, 100_000.0), ("yoyComputedPct", -100.0, 100_000.0),
                     ("units", 0.0, 1e9), ("value", 0.0, 1e15) })
            if (record.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number)
                Assert.True(v.GetDouble() is var d && d >= min && d <= max, $"GET {url}: {field} {v} is outside {min} to {max} after\n{release}\n{record}");
    }

    private static readonly Gen<(string Dataset, string Query, string Format)> Export = Gen.Select(
        Gen.OneOf(
            ("trade", ""), ("trade", "versions=all"), ("trade", "flow=export,import&from=2016"), ("trade", "freq=YTD&versions=all"),
            ("trade", "reporter=RU"), ("trade", "basis=CNY"), ("trade", "to=2014&versions=all"),
            ("brand-shares", ""), ("brand-shares", "versions=all"), ("brand-shares", "period=2023"), ("brand-shares", "origin=CN&versions=all"),
            ("currency-shares", ""), ("currency-shares", "versions=all"), ("currency-shares", "kind=statement"), ("currency-shares", "counterpart=WLD&from=2023")),
        Gen.OneOf("csv", "json", "ndjson"))
        .Select((q, format) => (q.Item1, q.Item2, format));

    [Fact]
    public async Task EveryExportPostedBackChangesNothing()
    {
        await using var factory = new ApiFactory();
        var reader = factory.CreateClient();
        using var writer = factory.CreateWriter();
        await Export.SampleAsync(async export =>
        {
            await AssertPostedBackChangesNothingAsync(reader, writer, export.Dataset,
                $"/v1/{export.Dataset}?{export.Query}{(export.Query.Length > 0 ? "&" : "")}format={export.Format}", export.Format);
        }, iter: 60, threads: 1);

        // Every dataset the catalogue lists, downloaded whole in each format a release file may have.
        foreach (var dataset in await ListedReads.WalkAsync(reader, "/v1/datasets"))
            foreach (var format in new[] { "csv", "ndjson" })
            {
                var id = dataset.GetProperty("id").GetString()!;
                await AssertPostedBackChangesNothingAsync(reader, writer, id, $"/v1/{id}/download?format={format}", format);
            }
    }

    private static async Task AssertPostedBackChangesNothingAsync(HttpClient reader, HttpClient writer, string dataset, string url, string format)
    {
        var body = await reader.GetByteArrayAsync(url);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(format switch { "csv" => "text/csv", "ndjson" => "application/x-ndjson", _ => "application/json" });
        using var posted = await writer.PostAsync($"/v1/releases?dataset={dataset}&title=round-trip", content);
        var text = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{url} posted back: {(int)posted.StatusCode} {text}");
        var release = JsonDocument.Parse(text).RootElement;
        Assert.True(release.GetProperty("added").GetInt64() == 0 && release.GetProperty("revised").GetInt64() == 0 && release.GetProperty("withdrawn").GetInt64() == 0,
            $"{url} posted back changed figures: {text}");
    }
}
