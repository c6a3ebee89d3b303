using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;
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
    private static readonly PropertyInfo[] Properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);

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
        csv.Context.TypeConverterCache.AddConverter<bool>(new LowerCaseBoolean());
        csv.Context.TypeConverterCache.AddConverter<double>(new RoundTripDouble());
        foreach (var column in Columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            csv.WriteRecord(row);
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        // One 200 response in three media types; the OpenAPI filter gives CSV and NDJSON their text schema.
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DataPage<T>), ["application/json", "text/csv", "application/x-ndjson"]));
    }

    private sealed class LowerCaseBoolean : DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is bool b ? (b ? "true" : "false") : "";
    }

    /// <summary>Doubles as JSON writes them (shortest round-trip form), so CSV and JSON cells agree.</summary>
    private sealed class RoundTripDouble : DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";
    }
}
