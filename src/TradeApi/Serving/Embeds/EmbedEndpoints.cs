using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.OpenApi;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Proxies;
using TradeApi.Serving.Charts;
using TradeApi.Serving.Listing;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Embeds;

public sealed class EmbedParameters
{
    [FromQuery(Name = "type"), Description("line, bar or table. Default: the dataset's chart (bars for {bar-charts}, lines otherwise).")]
    public string? Type { get; init; }

    [FromQuery(Name = "measure"), Description("The figure to draw, as for the chart: {measures}.")]
    public string? Measure { get; init; }

    [FromQuery(Name = "theme"), Description("light, dark, or auto (the reader's system setting)."), DefaultValue("auto")]
    public string? Theme { get; init; }
}

public sealed class OEmbedParameters
{
    [FromQuery(Name = "url"), Description("The URL of a TradeApi embed (/embed/{dataset}?...) or chart (/v1/{dataset}/chart.svg?...).")]
    public string? Url { get; init; }

    [FromQuery(Name = "maxwidth"), Description("The largest width the consumer can show, in pixels.")]
    public int? MaxWidth { get; init; }

    [FromQuery(Name = "maxheight"), Description("The largest height the consumer can show, in pixels.")]
    public int? MaxHeight { get; init; }

    [FromQuery(Name = "format"), Description("json (xml is not offered)."), DefaultValue("json")]
    public string? Format { get; init; }
}

/// <summary>oEmbed 1.0: the rich answer for a TradeApi embed or chart URL. The spec names its fields in snake_case, so they are named here, not by the camelCase policy.</summary>
public sealed record OEmbed(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("provider_name")] string ProviderName,
    [property: JsonPropertyName("provider_url")] string ProviderUrl,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("html")] string Html,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("cache_age")] int CacheAge);

public static class EmbedEndpoints
{
    private const int DefaultWidth = 640, DefaultHeight = 480;

    /// <summary>GET /embed/{dataset}: the widget for any query of the dataset.</summary>
    public static RouteHandlerBuilder MapEmbed(this IEndpointRouteBuilder app, ListingSpec spec) =>
        app.MapGet($"/embed/{spec.Dataset.Id}", ([AsParameters] EmbedParameters embed, HttpContext context,
                LiveCatalogue catalogue, AnswerCache cache, Db db) => AnswerAsync(spec, embed, context, catalogue, cache, db))
            .WithTags("Embeds")
            .AllowOnlyQuery(ChartEndpoints.Parameters(spec, typeof(EmbedParameters)))
            .WithMetadata(new DocumentedQuery(ChartEndpoints.Filters(spec)))
            .WithMetadata(new Drawing(spec, Page: true))
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithName($"Get{ChartEndpoints.OperationName(spec.Dataset.Id)}Embed")
            .WithSummary($"An embeddable widget of any query of {spec.Dataset.Title}")
            .WithDescription("""
                A self-contained HTML page for an iframe: the chart of every record of the query (at most 5,000: a query selecting more is a
                400 problem naming the parameters that narrow it), the data as a table, sources and licence, a link to download the whole
                query as CSV pinned to the release, and a link back. `type` (line, bar or table) and `theme` (light, dark or auto). It fits
                any width and posts its height to the parent page; include /embed.js once on the page to size the iframes. Any site may
                frame it. oEmbed: /oembed?url=...
                """);

    /// <summary>/embed.js for partner pages, and /oembed.</summary>
    public static void MapEmbedSupport(this IEndpointRouteBuilder app, IEnumerable<Dataset> datasets)
    {
        app.MapGet("/embed.js", async (AnswerCache cache) =>
            {
                const string key = "/embed.js";
                return new AnswerResult(await cache.GetOrMakeAsync(key, () =>
                    Task.FromResult(new Answer(key, Encoding.UTF8.GetBytes(EmbedPage.ParentScript), "text/javascript; charset=utf-8", null, false))));
            })
            .WithTags("Embeds")
            .WithName("GetEmbedScript")
            .WithSummary("The script a partner page includes to size embedded widgets")
            .WithDescription("Sizes every `<iframe data-tradeapi>` to the height its widget posts (postMessage). Include it once: `<script src=\"/embed.js\" async></script>`.")
            .Produces<string>(StatusCodes.Status200OK, "text/javascript")
            .AllowOnlyQuery();

        app.MapGet("/oembed", OEmbedFor)
            .WithTags("Embeds")
            .WithName("GetOEmbed")
            .WithSummary("oEmbed for TradeApi embeds and charts")
            .WithDescription("oEmbed 1.0 (`rich`): the iframe HTML that embeds a TradeApi widget for an embed or chart URL of this server, sized to `maxwidth` and `maxheight`. Only `format=json`. The URL's query is read as the embed or chart reads it: one it would refuse is a 400 problem naming the parameter to fix, never an iframe that fails.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status501NotImplemented)
            .AllowOnlyQueryOf<RouteHandlerBuilder, OEmbedParameters>()
            .CacheAnswers();
    }

    private static async Task<Results<Ok<OEmbed>, ProblemHttpResult, ValidationProblem>> OEmbedFor([AsParameters] OEmbedParameters p,
        HttpRequest request, IEnumerable<Dataset> datasets, EndpointDataSource endpoints, LiveCatalogue catalogue, AnswerCache cache, Db db)
    {
        var ids = datasets.Select(d => d.Id).ToHashSet();
        var errors = new QueryErrors();
        // oEmbed's own answer for its other format is 501; anything else is not a format at all.
        if (p.Format is { } format && format.Equals("xml", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: 501, type: ProblemTypes.ForStatus(501), title: "Format not implemented",
                detail: "Only format=json is offered.");
        if (p.Format is { } other && !other.Equals("json", StringComparison.OrdinalIgnoreCase))
            errors.Add("format", "must be json (xml is not offered)");
        var root = request.HttpContext.PublicRoot();
        if (string.IsNullOrWhiteSpace(p.Url) || !Uri.TryCreate(p.Url, UriKind.Absolute, out var url))
        {
            errors.Add("url", "is required: the absolute URL of a TradeApi embed (/embed/{dataset}?...) or chart (/v1/{dataset}/chart.svg?...)");
            return errors.ToProblem();
        }
        var path = url.AbsolutePath;
        var endpoint = endpoints.Endpoints.OfType<RouteEndpoint>()
            .FirstOrDefault(e => e.Metadata.GetMetadata<Drawing>() is not null && "/" + e.RoutePattern.RawText?.Trim('/') == path);
        if (!string.Equals($"{url.Scheme}://{url.Authority}", new Uri(root).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase) || endpoint is null)
            return TypedResults.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Not an embeddable URL",
                detail: $"{p.Url} is not a TradeApi embed or chart of this server; embeds are {root}/embed/{{dataset}}?... for {string.Join(", ", ids)}.");
        if (p.MaxWidth is < 100 or > 4000) errors.Add("maxwidth", "must be between 100 and 4000");
        if (p.MaxHeight is < 100 or > 4000) errors.Add("maxheight", "must be between 100 and 4000");
        if (errors.Any) return errors.ToProblem();
        var drawing = endpoint.Metadata.GetRequiredMetadata<Drawing>();
        var query = QueryHelpers.ParseQuery(url.Query);
        foreach (var (parameter, message) in (await RefusalsAsync(drawing, endpoint.Metadata.GetRequiredMetadata<UnknownParameters.AcceptedQuery>(), path, query, catalogue, cache, db)).Entries)
            errors.Add("url", $"{parameter} {message} (the {(drawing.Page ? "embed" : "chart")} would refuse its query)");
        if (errors.Any) return errors.ToProblem();
        var dataset = drawing.Spec.Dataset.Id;
        var width = Math.Min(DefaultWidth, p.MaxWidth ?? DefaultWidth);
        var height = Math.Min(DefaultHeight, p.MaxHeight ?? DefaultHeight);
        // A chart's size is the iframe's here, and every other chart parameter means the same in the embed.
        var embedQuery = QueryString.Create(query.Where(kv => kv.Key is not ("width" or "height")));
        var src = $"{root}/embed/{dataset}{embedQuery}";
        var e = HtmlEncoder.Default;
        var title = $"TradeApi: {dataset}";
        var html = $"<iframe src=\"{e.Encode(src)}\" width=\"{width}\" height=\"{height}\" style=\"border:0;width:100%;max-width:{width}px\" " +
                   $"title=\"{e.Encode(title)}\" loading=\"lazy\" data-tradeapi></iframe><script src=\"{e.Encode(root)}/embed.js\" async></script>";
        return TypedResults.Ok(new OEmbed("1.0", "rich", "TradeApi", root, title, html, width, height, 300));
    }

    /// <summary>What the chart or embed at <paramref name="path"/> would refuse in <paramref name="query"/>, read exactly as it reads it.</summary>
    private static async Task<QueryErrors> RefusalsAsync(Drawing drawing, UnknownParameters.AcceptedQuery allowed, string path, Dictionary<string, StringValues> query,
        LiveCatalogue catalogue, AnswerCache cache, Db db)
    {
        var http = new DefaultHttpContext().Request;
        http.QueryString = QueryString.Create(query);
        var request = ListingRequest.Read(drawing.Spec, http, catalogue.Current, db.Dialect);
        var errors = request.Errors;
        foreach (var unknown in query.Keys.Where(k => !allowed.Names.Contains(k)))
            errors.Add(unknown, $"is not a parameter of {path}; it takes: {string.Join(", ", allowed.List)}");
        string? Text(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        int? Number(string name)
        {
            if (Text(name) is not { } text) return null;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
            errors.Add(name, "must be a whole number");
            return null;
        }
        if (drawing.Page) ReadOptions(drawing.Spec, new EmbedParameters { Type = Text("type"), Measure = Text("measure"), Theme = Text("theme") }, errors);
        else ChartEndpoints.ReadOptions(drawing.Spec, new ChartParameters { Type = Text("type"), Measure = Text("measure"), Theme = Text("theme"),
            Width = Number("width"), Height = Number("height") }, errors);
        if (errors.Any) return errors;
        var data = await ListingAnswers.GetAsync(request.AsWholeJson(ChartEndpoints.MaxRecords), cache, db);
        if (ChartEndpoints.TooMany(drawing.Spec, data) is not null)
            errors.Add("query", $"selects more than {ChartEndpoints.MaxRecords.ToString("N0", CultureInfo.InvariantCulture)} records, the most a chart draws; narrow it with from, to, period or fewer series");
        return errors;
    }

    /// <summary>An embed's options as understood (by the page and by oEmbed alike), or null with errors added.</summary>
    private static (bool TableOnly, EmbedPage.Theme Look, ChartOptions Options, string Measure)? ReadOptions(ListingSpec spec, EmbedParameters p, QueryErrors errors)
    {
        var tableOnly = p.Type?.Trim().ToLowerInvariant() == "table";
        var look = p.Theme?.Trim().ToLowerInvariant() switch
        {
            null or "auto" => EmbedPage.Theme.Auto,
            "light" => EmbedPage.Theme.Light,
            "dark" => EmbedPage.Theme.Dark,
            _ => (EmbedPage.Theme?)null,
        };
        if (look is null) errors.Add("theme", "must be light, dark or auto");
        var read = ChartEndpoints.ReadOptions(spec, new ChartParameters { Type = tableOnly ? null : p.Type, Measure = p.Measure,
            Theme = look == EmbedPage.Theme.Dark ? "dark" : "light" }, errors);
        return errors.Any ? null : (tableOnly, look!.Value, read!.Value.Options, read.Value.Measure);
    }

    private static async Task<IResult> AnswerAsync(ListingSpec spec, EmbedParameters p, HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db)
    {
        var request = ListingRequest.Read(spec, context.Request, catalogue.Current, context.RequestServices.GetRequiredService<Db>().Dialect);
        var read = ReadOptions(spec, p, request.Errors);
        if (request.Errors.Any) return request.Errors.ToProblem();
        var (tableOnly, look, options, measure) = read!.Value;
        var root = context.PublicRoot();
        var data = await ListingAnswers.GetAsync(request.AsWholeJson(ChartEndpoints.MaxRecords), cache, db);
        if (ChartEndpoints.TooMany(spec, data) is { } tooMany) return tooMany;
        var key = $"{request.Key}\nembed\n{root}\n{tableOnly}\n{look}\n{options}\n{measure}";
        var answer = await cache.GetOrMakeAsync(key, () =>
        {
            var model = ChartEndpoints.Model(spec, data.Body, measure, request.Normalised);
            using var json = JsonDocument.Parse(data.Body);
            var meta = json.RootElement.GetProperty("meta");
            var release = meta.GetProperty("release").GetInt64().ToString(CultureInfo.InvariantCulture);
            // The whole query, pinned to the release drawn: its limit is the most an embed draws, so one page holds every record.
            var query = string.Join('&', request.Normalised.Where(kv => kv.Key != "as_of").Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
            var self = $"{root}{context.Request.Path}{context.Request.QueryString}";
            var html = EmbedPage.Html(new EmbedPage.Content(
                model.Title, SvgChart.Render(model, options with { Width = 800, Height = 450, FollowsScheme = look == EmbedPage.Theme.Auto }), model,
                $"{root}{spec.Path}?{query}&as_of={release}&format=csv&download=1", $"{root}/",
                $"{root}/oembed?url={Uri.EscapeDataString(self)}&format=json",
                meta.GetProperty("citation").GetString()!, meta.GetProperty("licence").GetString()!,
                [.. meta.GetProperty("sources").EnumerateArray().Select(s => s.GetString()!)], tableOnly, look));
            return Task.FromResult(new Answer(key, Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", data.LastModified, data.Immutable));
        });
        context.Response.Headers.ContentSecurityPolicy = EmbedPage.Policy;
        return new AnswerResult(answer);
    }
}
