using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.OpenApi;
using TradeApi.Platform.Problems;
using TradeApi.Serving.Listing;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Charts;

/// <summary>The options of a chart, besides the filters of the data it draws.</summary>
public sealed class ChartParameters
{
    [FromQuery(Name = "type"), Description("line or bar. Default: the dataset's (bars for {bar-charts}, lines otherwise).")]
    public string? Type { get; init; }

    [FromQuery(Name = "measure"), Description("The figure to draw: {measures}.")]
    public string? Measure { get; init; }

    [FromQuery(Name = "theme"), Description("light or dark."), DefaultValue("light")]
    public string? Theme { get; init; }

    [FromQuery(Name = "width"), Description("Width in pixels, 320 to 1600."), DefaultValue(ChartOptions.DefaultWidth)]
    public int? Width { get; init; }

    [FromQuery(Name = "height"), Description("Height in pixels, 200 to 1200."), DefaultValue(ChartOptions.DefaultHeight)]
    public int? Height { get; init; }
}

/// <summary>What a chart or embed endpoint draws: the listing it reads, and whether it is the embed page (else the SVG chart).</summary>
public sealed record Drawing(ListingSpec Spec, bool Page);

/// <summary>
/// Charts of any listing query: the records are the JSON answer of the same query (same release, same values), so a
/// chart is exactly as cacheable, citable and reproducible as the data, and is itself an answer (ETag, 304, immutable
/// when pinned by as_of).
/// </summary>
public static class ChartEndpoints
{
    /// <summary>Maps the chart of a listing at <paramref name="pattern"/> (e.g. /chart.svg) of the listing's group.</summary>
    public static RouteHandlerBuilder MapChart(this RouteGroupBuilder group, string pattern, ListingSpec spec) =>
        group.MapGet(pattern, ([AsParameters] ChartParameters chart, HttpContext context,
                LiveCatalogue catalogue, AnswerCache cache, Db db) => AnswerAsync(spec, chart, context, catalogue, cache, db))
            .AllowOnlyQuery(Parameters(spec, typeof(ChartParameters)))
            .WithMetadata(new DocumentedQuery(Filters(spec)))
            .WithMetadata(new Drawing(spec, Page: false))
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .WithName($"Get{OperationName(spec.Dataset.Id)}Chart")
            .WithSummary($"A chart of any query of {spec.Dataset.Title}, as SVG")
            .WithDescription("""
                Every record of the same query, drawn (at most 5,000: a query selecting more is a 400 problem naming the parameters that
                narrow it; there are no pages): the same filters and as_of as the listing, plus `type` (line or bar),
                `measure`, `theme` (light or dark), `width` and `height`. Valid SVG with a title and description for screen readers; every
                point carries its exact value (`data-value`). Computed or approximate values are open markers (hatched bars), and lines
                break where a period is missing. It has the data's release, ETag and caching (immutable when pinned by a settled as_of: a release number, or a time before the newest release's).
                """);

    /// <summary>
    /// The listing's parameters that do not apply to a picture: refused, so that a chart never seems to honour them. A
    /// chart draws the whole query (at most <see cref="MaxRecords"/> records), so it has no pages.
    /// </summary>
    public static readonly string[] ListingOnly = ["format", "download", "limit", "cursor"];

    /// <summary>The most records a chart or an embed draws; a query selecting more is refused with a problem naming the parameters that narrow it.</summary>
    public const int MaxRecords = 5000;

    /// <summary>What a chart (or an embed) of a listing takes: the listing's filters and as_of, and its own options.</summary>
    public static string[] Parameters(ListingSpec spec, Type options) =>
        [.. Filters(spec).Select(p => p.Name), .. UnknownParameters.NamesOf(options)];

    /// <summary>The listing's parameters that a chart (or an embed) takes too: all but those of a page (<see cref="ListingOnly"/>).</summary>
    public static QueryParameterDoc[] Filters(ListingSpec spec) => [.. spec.Parameters.Where(p => !ListingOnly.Contains(p.Name))];

    /// <summary>An operation name from a dataset id: brand-shares → BrandShares.</summary>
    public static string OperationName(string id) =>
        string.Concat(id.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>A chart's options as understood, or null with errors added.</summary>
    public static (ChartOptions Options, string Measure)? ReadOptions(ListingSpec spec, ChartParameters p, QueryErrors errors)
    {
        var shape = spec.Dataset.Chart;
        var kind = p.Type?.Trim().ToLowerInvariant() switch
        {
            null => shape.Bars ? ChartKind.Bar : ChartKind.Line,
            "line" => ChartKind.Line,
            "bar" => ChartKind.Bar,
            _ => (ChartKind?)null,
        };
        if (kind is null) errors.Add("type", "must be line or bar");
        var measure = p.Measure?.Trim() ?? shape.DefaultMeasure;
        if (!shape.Measures.ContainsKey(measure)) errors.Add("measure", $"must be one of: {string.Join(", ", shape.Measures.Keys)}");
        var dark = p.Theme?.Trim().ToLowerInvariant() switch { null or "light" => false, "dark" => true, _ => (bool?)null };
        if (dark is null) errors.Add("theme", "must be light or dark");
        var width = p.Width ?? ChartOptions.DefaultWidth;
        if (width is < ChartOptions.MinWidth or > ChartOptions.MaxWidth) errors.Add("width", $"must be between {ChartOptions.MinWidth} and {ChartOptions.MaxWidth}");
        var height = p.Height ?? ChartOptions.DefaultHeight;
        if (height is < ChartOptions.MinHeight or > ChartOptions.MaxHeight) errors.Add("height", $"must be between {ChartOptions.MinHeight} and {ChartOptions.MaxHeight}");
        return errors.Any ? null : (new ChartOptions(kind!.Value, dark!.Value, width, height), measure);
    }

    private static async Task<IResult> AnswerAsync(ListingSpec spec, ChartParameters p, HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db)
    {
        var request = ListingRequest.Read(spec, context.Request, catalogue.Current, context.RequestServices.GetRequiredService<Db>().Dialect);
        var read = ReadOptions(spec, p, request.Errors);
        if (request.Errors.Any) return request.Errors.ToProblem();
        var (options, measure) = read!.Value;
        var data = await ListingAnswers.GetAsync(request.AsWholeJson(MaxRecords), cache, db);
        if (TooMany(spec, data) is { } tooMany) return tooMany;
        var key = $"{request.Key}\nchart\n{options}\n{measure}";
        var answer = await cache.GetOrMakeAsync(key, () => Task.FromResult(new Answer(key,
            Encoding.UTF8.GetBytes(SvgChart.Render(Model(spec, data.Body, measure, request.Normalised), options)),
            "image/svg+xml; charset=utf-8", data.LastModified, data.Immutable)));
        return new AnswerResult(answer);
    }

    /// <summary>A problem when the answer read by <see cref="ListingRequest.AsWholeJson"/> has more records than a chart draws.</summary>
    public static ProblemHttpResult? TooMany(ListingSpec spec, Answer data)
    {
        if (!data.Links.Any(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal))) return null;
        string[] narrowing = ["from", "to", "period", .. spec.Dimensions.Where(d => d.Multiple).Select(d => d.Parameter)];
        var most = MaxRecords.ToString("N0", CultureInfo.InvariantCulture);
        var message = $"give or change it to narrow the query: it selects more than {most} records, the most a chart draws";
        return TypedResults.Problem(statusCode: 400, type: ProblemTypes.TooManyRecords, title: "Too many records to draw",
            detail: $"This query selects more than {most} records, more than a chart or an embed draws (it never draws only some). " +
                    $"Narrow it with a shorter span (from, to or period) or fewer series ({string.Join(", ", narrowing[3..])}); " +
                    $"the listing, {spec.Path}, pages through any number.",
            extensions: new Dictionary<string, object?> { ["errors"] = narrowing.ToDictionary(p => p, _ => new[] { message }) });
    }

    /// <summary>The chart of a JSON answer: one series per distinct value of the dataset's series fields, the measure's values, and what each is.</summary>
    public static ChartModel Model(ListingSpec spec, byte[] json, string measure, IReadOnlyDictionary<string, string> query)
    {
        var shape = spec.Dataset.Chart;
        var (valueField, statusField) = shape.Measures[measure];
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var meta = root.GetProperty("meta");
        var series = root.GetProperty("data").EnumerateArray()
            .GroupBy(r => string.Join(" ", shape.Series.Select(f => Text(r, f)).Where(t => t.Length > 0)))
            .Select(g => new ChartSeries(g.Key, g.Select(r => new ChartPoint(
                Text(r, "period"), Month(Text(r, "periodStart"), Text(r, "period")), Month(Text(r, "periodEnd"), Text(r, "period")),
                r.GetProperty(valueField).ValueKind == JsonValueKind.Number ? r.GetProperty(valueField).GetDouble() : null,
                Status(r, statusField))).ToList()))
            .ToList();
        var unit = measure is "value" ? meta.GetProperty("unit").GetString()! : measure is "units" ? "cars" : "percent";
        var release = meta.GetProperty("release").GetInt64();
        var stand = release == 0 ? "no release yet" : $"TradeApi release {release} ({meta.GetProperty("releasedAt").GetString()![..10]})";
        var sources = string.Join(", ", meta.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        var filters = string.Join(", ", query.Where(kv => kv.Key is not ("limit" or "versions")).Select(kv => $"{kv.Key}={kv.Value}"));
        var count = series.Sum(s => s.Points.Count(p => p.Value is not null));
        return new ChartModel(
            $"{spec.Title}: {measure}",
            $"{count} values of {measure} ({unit}) in {series.Count} series ({string.Join("; ", series.Select(s => s.Name))}), {filters}; " +
            $"{stand}. Open markers are computed or approximate values; lines break at missing periods.",
            unit, series,
            [
                $"Sources: {sources} (see /v1/sources).",
                $"Licence: {meta.GetProperty("licence").GetString()}",
                $"{stand} · {filters} · open markers: computed or approximate; breaks: missing periods.",
            ]);
    }

    private static string Text(JsonElement record, string field) =>
        record.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string Status(JsonElement record, string? statusField)
    {
        if (record.TryGetProperty("qualifier", out var q) && q.ValueKind == JsonValueKind.String && q.GetString()!.Length > 0) return "approximate";
        return statusField is not null && record.TryGetProperty(statusField, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "reported";
    }

    /// <summary>A month index (year * 12 + month - 1) from 2024-07, or from the period's year when the record has no month fields.</summary>
    private static int Month(string month, string period)
    {
        var text = month.Length >= 7 ? month : period;
        var year = int.Parse(text[..4], CultureInfo.InvariantCulture);
        var m = text.Length >= 7 && char.IsDigit(text[5]) ? int.Parse(text.Substring(5, 2), CultureInfo.InvariantCulture) : 1;
        return year * 12 + m - 1;
    }
}
