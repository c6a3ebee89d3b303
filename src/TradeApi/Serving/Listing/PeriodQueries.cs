using TradeApi.Datasets.Periods;
using TradeApi.Platform.Queries;

namespace TradeApi.Serving.Listing;

/// <summary>The period parameters of a listing (period, from, to), read into <see cref="Period"/>s by a <see cref="QueryReader"/>.</summary>
public static class PeriodQueries
{
    public static Period[] Periods(this QueryReader reader, string parameter, string? text)
    {
        if (text is null) return [];
        var periods = new List<Period>();
        foreach (var value in QueryReader.Split(text))
        {
            if (Period.TryParse(value, out var period)) periods.Add(period);
            else reader.Errors.Add(parameter, $"'{value}' is not a period; use {Period.Forms}");
        }
        if (periods.Count > 0) reader.Normalised[parameter] = string.Join(',', periods.Select(p => p.Text));
        return [.. periods];
    }

    /// <summary>from/to: a year, half, quarter or month (not a span); from must not be after to.</summary>
    public static (Period? From, Period? To) Range(this QueryReader reader, string? fromText, string? toText)
    {
        var from = reader.Bound("from", fromText);
        var to = reader.Bound("to", toText);
        if (from is not null && to is not null && from.Start > to.End)
            reader.Errors.Add("from", $"'{from.Text}' is after to '{to.Text}'; swap them or widen the range");
        return (from, to);
    }

    private static Period? Bound(this QueryReader reader, string parameter, string? text)
    {
        if (text is null) return null;
        if (!Period.TryParse(text, out var period) || period.Freq is Freq.YearToDate or Freq.AsOfPublication)
        {
            reader.Errors.Add(parameter, $"'{text}' is not a period bound; use a year (2020), half-year (2020-H1), quarter (2020-Q2) or month (2020-04)");
            return null;
        }
        reader.Normalised[parameter] = period.Text;
        return period;
    }
}
