using System.Globalization;
using System.Text;
using System.Text.Json;
using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Periods;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Queries;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Listing;

/// <summary>
/// A listing query as understood: every parameter read and normalised by the spec's dimensions, the problems
/// found, the SQL filters with their parameters, and the release the answer stands on. Reading needs no database:
/// code lists, sources and releases come from the <see cref="LiveCatalogue"/>'s snapshot.
/// </summary>
public sealed class ListingRequest
{
    private readonly StringBuilder _where = new();

    private ListingRequest(ListingSpec spec, HttpRequest http, CatalogueSnapshot snapshot, SqlDialect dialect)
    {
        Dialect = dialect;
        Spec = spec;
        Http = http;
        Snapshot = snapshot;
        Reader = new QueryReader(new QueryErrors());
        Codes = snapshot.Codes.GetValueOrDefault(spec.Dataset.Id) ?? new DimensionCodes([]);
    }

    public ListingSpec Spec { get; }
    /// <summary>The SQL of the engine the query will run on (lists of values are read by its JSON functions).</summary>
    public SqlDialect Dialect { get; }
    public HttpRequest Http { get; }
    public CatalogueSnapshot Snapshot { get; }
    public QueryReader Reader { get; }
    public QueryErrors Errors => Reader.Errors;
    public SortedDictionary<string, string> Normalised => Reader.Normalised;
    public DimensionCodes Codes { get; }
    /// <summary>The query's parameters by name: values only, so that the SQL text depends on the query's shape alone.</summary>
    public Dictionary<string, object?> Arguments { get; } = new(StringComparer.Ordinal);
    public string Where => _where.ToString();

    public ReleaseStamp? Release { get; private set; }
    /// <summary>Pinned to a release by a cursor or a settled as_of (see <see cref="AsOf.Settled"/>): the answer never changes.</summary>
    public bool Pinned { get; private set; }
    public OutputFormat Format { get; private set; }
    public bool FormatAsked { get; private set; }
    public bool Download { get; private set; }
    public int Limit { get; private set; } = int.MaxValue - 1;
    public object?[]? After { get; private set; }
    public string? Cursor { get; private set; }

    public string? Text(string parameter) => Http.Query.TryGetValue(parameter, out var v) ? v.ToString() : null;

    /// <summary>Adds a filter; its SQL names the listed rows by the spec's alias and its parameters by @name.</summary>
    public void Filter(string sql, string? name = null, object? value = null)
    {
        _where.Append(" AND ").Append(sql);
        if (name is not null) Arguments[name] = value;
    }

    /// <summary>
    /// Keeps the rows whose <paramref name="column"/> is one of <paramref name="values"/>: one parameter holding them
    /// as a JSON array, read by the engine's JSON functions, so that lists of any length share one statement (one value: an equality).
    /// </summary>
    public void FilterIn(string column, string name, IEnumerable<string> values)
    {
        var list = values as IReadOnlyList<string> ?? [.. values];
        // One value (the common case) is an equality the index seeks directly; a JSON list would cost a temporary table.
        if (list.Count == 1) Filter($"{column} = @{name}", name, list[0]);
        else Filter(Dialect.InJsonList(column, name), name, JsonSerializer.Serialize(list));
    }

    public static ListingRequest Read(ListingSpec spec, HttpRequest http, CatalogueSnapshot snapshot, SqlDialect dialect)
    {
        var request = new ListingRequest(spec, http, snapshot, dialect);
        request.ReadAll();
        return request;
    }

    private void ReadAll()
    {
        var a = Spec.Alias;
        foreach (var dimension in Spec.Dimensions) ReadDimension(dimension);
        if (Spec.IsHistory || Spec.Versions) ReadPeriods();
        else
        {
            FilterPeriods(Reader.Periods("period", Text("period")));
            ReadRange();
        }
        foreach (var filter in Spec.Declared.OfType<WholeNumberFilter>()) ReadWholeNumber(filter);
        Spec.Filters?.Invoke(this);
        var allVersions = false;
        if (Spec.Sources)
        {
            var sources = Text("source") is { } s ? QueryReader.Split(s).Distinct().ToArray() : [];
            if (sources.Length > 0)
            {
                Normalised["source"] = string.Join(',', sources);
                FilterIn($"{a}.source_id", "sources", sources);
            }
            if (Spec.Versions)
            {
                allVersions = ReadCode("versions", Text("versions"), ["preferred", "all"], sources.Length > 0 ? "all" : "preferred",
                    c => c.Trim().ToLowerInvariant()) == "all";
            }
            foreach (var unknown in sources.Where(s => !Snapshot.Sources.Contains(s)))
                Errors.Add("source", $"'{unknown}' is not a source id; the ids are listed at /v1/sources");
        }
        if (Spec.Versions && !allVersions) Filter($"{a}.preferred = 1");
        var asOf = AsOf.Parse(Text("as_of"), Errors);
        if (asOf is not null) Normalised["as_of"] = asOf.Text;
        if (Spec.Paged)
            Limit = Reader.Limit(ReadInt("limit"), ListingParameters.DefaultLimit, ListingParameters.MaxLimit);
        FormatAsked = Text("format") is not null;
        Format = OutputFormats.Choose(Text("format"), Http, Errors);
        Download = Reader.Flag("download", ReadInt("download"));
        long? cursorRelease = null;
        if (Spec.Paged && Text("cursor") is { } cursor)
        {
            Cursor = cursor;
            (cursorRelease, After) = DecodeCursor(cursor);
        }
        if (Errors.Any) return;

        if (cursorRelease is { } pinned)
        {
            Release = Snapshot.Release(pinned);
            if (Release is null || Release.DatasetId != Spec.Dataset.Id) Errors.Add("cursor", Platform.Paging.Cursor.Message);
            Pinned = true;
        }
        else
        {
            Release = AsOf.Resolve(asOf, Snapshot, Spec.Dataset.Id, Errors);
            Pinned = asOf is not null && asOf.Settled(Snapshot);
        }
    }

    private void ReadDimension(Dimension dimension)
    {
        var text = Text(dimension.Parameter);
        var a = Spec.Alias;
        var list = Codes[dimension.CodeList];
        if (!dimension.Multiple)
        {
            var value = ReadCode(dimension.Parameter, text, list, dimension.Default!, c => Normalise(dimension, c));
            Filter($"{a}.{dimension.Column} = @{dimension.Parameter}", dimension.Parameter, value);
            return;
        }
        if (text is null) return;
        var values = QueryReader.Split(text).Select(v => Normalise(dimension, v)).Distinct().ToArray();
        if (values.Length == 0)
        {
            Errors.Add(dimension.Parameter, $"is empty; give one or more of: {Codes.Describe(dimension.CodeList)}, or leave it out for all");
            return;
        }
        foreach (var bad in values.Where(v => !Codes.Contains(dimension.CodeList, v)))
            Errors.Add(dimension.Parameter, dimension.Case == CodeCase.Country && Snapshot.Countries.Find(bad) is null
                ? $"'{bad}' is not a country code: {Countries.Forms}; this dataset has: {Codes.Describe(dimension.CodeList)}"
                : $"'{bad}' is not a code of this dataset; use one or more of: {Codes.Describe(dimension.CodeList)}");
        Normalised[dimension.Parameter] = string.Join(',', values);
        FilterIn($"{a}.{dimension.Column}", dimension.Parameter, values);
    }

    private string Normalise(Dimension dimension, string code) => dimension.Case switch
    {
        CodeCase.Country => Snapshot.Countries.Normalise(code),
        CodeCase.Upper => code.Trim().ToUpperInvariant(),
        CodeCase.Lower => code.Trim().ToLowerInvariant(),
        _ => Codes.AsListed(dimension.CodeList, code.Trim()) ?? code.Trim(),
    };

    /// <summary>One code with a default.</summary>
    private string ReadCode(string parameter, string? text, IReadOnlyList<string> allowed, string fallback, Func<string, string> normalise)
    {
        var value = text is null ? fallback : normalise(text);
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Errors.Add(parameter, $"'{text}' is not accepted; use one of: {string.Join(", ", allowed)}");
            return fallback;
        }
        Normalised[parameter] = value;
        return value;
    }

    private void ReadPeriods()
    {
        var periods = Reader.Periods("period", Text("period"));
        foreach (var period in periods.Where(x => !Codes.Contains("freq", x.Freq)))
            Errors.Add("period", $"'{period.Text}' has frequency {period.Freq}; this dataset has {Codes.Describe("freq")}");
        FilterPeriods(periods);
        ReadRange();
    }

    /// <summary>
    /// Keeps the rows of these periods. A period's text fixes its first month, so the filter also names period_start,
    /// the column after the series key in the listing indexes: the index then seeks the period instead of scanning the
    /// series (at 10M rows a series is 530 months), and the answer is the same.
    /// </summary>
    private void FilterPeriods(Period[] periods)
    {
        if (periods.Length == 0) return;
        FilterIn($"{Spec.Alias}.period", "periods", periods.Select(p => p.Text));
        if (periods.Length == 1) Filter($"{Spec.Alias}.period_start = @periodStart", "periodStart", periods[0].Start);
        else
        {
            Filter($"{Spec.Alias}.period_start >= @periodsFirst", "periodsFirst", periods.Min(p => p.Start));
            Filter($"{Spec.Alias}.period_start <= @periodsLast", "periodsLast", periods.Max(p => p.Start));
        }
    }

    private void ReadRange()
    {
        var (from, to) = Reader.Range(Text("from"), Text("to"));
        if (from is not null) Filter($"{Spec.Alias}.period_start >= @fromStart", "fromStart", from.Start);
        if (to is not null) Filter($"{Spec.Alias}.period_end <= @toEnd", "toEnd", to.End);
    }

    /// <summary>A whole-number parameter, or null when it is absent; one that is not a whole number is an error.</summary>
    public int? ReadInt(string parameter)
    {
        if (Text(parameter) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        Errors.Add(parameter, "must be a whole number");
        return null;
    }

    /// <summary>A declared whole-number filter (e.g. top=N): in its range, normalised, and applied as its SQL.</summary>
    private void ReadWholeNumber(WholeNumberFilter filter)
    {
        if (Text(filter.Parameter) is not { } text) return;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            Errors.Add(filter.Parameter, "must be a whole number");
        else if (n < filter.Min || n > filter.Max)
            Errors.Add(filter.Parameter, $"must be between {filter.Min} and {filter.Max}");
        else
        {
            Normalised[filter.Parameter] = n.ToString(CultureInfo.InvariantCulture);
            Filter(filter.Sql, filter.Parameter, n);
        }
    }

    private (long? Release, object?[]? After) DecodeCursor(string text)
    {
        var values = Platform.Paging.Cursor.Decode(text);
        if (values is not null && values.Length == Spec.Order.Length + 1
            && values[0].ValueKind == JsonValueKind.Number && values[0].TryGetInt64(out var release) && release > 0)
        {
            var after = new object?[Spec.Order.Length];
            var valid = true;
            for (var i = 0; i < after.Length; i++)
            {
                var v = values[i + 1];
                after[i] = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Number when v.TryGetInt64(out var l) => l,
                    JsonValueKind.Number => v.GetDouble(),
                    _ => null,
                };
                valid &= after[i] is not null;
            }
            if (valid) return (release, after);
        }
        Errors.Add("cursor", Platform.Paging.Cursor.Message);
        return (null, null);
    }

    /// <summary>Asks for the JSON answer whatever the request's format (a chart or an embed reads the records from it).</summary>
    public ListingRequest AsJson()
    {
        Format = OutputFormat.Json;
        FormatAsked = false;
        Download = false;
        return this;
    }

    /// <summary>
    /// Asks for every record of the query as JSON, in one page of at most <paramref name="max"/>: a chart or an embed
    /// draws the whole query, never one page of it. The answer's links.next says the query holds more.
    /// </summary>
    public ListingRequest AsWholeJson(int max)
    {
        AsJson();
        Limit = max;
        Normalised["limit"] = max.ToString(CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>Everything the answer is a function of, besides the release: the normalised query, the cursor and the format.</summary>
    public string Key =>
        $"{Spec.Path}\n{Release?.Id}\n{string.Join('&', Normalised.Select(kv => $"{kv.Key}={kv.Value}"))}\n{Cursor}\n{Format}\n{Download}\n{FormatAsked}";
}
