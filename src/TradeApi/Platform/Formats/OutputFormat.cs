using TradeApi.Platform.Problems;

namespace TradeApi.Platform.Formats;

public enum OutputFormat { Json, Csv, Ndjson }

/// <summary>Chooses the format of a data response: <c>format=</c> first, then the Accept header (by quality; q=0 means "not this"), JSON by default.</summary>
public static class OutputFormats
{
    public const string Csv = MediaTypes.Csv + "; charset=utf-8";
    public const string Ndjson = MediaTypes.Ndjson + "; charset=utf-8";
    public const string Names = "json, csv, ndjson";

    public static OutputFormat Choose(string? format, HttpRequest request, QueryErrors errors)
    {
        if (format is not null)
        {
            switch (format.Trim().ToLowerInvariant())
            {
                case "json": return OutputFormat.Json;
                case "csv": return OutputFormat.Csv;
                case "ndjson": return OutputFormat.Ndjson;
                default:
                    errors.Add("format", $"must be one of: {Names}");
                    return OutputFormat.Json;
            }
        }
        foreach (var type in Accepted(request))
        {
            switch (MediaTypes.FormatOf(type))
            {
                case "csv": return OutputFormat.Csv;
                case "ndjson": return OutputFormat.Ndjson;
                case "json": return OutputFormat.Json;
            }
            if (type is "*/*" or "application/*") return OutputFormat.Json;
        }
        return OutputFormat.Json;
    }

    /// <summary>The media types the Accept header asks for, most wanted first, lower case; q=0 means "not this" and is left out.</summary>
    public static IEnumerable<string> Accepted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Where(a => (a.Quality ?? 1) > 0).OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value?.ToLowerInvariant() ?? "");

    public static string Extension(this OutputFormat format) => format switch
    {
        OutputFormat.Csv => "csv",
        OutputFormat.Ndjson => "ndjson",
        _ => "json",
    };
}
