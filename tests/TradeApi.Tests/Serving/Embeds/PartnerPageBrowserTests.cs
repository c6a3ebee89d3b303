using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Serving.Embeds;

/// <summary>
/// A partner page on another origin (its own server on 127.0.0.1) embeds the widget and fetches JSON with CORS, in
/// Debian's headless Chromium driven by Playwright. The chart must be drawn, the iframe must take the height the
/// widget posts, and the console must stay free of errors. The screenshot is the README's picture of the widget.
/// </summary>
public sealed class PartnerPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task APartnerPageEmbedsTheWidgetAndFetchesWithCors()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (.ci/run does)");
        var folder = Directory.CreateTempSubdirectory("tradeapi-browser").FullName;
        var apiPort = FreePort();
        var api = $"http://127.0.0.1:{apiPort}";
        using var server = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TradeApi.dll"), "--urls", api])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Database__Path"] = Path.Combine(folder, "tradeapi.db"), ["Logging__LogLevel__Default"] = "Warning" },
        })!;
        try
        {
            using var http = new HttpClient();
            for (var i = 0; i < 300 && !server.HasExited; i++)
            {
                try { if ((await http.GetAsync($"{api}/v1/datasets")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                await Task.Delay(100);
            }

            var embed = $"{api}/embed/trade?reporter=CN&partner=RU&flow=total,export,import&freq=A&theme=light";
            var page = $$"""
                <!doctype html><html><head><meta charset="utf-8"><title>Partner</title></head><body>
                <h1>A partner's article</h1>
                <iframe id="widget" src="{{embed}}" width="640" height="150" style="border:0;width:640px" title="China–Russia trade" data-tradeapi></iframe>
                <script src="{{api}}/embed.js"></script>
                <p id="fetched">…</p>
                <script>
                  fetch("{{api}}/v1/trade?reporter=CN&partner=RU&flow=total&freq=A&period=2024")
                    .then(r => r.json()).then(j => { document.getElementById('fetched').textContent = 'value ' + j.data[0].value; });
                </script></body></html>
                """;
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            var partnerPort = FreePort();
            builder.WebHost.UseUrls($"http://127.0.0.1:{partnerPort}");
            await using var partner = builder.Build();
            partner.Run(context =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(page);
            });
            await partner.StartAsync();

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync"],
            });
            var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 760, Height = 900 } });
            var errors = new List<string>();
            tab.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
            tab.PageError += (_, error) => errors.Add(error);
            await tab.GotoAsync($"http://127.0.0.1:{partnerPort}/");

            await tab.WaitForFunctionAsync("() => document.getElementById('fetched').textContent.startsWith('value ')");
            Assert.Equal("value 244819000000", await tab.TextContentAsync("#fetched")); // RIA's precise GACC figure, preferred to bne's 244.81

            var frame = tab.FrameLocator("#widget");
            await Assertions.Expect(frame.Locator("svg circle.point").First).ToBeVisibleAsync();
            Assert.True(await frame.Locator("svg circle.point").CountAsync() > 20, "the chart is drawn with its points");
            await tab.WaitForFunctionAsync("() => document.getElementById('widget').getAttribute('data-tradeapi-height') !== null");
            var posted = int.Parse((await tab.GetAttributeAsync("#widget", "data-tradeapi-height"))!);
            var height = await tab.EvaluateAsync<double>("() => document.getElementById('widget').getBoundingClientRect().height");
            Assert.True(posted > 300, $"the widget posted its height ({posted})");
            Assert.Equal(posted, height, 1.0);
            Assert.Empty(errors);

            var shot = Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "docs", "embed-widget.png");
            Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
            await tab.Locator("#widget").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(folder, "embed-widget.png") });
            if (Environment.GetEnvironmentVariable("TRADEAPI_UPDATE_SCREENSHOT") == "1") File.Copy(Path.Combine(folder, "embed-widget.png"), shot, overwrite: true);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
