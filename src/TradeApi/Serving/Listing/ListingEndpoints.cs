using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Platform.Problems;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Listing;

public static class ListingEndpoints
{
    /// <summary>
    /// Maps a listing at <paramref name="pattern"/> of <paramref name="group"/>: it takes the query parameters the
    /// spec reads (<see cref="ListingSpec.Takes"/>), documented as <typeparamref name="TParameters"/> describes them;
    /// the document lists those and no others.
    /// </summary>
    public static RouteHandlerBuilder MapListing<TParameters>(this RouteGroupBuilder group, string pattern, ListingSpec spec)
        where TParameters : class
    {
        return group.MapGet(pattern, ([AsParameters] TParameters parameters, HttpContext context, LiveCatalogue clock, AnswerCache cache, Db db) =>
                ListingAnswers.AnswerAsync(spec, context, clock, cache, db))
            .AllowOnlyQuery([.. UnknownParameters.NamesOf(typeof(TParameters)).Where(spec.Takes)])
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DataPage<>).MakeGenericType(spec.Record),
                ["application/json", "text/csv", "application/x-ndjson"]));
    }
}
