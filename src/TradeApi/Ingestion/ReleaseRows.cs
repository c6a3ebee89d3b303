using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using TradeApi.Codes;
using TradeApi.Periods;

namespace TradeApi.Ingestion;

/// <summary>What is wrong with one cell (or row) of a release file. Rows count as in a spreadsheet: the header is row 1.</summary>
public sealed record IngestionError(int Row, string? Column, string? Value, string Message);

/// <summary>One data row of a release file, cells by column name (case-insensitive).</summary>
public sealed class ReleaseRow(int number, IReadOnlyDictionary<string, string> cells)
{
    public int Number { get; } = number;

    /// <summary>The trimmed cell, or null when the column is absent or the cell empty.</summary>
    public string? this[string column] =>
        cells.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

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

/// <summary>Reads a release file (RFC 4180 CSV with a header row) into rows.</summary>
public static class ReleaseFile
{
    public static (IReadOnlyList<string> Header, IReadOnlyList<ReleaseRow> Rows) ReadCsv(TextReader reader)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectColumnCountChanges = true,
            BadDataFound = null,
        };
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader())
            return ([], []);
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        var rows = new List<ReleaseRow>();
        var number = 1;
        while (csv.Read())
        {
            number++;
            var cells = new Dictionary<string, string>(header.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length; i++)
                cells[header[i]] = csv.GetField(i) ?? "";
            rows.Add(new ReleaseRow(number, cells));
        }
        return (header, rows);
    }
}
