using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TradeApi.Platform.Proxies;

/// <summary>
/// Behind a reverse proxy or CDN. <c>Proxies:Trusted</c>: the addresses (or CIDR networks, e.g. 10.0.0.0/8) of the
/// proxies whose X-Forwarded-For, -Proto and -Host are honoured; from any other peer they are ignored, and none is
/// trusted by default (not even loopback). <c>Proxies:PublicBaseUrl</c>: the address clients use (e.g.
/// https://tradeapi.example), used for every absolute link the service writes, whatever the request's host.
/// </summary>
public sealed class ProxyOptions
{
    public string[] Trusted { get; set; } = [];

    public string? PublicBaseUrl { get; set; }
}

public static class ProxySetup
{
    public static IServiceCollection AddProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Proxies").Get<ProxyOptions>() ?? new ProxyOptions();
        if (options.PublicBaseUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0))
            throw new InvalidOperationException($"Proxies:PublicBaseUrl '{url}' must be an absolute http or https URL without a query, e.g. https://tradeapi.example");
        services.AddSingleton(options);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in options.Trusted)
            {
                if (entry.Contains('/')) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                else forwarded.KnownProxies.Add(IPAddress.Parse(entry));
            }
            // A chain of trusted proxies (CDN, then nginx) is walked back to the first untrusted address: the client.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, so that rate limits, links and logs see the client, not the proxy. Without a trusted
    /// proxy there is nothing to honour (the middleware would trust every peer with its lists empty), so it is left out.
    /// </summary>
    public static IApplicationBuilder UseProxies(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<ProxyOptions>().Trusted.Length == 0 ? app : app.UseForwardedHeaders();

    /// <summary>The root of every absolute link: the configured public base URL, or the request's own scheme and host.</summary>
    public static string PublicRoot(this HttpContext context) =>
        context.RequestServices.GetRequiredService<ProxyOptions>().PublicBaseUrl?.TrimEnd('/')
        ?? $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
