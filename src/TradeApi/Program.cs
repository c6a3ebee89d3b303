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
using TradeApi.Ingestion;
using TradeApi.OpenApi;
using TradeApi.Problems;
using TradeApi.Releases;
using TradeApi.Trade;

var command = Command.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : []);
if (command is not null) builder.Configuration["Logging:LogLevel:Default"] = "Warning";

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

var app = builder.Build();

if (command is { NeedsDatabase: false }) return await command.RunAsync(app.Services);
await app.Services.InitialiseAsync();
if (command is not null) return await command.RunAsync(app.Services);

app.UseCrossOrigin();
app.UseHeadAsGet();
app.UseApiProblems();
app.UseApiDocument();
app.UseRouting();

app.MapFrontPage(datasets);
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

app.Run();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
