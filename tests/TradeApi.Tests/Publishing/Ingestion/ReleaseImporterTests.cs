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
}
