using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace TradeApi.Platform.Answers;

public static class AnswerSetup
{
    /// <summary>The answer cache (Answers:*). Catalogue answers stand on the <see cref="INewestRelease"/> registered beside it.</summary>
    public static IServiceCollection AddAnswers(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AnswerOptions>(configuration.GetSection("Answers"));
        services.AddSingleton<AnswerCache>();
        // Shared by every instance when configured; the answer cache in memory stays the default.
        if (configuration["Answers:Redis"] is { Length: > 0 } redis)
        {
            services.AddStackExchangeRedisCache(o =>
            {
                o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis);
                // A cache, not a dependency: never wait long for it, never fail start-up for it.
                o.ConfigurationOptions.AbortOnConnectFail = false;
                o.ConfigurationOptions.ConnectTimeout = Math.Min(o.ConfigurationOptions.ConnectTimeout, 1000);
                o.ConfigurationOptions.SyncTimeout = Math.Min(o.ConfigurationOptions.SyncTimeout, 500);
                o.ConfigurationOptions.AsyncTimeout = Math.Min(o.ConfigurationOptions.AsyncTimeout, 500);
                o.InstanceName = (configuration["Answers:RedisPrefix"] is { Length: > 0 } prefix ? prefix : "tradeapi") + ":";
            });
            services.AddSingleton<SharedAnswers>();
        }
        return services;
    }

    /// <summary>Maps a GET endpoint whose 200 answers are cached bytes (<see cref="CacheAnswers"/>); HEAD is answered by it too.</summary>
    public static RouteHandlerBuilder MapGetAndHead(this IEndpointRouteBuilder app, string pattern, Delegate handler) =>
        app.MapGet(pattern, handler).CacheAnswers();

    /// <summary>
    /// HEAD works wherever GET does: a HEAD request is routed as GET, so it meets the same endpoint, filters and
    /// headers, and its body is discarded before it reaches the connection.
    /// </summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }

    /// <summary>
    /// Serves a 200 JSON answer of the endpoint as cached bytes, with ETag, 304 and Cache-Control, keyed by the
    /// path, the query and the newest release (catalogue answers change with any release).
    /// </summary>
    public static TBuilder CacheAnswers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var services = http.RequestServices;
            var (newest, time) = services.GetRequiredService<INewestRelease>().Newest;
            var cache = services.GetRequiredService<AnswerCache>();
            var key = $"{http.Request.Path}\n{http.Request.QueryString}\n{newest}";
            if (cache.Find(key) is { } cached) return new AnswerResult(cached);
            var result = await next(context);
            if (result is INestedHttpResult nested) result = nested.Result;
            if (result is not (IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: 200 })) return result;
            var options = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            // A Link header the endpoint set (the next page) belongs to the answer.
            var answer = new Answer(key, JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options),
                "application/json; charset=utf-8", time, immutable: false, links: http.Response.Headers.Link.ToArray()!);
            cache.Keep(key, answer);
            return new AnswerResult(answer);
        });
        return builder;
    }

    /// <summary>
    /// Serves what the middleware after it writes at <paramref name="path"/> (a document that changes only with the
    /// build, like the OpenAPI document) from bytes made once.
    /// </summary>
    public static WebApplication UseAnswerOnce(this WebApplication app, string path, string contentType)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.Equals(path, StringComparison.Ordinal)
                || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                await next(context);
                return;
            }
            var cache = context.RequestServices.GetRequiredService<AnswerCache>();
            var key = $"{path}\nonce";
            if (cache.Find(key) is not { } answer)
            {
                var body = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Response.Body = body;
                }
                if (context.Response.StatusCode != 200)
                {
                    await body.WriteAsync(buffer.ToArray());
                    return;
                }
                answer = new Answer(key + "\n" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(buffer.ToArray())),
                    buffer.ToArray(), contentType, lastModified: null, immutable: false);
                cache.Keep(key, answer);
                context.Response.Headers.Remove("Content-Length");
            }
            await new AnswerResult(answer).ExecuteAsync(context);
        });
        return app;
    }
}

/// <summary>The newest release of any dataset, and its time: what the catalogue's cached answers stand on.</summary>
public interface INewestRelease
{
    (long Id, DateTimeOffset? Time) Newest { get; }

    /// <summary>The newest release's number alone (0 before any): what a request checks, without reading its time.</summary>
    long NewestId { get; }
}
