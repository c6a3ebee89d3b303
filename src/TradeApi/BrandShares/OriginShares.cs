namespace TradeApi.BrandShares;

/// <summary>
/// Sums the preferred brand records of each period by origin: the brands listed, their units and
/// share, how many are in the top ten, and the remainder no listed brand covers.
/// </summary>
public static class OriginShares
{
    public const string Unattributed = "unattributed";

    public static IEnumerable<OriginShareRecord> Summarise(IEnumerable<BrandShareRecord> records, string originBasis)
    {
        foreach (var period in records.GroupBy(r => (r.Market, r.Segment, r.Period)))
        {
            var market = period.FirstOrDefault(r => r.Brand == BrandShareImport.AllBrands && r.Origin is null);
            var brands = period.Where(r => r.Brand != BrandShareImport.AllBrands).ToList();
            var aggregates = period.Where(r => r.Brand == BrandShareImport.AllBrands && r.Origin is not null).ToList();
            var topTenListed = brands.Count(b => b.TopTen == true);
            var origins = brands
                .GroupBy(b => originBasis == "platform" ? b.PlatformOrigin ?? b.Origin! : b.Origin!)
                .ToDictionary(g => g.Key, g => g.ToList());
            var results = new List<OriginShareRecord>();

            foreach (var (origin, members) in origins.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                long? units = members.All(m => m.Units is not null) ? members.Sum(m => m.Units!.Value) : null;
                var (share, status) = members.All(m => m.ShareStatus == ShareStatus.Reported)
                    ? (Math.Round(members.Sum(m => m.SharePct!.Value), 2), ShareStatus.SumOfReported)
                    : units is not null && market?.Units is { } total && total > 0
                        ? (Math.Round(100.0 * units.Value / total, 2, MidpointRounding.AwayFromZero), ShareStatus.Computed)
                        : ((double?)null, ShareStatus.Unavailable);
                results.Add(new OriginShareRecord(period.Key.Market, period.Key.Segment, period.Key.Period, originBasis, origin,
                    members.Count, string.Join(",", members.Select(m => m.Brand)), units, share, status,
                    members.Count(m => m.TopTen == true), topTenListed, market?.Units, Sources(members)));
            }

            // A published aggregate for an origin with no listed brands (e.g. "Chinese brands: 54.9%") is served as reported.
            foreach (var aggregate in aggregates.Where(a => !origins.ContainsKey(a.Origin!)))
                results.Add(new OriginShareRecord(period.Key.Market, period.Key.Segment, period.Key.Period, originBasis, aggregate.Origin!,
                    0, "", aggregate.Units, aggregate.SharePct, aggregate.SharePct is null ? ShareStatus.Unavailable : ShareStatus.Reported,
                    0, topTenListed, market?.Units, aggregate.SourceId));

            if (market is not null && results.Count > 0)
            {
                var known = results.Where(r => r.SharePct is not null).ToList();
                var complete = known.Count == results.Count;
                long? units = market.Units is { } total && results.All(r => r.Units is not null) ? total - results.Sum(r => r.Units!.Value) : null;
                results.Add(new OriginShareRecord(period.Key.Market, period.Key.Segment, period.Key.Period, originBasis, Unattributed,
                    0, "", units, complete ? Math.Round(100 - known.Sum(r => r.SharePct!.Value), 2) : null,
                    complete ? ShareStatus.Remainder : ShareStatus.Unavailable, 0, topTenListed, market.Units, market.SourceId));
            }
            foreach (var result in results) yield return result;
        }
    }

    private static string Sources(IEnumerable<BrandShareRecord> members) =>
        string.Join(",", members.Select(m => m.SourceId).Distinct().Order(StringComparer.Ordinal));
}
