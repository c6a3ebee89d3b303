
namespace TradeApi.Datasets.Releases;

/// <summary>A release: the unit of change. Numbered, timestamped, immutable, with what it did.</summary>
public sealed record Release(
    long Id, string Dataset, string Title, string? Description, string ReleasedAt, string Origin, string ContentSha256,
    long Added, long Revised, long Withdrawn, IReadOnlyList<string> Sources);
