using System.Globalization;
using System.Text;
using CsvHelper;
using System.Text.Json;
using CsvHelper.Configuration;
using TradeApi.Codes;
using TradeApi.Periods;

namespace TradeApi.ReleaseFiles;

public enum ReleaseFormat { Csv, Json, Ndjson }

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

    /// <summary>
    /// <c>action=source</c>: the row corrects its source's description (the source columns it gives), and names no
    /// figure: its data cells are not read.
    /// </summary>
    public bool DescribesSource => string.Equals(this[Action], "source", StringComparison.OrdinalIgnoreCase);

    /// <summary>The actions a row may name, with what each does.</summary>
    public const string Actions = "set (or empty: add or revise the figure), withdraw (withdraw the figure), source (correct the row's source; no figure)";

    /// <summary>An error when the action is none of <see cref="Actions"/>.</summary>
    public IngestionError? ActionError() =>
        this[Action] is { } action && !(action.Equals("set", StringComparison.OrdinalIgnoreCase) || Withdraws || DescribesSource)
            ? Error(Action, $"must be one of: {Actions}")
            : null;

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

/// <summary>
/// A release file read row by row: RFC 4180 CSV with a header row (rows numbered as in a spreadsheet,
/// the header is row 1), or JSON, an array of flat objects (or {"records": [...]}) whose names are the
/// columns (rows numbered from 1, file-level problems on row 0). Rows are produced one at a time, so a
/// large file is never held as objects.
/// </summary>
public abstract class ReleaseFile : IDisposable
{
    public IReadOnlyList<string> Header { get; protected init; } = [];

    /// <summary>True when reading stopped at the row limit.</summary>
    public bool TooManyRows { get; protected set; }

    /// <summary>How much of the input has been read, for progress.</summary>
    public abstract (long Done, long Total) Position { get; }

    /// <summary>The data rows; problems with the file itself (bad CSV, the row limit) are added to <paramref name="errors"/>.</summary>
    public abstract IEnumerable<ReleaseRow> Rows(int maxRows, List<IngestionError> errors);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    public static ReleaseFile Open(ReleaseBody content, ReleaseFormat format, List<IngestionError> errors) =>
        format == ReleaseFormat.Csv ? new CsvFile(content.Open(), errors) : new JsonFile(content.Bytes(), format == ReleaseFormat.Ndjson, errors);

    protected static Dictionary<string, int> Index(IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, int>(header.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) columns.TryAdd(header[i], i);
        return columns;
    }

    private sealed class CsvFile : ReleaseFile
    {
        private readonly Stream _stream;
        private readonly CsvParser _parser;
        private readonly Dictionary<string, int> _columns = [];

        public CsvFile(Stream content, List<IngestionError> errors)
        {
            _stream = content;
            _parser = new CsvParser(new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true),
                new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
            try
            {
                if (_parser.Read())
                {
                    Header = _parser.Record!.Select(h => h.Trim()).ToArray();
                    _columns = Index(Header);
                }
            }
            catch (CsvHelperException)
            {
                errors.Add(new IngestionError(1, null, null, "is not a valid CSV header row"));
            }
        }

        public override (long Done, long Total) Position => (_stream.Position, _stream.Length);

        public override IEnumerable<ReleaseRow> Rows(int maxRows, List<IngestionError> errors)
        {
            var number = 1;
            while (true)
            {
                string[]? record;
                try
                {
                    record = _parser.Read() ? _parser.Record : null;
                }
                catch (CsvHelperException e)
                {
                    errors.Add(new IngestionError(number + 1, null, null,
                        $"is not valid CSV ({e.GetType().Name.Replace("Exception", "")}): quotes must be closed"));
                    yield break;
                }
                if (record is null) yield break;
                number++;
                if (number - 1 > maxRows)
                {
                    TooManyRows = true;
                    errors.Add(new IngestionError(number, null, null, $"the file has more than {maxRows} data rows; split it into several releases"));
                    yield break;
                }
                if (record.Length != Header.Count)
                {
                    errors.Add(new IngestionError(number, null, null, $"has {record.Length} cells; the header has {Header.Count}"));
                    continue;
                }
                yield return new ReleaseRow(number, _columns, record);
            }
        }

        public override void Dispose()
        {
            _parser.Dispose();
            base.Dispose();
        }
    }

    private sealed class JsonFile : ReleaseFile
    {
        private readonly List<(int Number, string?[] Cells)> _rows = [];
        private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
        private readonly int _total;

        /// <summary>A JSON array of records (or an API answer holding one), or NDJSON: one record per line.</summary>
        public JsonFile(byte[] content, bool lines, List<IngestionError> errors)
        {
            // A UTF-8 byte-order mark is accepted, as it is for CSV.
            var body = content.AsMemory();
            if (body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..];
            var header = new List<string>();
            var parsed = new List<(int Number, Dictionary<int, string?> Cells)>();
            var number = 0;
            var recordCount = 0; // NDJSON row numbers are line numbers; records are counted apart (blank lines are not records)
            if (lines)
            {
                // NDJSON: each non-blank line is one record; row numbers are line numbers.
                var line = 0;
                foreach (var range in body.Span.Split((byte)'\n'))
                {
                    line++;
                    var text = body[range];
                    if (text.Span.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\r', (byte)'\t']).IsEmpty) continue;
                    number = line;
                    recordCount++;
                    try
                    {
                        using var record = JsonDocument.Parse(text);
                        Add(record.RootElement);
                    }
                    catch (JsonException e)
                    {
                        errors.Add(new IngestionError(line, null, null, $"is not valid JSON: {e.Message}"));
                    }
                }
            }
            else
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(body);
                }
                catch (JsonException e)
                {
                    errors.Add(new IngestionError(0, null, null, $"is not valid JSON: {e.Message}"));
                    return;
                }
                using (document)
                {
                    var root = document.RootElement;
                    // An array of records, {"records": [...]}, or a JSON answer of the API itself ({"data": [...], "meta": ...}).
                    if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("records", out var records) || root.TryGetProperty("data", out records)))
                        root = records;
                    if (root.ValueKind != JsonValueKind.Array)
                    {
                        errors.Add(new IngestionError(0, null, null, "must be a JSON array of records, or an object with a \"records\" array"));
                        return;
                    }
                    foreach (var record in root.EnumerateArray())
                    {
                        number++;
                        Add(record);
                    }
                }
            }
            Header = header;
            _total = lines ? recordCount : number;
            foreach (var (n, cells) in parsed)
            {
                var row = new string?[header.Count];
                foreach (var (i, value) in cells) row[i] = value;
                _rows.Add((n, row));
            }

            void Add(JsonElement record)
            {
                if (record.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new IngestionError(number, null, null, "must be a JSON object whose names are the columns"));
                    return;
                }
                var cells = new Dictionary<int, string?>();
                foreach (var field in record.EnumerateObject())
                {
                    if (!_columns.TryGetValue(field.Name, out var i))
                    {
                        _columns[field.Name] = i = header.Count;
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
        }

        public override (long Done, long Total) Position => (_total, _total);

        public override IEnumerable<ReleaseRow> Rows(int maxRows, List<IngestionError> errors)
        {
            var count = 0;
            foreach (var (number, cells) in _rows)
            {
                if (++count > maxRows)
                {
                    TooManyRows = true;
                    errors.Add(new IngestionError(number, null, null, $"the body has more than {maxRows} records; split it into several releases"));
                    yield break;
                }
                yield return new ReleaseRow(number, _columns, cells);
            }
        }

        private static string? Invalid(List<IngestionError> errors, int number, string column)
        {
            errors.Add(new IngestionError(number, column, null, "must be a string, number, boolean or null, not an object or array"));
            return null;
        }
    }
}
