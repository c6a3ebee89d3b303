using System.Data.Common;
using System.Globalization;
using Dapper;

namespace TradeApi.Datasets.Releases;

/// <summary>
/// Release times: stored as fixed-width UTC text with microseconds (2026-11-28T14:04:59.123456Z), so that they
/// sort as text, and shown without the fraction when it is zero (2026-11-28T00:00:00Z). A release's time is taken
/// in its write transaction and is never earlier than the previous release's, so times follow release numbers and
/// <c>as_of</c> by time means "every release published by then".
/// </summary>
public static class ReleaseTime
{
    private const string Stored = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Store(DateTimeOffset time) => time.ToUniversalTime().ToString(Stored, CultureInfo.InvariantCulture);

    public static string Display(string stored) => stored.Replace(".000000Z", "Z", StringComparison.Ordinal);

    /// <summary>SQL that shows a stored time as <see cref="Display"/> does.</summary>
    public static string DisplaySql(string column) => $"replace({column}, '.000000Z', 'Z')";

    /// <summary>The time of the release being written: now (or the earliest time asked for, for a seed), never before the latest release's.</summary>
    public static async Task<string> NextAsync(DbConnection connection, DbTransaction tx, DateTimeOffset? requested, CancellationToken ct)
    {
        var latest = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MAX(released_at) FROM releases", transaction: tx, cancellationToken: ct));
        var time = Store(requested ?? DateTimeOffset.UtcNow);
        return latest is not null && string.CompareOrdinal(latest, time) > 0 ? latest : time;
    }
}
