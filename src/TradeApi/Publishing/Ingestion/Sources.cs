using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using TradeApi.Datasets.Rows;

namespace TradeApi.Publishing.Ingestion;

/// <summary>A source as a release file describes it: the page a figure was read on, and the source that replaced it, if one did.</summary>
public sealed record SourceFields(string Id, string Publisher, string? Title, string? Url, string? Published, string Kind, string? ReplacedBy = null);

/// <summary>
/// The source columns every release file carries beside its data columns. A row names its
/// source by <c>sourceId</c>; the other source columns describe a source that is new, and may be
/// left empty for one the database already has. A row whose action is <c>source</c> corrects an existing
/// source's publisher, title, URL or the source that replaced it.
/// </summary>
public static partial class SourceColumns
{
    public const string Id = "sourceId";
    public const string Publisher = "sourcePublisher";
    public const string Title = "sourceTitle";
    public const string Url = "sourceUrl";
    public const string Published = "sourcePublished";
    public const string Kind = "sourceKind";
    public const string ReplacedBy = "sourceReplacedBy";

    public static readonly string[] All = [Id, Publisher, Title, Url, Published, Kind, ReplacedBy];
    public static readonly string[] Kinds = ["news", "analysis", "official"];

    internal const string SelectFields = "SELECT id, publisher, title, url, published, kind, replaced_by AS ReplacedBy FROM sources";

    /// <summary>A checker of the source columns, row by row, knowing the sources the database has.</summary>
    public static async Task<SourceChecker> CheckerAsync(DbConnection connection, string datasetId, CancellationToken ct) =>
        new((await connection.QueryAsync<SourceFields>(new CommandDefinition(SelectFields, cancellationToken: ct))).ToDictionary(s => s.Id),
            (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT rs.source_id FROM release_sources rs JOIN releases r ON r.id = rs.release_id WHERE r.dataset_id = @datasetId",
                new { datasetId }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal));

    internal static SourceFields? Describe(ReleaseRow row, string id, List<IngestionError> errors)
    {
        var ok = CheckUrlAndReplacement(row, id, errors);
        var publisher = row[Publisher];
        if (publisher is null)
        {
            errors.Add(row.Error(Publisher, "is required for a new source: the outlet or body that published the page"));
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
        return ok ? new SourceFields(id, publisher!, row[Title], row[Url], published, kind, row[ReplacedBy]) : null;
    }

    /// <summary>The checks a new source and a correction share: the URL's form, and a replacement that names another source.</summary>
    internal static bool CheckUrlAndReplacement(ReleaseRow row, string id, List<IngestionError> errors)
    {
        var ok = true;
        var url = row[Url];
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            errors.Add(row.Error(Url, "must be an absolute http or https URL"));
            ok = false;
        }
        var replacedBy = row[ReplacedBy];
        if (replacedBy is not null && (!IsId(replacedBy) || replacedBy == id))
        {
            errors.Add(row.Error(ReplacedBy, "must be the sourceId of another source, the one that replaced this source"));
            ok = false;
        }
        return ok;
    }

    public static bool IsId(string id) => IdPattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,79}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?~?$")]
    private static partial Regex PublishedPattern();
}

/// <summary>
/// Checks each row's source columns: an existing source may be cited with the other source columns empty
/// (or equal to what the database has); a new one must be described, the same way, on at least one row; a row whose
/// action is <c>source</c> corrects an existing one.
/// </summary>
public sealed class SourceChecker(Dictionary<string, SourceFields> existing, HashSet<string> citedByDataset)
{
    private readonly Dictionary<string, (SourceFields Fields, int Row)> _described = [];
    private readonly Dictionary<string, (SourceFields Fields, int Row)> _corrected = [];
    private readonly Dictionary<string, ReleaseRow> _undescribed = [];
    private string? _lastId;

    /// <summary>
    /// Writes the sources the release describes and the corrections it makes, each description kept in
    /// source_revisions with the release, in its transaction. A source described meanwhile by another release
    /// (checked here, under the write lock) is cited as it is when it is the same, and refused when it differs; a
    /// correction of a source that another release corrected meanwhile is refused.
    /// </summary>
    public async Task<List<IngestionError>> WriteAsync(DbConnection connection, DbTransaction tx, long releaseId, CancellationToken ct)
    {
        var errors = new List<IngestionError>();
        var added = new List<SourceFields>();
        foreach (var (fields, row) in _described.Values)
        {
            var now = await CurrentAsync(connection, tx, fields.Id, ct);
            if (now is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO sources (id, publisher, title, url, published, kind, first_release)
                    VALUES (@Id, @Publisher, @Title, @Url, @Published, @Kind, @releaseId)
                    """, new { fields.Id, fields.Publisher, fields.Title, fields.Url, fields.Published, fields.Kind, releaseId }, tx, cancellationToken: ct));
                added.Add(fields);
            }
            else if (now != fields)
                errors.Add(new IngestionError(row, SourceColumns.Id, fields.Id,
                    $"source '{fields.Id}' was just described differently by another release; leave the source columns empty to cite it, or use a new sourceId"));
        }
        // A replacement may be a source this release brings, so it is looked for once they are all in.
        foreach (var (fields, row) in _described.Values.Concat(_corrected.Values).Where(s => s.Fields.ReplacedBy is not null))
        {
            if (await CurrentAsync(connection, tx, fields.ReplacedBy!, ct) is null)
                errors.Add(new IngestionError(row, SourceColumns.ReplacedBy, fields.ReplacedBy,
                    $"names source '{fields.ReplacedBy}', which does not exist; sources are listed at /v1/sources"));
            else if (await LeadsBackAsync(connection, tx, fields, ct))
                errors.Add(new IngestionError(row, SourceColumns.ReplacedBy, fields.ReplacedBy,
                    $"leads back to source '{fields.Id}' (each source names the next as its replacement): a replacement chain must end"));
        }
        var changed = _corrected.Values.Where(c => c.Fields != existing[c.Fields.Id]).ToList();
        foreach (var (fields, row) in changed)
            if (await CurrentAsync(connection, tx, fields.Id, ct) != existing[fields.Id])
                errors.Add(new IngestionError(row, SourceColumns.Id, fields.Id, $"source '{fields.Id}' was just corrected by another release; read it again at /v1/sources/{fields.Id}"));
        if (errors.Count > 0) return errors;

        foreach (var fields in added) await ReviseAsync(connection, tx, fields, releaseId, ct);
        foreach (var (fields, _) in changed)
        {
            await ReviseAsync(connection, tx, fields, releaseId, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO release_sources (release_id, source_id) VALUES (@releaseId, @Id) ON CONFLICT DO NOTHING", new { releaseId, fields.Id }, tx, cancellationToken: ct));
        }
        return errors;
    }

    /// <summary>Whether following replacements from <paramref name="fields"/>' (this release's, then the database's) comes back to it.</summary>
    private async Task<bool> LeadsBackAsync(DbConnection connection, DbTransaction tx, SourceFields fields, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { fields.Id };
        for (var next = fields.ReplacedBy; next is not null;)
        {
            if (!seen.Add(next)) return true;
            next = _corrected.TryGetValue(next, out var corrected) ? corrected.Fields.ReplacedBy
                : _described.TryGetValue(next, out var described) ? described.Fields.ReplacedBy
                : (await CurrentAsync(connection, tx, next, ct))?.ReplacedBy;
        }
        return false;
    }

    private static Task<SourceFields?> CurrentAsync(DbConnection connection, DbTransaction tx, string id, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<SourceFields>(new CommandDefinition(
            $"{SourceColumns.SelectFields} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    /// <summary>Makes <paramref name="fields"/> the source's description from <paramref name="releaseId"/> on, keeping the ones before.</summary>
    private static Task ReviseAsync(DbConnection connection, DbTransaction tx, SourceFields fields, long releaseId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sources SET publisher = @Publisher, title = @Title, url = @Url, replaced_by = @ReplacedBy WHERE id = @Id;
            INSERT INTO source_revisions (source_id, release_id, publisher, title, url, published, kind, replaced_by)
            VALUES (@Id, @releaseId, @Publisher, @Title, @Url, @Published, @Kind, @ReplacedBy);
            """,
            new { fields.Id, fields.Publisher, fields.Title, fields.Url, fields.Published, fields.Kind, fields.ReplacedBy, releaseId }, tx, cancellationToken: ct));

    /// <summary>
    /// A row whose action is <c>source</c>: the source columns it gives replace the existing source's publisher, title,
    /// URL or replacement; the ones it leaves empty stay. Kind and publication date order the versions of the source's
    /// figures, so they are not corrected (publish the figures under a new source instead).
    /// </summary>
    public void Correct(ReleaseRow row, List<IngestionError> errors)
    {
        var id = row[SourceColumns.Id];
        if (id is null)
        {
            errors.Add(row.Error(SourceColumns.Id, "is required: the id of the source this row corrects"));
            return;
        }
        if (!existing.TryGetValue(id, out var known))
        {
            errors.Add(row.Error(SourceColumns.Id,
                $"names no existing source: a row whose action is 'source' corrects a source the database has (see /v1/sources); describe a new source on the rows of its figures"));
            return;
        }
        if (!citedByDataset.Contains(id))
        {
            errors.Add(row.Error(SourceColumns.Id,
                $"names a source no release of this dataset cited: correct it in a release of the dataset that cites it (see /v1/sources/{id})"));
            return;
        }
        var ok = SourceColumns.CheckUrlAndReplacement(row, id, errors);
        foreach (var (column, value) in new[] { (SourceColumns.Kind, known.Kind), (SourceColumns.Published, known.Published) })
            if (Differs(row[column], value))
            {
                errors.Add(row.Error(column, $"cannot be corrected: it orders the versions of the source's figures (it is '{value}'); publish the figures again under a new sourceId"));
                ok = false;
            }
        if (!ok) return;
        var fields = known with
        {
            Publisher = row[SourceColumns.Publisher] ?? known.Publisher, Title = row[SourceColumns.Title] ?? known.Title,
            Url = row[SourceColumns.Url] ?? known.Url, ReplacedBy = row[SourceColumns.ReplacedBy] ?? known.ReplacedBy,
        };
        if (_corrected.TryGetValue(id, out var first))
        {
            if (first.Fields != fields)
                errors.Add(new IngestionError(row.Number, SourceColumns.Id, id, $"corrects source '{id}' differently from row {first.Row}; correct a source once per release"));
        }
        else
        {
            _corrected[id] = (fields, row.Number);
        }
    }

    public void Check(ReleaseRow row, List<IngestionError> errors)
    {
        var id = row[SourceColumns.Id];
        var given = SourceColumns.All.Skip(1).Any(column => row[column] is not null);
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
                || Differs(row[SourceColumns.Kind], known.Kind) || Differs(row[SourceColumns.ReplacedBy], known.ReplacedBy))
                errors.Add(row.Error(SourceColumns.Id,
                    $"source '{id}' already exists with other fields; leave the source columns empty to cite it, correct it on a row whose action is 'source', or use a new sourceId"));
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
