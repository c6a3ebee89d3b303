using System.Data.Common;
using Dapper;
using TradeApi.Datasets.Codes;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Database;

namespace TradeApi.Publishing.Derivation;

/// <summary>
/// Derives, when a release is applied and in its transaction, everything the dataset's answers need: for each
/// unit the release touched, the dataset's <see cref="Dataset.Derive"/> runs over the unit's current
/// observations, and the result is compared with the unit's published rows. A row that no longer holds gets
/// valid_to = the release; a new one gets valid_from = the release; an unchanged one stays. So the published
/// tables answer any <c>as_of</c> exactly, and a read is an index range scan.
/// </summary>
public static class Publisher
{
    /// <summary>
    /// Publishes release <paramref name="releaseId"/> of <paramref name="dataset"/> for the units that
    /// <paramref name="touchedSql"/> selects (its columns: the dataset's unit columns, in order).
    /// <paramref name="latest"/>: the release is the dataset's newest, so its current observations are those not
    /// superseded (a partial index); otherwise they are read as of the release (deriving an older database again).
    /// Returns the bounds the published rows break (<see cref="Dataset.Breaches"/>): a new release that has any is refused.
    /// </summary>
    public static async Task<IReadOnlyList<BoundBreach>> PublishAsync(DbConnection connection, DbTransaction tx, Dataset dataset, long releaseId,
        string touchedSql, bool latest, CancellationToken ct)
    {
        var breaches = new List<BoundBreach>();
        var unit = dataset.Unit;
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            DROP TABLE IF EXISTS publish_units;
            CREATE TEMP TABLE publish_units AS {touchedSql};
            """, transaction: tx, cancellationToken: ct));
        var units = (await connection.QueryAsync(new CommandDefinition(
            $"SELECT DISTINCT {string.Join(", ", unit)} FROM publish_units ORDER BY {string.Join(", ", unit)}", transaction: tx, cancellationToken: ct)))
            .Select(row => ((IDictionary<string, object?>)row).Values.ToArray()).ToList();
        var codes = await DimensionCodes.LoadAsync(connection, dataset.Id, ct, tx);

        var input = dataset.DerivationInput;
        var dialect = SqlDialect.Of(connection);
        var asOf = dialect.Parameter(unit.Count + 1);
        var current = latest ? "o.superseded_in IS NULL" : $"o.release_id <= {asOf} AND (o.superseded_in IS NULL OR o.superseded_in > {asOf})";
        using var observations = new RowReader(connection,
            $"""
            SELECT {string.Join(", ", dataset.Key.Concat(dataset.Values).Select(c => $"o.{c}"))}, o.id, o.release_id, s.kind, s.published
            FROM {dataset.ObservationTable} o JOIN sources s ON s.id = o.source_id
            WHERE {Match(dialect, unit, "o")} AND {current}
            ORDER BY {string.Join(", ", dataset.Key.Select(c => $"o.{c}"))}
            """);
        // Built inside the try, so that statements already prepared are closed here, on this thread, if a later one
        // fails (SQLite runs in multi-thread mode: a finaliser must not close them while the connection is in use).
        var tables = new List<PublishedTable>();
        try
        {
            tables.Add(new(connection, dataset.PublishedTable, dataset.Published, unit, releaseId));
            tables.AddRange(dataset.DerivedTables.Select(t => new PublishedTable(connection, t.Table, t.Columns, t.Unit, releaseId)));
            var parameters = new object?[unit.Count + (latest ? 0 : 1)];
            if (!latest) parameters[^1] = releaseId;
            foreach (var key in units)
            {
                var rows = new List<Cells>();
                key.CopyTo(parameters, 0);
                observations.Run(parameters, values => rows.Add(Cells.Of(input, values)));
                var published = rows.Count == 0 ? [] : dataset.Derive(rows, codes).ToList();
                breaches.AddRange(dataset.Breaches(published));
                tables[0].Replace(key, published);
                for (var i = 0; i < dataset.DerivedTables.Count; i++)
                    tables[i + 1].Replace(key, dataset.DerivedTables[i].Derive(published).ToList());
            }
            foreach (var table in tables) table.Flush();
        }
        finally
        {
            foreach (var table in tables) table.Dispose();
        }
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO published_through (dataset_id, release_id) VALUES (@Id, @releaseId)
            ON CONFLICT (dataset_id) DO UPDATE SET release_id = excluded.release_id;
            DROP TABLE publish_units;
            """, new { dataset.Id, releaseId }, tx, cancellationToken: ct));
        return breaches;
    }

    /// <summary>
    /// Derives every release of every dataset that its published tables do not cover yet, in release order: a
    /// database made before the published tables existed (or after a change of a derivation) catches up at start-up.
    /// </summary>
    public static async Task CatchUpAsync(DbConnection connection, IEnumerable<Dataset> datasets, ILogger logger, CancellationToken ct)
    {
        foreach (var dataset in datasets)
        {
            var pending = (await connection.QueryAsync<long>(new CommandDefinition(
                """
                SELECT id FROM releases WHERE dataset_id = @Id
                AND id > COALESCE((SELECT release_id FROM published_through WHERE dataset_id = @Id), 0) ORDER BY id
                """, new { dataset.Id }, cancellationToken: ct))).AsList();
            if (pending.Count == 0) continue;
            var newest = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT MAX(id) FROM releases WHERE dataset_id = @Id", new { dataset.Id }, cancellationToken: ct));
            foreach (var release in pending)
            {
                await using var tx = await SqlDialect.Of(connection).BeginWriteAsync(connection, ct);
                await PublishAsync(connection, tx, dataset, release,
                    $"SELECT DISTINCT {string.Join(", ", dataset.Unit)} FROM {dataset.ObservationTable} WHERE release_id = {release} OR superseded_in = {release}",
                    latest: release == newest, ct);
                await tx.CommitAsync(ct);
            }
            logger.LogInformation("Published {Count} release(s) of {Dataset}", pending.Count, dataset.Id);
        }
    }

    /// <summary>The unit's columns equal to the positional parameters 1, 2, ...</summary>
    private static string Match(SqlDialect dialect, IReadOnlyList<string> unit, string alias) =>
        string.Join(" AND ", unit.Select((c, i) => $"{alias}.{c} = {dialect.Parameter(i + 1)}"));

    /// <summary>One published table: the rows of a unit that hold now, and how they are replaced.</summary>
    private sealed class PublishedTable : IDisposable
    {
        private readonly CellSchema _columns;
        private readonly RowReader _current;
        private readonly RowReader _close;
        private readonly RowWriter _insert;
        private readonly long _release;

        public PublishedTable(DbConnection connection, string table, CellSchema columns, IReadOnlyList<string> unit, long release)
        {
            _columns = columns;
            _release = release;
            var dialect = SqlDialect.Of(connection);
            try
            {
                _current = new RowReader(connection,
                    $"SELECT p.rowid, {string.Join(", ", columns.Columns.Select(c => $"p.{c}"))} FROM {table} p WHERE {Match(dialect, unit, "p")} AND p.valid_to IS NULL");
                _close = new RowReader(connection, $"UPDATE {table} SET valid_to = {dialect.Parameter(1)} WHERE rowid = {dialect.Parameter(2)}");
                _insert = new RowWriter(connection, table, columns.Columns, ["valid_from"]);
            }
            catch
            {
                _current?.Dispose();
                _close?.Dispose();
                throw;
            }
        }

        /// <summary>Closes the unit's rows that <paramref name="fresh"/> does not hold, and inserts the rows it holds that are new.</summary>
        public void Replace(object?[] unit, List<Cells> fresh)
        {
            var remaining = new Dictionary<int, List<Cells>>();
            foreach (var row in fresh)
            {
                var hash = row.ValueHash();
                if (!remaining.TryGetValue(hash, out var list)) remaining[hash] = list = [];
                list.Add(row);
            }
            var unchanged = new HashSet<Cells>(ReferenceEqualityComparer.Instance);
            var closing = new List<long>();
            _current.Run(unit, values =>
            {
                var row = Cells.Of(_columns, values, offset: 1);
                var match = remaining.TryGetValue(row.ValueHash(), out var candidates)
                    ? candidates.FirstOrDefault(c => !unchanged.Contains(c) && c.SameAs(row)) : null;
                if (match is not null) unchanged.Add(match);
                else closing.Add((long)values[0]!);
            });
            foreach (var rowid in closing) _close.Execute(_release, rowid);
            foreach (var row in fresh)
                if (!unchanged.Contains(row)) _insert.Insert(row.Values, _release);
        }

        /// <summary>Sends the rows still batched (PostgreSQL), before anything else reads the table.</summary>
        public void Flush() => _insert.Flush();

        public void Dispose()
        {
            _current.Dispose();
            _close.Dispose();
            _insert.Dispose();
        }
    }
}
