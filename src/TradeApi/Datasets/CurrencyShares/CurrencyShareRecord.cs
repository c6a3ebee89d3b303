namespace TradeApi.Datasets.CurrencyShares;

/// <summary>
/// The share of one currency in the settlement of a country's exports or imports with a counterpart.
/// <c>kind</c> keeps Bank of Russia statistics apart from officials' statements (<c>statedBy</c>, <c>statedAs</c>, <c>qualifier</c>).
/// </summary>
public sealed record CurrencyShareRecord(
    string Country, string Counterpart, string Direction, string Freq, string Period, string PeriodStart, string PeriodEnd,
    string Currency, double? SharePct, string? Qualifier, string Kind, string? StatedBy, string? StatedAs,
    string CitedBody, string Confidence, bool Preferred, int Versions, string SourceId, long Release, string? Note);

/// <summary>One vintage of a currency share, as a release published it, with the release that superseded it, if any.</summary>
public sealed record CurrencyShareVintage(
    string Country, string Counterpart, string Direction, string Freq, string Period, string Currency, double? SharePct,
    string? Qualifier, string Kind, string? StatedBy, string? StatedAs, string CitedBody, string Confidence, string SourceId,
    long Release, string ReleasedAt, long? SupersededIn, string? Note);
