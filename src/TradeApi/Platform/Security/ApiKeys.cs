using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using TradeApi.Platform.Problems;

namespace TradeApi.Platform.Security;

/// <summary>
/// Who may write releases. Keys are configured only as SHA-256 hashes (hex), never in clear, each with a name:
/// <c>Ingestion:ApiKeys:NAME:Hash</c> (and <c>Admin: true</c> for backups), or the older unnamed list
/// <c>Ingestion:ApiKeyHashes</c> (named key-1, key-2, ...). A presented key is hashed and compared with every
/// configured hash in constant time. Keys may also live in a JSON file of their own, <c>Ingestion:KeysFile</c>
/// (<c>{"name": {"hash": "...", "admin": false}}</c>), read again whenever it changes: removing a key there revokes it
/// at once, without a restart. With no key configured, ingestion over HTTP is off. Keys are never logged; a release
/// records the name of the key that posted it.
/// </summary>
public sealed class ApiKeyOptions
{
    public List<string> ApiKeyHashes { get; set; } = [];
    public Dictionary<string, NamedApiKey> ApiKeys { get; set; } = [];
    public string? KeysFile { get; set; }

    public sealed class NamedApiKey
    {
        public string Hash { get; set; } = "";
        public bool Admin { get; set; }
    }

    /// <summary>Every configured key: name, hash, whether it may take backups.</summary>
    public IEnumerable<(string Name, string Hash, bool Admin)> All() =>
        ApiKeys.Select(k => (k.Key, k.Value.Hash, k.Value.Admin))
            .Concat(ApiKeyHashes.Select((hash, i) => ($"key-{i + 1}", hash, false)))
            .Concat(KeysFile is { Length: > 0 } file ? ApiKeyFile.Read(file) : []);
}

/// <summary>The keys file, parsed again only when its modification time changes.</summary>
public static class ApiKeyFile
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);
    private sealed record Parsed(string Path, DateTime Written, (string, string, bool)[] Keys);

    // One reference, swapped whole: a request reading it while another parses sees the old or the new list, never a mix.
    private static volatile Parsed _last = new("", default, []);

    public static IEnumerable<(string Name, string Hash, bool Admin)> Read(string path)
    {
        var written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : default;
        var last = _last;
        if (last.Path == path && last.Written == written) return last.Keys;
        (string, string, bool)[] keys = [];
        if (written != default)
        {
            try
            {
                keys = [.. (System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, ApiKeyOptions.NamedApiKey>>(File.ReadAllText(path), Json) ?? [])
                    .Select(k => (k.Key, k.Value.Hash, k.Value.Admin))];
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
            {
                keys = []; // an unreadable keys file accepts no key from it
            }
        }
        _last = new Parsed(path, written, keys);
        return keys;
    }
}

public static class ApiKeys
{
    public const string Header = "X-Api-Key";

    /// <summary>Where the name of the accepted key is kept for the request (HttpContext.Items).</summary>
    public const string NameItem = "tradeapi.api-key-name";

    /// <summary>The hex SHA-256 of a key: what goes into the configuration.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Requires an accepted X-Api-Key (an admin key when <paramref name="admin"/>): 401 without one, 403 with a wrong one.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, bool admin = false) where TBuilder : IEndpointConventionBuilder
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
                    detail: $"Send your API key in the {Header} header {(admin ? "(an admin key) to take a backup" : "to write a release")}.");
            }
            var keys = options.All().ToList();
            var accepted = Accepted(presented, keys);
            if (accepted is null || admin && !accepted.Value.Admin)
                return TypedResults.Problem(statusCode: 403, type: ProblemTypes.WrongApiKey, title: "API key not accepted",
                    detail: keys.Count == 0
                        ? "Ingestion over HTTP is not enabled on this server (no API keys are configured)."
                        : accepted is null ? $"The {Header} given is not accepted. Check the key, or ask for one."
                        : "This key may write releases but not take backups: that needs an admin key.");
            http.Items[NameItem] = accepted.Value.Name;
            return await next(context);
        });
        builder.WithMetadata(new ProducesResponseTypeMetadata(401, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(403, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>The name of the key the request presents, if it is an accepted one (a wrong or missing key: null).</summary>
    public static string? AcceptedName(HttpContext http)
    {
        var presented = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(presented)) return null;
        var options = http.RequestServices.GetRequiredService<IOptionsMonitor<ApiKeyOptions>>().CurrentValue;
        return Accepted(presented, options.All())?.Name;
    }

    private static (string Name, bool Admin)? Accepted(string presented, IEnumerable<(string Name, string Hash, bool Admin)> keys)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        (string, bool)? accepted = null;
        foreach (var (name, configured, isAdmin) in keys)
        {
            byte[] expected;
            try { expected = Convert.FromHexString(configured.Trim()); }
            catch (FormatException) { continue; }
            // Compare with every configured hash, so the time taken says nothing about which (if any) matched.
            if (expected.Length == hash.Length && CryptographicOperations.FixedTimeEquals(expected, hash)) accepted ??= (name, isAdmin);
        }
        return accepted;
    }
}
