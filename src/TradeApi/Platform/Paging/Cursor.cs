using System.Buffers.Text;
using System.Text.Json;

namespace TradeApi.Platform.Paging;

/// <summary>
/// An opaque keyset cursor: the sort key of the last record of a page, with the release the
/// page was read at, so that every page of one listing stands on the same release.
/// </summary>
public static class Cursor
{
    public static string Encode(params object[] values) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(values));

    /// <summary>Decodes a cursor into its values, or null when it is not one of ours.</summary>
    public static JsonElement[]? Decode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            var bytes = Base64Url.DecodeFromChars(text.Trim());
            var values = JsonSerializer.Deserialize<JsonElement[]>(bytes);
            return values is { Length: > 0 } ? values : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public static string Message => "is not a cursor this endpoint issued; use links.next (or the Link header) of the previous page unchanged";

}
