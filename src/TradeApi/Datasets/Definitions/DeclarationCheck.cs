using System.Data.Common;
using Dapper;
using TradeApi.Platform.Database;

namespace TradeApi.Datasets.Definitions;

/// <summary>
/// Checks at start-up that each dataset's declaration agrees with itself and with the database: every column it
/// names exists in its tables, every record field reads a column (or declared SQL), its filters are complete, and
/// the catalogue lists it. A mismatch stops the service with one message naming every fault, instead of failing
/// at the first request that meets it.
/// </summary>
public static class DeclarationCheck
{
    /// <summary>The fields a listing reads without a column of the same name (see the listing's specs).</summary>
    private static readonly string[] RecordDefaults = ["release"], VintageDefaults = ["release", "releasedAt", "supersededIn"];

    /// <summary>Columns every dataset's tables have: the importer, the publisher, the statistics and the coverage read them by name.</summary>
    private static readonly string[] Stored = [.. Dataset.PeriodColumns, "period", "cited_body", "confidence", "source_id", "release_id"],
        Ranked = ["observation_id", "preferred", "versions", "version_rank"];

    public static async Task CheckAsync(DbConnection connection, IEnumerable<Dataset> datasets, CancellationToken ct = default)
    {
        var faults = new List<string>();
        foreach (var dataset in datasets)
            faults.AddRange((await FaultsAsync(connection, dataset, ct)).Select(f => $"dataset '{dataset.Id}': {f}"));
        if (faults.Count > 0)
            throw new InvalidOperationException("The dataset declarations do not match the database:\n  " + string.Join("\n  ", faults));
    }

    public static async Task<IReadOnlyList<string>> FaultsAsync(DbConnection connection, Dataset d, CancellationToken ct = default)
    {
        var faults = new List<string>();
        var path = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT path FROM datasets WHERE id = @Id", new { d.Id }, cancellationToken: ct));
        if (path is null) faults.Add("no row in the datasets table (a migration adds it, with its title, description, unit, path and licence)");
        else if (path != d.Path) faults.Add($"the datasets table gives path {path}, the declaration {d.Path}");

        var observed = await ColumnsAsync(connection, d.ObservationTable, ct);
        var published = await ColumnsAsync(connection, d.PublishedTable, ct);
        Missing(faults, d.ObservationTable, observed, "Key, Values", [.. d.Key, .. d.Values, "id", "release_id", "superseded_in"]);
        Missing(faults, d.ObservationTable, observed, "Unit", d.Unit);
        Missing(faults, d.ObservationTable, observed, "the columns every dataset stores", Stored);
        Missing(faults, d.PublishedTable, published, "the columns every dataset publishes", [.. Stored, .. Ranked]);
        Missing(faults, d.PublishedTable, published, "PublishedColumns", [.. d.PublishedColumns, "valid_from", "valid_to"]);
        Missing(faults, d.PublishedTable, published, "Order", d.Order);
        Missing(faults, d.PublishedTable, published, "Filters", [.. d.Dimensions.Select(x => x.Column)]);
        Missing(faults, d.PublishedTable, published, "SeriesColumns", [.. d.SeriesColumns.Select(s => s.Column)]);
        Missing(faults, "its record fields", [.. Field.Of(d.Record, "p").Select(f => f.Name)], "SeriesColumns", [.. d.SeriesColumns.Select(s => s.Field)]);
        Missing(faults, "its release file columns", d.FileColumns, "FileKeyColumns", d.FileKeyColumns);
        Unread(faults, d.Record, "published", published, [.. d.RecordSql("p").Keys, .. RecordDefaults]);
        Unread(faults, d.Vintage, "observation", observed, [.. d.VintageSql.Keys, .. VintageDefaults]);
        foreach (var table in d.DerivedTables)
            Missing(faults, table.Table, await ColumnsAsync(connection, table.Table, ct), "DerivedTables", [.. table.Columns.Columns, "valid_from", "valid_to"]);
        foreach (var view in d.Views)
            Unread(faults, view.Record, $"view {view.Suffix}", await ColumnsAsync(connection, view.Table, ct), []);
        FilterFaults(faults, "Filters", d.Filters);
        foreach (var view in d.Views) FilterFaults(faults, $"view {view.Suffix}", view.Filters);
        foreach (var measure in d.Chart.Measures.Values.SelectMany(m => (string?[])[m.Value, m.Status]).OfType<string>())
            if (!Field.Of(d.Record, "p").Any(f => f.Name == measure)) faults.Add($"Chart names field '{measure}', which {d.Record.Name} has not");
        return faults;
    }

    private static void FilterFaults(List<string> faults, string where, IReadOnlyList<Filter> filters)
    {
        foreach (var period in (string[])["period", "from", "to"])
            if (filters.Count(f => f is PeriodFilter p && p.Parameter == period) != 1)
                faults.Add($"{where} must have one PeriodFilter '{period}' (PeriodFilter.Of gives the three)");
        foreach (var twice in filters.GroupBy(f => f.Parameter).Where(g => g.Count() > 1))
            faults.Add($"{where} name parameter '{twice.Key}' {twice.Count()} times");
    }

    private static void Missing(List<string> faults, string table, IReadOnlyCollection<string> has, string list, IEnumerable<string> names)
    {
        // An expression (a sort over a code list) is not a column.
        foreach (var name in names.Where(n => !n.Contains('(') && !n.Contains('.') && !has.Contains(n)).Distinct())
            faults.Add(has.Count == 0 ? $"{list} names table {table}, which does not exist" : $"{list} names '{name}', which {table} has not");
    }

    /// <summary>Every field of <paramref name="record"/> reads the column of its name in snake_case, unless declared SQL reads it.</summary>
    private static void Unread(List<string> faults, Type record, string what, IReadOnlyCollection<string> columns, IReadOnlyCollection<string> declared)
    {
        if (columns.Count == 0) { faults.Add($"the {what} table of {record.Name} does not exist"); return; }
        foreach (var field in Field.Of(record, "p").Where(f => !declared.Contains(f.Name) && !columns.Contains(Field.SnakeCase(f.Name))))
            faults.Add($"{record.Name}.{char.ToUpperInvariant(field.Name[0])}{field.Name[1..]} reads column '{Field.SnakeCase(field.Name)}', which the {what} table has not (add it, or declare its SQL)");
    }

    private static async Task<IReadOnlyCollection<string>> ColumnsAsync(DbConnection connection, string table, CancellationToken ct) =>
        (await connection.QueryAsync<string>(new CommandDefinition(SqlDialect.Of(connection).TableColumns, new { table }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
}
