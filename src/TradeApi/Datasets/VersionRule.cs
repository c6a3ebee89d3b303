namespace TradeApi.Datasets;

/// <summary>
/// Which version of a figure is preferred, where several sources give one for the same key and period. In order:
/// never a disputed figure; a version with a figure before one without (a bare change); 'reported' before 'weak';
/// a news report of the statistic before an analysis quoting it; the earliest publication; the first loaded.
/// The README's "Which version is preferred" states the same rule.
/// </summary>
public static class VersionRule
{
    /// <summary>A version as the rule sees it.</summary>
    public readonly record struct Version(string Confidence, bool ValueMissing, string? SourceKind, string? SourcePublished, long Id);

    public static readonly IComparer<Version> Order = Comparer<Version>.Create(Compare);

    private static int Compare(Version a, Version b)
    {
        int c;
        if ((c = (a.Confidence == "disputed").CompareTo(b.Confidence == "disputed")) != 0) return c;
        if ((c = a.ValueMissing.CompareTo(b.ValueMissing)) != 0) return c;
        if ((c = (a.Confidence != "reported").CompareTo(b.Confidence != "reported")) != 0) return c;
        if ((c = (a.SourceKind != "news").CompareTo(b.SourceKind != "news")) != 0) return c;
        if ((c = (a.SourcePublished is null).CompareTo(b.SourcePublished is null)) != 0) return c;
        if ((c = string.CompareOrdinal(a.SourcePublished, b.SourcePublished)) != 0) return c;
        return a.Id.CompareTo(b.Id);
    }

    /// <summary>A ranked version: its rank in its group (1 first), how many versions the group has, and whether it is preferred.</summary>
    public readonly record struct Ranked(Cells Row, int Rank, int Versions, bool Preferred);

    /// <summary>
    /// Ranks the observations (derivation input rows) of one unit within their groups (rows with equal
    /// <paramref name="group"/> values). Groups come out in the order of their first row.
    /// </summary>
    public static List<Ranked> Rank(IReadOnlyList<Cells> rows, Func<Cells, object> group, Func<Cells, bool> valueMissing)
    {
        var ranked = new List<Ranked>(rows.Count);
        foreach (var members in rows.GroupBy(group))
        {
            var ordered = members.OrderBy(r => new Version(r.Required("confidence"), valueMissing(r), r.Text("source_kind"),
                r.Text("source_published"), r.Integer("id")!.Value), Order).ToList();
            for (var i = 0; i < ordered.Count; i++)
                ranked.Add(new Ranked(ordered[i], i + 1, ordered.Count, i == 0 && ordered[i].Text("confidence") != "disputed"));
        }
        return ranked;
    }
}
