using System.Net;
using System.Text.Json;

namespace TradeApi.Tests.Infrastructure;

public static class HttpAssert
{
    /// <summary>Gets a URL and parses the JSON body, asserting the status first.</summary>
    public static async Task<JsonElement> GetJson(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the status, and (when given) an error entry for the parameter.</summary>
    public static async Task<JsonElement> GetProblem(this HttpClient client, string url, HttpStatusCode status, string? parameter = null)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"GET {url}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("/problems/", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.True(problem.TryGetProperty("instance", out _), "a problem names its instance");
        if (parameter is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(parameter, out var messages), $"problem for {url} names '{parameter}': {body}");
            Assert.True(messages.GetArrayLength() > 0);
        }
        return problem;
    }

    /// <summary>How a JSON field of a record appears as a CSV cell: empty for null, true/false, numbers as JSON writes them.</summary>
    public static string CsvCell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    public static IReadOnlyList<JsonElement> Data(this JsonElement page) => page.GetProperty("data").EnumerateArray().ToList();
}
