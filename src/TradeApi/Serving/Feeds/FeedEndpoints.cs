using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using Dapper;
using Microsoft.Extensions.Options;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Database;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Proxies;
using TradeApi.Serving.Snapshots;

namespace TradeApi.Serving.Feeds;

/// <summary>Feeds:TagAuthority: the authority of the entries' tag: ids (RFC 4151), e.g. your domain. Feeds:Entries: how many releases a feed lists.</summary>
public sealed class FeedOptions
{
    public string TagAuthority { get; set; } = "tradeapi.local";
    public int Entries { get; set; } = 50;
}

/// <summary>
/// Release feeds: Atom (RFC 4287, written by System.ServiceModel.Syndication) and JSON Feed 1.1, for every release
/// and per dataset, newest first. Each entry says what the release changed (counts, periods, sources) and links to
/// the release, its changes and its data pinned by as_of. Feeds are answers like any other: cached bytes, ETag, 304.
/// </summary>
public static class FeedEndpoints
{
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string JsonFeedType = "application/feed+json; charset=utf-8";

    private sealed record Entry(long Id, string DatasetId, string Title, string? Description, string ReleasedAt, long Added, long Revised,
        long Withdrawn, string? FirstPeriod, string? LastPeriod, string? Sources);

    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<FeedOptions>(configuration.GetSection("Feeds"));

    public static void MapFeeds(this IEndpointRouteBuilder app, IEnumerable<Dataset> datasets)
    {
        var byId = datasets.ToDictionary(d => d.Id);
        var group = app.MapGroup("/feeds").WithTags("Feeds");
        group.MapGet("/{name}", ([System.ComponentModel.Description("releases.atom, releases.json, or a dataset's feed: trade.atom, brand-shares.json, ...")] string name, HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db, IOptions<FeedOptions> options) =>
            {
                var dot = name.LastIndexOf('.');
                var (scope, kind) = dot < 0 ? (name, "") : (name[..dot], name[(dot + 1)..]);
                Dataset? dataset = null;
                if (kind is not ("atom" or "json") || scope != "releases" && !byId.TryGetValue(scope, out dataset))
                    return Task.FromResult<IResult>(TypedResults.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: "Feed not found",
                        detail: $"No feed '{name}'. Feeds: /feeds/releases.atom, /feeds/releases.json, and /feeds/{{dataset}}.atom or .json for {string.Join(", ", byId.Keys)}."));
                return AnswerAsync(context, catalogue, cache, db, options.Value, dataset, kind);
            })
            .WithName("GetFeed")
            .WithSummary("Feeds of new releases: Atom and JSON Feed")
            .WithDescription("""
                `/feeds/releases.atom` and `/feeds/releases.json` list every release, newest first; `/feeds/{dataset}.atom` and
                `.json` one dataset's ({dataset-list}). Each entry has a stable tag: id, the release's title
                and time, a summary of what changed (values added, revised and withdrawn, the periods touched, the sources), and
                links to the release (/v1/releases/{id}), its changes (/v1/changes) and its data pinned by as_of. Subscribe in
                any feed reader, or poll with If-None-Match: a feed answers 304 until the next release.
                """)
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml", "application/feed+json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowOnlyQuery();
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, LiveCatalogue catalogue, AnswerCache cache, Db db, FeedOptions options,
        Dataset? dataset, string kind)
    {
        var snapshot = catalogue.Current;
        var root = context.PublicRoot();
        var path = context.Request.Path.Value;
        var key = $"{path}\n{root}\n{snapshot.Newest}";
        // Made once for every client that asks at the same time: a client that leaves stops waiting, not the making.
        var answer = await cache.GetOrMakeAsync(key, async () =>
        {
            var ct = CancellationToken.None;
            await using var connection = await db.OpenAsync(ct);
            var entries = (await connection.QueryAsync<Entry>(new CommandDefinition(
                """
                SELECT r.id, r.dataset_id AS DatasetId, r.title, r.description, r.released_at AS ReleasedAt, r.added, r.revised, r.withdrawn,
                       r.first_period AS FirstPeriod, r.last_period AS LastPeriod,
                       (SELECT string_agg(rs.source_id, ', ' ORDER BY rs.source_id) FROM release_sources rs WHERE rs.release_id = r.id) AS Sources
                FROM releases r WHERE @dataset IS NULL OR r.dataset_id = @dataset ORDER BY r.id DESC LIMIT @take
                """, new { dataset = dataset?.Id, take = options.Entries }, cancellationToken: ct))).AsList();
            var title = dataset is null ? "TradeApi releases" : $"TradeApi releases: {dataset.Title}";
            var self = $"{root}{path}";
            var body = kind == "atom" ? Atom(entries, title, self, root, options) : JsonFeed(entries, title, self, root, options);
            var updated = entries.Count == 0 ? (DateTimeOffset?)null : Time(entries[0].ReleasedAt);
            return new Answer(key, body, kind == "atom" ? AtomType : JsonFeedType, updated, immutable: false);
        }).WaitAsync(context.RequestAborted);
        return new AnswerResult(answer);
    }

    private static DateTimeOffset Time(string stored) => DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);

    private static string Id(Entry e, FeedOptions options) =>
        $"tag:{options.TagAuthority},{e.ReleasedAt[..10]}:release/{e.Id}";

    /// <summary>What a release changed; one that changed no figure (a source correction, a repeat of known figures) says so.</summary>
    private static string Summary(Entry e) =>
        e.Added + e.Revised + e.Withdrawn == 0
            ? $"{e.DatasetId}: no figure changed; sources named: {e.Sources ?? "none"} (a source's corrections are in its revisions at /v1/sources/{{id}})."
            : string.Create(CultureInfo.InvariantCulture,
                $"{e.DatasetId}: {e.Added} value(s) added, {e.Revised} revised, {e.Withdrawn} withdrawn; periods {e.FirstPeriod ?? "none"} to {e.LastPeriod ?? "none"}; sources: {e.Sources ?? "none"}.");

    private static (string Release, string Changes, string Data) Links(Entry e, string root) =>
        ($"{root}/v1/releases/{e.Id}",
         $"{root}/v1/changes?dataset={e.DatasetId}&since={e.Id - 1}&as_of={e.Id}",
         $"{root}/v1/{e.DatasetId}?as_of={e.Id}");

    private static byte[] Atom(List<Entry> entries, string title, string self, string root, FeedOptions options)
    {
        var feed = new SyndicationFeed(title, "New releases of TradeApi's figures on the Russia–China economic relationship.", new Uri($"{root}/"))
        {
            Id = $"tag:{options.TagAuthority},2026:feed{new Uri(self).AbsolutePath}",
            LastUpdatedTime = entries.Count == 0 ? DateTimeOffset.UnixEpoch : Time(entries[0].ReleasedAt),
            Generator = "TradeApi",
        };
        feed.Links.Add(new SyndicationLink(new Uri(self), "self", title, "application/atom+xml", 0));
        feed.Authors.Add(new SyndicationPerson { Name = "TradeApi" });
        feed.Items = entries.Select(e =>
        {
            var (release, changes, data) = Links(e, root);
            var item = new SyndicationItem(e.Title, Summary(e), new Uri(release), Id(e, options), Time(e.ReleasedAt))
            {
                PublishDate = Time(e.ReleasedAt),
                Summary = new TextSyndicationContent(Summary(e)),
            };
            item.Links.Add(new SyndicationLink(new Uri(changes), "related", "What this release changed", "application/json", 0));
            item.Links.Add(new SyndicationLink(new Uri(data), "related", "The data as of this release", "application/json", 0));
            item.Categories.Add(new SyndicationCategory(e.DatasetId));
            return item;
        }).ToList();
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        return stream.ToArray();
    }

    private static byte[] JsonFeed(List<Entry> entries, string title, string self, string root, FeedOptions options)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", "https://jsonfeed.org/version/1.1");
            json.WriteString("title", title);
            json.WriteString("home_page_url", $"{root}/");
            json.WriteString("feed_url", self);
            json.WriteString("description", "New releases of TradeApi's figures on the Russia–China economic relationship.");
            json.WriteStartArray("authors");
            json.WriteStartObject();
            json.WriteString("name", "TradeApi");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("items");
            foreach (var e in entries)
            {
                var (release, changes, data) = Links(e, root);
                json.WriteStartObject();
                json.WriteString("id", Id(e, options));
                json.WriteString("url", release);
                json.WriteString("title", e.Title);
                json.WriteString("content_text", Summary(e));
                json.WriteString("summary", Summary(e));
                json.WriteString("date_published", Time(e.ReleasedAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                json.WriteStartArray("tags");
                json.WriteStringValue(e.DatasetId);
                json.WriteEndArray();
                json.WriteStartObject("_tradeapi");
                json.WriteNumber("release", e.Id);
                json.WriteString("dataset", e.DatasetId);
                json.WriteNumber("added", e.Added);
                json.WriteNumber("revised", e.Revised);
                json.WriteNumber("withdrawn", e.Withdrawn);
                json.WriteString("changes", changes);
                json.WriteString("data", data);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
