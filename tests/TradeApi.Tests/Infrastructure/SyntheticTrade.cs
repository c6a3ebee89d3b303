using System.Globalization;
using System.Text;

namespace TradeApi.Tests.Infrastructure;

/// <summary>
/// Synthetic trade release files for tests and benchmarks: generated, never real, never served as real
/// (their sources say so). Monthly figures 1900-01..2100-12 for CN→RU and RU→CN, three flows, spread over
/// as many synthetic sources as the row count needs.
/// </summary>
public static class SyntheticTrade
{
    public const string Header = "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind";

    private static readonly (string Reporter, string Partner)[] Pairs = [("CN", "RU"), ("RU", "CN")];
    private static readonly string[] Flows = ["export", "import", "total"];
    private const int FirstMonth = 1900 * 12, Months = 201 * 12;

    public static int RowsPerSource => Pairs.Length * Flows.Length * Months;

    /// <summary>Writes <paramref name="rows"/> rows; <paramref name="valueSeed"/> changes every value (a revision of the same keys).</summary>
    public static void Write(TextWriter writer, int rows, string sourcePrefix = "synthetic", int valueSeed = 0)
    {
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(200);
        for (var i = 0; i < rows; i++)
        {
            var source = i / RowsPerSource;
            var within = i % RowsPerSource;
            var month = FirstMonth + within % Months;
            var flow = Flows[within / Months % Flows.Length];
            var (reporter, partner) = Pairs[within / (Months * Flows.Length)];
            var value = 1_000_000L + (i * 7919L + valueSeed * 104_729L) % 9_000_000_000L;
            line.Clear();
            line.Append(reporter).Append(',').Append(partner).Append(',').Append(flow).Append(',')
                .Append((month / 12).ToString("D4", CultureInfo.InvariantCulture)).Append('-')
                .Append((month % 12 + 1).ToString("D2", CultureInfo.InvariantCulture)).Append(',')
                .Append(value.ToString(CultureInfo.InvariantCulture)).Append(",USD,,synthetic test data (not real),reported,,")
                .Append(sourcePrefix).Append('-').Append(source.ToString(CultureInfo.InvariantCulture));
            line.Append(within == 0 ? ",TradeApi synthetic data generator (not real),,,2026-11-28,analysis" : ",,,,,");
            writer.Write(line);
            writer.Write('\n');
        }
    }

    public static byte[] Csv(int rows, string sourcePrefix = "synthetic", int valueSeed = 0)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, rows, sourcePrefix, valueSeed);
        return Encoding.UTF8.GetBytes(writer.ToString());
    }
}
