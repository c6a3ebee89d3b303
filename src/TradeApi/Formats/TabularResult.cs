using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace TradeApi.Formats;

/// <summary>
/// The CSV (RFC 4180, header row, camelCase columns in record order) or NDJSON form of a data
/// page: the same rows as the JSON <c>data</c>, with the next page in a Link header.
/// </summary>
public sealed class TabularResult<T>(IReadOnlyList<T> rows, OutputFormat format, string? next, string? downloadName)
    : IResult, IEndpointMetadataProvider
{
    private static readonly PropertyInfo[] Properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null).ToArray();

    /// <summary>The CSV header: the JSON names of the record's fields.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        Properties.Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToArray();

    public IReadOnlyList<T> Rows => rows;

    public OutputFormat Format => format;

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        if (next is not null) response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        if (downloadName is not null) response.Headers.ContentDisposition = $"attachment; filename=\"{downloadName}\"";

        if (format == OutputFormat.Ndjson)
        {
            response.ContentType = OutputFormats.Ndjson;
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            foreach (var row in rows)
            {
                await JsonSerializer.SerializeAsync(response.Body, row, options, context.RequestAborted);
                await response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            }
            return;
        }

        response.ContentType = OutputFormats.Csv;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, NewLine = "\r\n" });
        foreach (var column in Columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            foreach (var property in Properties) csv.WriteField(Cell(property.GetValue(row)));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        // One 200 response in three media types; the OpenAPI filter gives CSV and NDJSON their text schema.
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DataPage<T>), ["application/json", "text/csv", "application/x-ndjson"]));
    }

    /// <summary>A cell as JSON writes the value: empty for null, true/false, numbers in shortest round-trip form.</summary>
    private static string Cell(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
