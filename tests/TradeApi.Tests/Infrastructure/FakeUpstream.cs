using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TradeApi.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 that plays a script, one step per request (then repeats the last):
/// fail with a status, stall, send garbage, or serve a release file.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script;
    private readonly Func<HttpContext, Task> _last;
    private int _requests;

    private FakeUpstream(WebApplication app, Func<HttpContext, Task>[] script)
    {
        _app = app;
        _script = new ConcurrentQueue<Func<HttpContext, Task>>(script);
        _last = script[^1];
    }

    public int Requests => _requests;

    public string Url { get; private set; } = "";

    public static async Task<FakeUpstream> StartAsync(params Func<HttpContext, Task>[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var upstream = new FakeUpstream(app, script);
        app.Run(context =>
        {
            Interlocked.Increment(ref upstream._requests);
            return (upstream._script.TryDequeue(out var step) ? step : upstream._last)(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.Url = $"{address}/release.csv";
        return upstream;
    }

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Stall(TimeSpan time) => async context =>
    {
        try { await Task.Delay(time, context.RequestAborted); } catch (OperationCanceledException) { }
    };

    public static Func<HttpContext, Task> Serve(string body, string contentType = "text/csv") => context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
