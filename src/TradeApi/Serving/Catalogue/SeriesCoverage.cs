using System.Data.Common;
using Dapper;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Periods;

namespace TradeApi.Serving.Catalogue;

/// <summary>A period missing from a series, with the reason ../shared/data/SOURCES.md gives, where it gives one.</summary>
public sealed record MissingPeriod(string Period, string? Reason);

/// <summary>
/// One series of a dataset (its codes, e.g. reporter, partner, flow, unit) at one frequency: the periods that have a
/// preferred figure, and the ones missing between its first and last. Cumulative spans (YTD) and statements' periods as
/// of publication do not form a regular series, so none is missing there.
/// </summary>
public sealed record SeriesCoverage(string Id, IReadOnlyDictionary<string, string> Series, string Freq, string FirstPeriod, string LastPeriod,
    IReadOnlyList<string> Present, IReadOnlyList<MissingPeriod> Missing);

/// <summary>A missing period of one series, as /v1/datasets/{id}/gaps lists it across the dataset.</summary>
public sealed record SeriesGap(string Series, IReadOnlyDictionary<string, string> Codes, string Freq, string Period, string? Reason);

public static class SeriesCoverages
{
    private static readonly Dictionary<string, int> Steps = new()
    {
        [Freq.Annual] = 12, [Freq.HalfYear] = 6, [Freq.Quarterly] = 3, [Freq.Monthly] = 1,
    };

    /// <summary>The coverage of every series of <paramref name="dataset"/> in its current release (preferred figures only).</summary>
    public static async Task<List<SeriesCoverage>> LoadAsync(DbConnection connection, Dataset dataset, CancellationToken ct)
    {
        var columns = dataset.SeriesColumns.Select(s => s.Column).ToList();
        var codes = string.Join(", ", columns.Select(c => $"COALESCE({c}, '')"));
        var named = string.Join(", ", columns.Select((c, i) => $"COALESCE({c}, '') AS series_{i}"));
        var rows = await connection.QueryAsync(new CommandDefinition(
            $"""
            SELECT {named}, freq, period, period_start, period_end FROM {dataset.PublishedTable}
            WHERE valid_to IS NULL AND preferred = 1
            GROUP BY {codes}, freq, period, period_start, period_end
            ORDER BY {codes}, freq, period_start, period_end
            """, cancellationToken: ct));
        var reasons = (await connection.QueryAsync<(string Series, string Freq, string Period, string Reason)>(new CommandDefinition(
                "SELECT series, freq, period, reason FROM coverage_gap_reasons WHERE dataset_id = @Id", new { dataset.Id }, cancellationToken: ct)))
            .ToDictionary(r => (r.Series, r.Freq, r.Period), r => r.Reason);

        var result = new List<SeriesCoverage>();
        foreach (var series in rows.Select(r => ((IDictionary<string, object?>)r).Values.ToArray())
                     .GroupBy(v => string.Join("/", v.Take(columns.Count).Append(v[columns.Count])), StringComparer.Ordinal))
        {
            var first = series.First();
            var freq = (string)first[columns.Count]!;
            var id = string.Join("/", first.Take(columns.Count).Select(v => (string)v!));
            var names = dataset.SeriesColumns.Select((s, i) => (s.Field, Value: (string)first[i]!)).Where(x => x.Value.Length > 0)
                .ToDictionary(x => x.Field, x => x.Value);
            var present = series.Select(v => (Period: (string)v[columns.Count + 1]!, Start: (int)(long)v[columns.Count + 2]!, End: (int)(long)v[columns.Count + 3]!)).ToList();
            var missing = new List<MissingPeriod>();
            if (Steps.TryGetValue(freq, out var step))
            {
                var have = present.Select(p => p.Start).ToHashSet();
                for (var start = present[0].Start; start <= present[^1].Start; start += step)
                {
                    if (have.Contains(start)) continue;
                    var period = Period.FromMonths(freq, start, start + step - 1).Text;
                    // The reason for this period of this series, else for every period of it ('*'), else for this period of every series.
                    missing.Add(new MissingPeriod(period, reasons.GetValueOrDefault((id, freq, period)) ?? reasons.GetValueOrDefault((id, freq, "*"))
                        ?? reasons.GetValueOrDefault(("*", freq, period))));
                }
            }
            result.Add(new SeriesCoverage(id, names, freq, present[0].Period, present[^1].Period, present.Select(p => p.Period).ToList(), missing));
        }
        return result;
    }
}
