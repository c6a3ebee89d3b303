using TradeApi.Datasets.Definitions;

namespace TradeApi.Datasets.BrandShares;

/// <summary>
/// Sums the preferred brand records of each period by origin: the brands listed, their units and
/// share, how many are in the top ten, and the remainder no listed brand covers. Derived when a release
/// lands, for both origin bases (owner, platform), and served by GET /v1/brand-shares/by-origin.
/// </summary>
public static class OriginShares
{
    public const string Unattributed = "unattributed";
    public static readonly string[] Bases = ["owner", "platform"];

    public static readonly CellSchema Schema = new(
    [
        "market", "segment", "freq", "period", "period_start", "period_end", "origin_basis", "position", "origin",
        "brands_listed", "brands", "units", "share_pct", "share_status", "top_ten_brands", "top_ten_listed", "market_units", "sources",
    ]);

    /// <summary>A brand record as the summary reads it.</summary>
    private sealed record Brand(string Name, string? Origin, string? PlatformOrigin, long? Units, double? SharePct, string ShareStatus, bool? TopTen, string SourceId);

    /// <summary>The origin rows of one period, from its published brand rows.</summary>
    public static IEnumerable<Cells> Derive(IReadOnlyList<Cells> published)
    {
        var preferred = published.Where(p => p.Integer("preferred") == 1)
            .OrderBy(p => p.Integer("sort_group")).ThenBy(p => p.Integer("sort_rank")).ThenBy(p => p.Integer("sort_units"))
            .ThenBy(p => p.Text("brand"), StringComparer.Ordinal).ThenBy(p => p.Text("origin_key"), StringComparer.Ordinal)
            .ToList();
        if (preferred.Count == 0) return [];
        var first = preferred[0];
        var records = preferred.Select(p => new Brand(p.Required("brand"), p.Text("origin"), p.Text("platform_origin"), p.Integer("units"),
            p.Number("share_pct"), p.Required("share_status"), p.Integer("top_ten") is { } t ? t == 1 : null, p.Required("source_id"))).ToList();
        return Bases.SelectMany(basis => Summarise(records, basis).Select((row, position) =>
        {
            var cells = Schema.New();
            foreach (var column in (string[])["market", "segment", "freq", "period", "period_start", "period_end"]) cells[column] = first[column];
            cells["origin_basis"] = basis;
            cells["position"] = position;
            cells["origin"] = row.Origin;
            cells["brands_listed"] = row.BrandsListed;
            cells["brands"] = row.Brands;
            cells["units"] = row.Units;
            cells["share_pct"] = row.SharePct;
            cells["share_status"] = row.ShareStatus;
            cells["top_ten_brands"] = row.TopTenBrands;
            cells["top_ten_listed"] = row.TopTenListed;
            cells["market_units"] = row.MarketUnits;
            cells["sources"] = row.Sources;
            return cells;
        })).ToList();
    }

    private sealed record Summary(string Origin, int BrandsListed, string Brands, long? Units, double? SharePct, string ShareStatus,
        int TopTenBrands, int TopTenListed, long? MarketUnits, string Sources);

    private static List<Summary> Summarise(List<Brand> period, string originBasis)
    {
        var market = period.FirstOrDefault(r => r.Name == BrandShareDataset.AllBrands && r.Origin is null);
        var brands = period.Where(r => r.Name != BrandShareDataset.AllBrands).ToList();
        var aggregates = period.Where(r => r.Name == BrandShareDataset.AllBrands && r.Origin is not null).ToList();
        var topTenListed = brands.Count(b => b.TopTen == true);
        var origins = brands
            .GroupBy(b => originBasis == "platform" ? b.PlatformOrigin ?? b.Origin! : b.Origin!)
            .ToDictionary(g => g.Key, g => g.ToList());
        var results = new List<Summary>();

        foreach (var (origin, members) in origins.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            long? units = members.All(m => m.Units is not null) ? members.Sum(m => m.Units!.Value) : null;
            var (share, status) = members.All(m => m.ShareStatus == ShareStatus.Reported)
                ? (Math.Round(members.Sum(m => m.SharePct!.Value), 2), ShareStatus.SumOfReported)
                : units is not null && market?.Units is { } total && total > 0
                    ? (Math.Round(100.0 * units.Value / total, 2, MidpointRounding.AwayFromZero), ShareStatus.Computed)
                    : ((double?)null, ShareStatus.Unavailable);
            results.Add(new Summary(origin, members.Count, string.Join(",", members.Select(m => m.Name)), units, share, status,
                members.Count(m => m.TopTen == true), topTenListed, market?.Units, Sources(members)));
        }

        // A published aggregate for an origin with no listed brands (e.g. "Chinese brands: 54.9%") is served as reported.
        foreach (var aggregate in aggregates.Where(a => !origins.ContainsKey(a.Origin!)))
            results.Add(new Summary(aggregate.Origin!, 0, "", aggregate.Units, aggregate.SharePct,
                aggregate.SharePct is null ? ShareStatus.Unavailable : ShareStatus.Reported, 0, topTenListed, market?.Units, aggregate.SourceId));

        if (market is not null && results.Count > 0)
        {
            var known = results.Where(r => r.SharePct is not null).ToList();
            var complete = known.Count == results.Count;
            long? units = market.Units is { } total && results.All(r => r.Units is not null) ? total - results.Sum(r => r.Units!.Value) : null;
            results.Add(new Summary(Unattributed, 0, "", units, complete ? Math.Round(100 - known.Sum(r => r.SharePct!.Value), 2) : null,
                complete ? ShareStatus.Remainder : ShareStatus.Unavailable, 0, topTenListed, market.Units, market.SourceId));
        }
        return results;
    }

    private static string Sources(IEnumerable<Brand> members) =>
        string.Join(",", members.Select(m => m.SourceId).Distinct().Order(StringComparer.Ordinal));
}
