using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.Problems;

namespace TradeApi.Releases;

/// <summary>
/// <c>as_of</c>: a release number, or an ISO 8601 date-time (a bare date means the end of that day, UTC).
/// A query asked as of it answers exactly as it would have right after that release.
/// </summary>
public sealed record AsOf(long? Release, DateTimeOffset? Time)
{
    public const string Forms = "a release number (e.g. 1) or an ISO 8601 date-time (2026-11-28T12:00:00Z, or a date 2026-11-28 for the end of that day, UTC)";

    public string Text => Release?.ToString(CultureInfo.InvariantCulture) ?? Stamp(Time!.Value);

    public static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static AsOf? Parse(string? text, QueryErrors errors)
    {
        if (text is null) return null;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var release) && release >= 1)
            return new AsOf(release, null);
        if (text.Length == 10 && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var day))
            return new AsOf(null, day.AddDays(1).AddSeconds(-1));
        if (text.Length > 10 && text[4] == '-' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return new AsOf(null, time);
        errors.Add("as_of", $"'{text}' is not accepted; use {Forms}");
        return null;
    }

    /// <summary>
    /// The release of <paramref name="datasetId"/> an answer stands on: the one a cursor pinned, else the newest
    /// up to <paramref name="asOf"/>, else the newest. Adds an as_of error when there was none by then.
    /// </summary>
    public static async Task<DatasetRelease?> ResolveAsync(SqliteConnection connection, string datasetId, AsOf? asOf, long? cursorRelease,
        QueryErrors errors, CancellationToken ct)
    {
        if (cursorRelease is not null || asOf is null)
            return await DatasetRelease.LatestAsync(connection, datasetId, cursorRelease, ct)
                ?? throw new InvalidOperationException($"Dataset {datasetId} has no release; the seed did not load.");

        var (latest, first) = await connection.QuerySingleAsync<(long? Latest, string? First)>(new CommandDefinition(
            "SELECT MAX(id), MIN(released_at) FROM releases", cancellationToken: ct));
        long? upTo;
        if (asOf.Release is { } number)
        {
            if (number > latest)
            {
                errors.Add("as_of", $"release {number} does not exist; the latest is {latest} (see /v1/releases)");
                return null;
            }
            upTo = number;
        }
        else
        {
            upTo = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(id) FROM releases WHERE released_at <= @time", new { time = Stamp(asOf.Time!.Value) }, cancellationToken: ct));
            if (upTo is null)
            {
                errors.Add("as_of", $"no release had been published by {asOf.Text}; the first was published at {first}");
                return null;
            }
        }
        var release = await DatasetRelease.LatestAsync(connection, datasetId, upTo, ct);
        if (release is null)
        {
            var firstOfDataset = await DatasetRelease.FirstAsync(connection, datasetId, ct);
            errors.Add("as_of", $"dataset '{datasetId}' had no release as of {asOf.Text}; its first is release {firstOfDataset?.Id} ({firstOfDataset?.ReleasedAt})");
        }
        return release;
    }
}
