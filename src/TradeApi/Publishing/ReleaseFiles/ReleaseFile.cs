using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using TradeApi.Datasets.Rows;

namespace TradeApi.Publishing.ReleaseFiles;

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

        private readonly List<string> _header = [];
        private readonly List<(int Number, Dictionary<int, string?> Cells)> _parsed = [];

        /// <summary>A JSON array of records (or an API answer holding one), or NDJSON: one record per line.</summary>
        public JsonFile(byte[] content, bool lines, List<IngestionError> errors)
        {
            // A UTF-8 byte-order mark is accepted, as it is for CSV.
            var body = content.AsMemory();
            if (body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..];
            var total = lines ? ReadLines(body, errors) : ReadArray(body, errors);
            if (total is null) return;
            Header = _header;
            _total = total.Value;
            foreach (var (n, cells) in _parsed)
            {
                var row = new string?[_header.Count];
                foreach (var (i, value) in cells) row[i] = value;
                _rows.Add((n, row));
            }
        }

        /// <summary>NDJSON: each non-blank line is one record, numbered by its line. The records counted (blank lines are not records).</summary>
        private int ReadLines(ReadOnlyMemory<byte> body, List<IngestionError> errors)
        {
            var (line, records) = (0, 0);
            foreach (var range in body.Span.Split((byte)'\n'))
            {
                line++;
                var text = body[range];
                if (text.Span.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\r', (byte)'\t']).IsEmpty) continue;
                records++;
                try
                {
                    using var record = JsonDocument.Parse(text);
                    Add(record.RootElement, line, errors);
                }
                catch (JsonException e)
                {
                    errors.Add(new IngestionError(line, null, null, $"is not valid JSON: {e.Message}"));
                }
            }
            return records;
        }

        /// <summary>An array of records, {"records": [...]}, or a JSON answer of the API itself ({"data": [...], "meta": ...}); null if none.</summary>
        private int? ReadArray(ReadOnlyMemory<byte> body, List<IngestionError> errors)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                errors.Add(new IngestionError(0, null, null, $"is not valid JSON: {e.Message}"));
                return null;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("records", out var records) || root.TryGetProperty("data", out records)))
                    root = records;
                if (root.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new IngestionError(0, null, null, "must be a JSON array of records, or an object with a \"records\" array"));
                    return null;
                }
                var number = 0;
                foreach (var record in root.EnumerateArray()) Add(record, ++number, errors);
                return number;
            }
        }

        /// <summary>One record: its names are columns (a new name adds one), its values cells as text.</summary>
        private void Add(JsonElement record, int number, List<IngestionError> errors)
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
                    _columns[field.Name] = i = _header.Count;
                    _header.Add(field.Name);
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
            _parsed.Add((number, cells));
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
