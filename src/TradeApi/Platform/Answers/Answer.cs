using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace TradeApi.Platform.Answers;

/// <summary>
/// An answer made once and served as bytes: the body and the headers that belong to it, keyed by what it is a
/// function of (for data: the dataset release, the normalised query and the format). The key gives the strong
/// ETag; each encoding is compressed once, on first demand, and has an ETag of its own.
/// </summary>
public sealed class Answer
{
    private byte[]? _brotli;
    private byte[]? _gzip;
    private string? _brotliTag;
    private string? _gzipTag;

    public Answer(string key, byte[] body, string contentType, DateTimeOffset? lastModified, bool immutable,
        string[]? links = null, string? contentDisposition = null, string vary = "Accept-Encoding")
    {
        Body = body;
        ContentType = contentType;
        LastModified = lastModified;
        Immutable = immutable;
        Links = links ?? [];
        ContentDisposition = contentDisposition;
        Vary = vary;
        ETag = Tag(key);
        LastModifiedText = lastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    public byte[] Body { get; }
    public string ContentType { get; }
    public DateTimeOffset? LastModified { get; }

    /// <summary><see cref="LastModified"/> as the header writes it (RFC 9110 IMF-fixdate), made once.</summary>
    public string? LastModifiedText { get; }

    /// <summary>Pinned to a release (as_of, a cursor) or otherwise never to change: cached for a year, immutable.</summary>
    public bool Immutable { get; }
    /// <summary>Link header values (RFC 8288): the next page, the feeds.</summary>
    public string[] Links { get; }
    public string? ContentDisposition { get; }
    public string Vary { get; }

    /// <summary>The strong entity tag of the identity encoding, quoted.</summary>
    public string ETag { get; }

    /// <summary>The bytes, and their ETag, in an encoding: br, gzip or identity.</summary>
    public (byte[] Body, string ETag) In(string encoding) => encoding switch
    {
        "br" => (_brotli ??= Compress(Body, s => new BrotliStream(s, CompressionLevel.Optimal)), _brotliTag ??= WithSuffix("br")),
        "gzip" => (_gzip ??= Compress(Body, s => new GZipStream(s, CompressionLevel.Optimal)), _gzipTag ??= WithSuffix("gz")),
        _ => (Body, ETag),
    };

    /// <summary>Memory the answer holds (its bytes in every encoding made so far), for the cache's size limit.</summary>
    public long Size => Body.Length + (_brotli?.Length ?? Body.Length / 4) + (_gzip?.Length ?? Body.Length / 4) + 512;

    private string WithSuffix(string suffix) => $"{ETag[..^1]}-{suffix}\"";

    public static string Tag(string key) =>
        $"\"{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 18).Replace('+', '-').Replace('/', '_')}\"";

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output)) stream.Write(body);
        return output.ToArray();
    }
}
