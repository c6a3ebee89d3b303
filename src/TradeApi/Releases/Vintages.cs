namespace TradeApi.Releases;

/// <summary>SQL shared by every observation table: what is current as of a release, and which version is preferred.</summary>
public static class Vintages
{
    /// <summary>The vintages of table alias <c>o</c> current as of release @release.</summary>
    public const string CurrentAsOf = "o.release_id <= @release AND (o.superseded_in IS NULL OR o.superseded_in > @release)";

    /// <summary>
    /// The preferred-version rule, as an ORDER BY over versions of one key (columns confidence, value_missing,
    /// source_kind, source_published, id): never a disputed figure; a version with a figure before one without;
    /// 'reported' before 'weak'; a news report of the statistic before an analysis quoting it; the earliest
    /// publication; the first loaded.
    /// </summary>
    public const string VersionOrder = """
        confidence = 'disputed', value_missing, confidence <> 'reported', source_kind <> 'news',
        source_published IS NULL, source_published, id
        """;

    /// <summary>Columns the ranking needs from the source of alias <c>o</c>.</summary>
    public const string SourceColumns = "s.kind AS source_kind, s.published AS source_published";

    /// <summary>
    /// The CTEs <c>current</c>, <c>ranked</c> and <c>marked</c> over an observation table: the vintages current as
    /// of @release (narrowed by <paramref name="filter"/>, which may name only columns of <c>o</c> in
    /// <paramref name="partition"/>), each version's rank within its key, the count of versions, and
    /// <c>preferred</c>. <paramref name="valueMissing"/> says when a version carries no figure.
    /// </summary>
    public static string Ranked(string table, string partition, string valueMissing, string filter = "") => $"""
        current AS (
            SELECT o.*, ({valueMissing}) AS value_missing, {SourceColumns}
            FROM {table} o JOIN sources s ON s.id = o.source_id
            WHERE {CurrentAsOf} {filter}
        ),
        ranked AS (
            SELECT c.*,
                ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY {VersionOrder}) AS version_rank,
                COUNT(*) OVER (PARTITION BY {partition}) AS versions
            FROM current c
        ),
        marked AS (SELECT ranked.*, (version_rank = 1 AND confidence <> 'disputed') AS preferred FROM ranked)
        """;

    /// <summary>
    /// Every vintage (up to @release) of the figures <paramref name="filter"/> selects from <paramref name="table"/>,
    /// as <paramref name="columns"/> plus source_id, release, released_at, superseded_in (by @release) and note,
    /// numbered by position in <paramref name="order"/> order for paging (@after, @take).
    /// </summary>
    public static string History(string table, string columns, string filter, string order) => $"""
        WITH history AS (
            SELECT {columns}, o.source_id, o.release_id AS release, rel.released_at,
                   CASE WHEN o.superseded_in <= @release THEN o.superseded_in END AS superseded_in, o.note,
                   ROW_NUMBER() OVER (ORDER BY {order}, o.source_id, o.release_id) AS position
            FROM {table} o JOIN releases rel ON rel.id = o.release_id
            WHERE o.release_id <= @release {filter}
        )
        SELECT * FROM history WHERE position > @after ORDER BY position LIMIT @take
        """;
}
