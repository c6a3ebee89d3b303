using System.Globalization;
using TradeApi.Codes;
using TradeApi.Periods;
using TradeApi.Problems;

namespace TradeApi.Queries;

/// <summary>
/// Reads the common kinds of query parameter (code lists, periods, ranges, limits) into
/// normalised values, recording each problem against its parameter, and keeps the query
/// as understood: the canonical parameters that meta.query and the links repeat.
/// </summary>
public sealed class QueryReader(QueryErrors errors)
{
    public QueryErrors Errors => errors;

    /// <summary>The query as understood, in a stable order, defaults filled in.</summary>
    public SortedDictionary<string, string> Normalised { get; } = new(StringComparer.Ordinal);

    /// <summary>A comma list of codes from the dataset's code list; empty means all.</summary>
    public string[] Codes(string parameter, string? text, DimensionCodes codes, string dimension, Func<string, string>? normalise = null)
    {
        if (text is null) return [];
        var values = Split(text).Select(v => normalise is null ? v : normalise(v)).Distinct().ToArray();
        if (values.Length == 0)
        {
            errors.Add(parameter, $"is empty; give one or more of: {codes.Describe(dimension)}, or leave it out for all");
            return [];
        }
        foreach (var bad in values.Where(v => !codes.Contains(dimension, v)))
            errors.Add(parameter, $"'{bad}' is not a code of this dataset; use one or more of: {codes.Describe(dimension)}");
        Normalised[parameter] = string.Join(',', values);
        return values;
    }

    /// <summary>One code with a default.</summary>
    public string Code(string parameter, string? text, IReadOnlyList<string> allowed, string fallback, Func<string, string>? normalise = null)
    {
        var value = text is null ? fallback : (normalise ?? (v => v.Trim()))(text);
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(parameter, $"'{text}' is not accepted; use one of: {string.Join(", ", allowed)}");
            return fallback;
        }
        Normalised[parameter] = value;
        return value;
    }

    public Period[] Periods(string parameter, string? text)
    {
        if (text is null) return [];
        var periods = new List<Period>();
        foreach (var value in Split(text))
        {
            if (Period.TryParse(value, out var period)) periods.Add(period);
            else errors.Add(parameter, $"'{value}' is not a period; use {Period.Forms}");
        }
        if (periods.Count > 0) Normalised[parameter] = string.Join(',', periods.Select(p => p.Text));
        return [.. periods];
    }

    /// <summary>from/to: a year, half, quarter or month (not a span); from must not be after to.</summary>
    public (Period? From, Period? To) Range(string? fromText, string? toText)
    {
        var from = Bound("from", fromText);
        var to = Bound("to", toText);
        if (from is not null && to is not null && from.Start > to.End)
            errors.Add("from", $"'{from.Text}' is after to '{to.Text}'; swap them or widen the range");
        return (from, to);
    }

    public int Limit(int? value, int fallback, int max)
    {
        var limit = value ?? fallback;
        if (limit < 1 || limit > max)
        {
            errors.Add("limit", $"must be between 1 and {max.ToString(CultureInfo.InvariantCulture)}; follow links.next for more");
            return fallback;
        }
        Normalised["limit"] = limit.ToString(CultureInfo.InvariantCulture);
        return limit;
    }

    /// <summary>versions=preferred|all; all by default when the query names sources.</summary>
    public bool AllVersions(string? text, bool defaultAll) =>
        Code("versions", text, ["preferred", "all"], defaultAll ? "all" : "preferred", c => c.Trim().ToLowerInvariant()) == "all";

    /// <summary>A cursor of the form (release, position in the listing), as issued in links.next.</summary>
    public (long Release, long Position)? PositionCursor(string? text)
    {
        if (text is null) return null;
        var values = Paging.Cursor.Decode(text);
        if (values is { Length: 2 } && values[0].TryGetInt64(out var release) && values[1].TryGetInt64(out var position) && release > 0 && position > 0)
            return (release, position);
        errors.Add("cursor", Paging.Cursor.Message);
        return null;
    }

    /// <summary>The listing options every data endpoint shares: sources, versions, paging and format.</summary>
    public ListingOptions Listing(ListingParameters p, HttpRequest request)
    {
        var sources = p.Source is null ? [] : Split(p.Source).Distinct().ToArray();
        if (sources.Length > 0) Normalised["source"] = string.Join(',', sources);
        var asOf = Releases.AsOf.Parse(p.AsOf, errors);
        if (asOf is not null) Normalised["as_of"] = asOf.Text;
        return new ListingOptions(asOf, sources, AllVersions(p.Versions, sources.Length > 0),
            Limit(p.Limit, ListingParameters.DefaultLimit, ListingParameters.MaxLimit),
            Formats.OutputFormats.Choose(p.Format, request, errors), Flag("download", p.Download));
    }

    public bool Flag(string parameter, int? value)
    {
        if (value is null or 0) return false;
        if (value == 1) return true;
        errors.Add(parameter, "must be 0 or 1");
        return false;
    }

    private Period? Bound(string parameter, string? text)
    {
        if (text is null) return null;
        if (!Period.TryParse(text, out var period) || period.Freq == Freq.YearToDate)
        {
            errors.Add(parameter, $"'{text}' is not a period bound; use a year (2020), half-year (2020-H1), quarter (2020-Q2) or month (2020-04)");
            return null;
        }
        Normalised[parameter] = period.Text;
        return period;
    }

    public static IEnumerable<string> Split(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

public sealed record ListingOptions(Releases.AsOf? AsOf, string[] Sources, bool AllVersions, int Limit, Formats.OutputFormat Format, bool Download)
{
    /// <summary>
    /// Checks the named sources exist and settles the release the answer stands on (the cursor's, else as_of's,
    /// else the latest); null, with the errors added, when the query cannot be answered.
    /// </summary>
    public async Task<Releases.DatasetRelease?> ReleaseAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string datasetId,
        long? cursorRelease, Problems.QueryErrors errors, CancellationToken ct)
    {
        foreach (var unknown in await Catalogue.SourceIds.UnknownAsync(connection, Sources, ct))
            errors.Add("source", $"'{unknown}' is not a source id; the ids are listed at /v1/sources");
        if (errors.Any) return null;
        return await Releases.AsOf.ResolveAsync(connection, datasetId, AsOf, cursorRelease, errors, ct);
    }
}
