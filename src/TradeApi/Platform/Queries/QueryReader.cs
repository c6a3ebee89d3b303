using System.Globalization;
using TradeApi.Platform.Problems;

namespace TradeApi.Platform.Queries;

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

    public static IEnumerable<string> Split(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
