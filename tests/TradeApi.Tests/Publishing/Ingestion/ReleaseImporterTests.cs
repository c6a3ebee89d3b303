using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TradeApi.Platform.Database;
using TradeApi.Publishing.Ingestion;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Publishing.Ingestion;

/// <summary>The importer the seed goes through (and, later, the ingestion API): validate all, then write all or nothing.</summary>
public sealed class ReleaseImporterTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Header = "reporter,partner,flow,period,value,unit,yoyChangePct,citedBody,confidence,note,sourceId,sourcePublisher,sourceTitle,sourceUrl,sourcePublished,sourceKind\n";

    private async Task<(ImportOutcome Outcome, long Releases, long Observations)> Import(string csv)
    {
        _ = factory.CreateClient();
        var importer = factory.Services.GetRequiredService<ReleaseImporter>();
        var outcome = await importer.ImportAsync(new ReleaseRequest("trade", "test", null, "test", DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(csv)));
        await using var connection = await factory.Services.GetRequiredService<Db>().OpenAsync();
        return (outcome,
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM releases"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM trade_observations"));
    }

    [Fact]
    public async Task BadRowsAreReportedCellByCellAndNothingIsWritten()
    {
        var (before, releases, observations) = await Import(Header);
        Assert.False(before.Succeeded);

        var (outcome, releasesAfter, observationsAfter) = await Import(Header +
            "CN,RU,total,2030,1000,USD,,GACC,reported,,new-source-2030,Test publisher,,https://example.org/a,2031-01-05,news\n" +
            "CN,XX,total,2024,abc,USD,,GACC,reported,,new-source-2030,,,,,\n" +
            "CN,RU,sideways,2024-13,,USD,,GACC,sure,,new-source-2030,,,,,\n" +
            "CN,RU,total,2030,1000,USD,,GACC,reported,,NEW SOURCE,,,,,\n");

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Errors, e => e is { Row: 3, Column: "partner", Value: "XX" });
        Assert.Contains(outcome.Errors, e => e is { Row: 3, Column: "value", Value: "abc" });
        Assert.Contains(outcome.Errors, e => e is { Row: 4, Column: "flow" });
        Assert.Contains(outcome.Errors, e => e is { Row: 4, Column: "period" });
        Assert.Contains(outcome.Errors, e => e is { Row: 4, Column: "confidence" });
        Assert.Contains(outcome.Errors, e => e is { Row: 5, Column: "sourceId" });
        Assert.Equal(releases, releasesAfter);
        Assert.Equal(observations, observationsAfter);
    }

    [Fact]
    public async Task UnknownAndMissingColumnsAreNamed()
    {
        var (outcome, _, _) = await Import("reporter,partner,flow,period,valeu,sourceId\nCN,RU,total,2024,1,x\n");
        Assert.Contains(outcome.Errors, e => e is { Row: 1, Column: "valeu" });
        Assert.Contains(outcome.Errors, e => e is { Row: 1, Column: "unit" });

        // Columns that only set rows need are checked row by row (a withdrawal names just the key).
        var (rows, _, _) = await Import("reporter,partner,flow,period,unit,value,sourceId\nCN,RU,total,2024,USD,1,bne-eu-2025-01-13\n");
        Assert.Contains(rows.Errors, e => e is { Row: 2, Column: "confidence" });
        Assert.Contains(rows.Errors, e => e is { Row: 2, Column: "citedBody" });
    }

    [Fact]
    public async Task ARowRepeatingAnotherRowsKeyIsNamed()
    {
        var (outcome, releases, observations) = await Import(Header +
            "CN,RU,total,2032,1,USD,,GACC,reported,,twice-source,Publisher,,,2033,news\n" +
            "CN,RU,export,2032,1,USD,,GACC,reported,,twice-source,,,,,\n" +
            "cn,ru,TOTAL,2032,2,usd,,GACC,reported,,twice-source,,,,,\n");
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(4, error.Row);
        Assert.Contains("repeats row 2", error.Message);
        var (_, releasesAfter, observationsAfter) = await Import(Header);
        Assert.Equal(releases, releasesAfter);
        Assert.Equal(observations, observationsAfter);
    }

    [Fact]
    public async Task TheSameContentMakesOneRelease()
    {
        const string csv = Header + "CN,RU,total,2031,5,USD,,GACC,reported,,once-source,Publisher,,,2032,news\n";
        var (first, releases, observations) = await Import(csv);
        var (second, releasesAfter, observationsAfter) = await Import(csv);
        Assert.True(first.Succeeded);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Release!.Id, second.Release!.Id);
        Assert.Equal(releases, releasesAfter);
        Assert.Equal(observations, observationsAfter);
    }

    [Fact]
    public async Task AReleaseBiggerThanThePublishedTableBuildsItsListingIndexesAgainAndAnswersTheSame()
    {
        const string indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trade_published' ORDER BY name";
        var client = factory.CreateClient();
        await using var connection = await factory.Services.GetRequiredService<Db>().OpenAsync();
        if (SqlDialect.Of(connection) != SqlDialect.Sqlite) return; // PostgreSQL keeps its indexes: dropping one locks out readers
        var before = (await connection.QueryAsync<(string, string)>(indexes)).AsList();
        var published = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM trade_published");

        // More rows than the table holds: the listing indexes (period first, release first) are dropped and built again.
        var months = Enumerable.Range(0, (int)published + 120).Select(m => (Year: 2040 + m / 12, Month: m % 12 + 1)).ToList();
        var csv = new StringBuilder(Header + "CN,RU,export,2040-01,1204001,USD,,GACC,reported,,bulk-source,Publisher,,,2039-12-01,news\n");
        foreach (var (year, month) in months.Skip(1)) csv.Append($"CN,RU,export,{year}-{month:D2},{1_000_000 + year * 100 + month},USD,,GACC,reported,,bulk-source,,,,,\n");
        var (outcome, _, _) = await Import(csv.ToString());
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));

        Assert.Equal(before, (await connection.QueryAsync<(string, string)>(indexes)).AsList());
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        // A listing by period reads trade_published_listing: the new months are there, with their values and changes.
        var page = await client.GetJson("/v1/trade?reporter=CN&partner=RU&flow=export&freq=M&from=2041-01&to=2041-12");
        var rows = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(m => $"2041-{m:D2}"), rows.Select(r => r.GetProperty("period").GetString()));
        Assert.Equal(Enumerable.Range(1, 12).Select(m => 1_000_000.0 + 204100 + m), rows.Select(r => r.GetProperty("value").GetDouble()));
        Assert.All(rows.Select((r, i) => (Change: r.GetProperty("yoyChangePct").GetDouble(), Exact: 100.0 * 100 / (1_000_000 + 204000 + i + 1))),
            r => Assert.InRange(r.Change, r.Exact - 0.05, r.Exact + 0.05));
        Assert.Equal(months.Count, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM trade_published INDEXED BY trade_published_from WHERE valid_from = @Id", new { outcome.Release!.Id }));
    }
}
