using System.Diagnostics;

namespace TradeApi.Tests.Publishing.Ingestion;

/// <summary>
/// The seed files are what db/seed/derive makes of ../shared/data, byte for byte: each derive script is run with
/// python3 and its output compared with the committed seed file. Without python3 (or without ../shared/data) the
/// test says so and checks nothing.
/// </summary>
public sealed class SeedDerivationTests
{
    public static IEnumerable<object[]> Scripts() =>
    [
        ["derive_trade.py", "", "0001-trade.csv"],
        ["derive_brand_shares.py", "", "0002-brand-shares.csv"],
        ["derive_currency_shares.py", "", "0003-currency-shares.csv"],
        ["derive_from_notes.py", "trade", "0004-trade-from-notes.csv"],
        ["derive_from_notes.py", "brand-shares", "0005-brand-shares-from-notes.csv"],
        ["derive_from_notes.py", "currency-shares", "0006-currency-shares-from-notes.csv"],
    ];

    [DeriveTheory]
    [MemberData(nameof(Scripts))]
    public async Task TheDeriveScriptsReproduceTheSeedFilesByteForByte(string script, string argument, string seedFile)
    {
        var root = Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot();
        var start = new ProcessStartInfo(DeriveTheoryAttribute.Python!, [Path.Combine(root, "db", "seed", "derive", script), DeriveTheoryAttribute.SharedData(), .. argument.Length > 0 ? [argument] : Array.Empty<string>()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "db", "seed", "derive"),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = await process.StandardError.ReadToEndAsync();
        await copy;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} {argument} failed: {errors}");
        var expected = await File.ReadAllBytesAsync(Path.Combine(root, "db", "seed", seedFile));
        Assert.True(expected.AsSpan().SequenceEqual(output.ToArray()), $"{script} {argument} no longer reproduces db/seed/{seedFile}");
    }

}

/// <summary>A theory that runs only where python3 and ../shared/data are, and otherwise is skipped with the reason.</summary>
public sealed class DeriveTheoryAttribute : TheoryAttribute
{
    public static readonly string? Python = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "python3")).FirstOrDefault(File.Exists);

    public static string SharedData() => Environment.GetEnvironmentVariable("TRADEAPI_SHARED_DATA")
        ?? Path.GetFullPath(Path.Combine(Platform.OpenApi.OpenApiDocumentTests.RepositoryRoot(), "..", "shared", "data"));

    public DeriveTheoryAttribute()
    {
        if (Python is null)
            Skip = "python3 is not installed, so db/seed/derive was not checked against the seed files (install python3 to check it)";
        else if (!Directory.Exists(SharedData()))
            Skip = $"../shared/data is not here ({SharedData()}), so db/seed/derive was not checked; set TRADEAPI_SHARED_DATA to its folder";
    }
}
