namespace TradeApi.Datasets.BrandShares;

/// <summary>One brand's sales in one period from one source. Brand ALL is the market total (origin null) or all brands of an origin.</summary>
public sealed record BrandShareRecord(
    string Market, string Segment, string Freq, string Period, string PeriodStart, string PeriodEnd,
    string Brand, string? Origin, string? PlatformOrigin,
    long? Units, double? SharePct, string ShareStatus, string? Qualifier, long? Rank, bool? TopTen, double? YoyChangePct,
    string CitedBody, string Confidence, bool Preferred, int Versions, string SourceId, long Release, string? Note);

/// <summary>
/// The share of the market held by the brands of one origin in a period. Origin <c>unattributed</c>
/// is the part no listed brand covers; <c>topTenListed</c> says how much of the top ten is known.
/// </summary>
public sealed record OriginShareRecord(
    string Market, string Segment, string Period, string OriginBasis, string Origin,
    int BrandsListed, string Brands, long? Units, double? SharePct, string ShareStatus,
    int TopTenBrands, int TopTenListed, long? MarketUnits, string Sources);

/// <summary>One vintage of a brand figure, as a release published it, with the release that superseded it, if any.</summary>
public sealed record BrandShareVintage(
    string Market, string Segment, string Freq, string Period, string Brand, string? Origin, string? PlatformOrigin,
    long? Units,
    /// <summary>The share as published (never computed here).</summary>
    double? SharePct,
    string? Qualifier, long? Rank, bool? TopTen, double? YoyChangePct, string CitedBody, string Confidence, string SourceId,
    long Release, string ReleasedAt, long? SupersededIn, string? Note);

public static class ShareStatus
{
    public const string Reported = "reported";
    /// <summary>units divided by the preferred market total of the same period, in percent, 2 decimals.</summary>
    public const string Computed = "computed";
    public const string Unavailable = "unavailable";
    /// <summary>by-origin: the sum of the brands' published shares.</summary>
    public const string SumOfReported = "sum-of-reported";
    /// <summary>by-origin: the remainder after every listed origin (100 minus their shares).</summary>
    public const string Remainder = "remainder";
}
