namespace TradeApi.Datasets.Rows;

/// <summary>How a list is kept in one text column (source_stats.cited_bodies) and read back.</summary>
public static class StoredLists
{
    /// <summary>What separates the items: the unit separator, U+001F, which no item holds.</summary>
    public const string Separator = "\u001f";

    /// <summary>The distinct items of a stored list, in ordinal order.</summary>
    public static string[] Split(string list) =>
        list.Split(Separator, StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal).ToArray();
}
