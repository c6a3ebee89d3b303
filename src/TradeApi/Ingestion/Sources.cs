using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using TradeApi.ReleaseFiles;

namespace TradeApi.Ingestion;

/// <summary>A source as a release file describes it: the page a figure was read on.</summary>
public sealed record SourceFields(string Id, string Publisher, string? Title, string? Url, string? Published, string Kind);

/// <summary>
/// The source columns every release file carries beside its data columns. A row names its
/// source by <c>sourceId</c>; the other source columns describe a source that is new, and may be
/// left empty for one the database already has.
/// </summary>
public static partial class SourceColumns
{
    public const string Id = "sourceId";
    public const string Publisher = "sourcePublisher";
    public const string Title = "sourceTitle";
    public const string Url = "sourceUrl";
    public const string Published = "sourcePublished";
    public const string Kind = "sourceKind";

    public static readonly string[] All = [Id, Publisher, Title, Url, Published, Kind];
    public static readonly string[] Kinds = ["news", "analysis", "official"];

    /// <summary>A checker of the source columns, row by row, knowing the sources the database has.</summary>
    public static async Task<SourceChecker> CheckerAsync(SqliteConnection connection, CancellationToken ct) =>
        new((await connection.QueryAsync<SourceFields>(new CommandDefinition(
                "SELECT id, publisher, title, url, published, kind FROM sources", cancellationToken: ct)))
            .ToDictionary(s => s.Id));

    internal static SourceFields? Describe(ReleaseRow row, string id, List<IngestionError> errors)
    {
        var ok = true;
        var publisher = row[Publisher];
        if (publisher is null)
        {
            errors.Add(row.Error(Publisher, "is required for a new source: the outlet or body that published the page"));
            ok = false;
        }
        var url = row[Url];
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors.Add(row.Error(Url, "must be an absolute http or https URL"));
            ok = false;
        }
        var published = row[Published];
        if (published is not null && !PublishedPattern().IsMatch(published))
        {
            errors.Add(row.Error(Published, "must be a date such as 2025-01-13, 2025-05 or 2025, with a trailing ~ when approximate"));
            ok = false;
        }
        var kind = row[Kind] ?? "news";
        if (!Kinds.Contains(kind))
        {
            errors.Add(row.Error(Kind, $"must be one of: {string.Join(", ", Kinds)}"));
            ok = false;
        }
        return ok ? new SourceFields(id, publisher!, row[Title], url, published, kind) : null;
    }

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,79}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?~?$")]
    private static partial Regex PublishedPattern();
}

/// <summary>
/// Checks each row's source columns: an existing source may be cited with the other source columns empty
/// (or equal to what the database has); a new one must be described, the same way, on at least one row.
/// </summary>
public sealed class SourceChecker(Dictionary<string, SourceFields> existing)
{
    private readonly Dictionary<string, (SourceFields Fields, int Row)> _described = [];
    private readonly Dictionary<string, ReleaseRow> _undescribed = [];
    private string? _lastId;

    /// <summary>
    /// Writes the sources the release describes, in its transaction. One described meanwhile by another release
    /// (checked here, under the write lock) is cited as it is when it is the same, and refused when it differs.
    /// </summary>
    public async Task<List<IngestionError>> InsertNewAsync(SqliteConnection connection, SqliteTransaction tx, long releaseId, CancellationToken ct)
    {
        var errors = new List<IngestionError>();
        foreach (var (fields, row) in _described.Values)
        {
            var now = await connection.QuerySingleOrDefaultAsync<SourceFields>(new CommandDefinition(
                "SELECT id, publisher, title, url, published, kind FROM sources WHERE id = @Id", new { fields.Id }, tx, cancellationToken: ct));
            if (now is null)
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO sources (id, publisher, title, url, published, kind, first_release)
                    VALUES (@Id, @Publisher, @Title, @Url, @Published, @Kind, @releaseId)
                    """, new { fields.Id, fields.Publisher, fields.Title, fields.Url, fields.Published, fields.Kind, releaseId }, tx, cancellationToken: ct));
            else if (now != fields)
                errors.Add(new IngestionError(row, SourceColumns.Id, fields.Id,
                    $"source '{fields.Id}' was just described differently by another release; leave the source columns empty to cite it, or use a new sourceId"));
        }
        return errors;
    }

    public void Check(ReleaseRow row, List<IngestionError> errors)
    {
        var id = row[SourceColumns.Id];
        var given = row[SourceColumns.Publisher] is not null || row[SourceColumns.Title] is not null || row[SourceColumns.Url] is not null
                    || row[SourceColumns.Published] is not null || row[SourceColumns.Kind] is not null;
        // Rows of one source usually follow each other: a repeat with no description needs no more checks.
        if (id is not null && id == _lastId && !given) return;
        _lastId = id;
        if (id is null)
        {
            errors.Add(row.Error(SourceColumns.Id, "is required: the id of the source this figure was read from"));
            return;
        }
        if (!SourceColumns.IsId(id))
        {
            errors.Add(row.Error(SourceColumns.Id, "must be 2 to 80 lower-case letters, digits and hyphens, e.g. tass-com-2024-08-07"));
            return;
        }
        if (existing.TryGetValue(id, out var known))
        {
            if (Differs(row[SourceColumns.Publisher], known.Publisher) || Differs(row[SourceColumns.Title], known.Title)
                || Differs(row[SourceColumns.Url], known.Url) || Differs(row[SourceColumns.Published], known.Published)
                || Differs(row[SourceColumns.Kind], known.Kind))
                errors.Add(row.Error(SourceColumns.Id, $"source '{id}' already exists with other fields; leave the source columns empty to cite it, or use a new sourceId"));
            return;
        }
        if (!given)
        {
            if (!_described.ContainsKey(id)) _undescribed.TryAdd(id, row);
            return;
        }
        if (SourceColumns.Describe(row, id, errors) is not { } source) return;
        if (_described.TryGetValue(id, out var first))
        {
            if (first.Fields != source)
                errors.Add(new IngestionError(row.Number, SourceColumns.Id, id, $"describes source '{id}' differently from row {first.Row}; give the same source fields, or leave them empty after the first row"));
        }
        else
        {
            _described[id] = (source, row.Number);
        }
    }

    /// <summary>Adds an error for each new source that no row described.</summary>
    public void Finish(List<IngestionError> errors)
    {
        foreach (var (id, row) in _undescribed.Where(u => !_described.ContainsKey(u.Key)))
            errors.Add(row.Error(SourceColumns.Publisher, $"is required: source '{id}' is new, so describe it (sourcePublisher, sourceUrl, sourcePublished) on at least one row"));
    }

    private static bool Differs(string? given, string? known) => given is not null && given != known;
}
