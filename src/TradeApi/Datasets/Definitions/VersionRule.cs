using System.Globalization;

namespace TradeApi.Datasets.Definitions;

/// <summary>
/// Which version of a figure is preferred, where several sources give one for the same key and period. In order:
/// never a disputed figure; a statistic before an official's statement; a version with a figure before one without
/// (a bare change); 'reported' before 'weak'; exact before approximate (a qualifier such as 'about'); more precise
/// before rounded (the figure stated to more digits, then its change); a news report of the statistic before an
/// analysis quoting it; the earliest publication; the first loaded. The README's "Which version is preferred" states
/// the same rule.
/// </summary>
/// <remarks>
/// Precision is compared only between versions that 'reported' and 'weak' have not already told apart, and the
/// versions of one figure measure the same thing (one reporter's statistics, one speaker): so "more precise first"
/// ranks a source's $71.1bn before another's "$71bn" of the same customs figure, never a statement before a
/// statistic.
/// </remarks>
public static class VersionRule
{
    /// <summary>A version as the rule sees it. Precisions: the power of ten of the last digit given (higher is finer).</summary>
    public readonly record struct Version(string Confidence, bool Statement, bool ValueMissing, bool Approximate,
        int ValuePrecision, int ChangePrecision, string? SourceKind, string? SourcePublished, long Id);

    public static readonly IComparer<Version> Order = Comparer<Version>.Create(Compare);

    private static int Compare(Version a, Version b)
    {
        int c;
        if ((c = (a.Confidence == "disputed").CompareTo(b.Confidence == "disputed")) != 0) return c;
        if ((c = a.Statement.CompareTo(b.Statement)) != 0) return c;
        if ((c = a.ValueMissing.CompareTo(b.ValueMissing)) != 0) return c;
        if ((c = (a.Confidence != "reported").CompareTo(b.Confidence != "reported")) != 0) return c;
        if ((c = a.Approximate.CompareTo(b.Approximate)) != 0) return c;
        if ((c = b.ValuePrecision.CompareTo(a.ValuePrecision)) != 0) return c;
        if ((c = b.ChangePrecision.CompareTo(a.ChangePrecision)) != 0) return c;
        if ((c = (a.SourceKind != "news").CompareTo(b.SourceKind != "news")) != 0) return c;
        if ((c = (a.SourcePublished is null).CompareTo(b.SourcePublished is null)) != 0) return c;
        if ((c = string.CompareOrdinal(a.SourcePublished, b.SourcePublished)) != 0) return c;
        return a.Id.CompareTo(b.Id);
    }

    /// <summary>
    /// How precisely a number is stated: the number of decimals it is written with, or minus the number of trailing
    /// zeros of a whole number (71100000000 is -8, 71000000000 is -9, 30.65 is 2); int.MinValue when there is none.
    /// </summary>
    public static int Precision(double? number)
    {
        if (number is not { } n || !double.IsFinite(n)) return int.MinValue;
        var text = Math.Abs(n).ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal)) return 0;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0) return text.Length - dot - 1;
        if (text == "0") return 0;
        var zeros = 0;
        for (var i = text.Length - 1; i > 0 && text[i] == '0'; i--) zeros++;
        return -zeros;
    }

    /// <summary>A ranked version: its rank in its group (1 first), how many versions the group has, and whether it is preferred.</summary>
    public readonly record struct Ranked(Cells Row, int Rank, int Versions, bool Preferred);

    /// <summary>
    /// Ranks the observations (derivation input rows) of one unit within their groups (rows with equal
    /// <paramref name="group"/> values). Groups come out in the order of their first row. <paramref name="figure"/>
    /// is the version's figure (null when it gives only a change) and <paramref name="change"/> its published change.
    /// </summary>
    public static List<Ranked> Rank(IReadOnlyList<Cells> rows, Func<Cells, object> group, Func<Cells, double?> figure,
        Func<Cells, double?>? change = null)
    {
        var ranked = new List<Ranked>(rows.Count);
        foreach (var members in rows.GroupBy(group))
        {
            var ordered = members.OrderBy(r => new Version(r.Required("confidence"),
                r.Schema.Has("kind") && r.Text("kind") == "statement",
                figure(r) is null,
                r.Schema.Has("qualifier") && !string.IsNullOrEmpty(r.Text("qualifier")),
                Precision(figure(r)), Precision(change?.Invoke(r)),
                r.Text("source_kind"), r.Text("source_published"), r.Integer("id")!.Value), Order).ToList();
            for (var i = 0; i < ordered.Count; i++)
                ranked.Add(new Ranked(ordered[i], i + 1, ordered.Count, i == 0 && ordered[i].Text("confidence") != "disputed"));
        }
        return ranked;
    }
}
