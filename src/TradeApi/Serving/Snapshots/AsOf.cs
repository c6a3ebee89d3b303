using System.Globalization;
using TradeApi.Datasets.Releases;
using TradeApi.Platform.Problems;

namespace TradeApi.Serving.Snapshots;

/// <summary>
/// <c>as_of</c>: a release number, or an ISO 8601 time. A date (2026-11-28, with or without Z) means the end of
/// that day, UTC; a date-time without an offset is UTC. A time resolves to the releases published by then: the
/// release just before the first one published later. A query asked as of it answers exactly as it would have
/// right after that release.
/// </summary>
public sealed record AsOf(long? Release, DateTimeOffset? Time)
{
    public const string Forms = "a release number (e.g. 1) or an ISO 8601 date-time (2026-11-28T12:00:00Z, or a date 2026-11-28 for the end of that day, UTC)";

    public string Text => Release?.ToString(CultureInfo.InvariantCulture) ?? Stamp(Time!.Value);

    private static string Stamp(DateTimeOffset time) =>
        time.ToUniversalTime().ToString(time.Millisecond == 0 && time.Microsecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
            CultureInfo.InvariantCulture);

    public static AsOf? Parse(string? text, QueryErrors errors)
    {
        if (text is null) return null;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var release) && release >= 1)
            return new AsOf(release, null);
        var day = text.EndsWith('Z') && text.Length == 11 ? text[..10] : text;
        if (day.Length == 10 && DateTimeOffset.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var date))
            return new AsOf(null, date.AddDays(1).AddTicks(-10));
        if (text.Length > 10 && text[4] == '-' && text[10] is 'T' or 't' or ' '
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return new AsOf(null, time);
        errors.Add("as_of", $"'{text}' is not accepted; use {Forms}");
        return null;
    }

    /// <summary>
    /// Whether the answer as of this can never change: a release number always can't; a time can't once a release
    /// published after it exists (releases are numbered and timed in one write transaction, so none can still appear
    /// before it). A time at or after the newest release, or in the future, still follows new releases.
    /// </summary>
    public bool Settled(CatalogueSnapshot snapshot) =>
        Release is not null || snapshot.Releases.Any(r => string.CompareOrdinal(r.StoredAt, ReleaseTime.Store(Time!.Value)) > 0);

    /// <summary>The newest release of any dataset that <c>as_of</c> includes, or null with an error.</summary>
    public long? UpTo(CatalogueSnapshot snapshot, QueryErrors errors)
    {
        if (Release is { } number)
        {
            if (number <= snapshot.Newest) return number;
            errors.Add("as_of", $"release {number} does not exist; the latest is {snapshot.Newest} (see /v1/releases)");
            return null;
        }
        var time = ReleaseTime.Store(Time!.Value);
        var later = snapshot.Releases.FirstOrDefault(r => string.CompareOrdinal(r.StoredAt, time) > 0);
        var upTo = later is null ? snapshot.Newest : later.Id - 1;
        if (upTo >= 1 && snapshot.Releases[0].Id <= upTo) return upTo;
        errors.Add("as_of", $"no release had been published by {Text}; the first was published at {snapshot.Releases.FirstOrDefault()?.ReleasedAt}");
        return null;
    }

    /// <summary>
    /// The one as_of resolution, for listings and downloads alike: the release a dataset's answer stands on as of
    /// <paramref name="asOf"/>, or its latest (release 0 while it has none) without one; null with an error when the
    /// dataset had no release by then.
    /// </summary>
    public static ReleaseStamp? Resolve(AsOf? asOf, CatalogueSnapshot snapshot, string datasetId, QueryErrors errors)
    {
        if (asOf is null) return snapshot.Latest.GetValueOrDefault(datasetId) ?? ReleaseStamp.None(datasetId);
        if (asOf.UpTo(snapshot, errors) is not { } upTo) return null;
        if (snapshot.DatasetRelease(datasetId, upTo) is { } release) return release;
        var first = snapshot.Releases.FirstOrDefault(r => r.DatasetId == datasetId);
        errors.Add("as_of", first is null
            ? $"dataset '{datasetId}' had no release as of {asOf.Text}, and has none yet"
            : $"dataset '{datasetId}' had no release as of {asOf.Text}; its first is release {first.Id} ({first.ReleasedAt})");
        return null;
    }
}
