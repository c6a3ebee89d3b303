using Dapper;
using Microsoft.Data.Sqlite;

namespace TradeApi.Catalogue;

public static class SourceIds
{
    /// <summary>The ids among <paramref name="ids"/> that name no source.</summary>
    public static async Task<string[]> UnknownAsync(SqliteConnection connection, string[] ids, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        var known = await connection.QueryAsync<string>(new CommandDefinition("SELECT id FROM sources WHERE id IN @ids", new { ids }, cancellationToken: ct));
        return ids.Except(known).ToArray();
    }
}
