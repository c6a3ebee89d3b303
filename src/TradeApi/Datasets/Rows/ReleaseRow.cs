using System.Globalization;
using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Periods;

namespace TradeApi.Datasets.Rows;

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
    public bool Withdraws => Kind == RowAction.Withdraw;

    /// <summary>
    /// <c>action=source</c>: the row corrects its source's description (the source columns it gives), and names no
    /// figure: its data cells are not read.
    /// </summary>
    public bool DescribesSource => Kind == RowAction.Source;

    /// <summary>The actions a row may name, with what each does.</summary>
    public const string Actions = "set (or empty: add or revise the figure), withdraw (withdraw the figure), source (correct the row's source; no figure)";

    /// <summary>An error when the action is none of <see cref="Actions"/>.</summary>
    public IngestionError? ActionError() => Kind == RowAction.Unknown ? Error(Action, $"must be one of: {Actions}") : null;

    /// <summary>The row's action, read once (the importer asks several times a row).</summary>
    private RowAction Kind => _kind ??= this[Action] switch
    {
        null => RowAction.Set,
        var a when a.Equals("set", StringComparison.OrdinalIgnoreCase) => RowAction.Set,
        var a when a.Equals("withdraw", StringComparison.OrdinalIgnoreCase) => RowAction.Withdraw,
        var a when a.Equals("source", StringComparison.OrdinalIgnoreCase) => RowAction.Source,
        _ => RowAction.Unknown,
    };

    private RowAction? _kind;

    private enum RowAction { Set, Withdraw, Source, Unknown }

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

    /// <summary>A required (or optional) country or aggregate code from the code table, answered as its canonical code.</summary>
    public string? Country(string column, Countries countries, List<IngestionError> errors, bool required = true)
    {
        if (this[column] is not { } text)
        {
            if (required) errors.Add(Error(column, $"is required; {Countries.Forms}"));
            return null;
        }
        if (countries.Find(text) is { } code) return code;
        errors.Add(Error(column, $"is not a country code; {Countries.Forms}"));
        return null;
    }

    /// <summary>A required period whose frequency the dataset has.</summary>
    public Period? Period(string column, DimensionCodes codes, List<IngestionError> errors)
    {
        if (this[column] is not { } text)
            errors.Add(Error(column, "is required"));
        else if (!TryParsePeriod(text, out var period))
            errors.Add(Error(column, $"must be {Periods.Period.Forms}"));
        else if (!codes.Contains("freq", period.Freq))
            errors.Add(Error(column, $"has frequency {period.Freq}; this dataset takes {codes.Describe("freq")}"));
        else
            return period;
        return null;
    }

    // A release repeats few distinct periods many times over; parse each once.
    [ThreadStatic] private static Dictionary<string, Period?>? _periods;

    private static bool TryParsePeriod(string text, out Period period)
    {
        _periods ??= new Dictionary<string, Period?>(StringComparer.Ordinal);
        if (!_periods.TryGetValue(text, out var cached))
        {
            if (_periods.Count > 100_000) _periods.Clear();
            _periods[text] = cached = Periods.Period.TryParse(text, out var parsed) ? parsed : null;
        }
        period = cached!;
        return cached is not null;
    }

    public string? Required(string column, List<IngestionError> errors, string what)
    {
        if (this[column] is { } text) return text;
        errors.Add(Error(column, $"is required: {what}"));
        return null;
    }

    /// <summary>How the source worded a figure: about, above, below, at-most; empty means exactly.</summary>
    public static readonly string[] Qualifiers = ["about", "above", "below", "at-most"];

    /// <summary>The optional qualifier, as the source's words give it (empty: the figure is exact).</summary>
    public string? Qualifier(List<IngestionError> errors)
    {
        var qualifier = this["qualifier"]?.ToLowerInvariant();
        if (qualifier is not null && !Qualifiers.Contains(qualifier))
        {
            errors.Add(Error("qualifier", $"must be empty (exactly) or one of: {string.Join(", ", Qualifiers)}"));
            return null;
        }
        return qualifier;
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
