
namespace TradeApi.Publishing.ReleaseFiles;

/// <summary>
/// A release body: bytes already in memory (an HTTP body, an upstream's answer), or a file read as a stream (the
/// command line), so that a large CSV file is hashed and then parsed as it is read, never held whole. (JSON and
/// NDJSON files are read whole: they are parsed as documents.)
/// </summary>
public sealed class ReleaseBody
{
    private readonly byte[]? _bytes;
    private readonly string? _path;

    private ReleaseBody(byte[]? bytes, string? path) => (_bytes, _path) = (bytes, path);

    public static ReleaseBody FromFile(string path) => new(null, path);

    public static implicit operator ReleaseBody(byte[] bytes) => new(bytes, null);

    public Stream Open() => _bytes is not null
        ? new MemoryStream(_bytes, writable: false)
        : new FileStream(_path!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>The whole body (JSON is parsed as a document).</summary>
    public byte[] Bytes() => _bytes ?? File.ReadAllBytes(_path!);
}
