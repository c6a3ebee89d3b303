using System.Globalization;
using TradeApi.Periods;
using TradeApi.Problems;

namespace TradeApi.Queries;

/// <summary>
/// Reads the common kinds of query parameter (periods, ranges, limits, flags) into normalised values, recording
/// each problem against its parameter, and keeps the query as understood: the canonical parameters that
/// meta.query and the links repeat.
/// </summary>
public sealed class QueryReader(QueryErrors errors)
{
    public QueryErrors Errors => errors;

    /// <summary>The query as understood, in a stable order, defaults filled in.</summary>
    public SortedDictionary<string, string> Normalised { get; } = new(StringComparer.Ordinal);

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
        if (!Period.TryParse(text, out var period) || period.Freq is Freq.YearToDate or Freq.AsOfPublication)
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
