using System.Data.Common;
using Dapper;
using TradeApi.Platform.Database;

namespace TradeApi.Publishing.Derivation;

/// <summary>
/// A release bigger than what a published table holds (a first load, a bulk import) writes its rows in unit order,
/// while the listing indexes are ordered by period or by release: a row each would land at a random place in them, and
/// at ten million rows that is most of the import. So, where the engine allows it (<see cref="SqlDialect.RebuildableIndexes"/>),
/// the indexes the publisher does not read through (those not led by a unit column) are dropped before the release is
/// published and built again, from their own CREATE statements, sorted once, before anything else reads them; all in
/// the release's transaction, so readers and a rolled-back release see the schema unchanged.
/// </summary>
public sealed class BulkIndexes
{
    private readonly List<string> _creates;

    private BulkIndexes(List<string> creates) => _creates = creates;

    /// <summary>Drops the indexes of <paramref name="table"/> to build again after a release of <paramref name="rows"/> rows, if it is bigger than the table.</summary>
    public static async Task<BulkIndexes> DropForAsync(DbConnection connection, DbTransaction tx, string table, IReadOnlyList<string> unit, long rows,
        CancellationToken ct)
    {
        if (SqlDialect.Of(connection).RebuildableIndexes is not { } query) return new([]);
        var held = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT @rows) t", new { rows }, tx, cancellationToken: ct));
        if (held >= rows) return new([]);
        var indexes = (await connection.QueryAsync<(string Name, string Sql, string? Lead)>(new CommandDefinition(
            query, new { table }, tx, cancellationToken: ct))).Where(i => i.Lead is null || !unit.Contains(i.Lead)).ToList();
        foreach (var index in indexes)
            await connection.ExecuteAsync(new CommandDefinition($"DROP INDEX {index.Name}", transaction: tx, cancellationToken: ct));
        return new([.. indexes.Select(i => i.Sql)]);
    }

    /// <summary>Builds the dropped indexes again.</summary>
    public async Task BuildAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        foreach (var create in _creates)
            await connection.ExecuteAsync(new CommandDefinition(create, transaction: tx, cancellationToken: ct));
    }
}
