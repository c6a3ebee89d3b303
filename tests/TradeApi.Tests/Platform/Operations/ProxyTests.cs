using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Operations;

/// <summary>
/// Behind a proxy: forwarded headers count only from a configured proxy, absolute links use the public base URL, and
/// rate limits are kept per real client. The test server has no socket, so a startup filter gives each request the
/// peer address named in X-Test-Peer (127.0.0.1 without it), as a connection from that address would.
/// </summary>
public sealed class ProxyTests
{
    private const string Proxy = "10.1.1.1";

    private static (ApiFactory Factory, HttpClient Client) Start(Dictionary<string, string?> settings)
    {
        var factory = ApiFactory.With(settings);
        var client = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new PeerFilter()))).CreateClient();
        return (factory, client);
    }

    private static HttpRequestMessage Get(string url, string peer, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Test-Peer", peer);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "tradeapi.example");
        request.Headers.Add("X-Forwarded-For", forwardedFor ?? "203.0.113.9");
        return request;
    }

    [Fact]
    public async Task ForwardedSchemeAndHostCountOnlyFromATrustedProxy()
    {
        var (factory, client) = Start(new() { ["Proxies:Trusted:0"] = Proxy });
        await using var _ = factory;
        using var trusted = await client.SendAsync(Get("/feeds/releases.atom", Proxy));
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.Contains("https://tradeapi.example/feeds/releases.atom", await trusted.Content.ReadAsStringAsync());

        using var untrusted = await client.SendAsync(Get("/feeds/releases.atom", "10.9.9.9"));
        var body = await untrusted.Content.ReadAsStringAsync();
        Assert.DoesNotContain("tradeapi.example", body);
        Assert.Contains("http://localhost/feeds/releases.atom", body);
    }

    [Fact]
    public async Task NoProxyIsTrustedUnlessConfiguredNotEvenLoopback()
    {
        var (factory, client) = Start([]);
        await using var _ = factory;
        using var response = await client.SendAsync(Get("/feeds/releases.json", "127.0.0.1"));
        Assert.DoesNotContain("tradeapi.example", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AbsoluteLinksUseThePublicBaseUrl()
    {
        var (factory, client) = Start(new() { ["Proxies:PublicBaseUrl"] = "https://data.example.org/" });
        await using var _ = factory;
        var feed = await client.GetStringAsync("/feeds/trade.json");
        Assert.Contains("https://data.example.org/", feed);
        Assert.DoesNotContain("http://localhost", feed);
        Assert.Contains("https://data.example.org/", await client.GetStringAsync("/"));
        Assert.Contains("https://data.example.org/", await client.GetStringAsync("/embed/trade"));

        using var oembed = await client.GetAsync("/oembed?url=" + Uri.EscapeDataString("https://data.example.org/embed/trade?flow=total"));
        var answer = await oembed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, oembed.StatusCode);
        Assert.Contains("https://data.example.org/embed/trade", answer);
        using var foreign = await client.GetAsync("/oembed?url=" + Uri.EscapeDataString("http://localhost/embed/trade"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode); // oEmbed: not an embed of this server
    }

    [Fact]
    public async Task RateLimitsAreKeptPerRealClientBehindATrustedProxy()
    {
        var (factory, client) = Start(new()
        {
            ["Proxies:Trusted:0"] = "10.1.0.0/16", ["RateLimits:Enabled"] = "true",
            ["RateLimits:Anonymous:Tokens"] = "2", ["RateLimits:Anonymous:TokensPerSecond"] = "0.001",
        });
        await using var _ = factory;
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var r = await client.SendAsync(Get("/v1/datasets", Proxy, "203.0.113.1"));
            first.Add(r.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, first);
        using (var other = await client.SendAsync(Get("/v1/datasets", Proxy, "203.0.113.2")))
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);

        // From an untrusted peer the forwarded address is ignored: every value shares the peer's bucket.
        var untrusted = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var r = await client.SendAsync(Get("/v1/datasets", "10.9.9.9", $"198.51.100.{i}"));
            untrusted.Add(r.StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, untrusted);
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, go) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers["X-Test-Peer"].FirstOrDefault() ?? "127.0.0.1");
                return go(context);
            });
            next(app);
        };
    }
}
