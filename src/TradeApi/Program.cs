using TradeApi.BrandShares;
using TradeApi.Catalogue;
using TradeApi.CommandLine;
using TradeApi.CurrencyShares;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.OpenApi;
using TradeApi.Problems;
using TradeApi.Trade;
using TradeApi.Ingestion;
using TradeApi.Releases;

var command = Command.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : []);
if (command is not null) builder.Configuration["Logging:LogLevel:Default"] = "Warning";

builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddIngestion(builder.Configuration);
builder.Services.AddSingleton<IDatasetImport, TradeImport>();
builder.Services.AddSingleton<IDatasetImport, BrandShareImport>();
builder.Services.AddSingleton<IDatasetImport, CurrencyShareImport>();
builder.Services.AddApiFormats();
builder.Services.AddApiProblems();
builder.Services.AddApiDocument();

var app = builder.Build();

await app.Services.InitialiseDatabaseAsync();
if (command is not null) return await command.RunAsync(app.Services);

app.UseApiProblems();
app.UseApiDocument();

app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
app.MapProblemTypes();
app.MapDatasets();
app.MapSources();
app.MapTrade();
app.MapBrandShares();
app.MapCurrencyShares();
app.MapReleases().MapIngestion();

app.Run();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
