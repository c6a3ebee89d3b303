using System.Text;
using System.Text.Encodings.Web;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Proxies;

namespace TradeApi.Serving.FrontPage;

/// <summary>The front page at /: what TradeApi is, each dataset with a live chart, copy-paste snippets, and where to go next. Plain HTML, no outside assets.</summary>
public static class FrontPageEndpoints
{
    public const string Policy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static void MapFrontPage(this IEndpointRouteBuilder app, IEnumerable<Dataset> datasets)
    {
        var list = datasets.ToList();
        app.MapGet("/", async (HttpContext context, AnswerCache cache) =>
            {
                var root = context.PublicRoot();
                var key = $"/\n{root}";
                var answer = await cache.GetOrMakeAsync(key, () =>
                    Task.FromResult(new Answer(key, Encoding.UTF8.GetBytes(Html(list, root)), "text/html; charset=utf-8", null, false)));
                context.Response.Headers.ContentSecurityPolicy = Policy;
                return new AnswerResult(answer);
            })
            .ExcludeFromDescription();
    }

    private static string Html(List<Dataset> datasets, string root)
    {
        var e = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>TradeApi: Russia–China economic relationship, figures with their sources</title>
            <link rel="alternate" type="application/atom+xml" title="TradeApi releases" href="/feeds/releases.atom">
            <link rel="alternate" type="application/feed+json" title="TradeApi releases" href="/feeds/releases.json">
            <style>body{max-width:60rem;margin:0 auto;padding:1rem;font-family:system-ui,sans-serif;line-height:1.5;color:#222;background:#fff}
            img{max-width:100%;height:auto;border:1px solid #ddd}pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}
            nav a{margin-right:1rem}@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#e8e8e8}pre{background:#2a2a2a}a{color:#8ab4f8}}</style>
            </head><body><header><h1>TradeApi</h1>
            <p>Public statistics on the Russia–China economic relationship: bilateral trade, car brands' share of Russia's market,
            and the currencies that settle Russia's trade. Every figure comes with its source and the release that published it;
            where sources disagree every version is kept and one is preferred by a documented rule. Every query answers in JSON,
            CSV and NDJSON, can be asked as of any past release, and can be embedded in your own pages.</p>
            <nav><a href="/swagger">API reference (Swagger UI)</a><a href="/openapi/v1.json">OpenAPI document</a><a href="/v1/datasets">Datasets</a>
            <a href="/feeds/releases.atom">Release feed (Atom)</a><a href="/feeds/releases.json">JSON Feed</a><a href="/v1/sources">Sources</a></nav></header><main>
            """);
        foreach (var d in datasets)
        {
            var query = d.FrontPageQuery;
            page.Append("<section><h2>").Append(e.Encode(d.Title)).Append("</h2>")
                .Append("<p><a href=\"").Append(e.Encode($"{d.Path}?{query}")).Append("\">The data</a> · ")
                .Append("<a href=\"").Append(e.Encode($"/v1/datasets/{d.Id}")).Append("\">codes, coverage and sources</a> · ")
                .Append("<a href=\"").Append(e.Encode($"/v1/{d.Id}/download?format=csv")).Append("\">download CSV</a> · ")
                .Append("<a href=\"").Append(e.Encode($"/v1/{d.Id}/download?format=parquet")).Append("\">Parquet</a> · ")
                .Append("<a href=\"").Append(e.Encode($"/feeds/{d.Id}.atom")).Append("\">feed</a></p>")
                .Append("<img src=\"").Append(e.Encode($"{d.Path}/chart.svg?{query}")).Append("\" alt=\"").Append(e.Encode($"Chart of {d.Title}"))
                .Append("\" width=\"800\" height=\"450\" loading=\"lazy\"></section>");
        }
        var trade = $"{root}/v1/trade?reporter=CN&partner=RU&flow=total&freq=A";
        page.Append("<section><h2>Use it</h2><h3>curl</h3><pre>").Append(e.Encode($"curl '{trade}'")).Append("</pre>")
            .Append("<h3>pandas</h3><pre>").Append(e.Encode($"import pandas as pd\ndf = pd.read_csv(\"{trade}&format=csv\")\nall_trade = pd.read_parquet(\"{root}/v1/trade/download?format=parquet\")")).Append("</pre>")
            .Append("<h3>R</h3><pre>").Append(e.Encode($"df <- read.csv(\"{trade}&format=csv\")")).Append("</pre>")
            .Append("<h3>On your page</h3><pre>").Append(e.Encode(
                $"<iframe src=\"{root}/embed/trade?reporter=CN&partner=RU&flow=total&freq=A\" width=\"640\" height=\"480\" style=\"border:0;width:100%\" title=\"China–Russia trade\" data-tradeapi></iframe>\n<script src=\"{root}/embed.js\" async></script>"))
            .Append("</pre><p>Or ask <a href=\"").Append(e.Encode($"/oembed?url={Uri.EscapeDataString($"{root}/embed/trade?reporter=CN&partner=RU&flow=total&freq=A")}")).Append("\">oEmbed</a>.</p></section>")
            .Append("</main><footer><p>Figures: as published by the bodies and outlets named in each source. Compilation: CC BY 4.0, TradeApi.</p></footer></body></html>");
        return page.ToString();
    }
}
