using TradeApi.BrandShares;
using TradeApi.Catalogue;
using TradeApi.CurrencyShares;
using TradeApi.Database;
using TradeApi.Formats;
using TradeApi.OpenApi;
using TradeApi.Problems;
using TradeApi.Trade;
using TradeApi.Ingestion;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddSingleton<IDatasetImport, TradeImport>();
builder.Services.AddSingleton<IDatasetImport, BrandShareImport>();
builder.Services.AddSingleton<IDatasetImport, CurrencyShareImport>();
builder.Services.AddApiFormats();
builder.Services.AddApiProblems();
builder.Services.AddApiDocument();

var app = builder.Build();

await app.Services.InitialiseDatabaseAsync();

app.UseApiProblems();
app.UseApiDocument();

app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
app.MapProblemTypes();
app.MapDatasets();
app.MapSources();
app.MapTrade();
app.MapBrandShares();
app.MapCurrencyShares();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
