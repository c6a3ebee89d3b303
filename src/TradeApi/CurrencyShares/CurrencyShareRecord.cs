namespace TradeApi.CurrencyShares;

/// <summary>
/// The share of one currency in the settlement of a country's exports or imports with a counterpart.
/// <c>kind</c> keeps Bank of Russia statistics apart from officials' statements (<c>statedBy</c>, <c>statedAs</c>, <c>qualifier</c>).
/// </summary>
public sealed record CurrencyShareRecord(
    string Country, string Counterpart, string Direction, string Freq, string Period, string PeriodStart, string PeriodEnd,
    string Currency, double? SharePct, string? Qualifier, string Kind, string? StatedBy, string? StatedAs,
    string CitedBody, string Confidence, bool Preferred, int Versions, string SourceId, long Release, string? Note);

/// <summary>One vintage of a currency share, as a release published it, with the release that superseded it, if any.</summary>
public sealed class CurrencyShareVintage
{
    public string Country { get; init; } = "";
    public string Counterpart { get; init; } = "";
    public string Direction { get; init; } = "";
    public string Freq { get; init; } = "";
    public string Period { get; init; } = "";
    public string Currency { get; init; } = "";
    public double? SharePct { get; init; }
    public string? Qualifier { get; init; }
    public string Kind { get; init; } = "";
    public string? StatedBy { get; init; }
    public string? StatedAs { get; init; }
    public string CitedBody { get; init; } = "";
    public string Confidence { get; init; } = "";
    public string SourceId { get; init; } = "";
    public long Release { get; init; }
    public string ReleasedAt { get; init; } = "";
    public long? SupersededIn { get; init; }
    public string? Note { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public long Position { get; init; }
}

/// <summary>A row as the listing SQL returns it.</summary>
public sealed class CurrencyShareRow
{
    public string Country { get; init; } = "";
    public string Counterpart { get; init; } = "";
    public string Direction { get; init; } = "";
    public string Freq { get; init; } = "";
    public string Period { get; init; } = "";
    public int PeriodStart { get; init; }
    public int PeriodEnd { get; init; }
    public string Currency { get; init; } = "";
    public double? SharePct { get; init; }
    public string? Qualifier { get; init; }
    public string Kind { get; init; } = "";
    public string? StatedBy { get; init; }
    public string? StatedAs { get; init; }
    public string CitedBody { get; init; } = "";
    public string Confidence { get; init; } = "";
    public bool Preferred { get; init; }
    public int Versions { get; init; }
    public string SourceId { get; init; } = "";
    public long ReleaseId { get; init; }
    public string? Note { get; init; }
    public long Position { get; init; }

    public CurrencyShareRecord ToRecord() => new(Country, Counterpart, Direction, Freq, Period,
        Periods.Period.MonthText(PeriodStart), Periods.Period.MonthText(PeriodEnd), Currency, SharePct, Qualifier, Kind,
        StatedBy, StatedAs, CitedBody, Confidence, Preferred, Versions, SourceId, ReleaseId, Note);
}
