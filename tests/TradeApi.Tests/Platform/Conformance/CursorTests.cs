using System.Net;
using System.Text;
using System.Text.Json;
using TradeApi.Tests.Infrastructure;

namespace TradeApi.Tests.Platform.Conformance;

/// <summary>A cursor a client made up is a 400 naming the cursor, whatever it holds; never a 500.</summary>
public sealed class CursorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("[\"seven\",1,2,3,4,5,6,7,8]")]
    [InlineData("[1.5,1,2,3,4,5,6,7,8]")]
    [InlineData("[null]")]
    [InlineData("{\"a\":1}")]
    public async Task AMadeUpCursorIsRefusedByName(string json)
    {
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var response = await factory.CreateClient().GetAsync($"/v1/trade?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }
}
