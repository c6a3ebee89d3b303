using TradeApi.Datasets.Definitions;
using TradeApi.Platform.OpenApi;
using TradeApi.Serving.Changes;
using TradeApi.Serving.Charts;
using TradeApi.Serving.Downloads;
using TradeApi.Serving.Embeds;
using TradeApi.Serving.Feeds;
using TradeApi.Serving.Listing;

namespace TradeApi.Serving.Records;

/// <summary>
/// Every endpoint a dataset has, mapped from its declaration alone: its records, their history and its views,
/// its chart and embed, and its place in the downloads, the changes and the feeds. A dataset's definition knows
/// nothing of how it is served; nothing here knows any dataset by name.
/// </summary>
public static class RecordEndpoints
{
    /// <summary>The words of the document that list the datasets (<see cref="DocumentText"/>), from their declarations.</summary>
    public static IServiceCollection AddRecords(this IServiceCollection services) =>
        services.AddSingleton(provider => new DocumentText(Words(provider.Datasets())));

    private static Dictionary<string, string> Words(IReadOnlyList<Dataset> datasets)
    {
        var ids = datasets.Select(d => d.Id).ToList();
        static string Name(Dataset d) => d.Tag.ToLowerInvariant();
        static string Or(IReadOnlyList<string> words) => words.Count < 2 ? string.Concat(words) : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";
        return new()
        {
            ["dataset-ids"] = Or(ids),
            ["dataset-list"] = string.Join(", ", ids),
            ["bar-charts"] = string.Join(" and ", datasets.Where(d => d.Chart.Bars).Select(Name)),
            ["measures"] = string.Join(", ", datasets.Select(d => $"{Or([.. d.Chart.Measures.Keys])} ({Name(d)})")),
        };
    }

    public static void MapDatasets(this IEndpointRouteBuilder app, IReadOnlyList<Dataset> datasets)
    {
        foreach (var dataset in datasets) app.MapRecords(dataset);
        app.MapDownloads(datasets);
        app.MapChanges(datasets);
        app.MapFeeds(datasets);
        app.MapEmbedSupport(datasets);
    }

    private static void MapRecords(this IEndpointRouteBuilder app, Dataset dataset)
    {
        var group = app.MapGroup(dataset.Path).WithTags(dataset.Tag);
        var records = ListingSpec.Records(dataset);
        group.MapListing("/", records).Describe(dataset.Records);
        group.MapListing("/history", ListingSpec.History(dataset)).Describe(dataset.History);
        foreach (var view in dataset.Views)
            group.MapListing(view.Suffix, ListingSpec.View(dataset, view)).Describe(view.Operation);
        group.MapChart("/chart.svg", records);
        app.MapEmbed(records);
    }

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, Operation operation) =>
        endpoint.WithName(operation.Name).WithSummary(operation.Summary).WithDescription(operation.Description);
}
