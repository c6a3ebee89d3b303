using TradeApi.Datasets.Periods;

namespace TradeApi.Tests.Datasets.Periods;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2024", "2024", "A", "2024-01", "2024-12")]
    [InlineData("2024-h1", "2024-H1", "H", "2024-01", "2024-06")]
    [InlineData("2024-H2", "2024-H2", "H", "2024-07", "2024-12")]
    [InlineData("2024-q3", "2024-Q3", "Q", "2024-07", "2024-09")]
    [InlineData("2024-07", "2024-07", "M", "2024-07", "2024-07")]
    [InlineData(" 2025-01..2025-04 ", "2025-01..2025-04", "YTD", "2025-01", "2025-04")]
    public void ParsesEveryFormToItsCanonicalTextAndMonths(string input, string text, string freq, string start, string end)
    {
        Assert.True(Period.TryParse(input, out var period));
        Assert.Equal(text, period.Text);
        Assert.Equal(freq, period.Freq);
        Assert.Equal(start, period.StartMonth);
        Assert.Equal(end, period.EndMonth);
    }

    [Theory]
    [InlineData("")]
    [InlineData("24")]
    [InlineData("2024-13")]
    [InlineData("2024-00")]
    [InlineData("2024-Q5")]
    [InlineData("2024-H3")]
    [InlineData("2025-02..2025-04")]
    [InlineData("2025-04..2025-01")]
    [InlineData("2024-01..2025-04")]
    [InlineData("2024-01..")]
    [InlineData("1800")]
    public void RejectsWhatIsNotAPeriod(string input) => Assert.False(Period.TryParse(input, out _));

    [Fact]
    public void TheSamePeriodAYearEarlierKeepsItsFrequency()
    {
        Assert.True(Period.TryParse("2025-01..2025-06", out var ytd));
        Assert.Equal("2024-01..2024-06", ytd.YearEarlier().Text);
        Assert.True(Period.TryParse("2025-Q1", out var q));
        Assert.Equal("2024-Q1", q.YearEarlier().Text);
    }
}
