// The peer: GET /v1/trade?reporter=&partner=&flow=&period=&limit= answered by one indexed query per request on
// TradeApi's current published rows (valid_to IS NULL, preferred versions), no cache of any kind.
using Dapper;
using Microsoft.Data.Sqlite;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = new SqliteConnectionStringBuilder { DataSource = builder.Configuration["Database"], Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
var app = builder.Build();

app.MapGet("/v1/trade", async (string? reporter, string? partner, string? flow, string? period, int? limit) =>
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    // Only the filters asked for, so that SQLite can use the series index (reporter, partner, flow, unit, period_start).
    var where = string.Concat(reporter is null ? "" : " AND reporter = @reporter", partner is null ? "" : " AND partner = @partner",
        flow is null ? "" : " AND flow = @flow", period is null ? "" : " AND period = @period");
    var rows = await connection.QueryAsync<TradeRow>($"""
        SELECT reporter, partner, flow, freq, period, value, unit, value_status AS ValueStatus, yoy_change_pct AS YoyChangePct,
               yoy_change_status AS YoyChangeStatus, cited_body AS CitedBody, confidence, source_id AS SourceId, release_id AS Release, note
        FROM trade_published
        WHERE valid_to IS NULL AND preferred = 1 AND unit = 'USD'{where}
        ORDER BY period_start, period_end, freq, reporter, partner, flow, unit
        LIMIT @limit
        """, new { reporter, partner, flow, period, limit = Math.Clamp(limit ?? 1000, 1, 10000) });
    return Results.Ok(new { data = rows });
});
app.Run();

record TradeRow(string Reporter, string Partner, string Flow, string Freq, string Period, double? Value, string Unit, string ValueStatus,
    double? YoyChangePct, string YoyChangeStatus, string CitedBody, string Confidence, string SourceId, long Release, string? Note);
