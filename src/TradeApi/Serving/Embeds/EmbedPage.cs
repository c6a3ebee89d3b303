using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using TradeApi.Serving.Charts;

namespace TradeApi.Serving.Embeds;

/// <summary>
/// The embeddable widget: one self-contained HTML page (no outside scripts, fonts or styles) with the chart, the
/// same records as a table, the sources and licence, a link to download the data pinned to the release, and a link
/// back. It fits any width and tells its parent its height with postMessage; /embed.js on the partner's page
/// resizes the iframe. Everything taken from the query is HTML-encoded.
/// </summary>
public static class EmbedPage
{
    /// <summary>The page's only script: it posts the page's height to the parent whenever it changes.</summary>
    public const string HeightScript =
        "(function(){function post(){parent.postMessage({type:'tradeapi-embed-height',height:document.documentElement.scrollHeight,src:location.href},'*');}" +
        "addEventListener('load',post);addEventListener('resize',post);if(window.ResizeObserver){new ResizeObserver(post).observe(document.body);}post();})();";

    /// <summary>The partner page's script (/embed.js): it sizes every TradeApi iframe to the height its page posts.</summary>
    public const string ParentScript =
        "(function(){addEventListener('message',function(e){var d=e.data;if(!d||d.type!=='tradeapi-embed-height'||typeof d.height!=='number')return;" +
        "var frames=document.querySelectorAll('iframe[data-tradeapi]');for(var i=0;i<frames.length;i++){if(frames[i].contentWindow===e.source){" +
        "frames[i].style.height=Math.ceil(d.height)+'px';frames[i].setAttribute('data-tradeapi-height',String(Math.ceil(d.height)));}}});})();";

    public static string ScriptHash(string script) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));

    /// <summary>The Content-Security-Policy of an embed page: nothing from outside, only its own inline style and script, framable anywhere.</summary>
    public static readonly string Policy =
        $"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src '{ScriptHash(HeightScript)}'; frame-ancestors *; base-uri 'none'; form-action 'none'";

    public enum Theme { Light, Dark, Auto }

    public sealed record Content(string Title, string Svg, ChartModel Model, string DataUrl, string PageUrl, string OEmbedUrl, string Citation,
        string Licence, IReadOnlyList<string> Sources, bool TableOnly, Theme Look);

    public static string Html(Content c)
    {
        var e = HtmlEncoder.Default;
        var css = c.Look switch
        {
            Theme.Dark => "body{background:#1e1e1e;color:#e8e8e8}a{color:#8ab4f8}",
            Theme.Auto => "@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#e8e8e8}a{color:#8ab4f8}}",
            _ => "body{background:#fff;color:#222}",
        };
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(e.Encode(c.Title)).Append("</title>")
            .Append("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"").Append(e.Encode(c.OEmbedUrl)).Append("\" title=\"").Append(e.Encode(c.Title)).Append("\">")
            .Append("<style>body{margin:0;padding:8px;font-family:system-ui,sans-serif;font-size:14px}svg{width:100%;height:auto;display:block}")
            .Append("table{border-collapse:collapse;width:100%;margin-top:8px;font-size:12px}th,td{border-bottom:1px solid #8884;padding:2px 6px;text-align:left}")
            .Append("td.n{text-align:right;font-variant-numeric:tabular-nums}footer{margin-top:8px;font-size:12px}")
            .Append(css).Append("</style></head><body>");
        page.Append("<main>");
        if (!c.TableOnly) page.Append("<figure style=\"margin:0\">").Append(c.Svg).Append("</figure>");
        page.Append(c.TableOnly ? "<table>" : "<details><summary>The data as a table</summary><table>")
            .Append("<thead><tr><th scope=\"col\">Series</th><th scope=\"col\">Period</th><th scope=\"col\">Value (")
            .Append(e.Encode(c.Model.Unit)).Append(")</th><th scope=\"col\">What it is</th></tr></thead><tbody>");
        foreach (var series in c.Model.Series)
            foreach (var p in series.Points)
                page.Append("<tr><td>").Append(e.Encode(series.Name)).Append("</td><td>").Append(e.Encode(p.Period)).Append("</td><td class=\"n\">")
                    .Append(p.Value is null ? "–" : e.Encode(p.Value.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))
                    .Append("</td><td>").Append(e.Encode(p.Value is null ? "not published" : p.Status)).Append("</td></tr>");
        page.Append("</tbody></table>").Append(c.TableOnly ? "" : "</details>");
        page.Append("</main><footer><div>").Append(e.Encode(c.Citation)).Append("</div><div>Sources: ");
        page.Append(string.Join(", ", c.Sources.Select(s => e.Encode(s)))).Append(". ").Append(e.Encode(c.Licence)).Append("</div><div>")
            .Append("<a href=\"").Append(e.Encode(c.DataUrl)).Append("\" target=\"_blank\" rel=\"noopener\">Download the data (CSV)</a> · ")
            .Append("<a href=\"").Append(e.Encode(c.PageUrl)).Append("\" target=\"_blank\" rel=\"noopener\">TradeApi</a></div></footer>");
        page.Append("<script>").Append(HeightScript).Append("</script></body></html>");
        return page.ToString();
    }
}
