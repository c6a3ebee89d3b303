using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TradeApi.Problems;

namespace TradeApi.Ingestion;

/// <summary>
/// Who may write releases. Keys are configured only as SHA-256 hashes (hex) in
/// <c>Ingestion:ApiKeyHashes</c>, never in clear; a presented key is hashed and compared in
/// constant time. With no hash configured, ingestion over HTTP is off.
/// </summary>
public sealed class ApiKeyOptions
{
    public List<string> ApiKeyHashes { get; set; } = [];
}

public static class ApiKeys
{
    public const string Header = "X-Api-Key";

    /// <summary>The hex SHA-256 of a key: what goes into Ingestion:ApiKeyHashes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Requires an accepted X-Api-Key: 401 without one, 403 with a wrong one.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var options = http.RequestServices.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().CurrentValue;
            var presented = http.Request.Headers[Header].ToString();
            if (string.IsNullOrEmpty(presented))
            {
                http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Header}\"";
                return TypedResults.Problem(statusCode: 401, type: ProblemTypes.MissingApiKey, title: "API key required",
                    detail: $"Send your API key in the {Header} header to write a release.");
            }
            if (!Accepted(presented, options.ApiKeyHashes))
                return TypedResults.Problem(statusCode: 403, type: ProblemTypes.WrongApiKey, title: "API key not accepted",
                    detail: options.ApiKeyHashes.Count == 0
                        ? "Ingestion over HTTP is not enabled on this server (no API keys are configured)."
                        : $"The {Header} given is not accepted. Check the key, or ask for one.");
            return await next(context);
        });
        builder.WithMetadata(new ProducesResponseTypeMetadata(401, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(403, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    private static bool Accepted(string presented, IEnumerable<string> hashes)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var accepted = false;
        foreach (var configured in hashes)
        {
            byte[] expected;
            try { expected = Convert.FromHexString(configured.Trim()); }
            catch (FormatException) { continue; }
            // Compare with every configured hash, so the time taken says nothing about which (if any) matched.
            accepted |= expected.Length == hash.Length && CryptographicOperations.FixedTimeEquals(expected, hash);
        }
        return accepted;
    }
}
