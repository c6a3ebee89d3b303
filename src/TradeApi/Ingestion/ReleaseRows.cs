using System.Globalization;
using CsvHelper;
using System.Text.Json;
using CsvHelper.Configuration;
using TradeApi.Codes;
using TradeApi.Periods;

namespace TradeApi.Ingestion;

/// <summary>What is wrong with one cell (or row) of a release file. Rows count as in a spreadsheet: the header is row 1.</summary>
public sealed record IngestionError(int Row, string? Column, string? Value, string Message);

/// <summary>One data row of a release file, cells by column name (case-insensitive).</summary>
public sealed class ReleaseRow(int number, IReadOnlyDictionary<string, int> columns, string?[] cells)
{
    public const string Action = "action";

    public int Number { get; } = number;

    /// <summary>The trimmed cell, or null when the column is absent or the cell empty.</summary>
    public string? this[string column] =>
        columns.TryGetValue(column, out var i) && i < cells.Length && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i]!.Trim() : null;

    /// <summary>
    /// <c>action=withdraw</c>: the row names a figure (its key and source) that the release withdraws;
    /// its other cells are not read. Empty or <c>set</c>: the row adds or revises a figure.
    /// </summary>
    public bool Withdraws => string.Equals(this[Action], "withdraw", StringComparison.OrdinalIgnoreCase);

    public IngestionError Error(string column, string message) => new(Number, column, this[column], message);

    public static readonly string[] Confidences = ["reported", "weak", "disputed"];

    /// <summary>A required (or optional) code from the dataset's code list for <paramref name="dimension"/>.</summary>
    public string? Code(string column, string dimension, DimensionCodes codes, List<IngestionError> errors,
        Func<string, string> normalise, bool required = true)
    {
        if (this[column] is not { } text)
        {
            if (required) errors.Add(Error(column, $"is required; one of: {codes.Describe(dimension)}"));
            return null;
        }
        var code = normalise(text);
        if (codes.Contains(dimension, code)) return code;
        errors.Add(Error(column, $"must be one of: {codes.Describe(dimension)}"));
        return null;
    }

    /// <summary>A required period whose frequency the dataset has.</summary>
    public Period? Period(string column, DimensionCodes codes, List<IngestionError> errors)
    {
        if (this[column] is not { } text)
            errors.Add(Error(column, "is required"));
        else if (!Periods.Period.TryParse(text, out var period))
            errors.Add(Error(column, $"must be {Periods.Period.Forms}"));
        else if (!codes.Contains("freq", period.Freq))
            errors.Add(Error(column, $"has frequency {period.Freq}; this dataset takes {codes.Describe("freq")}"));
        else
            return period;
        return null;
    }

    public string? Required(string column, List<IngestionError> errors, string what)
    {
        if (this[column] is { } text) return text;
        errors.Add(Error(column, $"is required: {what}"));
        return null;
    }

    public string? Confidence(List<IngestionError> errors)
    {
        var confidence = this["confidence"]?.ToLowerInvariant();
        if (confidence is not null && Confidences.Contains(confidence)) return confidence;
        errors.Add(Error("confidence", $"must be one of: {string.Join(", ", Confidences)}"));
        return null;
    }

    /// <summary>Parses an optional number written with a dot decimal; adds an error when it is not one.</summary>
    public double? ReadNumber(string column, List<IngestionError> errors, double? min = null, double? max = null)
    {
        var text = this[column];
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors.Add(Error(column, "must be a number with a dot decimal, e.g. 244810000000 or -7.5"));
            return null;
        }
        if (value < min || value > max)
        {
            errors.Add(Error(column, $"must be between {min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"} and {max?.ToString(CultureInfo.InvariantCulture) ?? "+inf"}"));
            return null;
        }
        return value;
    }
}

/// <summary>The rows of a release file, with its header.</summary>
public sealed record ReleaseTable(IReadOnlyList<string> Header, IReadOnlyList<ReleaseRow> Rows, bool TooManyRows = false);

/// <summary>
/// Reads a release file: RFC 4180 CSV with a header row (rows numbered as in a spreadsheet, the header
/// is row 1), or JSON, an array of flat objects (or {"records": [...]}) whose names are the columns
/// (rows numbered from 1, file-level problems on row 0). Reading stops past <c>maxRows</c>.
/// </summary>
public static class ReleaseFile
{
    public static ReleaseTable ReadCsv(TextReader reader, int maxRows, List<IngestionError> errors)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true, BadDataFound = null };
        using var csv = new CsvReader(reader, config);
        var number = 1;
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
                return new ReleaseTable([], []);
            var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
            var columns = Index(header);
            var rows = new List<ReleaseRow>();
            while (csv.Read())
            {
                number++;
                if (rows.Count == maxRows)
                {
                    errors.Add(new IngestionError(number, null, null, $"the file has more than {maxRows} data rows; split it into several releases"));
                    return new ReleaseTable(header, rows, TooManyRows: true);
                }
                var cells = new string?[header.Length];
                for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetField(i);
                rows.Add(new ReleaseRow(number, columns, cells));
            }
            return new ReleaseTable(header, rows);
        }
        catch (CsvHelperException e)
        {
            errors.Add(new IngestionError(number, null, null,
                $"is not valid CSV ({e.GetType().Name.Replace("Exception", "")}): every row needs as many cells as the header, and quotes must be closed"));
            return new ReleaseTable([], []);
        }
    }

    public static ReleaseTable ReadJson(ReadOnlySpan<byte> json, int maxRows, List<IngestionError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            errors.Add(new IngestionError(0, null, null, $"is not valid JSON: {e.Message}"));
            return new ReleaseTable([], []);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var records)) root = records;
            if (root.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new IngestionError(0, null, null, "must be a JSON array of records, or an object with a \"records\" array"));
                return new ReleaseTable([], []);
            }
            var header = new List<string>();
            var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var parsed = new List<(int Number, Dictionary<int, string?> Cells)>();
            var number = 0;
            foreach (var record in root.EnumerateArray())
            {
                number++;
                if (parsed.Count == maxRows)
                {
                    errors.Add(new IngestionError(number, null, null, $"the body has more than {maxRows} records; split it into several releases"));
                    return new ReleaseTable(header, [], TooManyRows: true);
                }
                if (record.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new IngestionError(number, null, null, "must be a JSON object whose names are the columns"));
                    continue;
                }
                var cells = new Dictionary<int, string?>();
                foreach (var field in record.EnumerateObject())
                {
                    if (!columns.TryGetValue(field.Name, out var i))
                    {
                        columns[field.Name] = i = header.Count;
                        header.Add(field.Name);
                    }
                    cells[i] = field.Value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.String => field.Value.GetString(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Number => field.Value.GetRawText(),
                        _ => Invalid(errors, number, field.Name),
                    };
                }
                parsed.Add((number, cells));
            }
            var rows = parsed.Select(p =>
            {
                var cells = new string?[header.Count];
                foreach (var (i, value) in p.Cells) cells[i] = value;
                return new ReleaseRow(p.Number, columns, cells);
            }).ToList();
            return new ReleaseTable(header, rows);
        }
    }

    private static string? Invalid(List<IngestionError> errors, int number, string column)
    {
        errors.Add(new IngestionError(number, column, null, "must be a string, number, boolean or null, not an object or array"));
        return null;
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, int>(header.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) columns.TryAdd(header[i], i);
        return columns;
    }
}
