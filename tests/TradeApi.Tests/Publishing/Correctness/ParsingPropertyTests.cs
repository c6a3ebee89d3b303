using System.Globalization;
using CsCheck;
using TradeApi.Datasets.Periods;
using TradeApi.Datasets.Rows;
using TradeApi.Platform.Problems;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Tests.Publishing.Correctness;

/// <summary>Properties of the pure pieces, on generated input: period parsing, cursors, as_of, and the importer's number cells.</summary>
public sealed class ParsingPropertyTests
{
    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.String),
        (3, Gen.Select(Gen.Int[1890, 2110], Gen.Int[0, 14], Gen.OneOf("", "-", "-Q", "-H", "..", "-0")).Select((y, m, s) => $"{y}{s}{m:D2}")),
        (2, Gen.Select(Gen.Int[1890, 2110], Gen.Int[1, 13], Gen.Int[1, 13]).Select((y, a, b) => $"{y}-{a:D2}..{y}-{b:D2}")),
        (1, Gen.OneOf("2024", "2024-Q3", "2024-H1", "2024-07", "2025-01..2025-04", " 2024 ", "2024-q3")));

    [Fact]
    public void PeriodsParseToCanonicalTextThatParsesBackToThemselves() =>
        Text.Sample(text =>
        {
            if (!Period.TryParse(text, out var period)) return;
            Assert.True(period.Start <= period.End);
            Assert.True(Period.TryParse(period.Text, out var again));
            Assert.Equal(period, again);
            Assert.Equal(period.Text, Period.FromMonths(period.Freq, period.Start, period.End).Text);
            Assert.Equal(period.End - period.Start, period.YearEarlier().End - period.YearEarlier().Start);
        }, iter: 5000);

    [Fact]
    public void CursorsRoundTripAndAnyTextIsSafeToDecode()
    {
        Gen.String.Sample(text => _ = TradeApi.Platform.Paging.Cursor.Decode(text), iter: 3000);
        Gen.Select(Gen.Long[1, long.MaxValue], Gen.String, Gen.Int).Sample((release, key, rank) =>
        {
            var decoded = TradeApi.Platform.Paging.Cursor.Decode(TradeApi.Platform.Paging.Cursor.Encode(release, key, rank))!;
            Assert.Equal(release, decoded[0].GetInt64());
            Assert.Equal(key, decoded[1].GetString());
            Assert.Equal(rank, decoded[2].GetInt32());
        }, iter: 2000);
    }

    [Fact]
    public void AsOfAcceptsItsFormsAndRefusesTheRestWithAMessage() =>
        Gen.Frequency((2, Gen.String), (1, Gen.Select(Gen.Int[1, 9999], Gen.Int[1, 12], Gen.Int[1, 31]).Select((y, m, d) => $"{y:D4}-{m:D2}-{d:D2}")))
            .Sample(text =>
            {
                var errors = new QueryErrors();
                var asOf = AsOf.Parse(text, errors);
                Assert.True(asOf is not null ^ errors.Any, text);
            }, iter: 3000);

    [Fact]
    public void NumberCellsAreFiniteAndWithinTheirBoundsOrRefused() =>
        Gen.Frequency((2, Gen.String), (2, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
                (1, Gen.OneOf("1e300", "-1e300", "NaN", "Infinity", "-0", "1e-300", "0x10", "1,5", " 7 ")))
            .Sample(text =>
            {
                var row = new ReleaseRow(2, new Dictionary<string, int> { ["value"] = 0 }, [text]);
                var errors = new List<IngestionError>();
                var value = row.ReadNumber("value", errors, min: 0, max: 1e15);
                if (value is { } v) Assert.True(double.IsFinite(v) && v is >= 0 and <= 1e15, text);
                else if (!string.IsNullOrWhiteSpace(text)) Assert.Single(errors);
            }, iter: 5000);
}
