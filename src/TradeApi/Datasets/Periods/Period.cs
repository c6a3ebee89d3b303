using System.Globalization;
using System.Text.RegularExpressions;

namespace TradeApi.Datasets.Periods;

/// <summary>Frequencies a period can have. YTD is a cumulative span from January.</summary>
public static class Freq
{
    public const string Annual = "A";
    public const string HalfYear = "H";
    public const string Quarterly = "Q";
    public const string Monthly = "M";
    public const string YearToDate = "YTD";
    /// <summary>A statement whose speaker named no reference period: "the latest data" as of the month it was published.</summary>
    public const string AsOfPublication = "U";
}

/// <summary>
/// A period as the API writes it: <c>2024</c>, <c>2024-H1</c>, <c>2024-Q3</c>, <c>2024-07</c>
/// or a cumulative span <c>2025-01..2025-04</c>; <c>..2024-01</c> is a statement's unspecified period, the latest data as
/// of its publication in that month (Start = End = that month), which never joins a statistic's series. Start and End are month indexes
/// (year * 12 + month - 1), so "the same period a year earlier" is Start - 12, End - 12.
/// </summary>
public sealed partial record Period(string Text, string Freq, int Start, int End)
{
    public const string Forms = "a year (2024), half-year (2024-H1), quarter (2024-Q3), month (2024-07), cumulative span from January (2025-01..2025-04) or, for a statement naming no period, as of its publication month (..2024-01)";

    public int Year => Start / 12;

    public string StartMonth => MonthText(Start);
    public string EndMonth => MonthText(End);

    public Period YearEarlier() => FromMonths(Freq, Start - 12, End - 12);

    public static string MonthText(int index) => $"{index / 12:D4}-{index % 12 + 1:D2}";

    public static bool TryParse(string? text, out Period period)
    {
        period = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim().ToUpperInvariant();

        var span = text.Split("..");
        if (span.Length == 2 && span[0].Length == 0)
        {
            if (!TryParseMonth(span[1], out var published)) return false;
            period = FromMonths(Periods.Freq.AsOfPublication, published, published);
            return true;
        }
        if (span.Length == 2)
        {
            if (!TryParseMonth(span[0], out var from) || !TryParseMonth(span[1], out var to)) return false;
            // Cumulative spans run from January to a later month of the same year.
            if (from % 12 != 0 || to / 12 != from / 12 || to < from) return false;
            period = FromMonths(Periods.Freq.YearToDate, from, to);
            return true;
        }

        var m = PeriodPattern().Match(text);
        if (!m.Success) return false;
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < 1900 or > 2100) return false;
        var first = year * 12;
        if (m.Groups["half"].Success)
        {
            var h = m.Groups["half"].Value[0] - '1';
            if (h is < 0 or > 1) return false;
            period = FromMonths(Periods.Freq.HalfYear, first + h * 6, first + h * 6 + 5);
        }
        else if (m.Groups["quarter"].Success)
        {
            var q = m.Groups["quarter"].Value[0] - '1';
            if (q is < 0 or > 3) return false;
            period = FromMonths(Periods.Freq.Quarterly, first + q * 3, first + q * 3 + 2);
        }
        else if (m.Groups["month"].Success)
        {
            var month = int.Parse(m.Groups["month"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12) return false;
            period = FromMonths(Periods.Freq.Monthly, first + month - 1, first + month - 1);
        }
        else
        {
            period = FromMonths(Periods.Freq.Annual, first, first + 11);
        }
        return true;
    }

    /// <summary>Builds the canonical period of a frequency from its month range.</summary>
    public static Period FromMonths(string freq, int start, int end)
    {
        var year = start / 12;
        var text = freq switch
        {
            Periods.Freq.Annual => $"{year:D4}",
            Periods.Freq.HalfYear => $"{year:D4}-H{start % 12 / 6 + 1}",
            Periods.Freq.Quarterly => $"{year:D4}-Q{start % 12 / 3 + 1}",
            Periods.Freq.Monthly => MonthText(start),
            Periods.Freq.YearToDate => $"{MonthText(start)}..{MonthText(end)}",
            Periods.Freq.AsOfPublication => $"..{MonthText(end)}",
            _ => throw new ArgumentOutOfRangeException(nameof(freq), freq, "unknown frequency"),
        };
        return new Period(text, freq, start, end);
    }

    private static bool TryParseMonth(string text, out int index)
    {
        index = 0;
        var m = MonthPattern().Match(text);
        if (!m.Success) return false;
        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year is < 1900 or > 2100 || month is < 1 or > 12) return false;
        index = year * 12 + month - 1;
        return true;
    }

    [GeneratedRegex(@"^(?<year>\d{4})(?:-H(?<half>\d)|-Q(?<quarter>\d)|-(?<month>\d{2}))?$")]
    private static partial Regex PeriodPattern();

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();
}
