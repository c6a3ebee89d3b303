// Synthetic trade release files for bench/run.sh: generated, never real, and marked so in every file
// (sourceId synthetic-bench, publisher "TradeApi synthetic data generator (not real)", citedBody "synthetic (not real)").
//
// usage: Generator --rows N --out FILE [--seed S] [--legacy]
//
//   default   Comtrade-shaped: 80 real ISO 3166-1 alpha-2 countries, every ordered pair reporter != partner,
//             flows export, import, total, monthly periods from 2000-01 on, emitted month-major
//             (for each month: for each reporter: for each partner: for each flow) until N rows; one source.
//   --legacy  the shape the code before the Comtrade rewrite accepts: CN->RU and RU->CN only, 3 flows, monthly
//             1900-01..2100-12, repeated over sources synthetic-bench-0, -1, ... (each described on its first row).
//   --seed S  changes every value, keeping every key: seed 1 over the same --rows is a revision of seed 0.
//
// Values are whole US dollars from a deterministic pseudo-random function of (row index, seed).
using System.Globalization;
using System.Text;

int rows = -1, seed = 0;
string? output = null;
var legacy = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows" when i + 1 < args.Length: rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--legacy": legacy = true; break;
        default: return Usage();
    }
}
if (rows < 0 || output is null) return Usage();

using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 20);
writer.Write(Synthetic.Header);
writer.Write('\n');
if (legacy) Synthetic.WriteLegacy(writer, rows, seed);
else Synthetic.Write(writer, rows, seed);
return 0;

static int Usage()
{
    Console.Error.WriteLine("usage: Generator --rows N --out FILE [--seed S] [--legacy]");
    return 2;
}

internal static class Synthetic
{
    public const string Header = "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind";
    private const string SourceId = "synthetic-bench";
    private const string Described = ",TradeApi synthetic data generator (not real),Synthetic trade release for benchmarks (not real),,2026-11-28,analysis";
    private const string Undescribed = ",,,,,";
    private static readonly string[] Flows = ["export", "import", "total"];

    /// <summary>80 real ISO 3166-1 alpha-2 codes (large traders first); the order fixes the row order.</summary>
    public static readonly string[] Countries =
    [
        "CN", "RU", "US", "DE", "JP", "GB", "FR", "IT", "KR", "IN", "NL", "CA", "MX", "BR", "ES", "CH",
        "BE", "SG", "AU", "SA", "AE", "TR", "PL", "SE", "AT", "NO", "DK", "IE", "FI", "PT", "CZ", "HU",
        "RO", "GR", "IL", "EG", "ZA", "NG", "KE", "MA", "DZ", "AR", "CL", "CO", "PE", "VE", "ID", "MY",
        "TH", "VN", "PH", "PK", "BD", "LK", "IR", "IQ", "KZ", "UZ", "UA", "BY", "AZ", "GE", "AM", "MN",
        "KP", "NZ", "QA", "KW", "OM", "BH", "JO", "LB", "SY", "LY", "TN", "ET", "GH", "CI", "SN", "AO",
    ];

    /// <summary>Month-major rows over every ordered pair of <see cref="Countries"/>, from 2000-01.</summary>
    public static void Write(TextWriter writer, int rows, int seed)
    {
        var line = new StringBuilder(256);
        var i = 0;
        for (var month = 2000 * 12; ; month++)
            foreach (var reporter in Countries)
                foreach (var partner in Countries)
                {
                    if (reporter == partner) continue;
                    foreach (var flow in Flows)
                    {
                        if (i == rows) return;
                        Row(writer, line, reporter, partner, flow, month, Value(i, seed), SourceId, i == 0);
                        i++;
                    }
                }
    }

    /// <summary>The old test shape (tests/TradeApi.Tests/Infrastructure/SyntheticTrade.cs before the rewrite).</summary>
    public static void WriteLegacy(TextWriter writer, int rows, int seed)
    {
        (string Reporter, string Partner)[] pairs = [("CN", "RU"), ("RU", "CN")];
        const int firstMonth = 1900 * 12, months = 201 * 12;
        var perSource = pairs.Length * Flows.Length * months;
        var line = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            var source = i / perSource;
            var within = i % perSource;
            var (reporter, partner) = pairs[within / (months * Flows.Length)];
            var flow = Flows[within / months % Flows.Length];
            var sourceId = SourceId + "-" + source.ToString(CultureInfo.InvariantCulture);
            Row(writer, line, reporter, partner, flow, firstMonth + within % months, Value(i, seed), sourceId, within == 0);
        }
    }

    private static void Row(TextWriter writer, StringBuilder line, string reporter, string partner, string flow,
        int month, long value, string sourceId, bool describe)
    {
        line.Clear();
        line.Append(reporter).Append(',').Append(partner).Append(',').Append(flow).Append(',')
            .Append((month / 12).ToString("D4", CultureInfo.InvariantCulture)).Append('-')
            .Append((month % 12 + 1).ToString("D2", CultureInfo.InvariantCulture)).Append(',')
            .Append(value.ToString(CultureInfo.InvariantCulture))
            .Append(",USD,,synthetic (not real),reported,,").Append(sourceId)
            .Append(describe ? Described : Undescribed).Append('\n');
        writer.Write(line);
    }

    /// <summary>Whole dollars, 1,000 .. 10,000,001,000: a splitmix64 hash of (row index, seed).</summary>
    private static long Value(long row, int seed)
    {
        var z = unchecked((ulong)row * 0x9E3779B97F4A7C15UL + (ulong)seed * 0xD1B54A32D192ED03UL + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return 1_000L + (long)(z % 10_000_000_001UL);
    }
}
