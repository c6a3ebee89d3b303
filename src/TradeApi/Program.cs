using TradeApi.Answers;
using TradeApi.BrandShares;
using TradeApi.Catalogue;
using TradeApi.Cors;
using TradeApi.CommandLine;
using TradeApi.CurrencyShares;
using TradeApi.Database;
using TradeApi.Datasets;
using TradeApi.Downloads;
using TradeApi.Embeds;
using TradeApi.Feeds;
using TradeApi.Formats;
using TradeApi.FrontPage;
using TradeApi.Health;
using TradeApi.Ingestion;
using TradeApi.OpenApi;
using TradeApi.Problems;
using TradeApi.RateLimits;
using TradeApi.Releases;
using TradeApi.Security;
using TradeApi.Trade;

var command = Command.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : []);
if (command is not null) builder.Configuration["Logging:LogLevel:Default"] = "Warning";
// http://localhost:5080 unless --urls, Urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    builder.WebHost.UseUrls("http://localhost:5080");

var trade = new TradeDataset();
var brandShares = new BrandShareDataset();
var currencyShares = new CurrencyShareDataset();
Dataset[] datasets = [trade, brandShares, currencyShares];
builder.Services.AddDatasets(datasets);
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddIngestion(builder.Configuration);
builder.Services.AddAnswers(builder.Configuration);
builder.Services.AddReleaseClock();
builder.Services.AddFeeds(builder.Configuration);
builder.Services.AddDownloads();
builder.Services.AddApiFormats();
builder.Services.AddApiProblems();
builder.Services.AddApiDocument();
builder.Services.AddRequestLimits(builder.Configuration, builder.WebHost);
builder.Services.AddRateLimits(builder.Configuration);
builder.Services.AddHealth();

var app = builder.Build();

if (command is { NeedsDatabase: false }) return await command.RunAsync(app.Services);
await app.Services.InitialiseAsync();
if (command is not null) return await command.RunAsync(app.Services);

app.UseCrossOrigin();
app.UseSecurityHeaders();
app.UseHeadAsGet();
app.UseApiProblems();
app.UseRateLimits();
app.UseFormatSuffixes();
app.UseApiDocument();
app.UseRouting();
app.UseRequestTimeouts();

app.MapFrontPage(datasets);
app.MapHealth();
app.MapProblemTypes();
app.MapDatasets();
app.MapSources();
app.MapTrade(trade);
app.MapBrandShares(brandShares);
app.MapCurrencyShares(currencyShares);
app.MapDownloads(datasets);
app.MapChanges(datasets);
app.MapFeeds(datasets);
app.MapEmbedSupport(datasets);
app.MapReleases().MapIngestion();
app.MapBackups();

app.Run();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
