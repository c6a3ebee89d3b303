using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Platform.OpenApi;
using TradeApi.Platform.Problems;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Listing;

public static class ListingEndpoints
{
    /// <summary>
    /// Maps a listing at <paramref name="pattern"/> of <paramref name="group"/>: it takes the query parameters the
    /// spec reads (<see cref="ListingSpec.Parameters"/>), and the document lists those and no others.
    /// </summary>
    public static RouteHandlerBuilder MapListing(this RouteGroupBuilder group, string pattern, ListingSpec spec) =>
        group.MapGet(pattern, (HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db) =>
                ListingAnswers.AnswerAsync(spec, context, catalogue, cache, db))
            .AllowOnlyQuery([.. spec.Parameters.Select(p => p.Name)])
            .WithMetadata(new DocumentedQuery(spec.Parameters))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DataPage<>).MakeGenericType(spec.Record),
                MediaTypes.Tabular));
}
