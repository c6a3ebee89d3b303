using TradeApi.Answers;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.Problems;
using TradeApi.Releases;

namespace TradeApi.Listing;

public static class ListingEndpoints
{
    /// <summary>
    /// Maps a listing at <paramref name="pattern"/> of <paramref name="group"/>, documented with the query
    /// parameters of <typeparamref name="TParameters"/>, which are the only ones it takes.
    /// </summary>
    public static RouteHandlerBuilder MapListing<TParameters>(this RouteGroupBuilder group, string pattern, ListingSpec spec)
        where TParameters : class
    {
        return group.MapGet(pattern, ([AsParameters] TParameters parameters, HttpContext context, ReleaseClock clock, AnswerCache cache, Db db) =>
                ListingAnswers.AnswerAsync(spec, context, clock, cache, db))
            .AllowOnlyQueryOf<RouteHandlerBuilder, TParameters>()
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(DataPage<>).MakeGenericType(spec.Record),
                ["application/json", "text/csv", "application/x-ndjson"]));
    }
}
