using TradeApi.Datasets.BrandShares;
using TradeApi.Datasets.CurrencyShares;
using TradeApi.Datasets.Definitions;
using TradeApi.Datasets.Trade;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Cors;
using TradeApi.Platform.Database;
using TradeApi.Platform.Formats;
using TradeApi.Platform.Health;
using TradeApi.Platform.OpenApi;
using TradeApi.Platform.Operations;
using TradeApi.Platform.Problems;
using TradeApi.Platform.Proxies;
using TradeApi.Platform.RateLimits;
using TradeApi.Platform.Security;
using TradeApi.Publishing.CommandLine;
using TradeApi.Publishing.Ingestion;
using TradeApi.Publishing.Startup;
using TradeApi.Publishing.Upstreams;
using TradeApi.Serving.Catalogue;
using TradeApi.Serving.Downloads;
using TradeApi.Serving.Feeds;
using TradeApi.Serving.FrontPage;
using TradeApi.Serving.Records;
using TradeApi.Serving.Releases;
using TradeApi.Serving.Snapshots;

var command = Command.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : []);
if (command is not null) builder.Configuration["Logging:LogLevel:Default"] = "Warning";
// http://localhost:5080 unless --urls, Urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    builder.WebHost.UseUrls("http://localhost:5080");

builder.Services.AddDatasets(new TradeDataset(), new BrandShareDataset(), new CurrencyShareDataset());
builder.Services.AddProxies(builder.Configuration);
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddIngestion(builder.Configuration);
builder.Services.AddUpstreams(builder.Configuration);
builder.Services.AddAnswers(builder.Configuration);
builder.Services.AddLiveCatalogue();
builder.Services.AddFeeds(builder.Configuration);
builder.Services.AddDownloads();
builder.Services.AddRecords();
builder.Services.AddApiFormats();
builder.Services.AddApiProblems();
builder.Services.AddApiDocument();
builder.Services.AddRequestLimits(builder.Configuration, builder.WebHost);
builder.Services.AddRateLimits(builder.Configuration);
// Ready means every dataset has a release, unless the database is not seeded (Database:Seed=false): then the schema suffices.
var seeded = builder.Configuration.GetValue("Database:Seed", true);
builder.Services.AddHealth(services => seeded ? services.Datasets().Select(d => d.Id) : []);

var app = builder.Build();
var datasets = app.Services.Datasets();

if (command is { NeedsDatabase: false }) return await command.RunAsync(app.Services);
await app.Services.InitialiseAsync();
if (command is not null) return await command.RunAsync(app.Services);

app.UseProxies();
app.UseCrossOrigin();
app.UseSecurityHeaders();
app.UseHeadAsGet();
app.UseApiProblems();
app.UseRateLimits();
app.UseRawAnswers();
app.UseFormatSuffixes();
app.UseApiDocument();
app.UseRouting();
app.UseRequestTimeouts();

app.MapFrontPage(datasets);
app.MapHealth();
app.MapProblemTypes();
app.MapCatalogue();
app.MapSources();
app.MapDatasets(datasets);
app.MapReleases().MapIngestion();
app.MapBackups();

app.Run();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
