namespace TradeApi.Codes;

/// <summary>
/// ISO 3166-1 countries the datasets use. Input may be alpha-2 or alpha-3 in any case;
/// answers are always alpha-2 upper case.
/// </summary>
public static class Countries
{
    private static readonly (string Alpha2, string Alpha3, string Name)[] Known =
    [
        ("BY", "BLR", "Belarus"),
        ("CN", "CHN", "China"),
        ("DE", "DEU", "Germany"),
        ("FR", "FRA", "France"),
        ("JP", "JPN", "Japan"),
        ("KR", "KOR", "South Korea"),
        ("RU", "RUS", "Russia"),
        ("US", "USA", "United States"),
    ];

    private static readonly Dictionary<string, string> ToAlpha2 = Known
        .SelectMany(c => new[] { (c.Alpha2, c.Alpha2), (c.Alpha3, c.Alpha2) })
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>The alpha-2 code for an alpha-2 or alpha-3 code, or the input upper-cased when it is neither.</summary>
    public static string Normalise(string code)
    {
        code = code.Trim();
        return ToAlpha2.TryGetValue(code, out var alpha2) ? alpha2 : code.ToUpperInvariant();
    }
}
