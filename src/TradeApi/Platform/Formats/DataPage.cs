namespace TradeApi.Platform.Formats;

/// <summary>The JSON envelope of every data response: records, what they are, and where to go next.</summary>
public sealed record DataPage<T>(IReadOnlyList<T> Data, PageMeta Meta, PageLinks Links);

/// <summary>
/// The query as understood (normalised, defaults filled in), the count, the release the answer
/// stands on, units, licence and how to cite it.
/// </summary>
public sealed record PageMeta(
    string Dataset,
    IReadOnlyDictionary<string, string> Query,
    int Count,
    long Release,
    string ReleasedAt,
    string Unit,
    string Licence,
    string Citation,
    IReadOnlyList<string> Sources);

public sealed record PageLinks(string Self, string? Next, string Dataset, string Sources);
