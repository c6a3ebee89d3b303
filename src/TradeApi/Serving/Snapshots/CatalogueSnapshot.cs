using TradeApi.Datasets.Codes;

namespace TradeApi.Serving.Snapshots;

/// <summary>
/// The catalogue as one committed state of the database: the releases, each dataset's code lists and licence,
/// the source ids and the countries. Made by <see cref="LiveCatalogue"/> once per change of the database.
/// </summary>
public sealed record CatalogueSnapshot(
    IReadOnlyList<ReleaseStamp> Releases,
    IReadOnlyDictionary<string, ReleaseStamp> Latest,
    IReadOnlyDictionary<string, DimensionCodes> Codes,
    IReadOnlyDictionary<string, string> Licences,
    IReadOnlySet<string> Sources,
    Countries Countries)
{
    /// <summary>The newest release of any dataset (0 before the first).</summary>
    public long Newest => Releases.Count == 0 ? 0 : Releases[^1].Id;

    /// <summary>The newest release of a dataset up to release <paramref name="upTo"/>, if it had one by then.</summary>
    public ReleaseStamp? DatasetRelease(string datasetId, long upTo)
    {
        for (var i = Releases.Count - 1; i >= 0; i--)
            if (Releases[i].Id <= upTo && Releases[i].DatasetId == datasetId) return Releases[i];
        return null;
    }

    public ReleaseStamp? Release(long id) => Releases.FirstOrDefault(r => r.Id == id);
}
