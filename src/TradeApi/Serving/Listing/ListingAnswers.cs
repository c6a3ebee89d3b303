using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Microsoft.Extensions.ObjectPool;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Listing;

/// <summary>
/// The one listing pipeline: read the query (<see cref="ListingRequest"/>), settle the release it stands on, and
/// answer the bytes made for that (release, normalised query, format), making them on a miss with one index
/// range scan over the stored rows, written straight from the reader as the JSON envelope, CSV or NDJSON.
/// </summary>
public static class ListingAnswers
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<IResult> AnswerAsync(ListingSpec spec, HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db)
    {
        var snapshot = catalogue.Current;
        var request = ListingRequest.Read(spec, context.Request, snapshot, context.RequestServices.GetRequiredService<Db>().Dialect);
        if (request.Errors.Any) return request.Errors.ToProblem();
        var answer = await GetAsync(request, cache, db).WaitAsync(context.RequestAborted);
        RawAnswers.Remember(context, snapshot.Newest, request.Key, cache);
        return new AnswerResult(answer);
    }

    /// <summary>The answer to a request read without errors: from the cache, or made now.</summary>
    public static Task<Answer> GetAsync(ListingRequest request, AnswerCache cache, Db db) =>
        // Made once for every request waiting on the same key, so one client going away does not fail the others.
        // It has its own deadline, so that a runaway query is interrupted even when no one waits for it any more.
        cache.GetOrMakeAsync(request.Key, async () =>
        {
            using var deadline = new CancellationTokenSource(QueryTimeout);
            return await MakeAsync(request, db, deadline.Token);
        });

    /// <summary>How long one query may run before SQLite is interrupted.</summary>
    public static TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private static async Task<Answer> MakeAsync(ListingRequest request, Db db, CancellationToken ct)
    {
        var spec = request.Spec;
        var release = request.Release!;
        var args = request.Arguments;
        args.Add("release", release.Id);
        var where = new StringBuilder(request.Where);
        if (request.After is { } after)
        {
            where.Append($" AND ({string.Join(", ", spec.Order)}) > ({string.Join(", ", after.Select((_, i) => $"@after{i}"))})");
            for (var i = 0; i < after.Length; i++) args.Add($"after{i}", after[i]);
        }
        if (spec.Paged) args.Add("take", request.Limit + 1);
        var sql = spec.Sql(where.ToString(), take: spec.Paged, sortValues: true);

        using var page = new PageWriter(request);
        var last = await db.Reads.ReadAsync(sql, args, async rows =>
        {
            object?[]? last = null;
            var count = 0;
            while (await rows.NextAsync(ct))
            {
                if (count == request.Limit)
                {
                    page.HasNext = true;
                    break;
                }
                page.Write(rows);
                // The sort values are only wanted of the page's last row (for the cursor): not read for every row.
                if (++count == request.Limit) last = OrderValues(rows, spec);
            }
            return last;
        }, ct);
        var next = page.HasNext ? Platform.Paging.Cursor.Encode([release.Id, .. last!]) : null;
        return page.Finish(next);
    }

    private static object?[] OrderValues(Rows row, ListingSpec spec)
    {
        var values = new object?[spec.Order.Length];
        for (var i = 0; i < values.Length; i++) values[i] = row.Value(spec.Fields.Length + i);
        return values;
    }

    /// <summary>
    /// Buffers the pages are written into, reused: a fresh 16 KB buffer per miss was zeroed by the runtime each time.
    /// One that grew past 1 MB (a long page) is let go rather than kept.
    /// </summary>
    private static readonly ObjectPool<ArrayBufferWriter<byte>> Buffers =
        new DefaultObjectPoolProvider().Create(new PageBufferPolicy());

    private sealed class PageBufferPolicy : PooledObjectPolicy<ArrayBufferWriter<byte>>
    {
        public override ArrayBufferWriter<byte> Create() => new(16 * 1024);

        public override bool Return(ArrayBufferWriter<byte> buffer)
        {
            if (buffer.Capacity > 1024 * 1024) return false;
            buffer.ResetWrittenCount();
            return true;
        }
    }

    /// <summary>Writes the records of one page in the format asked for, and then the answer's headers.</summary>
    private sealed class PageWriter : IDisposable
    {
        private readonly ListingRequest _request;
        private readonly ArrayBufferWriter<byte> _buffer = Buffers.Get();
        private readonly Utf8JsonWriter _json;
        private readonly StringWriter? _csvText;
        private readonly CsvWriter? _csv;
        private readonly SortedSet<string> _sources = new(StringComparer.Ordinal);
        private readonly int _sourceField;
        private readonly bool _sourceList;
        private int _count;
        private JsonEncodedText[]? _names;

        public PageWriter(ListingRequest request)
        {
            _request = request;
            var fields = request.Spec.Fields;
            _sourceField = Array.FindIndex(fields, f => f.Name == request.Spec.SourcesField);
            _sourceList = request.Spec.SourcesField != "sourceId";
            _json = new Utf8JsonWriter(_buffer, JsonOptions);
            switch (request.Format)
            {
                case OutputFormat.Json:
                    _json.WriteStartObject();
                    _json.WriteStartArray("data");
                    break;
                case OutputFormat.Csv:
                    _csvText = new StringWriter(CultureInfo.InvariantCulture);
                    _csv = new CsvWriter(_csvText, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, NewLine = "\r\n" });
                    foreach (var field in fields) _csv.WriteField(field.Name);
                    _csv.NextRecord();
                    break;
            }
        }

        public bool HasNext { get; set; }

        /// <summary>Gives the buffer back (the answer's body is a copy of it).</summary>
        public void Dispose()
        {
            _json.Dispose();
            Buffers.Return(_buffer);
        }

        public void Write(Rows row)
        {
            _count++;
            var fields = _request.Spec.Fields;
            if (_sourceField >= 0 && !row.IsNull(_sourceField))
            {
                var source = row.Text(_sourceField);
                if (_sourceList) _sources.UnionWith(source.Split(',', StringSplitOptions.RemoveEmptyEntries));
                else _sources.Add(source);
            }
            if (_csv is not null)
            {
                for (var i = 0; i < fields.Length; i++) _csv.WriteField(RecordCells.Csv(row, i, fields[i].Kind));
                _csv.NextRecord();
                return;
            }
            RecordCells.Json(_json, fields, _names ??= RecordCells.Names(fields), row);
            if (_request.Format == OutputFormat.Ndjson)
            {
                _json.Flush();
                _buffer.Write("\n"u8);
                _json.Reset();
            }
        }

        public Answer Finish(string? cursor)
        {
            var request = _request;
            var spec = request.Spec;
            var release = request.Release!;
            var query = string.Join('&', request.Normalised.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
            var self = query.Length == 0 ? spec.Path : $"{spec.Path}?{query}";
            // Links of a CSV or NDJSON page keep the format and download asked for, so that following them gives the same kind of page.
            var linkQuery = request.Format == OutputFormat.Json || !request.FormatAsked && !request.Download ? query
                : string.Join('&', new[] { query, request.FormatAsked ? $"format={request.Format.Extension()}" : "", request.Download ? "download=1" : "" }
                    .Where(p => p.Length > 0));
            var next = cursor is null ? null : $"{spec.Path}?{(linkQuery.Length == 0 ? "" : linkQuery + "&")}cursor={cursor}";
            string contentType;
            byte[] body;
            string? disposition = null;
            switch (request.Format)
            {
                case OutputFormat.Csv:
                    _csv!.Flush();
                    body = new UTF8Encoding(false).GetBytes(_csvText!.ToString());
                    contentType = OutputFormats.Csv;
                    break;
                case OutputFormat.Ndjson:
                    _json.Flush();
                    body = _buffer.WrittenSpan.ToArray();
                    contentType = OutputFormats.Ndjson;
                    break;
                default:
                    _json.WriteEndArray();
                    WriteMeta(release);
                    _json.WriteStartObject("links");
                    _json.WriteString("self", self);
                    if (next is null) _json.WriteNull("next");
                    else _json.WriteString("next", next);
                    _json.WriteString("dataset", $"/v1/datasets/{spec.Dataset.Id}");
                    _json.WriteString("sources", "/v1/sources");
                    _json.WriteEndObject();
                    _json.WriteEndObject();
                    _json.Flush();
                    body = _buffer.WrittenSpan.ToArray();
                    contentType = "application/json; charset=utf-8";
                    break;
            }
            if (request.Format != OutputFormat.Json && request.Download)
                disposition = $"attachment; filename=\"tradeapi-{spec.Dataset.Id}-release-{release.Id}.{request.Format.Extension()}\"";
            var id = spec.Dataset.Id;
            string[] links =
            [
                .. next is null ? Array.Empty<string>() : [$"<{next}>; rel=\"next\""],
                $"</feeds/{id}.atom>; rel=\"alternate\"; type=\"application/atom+xml\"",
                $"</feeds/{id}.json>; rel=\"alternate\"; type=\"application/feed+json\"",
            ];
            return new Answer(request.Key, body, contentType, release.Time, request.Pinned,
                links: links, contentDisposition: disposition, vary: "Accept, Accept-Encoding");
        }

        private void WriteMeta(ReleaseStamp release)
        {
            var request = _request;
            var spec = request.Spec;
            _json.WriteStartObject("meta");
            _json.WriteString("dataset", spec.Dataset.Id);
            _json.WriteStartObject("query");
            foreach (var (name, value) in request.Normalised) _json.WriteString(name, value);
            _json.WriteEndObject();
            _json.WriteNumber("count", _count);
            _json.WriteNumber("release", release.Id);
            if (release.Id == 0) _json.WriteNull("releasedAt");
            else _json.WriteString("releasedAt", release.ReleasedAt);
            _json.WriteString("unit", (spec.Unit ?? spec.Dataset.MetaUnit)(request.Normalised));
            _json.WriteString("licence", request.Snapshot.Licences.GetValueOrDefault(spec.Dataset.Id, ""));
            _json.WriteString("citation", release.Id == 0
                ? $"TradeApi, {spec.Title}: no release yet."
                : $"TradeApi, {spec.Title}, release {release.Id} ({release.ReleasedAt[..10]}); figures as reported by the sources named in each record.");
            _json.WriteStartArray("sources");
            foreach (var source in _sources) _json.WriteStringValue(source);
            _json.WriteEndArray();
            _json.WriteEndObject();
        }
    }
}
