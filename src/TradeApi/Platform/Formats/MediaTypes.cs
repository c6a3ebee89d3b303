namespace TradeApi.Platform.Formats;

/// <summary>
/// The one table of the media types TradeApi reads and writes, and the other names clients give them in Accept and
/// Content-Type (application/ndjson and application/jsonl for NDJSON, application/parquet for Parquet).
/// </summary>
public static class MediaTypes
{
    public const string Json = "application/json", Csv = "text/csv", Ndjson = "application/x-ndjson", Parquet = "application/vnd.apache.parquet";

    /// <summary>What a listing answers in, as the document lists it.</summary>
    public static readonly string[] Tabular = [Json, Csv, Ndjson];

    /// <summary>The format a media type (lower case, no parameters) names: json, csv, ndjson or parquet; null for any other.</summary>
    public static string? FormatOf(string? mediaType) => mediaType switch
    {
        Json => "json",
        Csv => "csv",
        Ndjson or "application/ndjson" or "application/jsonl" => "ndjson",
        Parquet or "application/parquet" => "parquet",
        _ => null,
    };
}
