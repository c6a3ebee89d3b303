using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using TradeApi.Datasets.Definitions;

namespace TradeApi.Serving.Listing;

/// <summary>How a record's fields are written from a reader row: as a JSON object, or as CSV cells (as JSON writes them).</summary>
public static class RecordCells
{
    /// <summary>The fields' names, encoded once for every record of a page (as the writer's relaxed encoder writes them).</summary>
    public static JsonEncodedText[] Names(Field[] fields) =>
        [.. fields.Select(f => JsonEncodedText.Encode(f.Name, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping))];

    /// <summary>One record as a JSON object: the fields in order, camelCase names (<see cref="Names"/>), null for missing.</summary>
    public static void Json(Utf8JsonWriter json, Field[] fields, JsonEncodedText[] names, DbDataReader reader)
    {
        json.WriteStartObject();
        for (var i = 0; i < fields.Length; i++)
        {
            json.WritePropertyName(names[i]);
            if (reader.IsDBNull(i))
            {
                json.WriteNullValue();
                continue;
            }
            switch (fields[i].Kind)
            {
                case FieldKind.Text: json.WriteStringValue(reader.GetString(i)); break;
                case FieldKind.Number: json.WriteNumberValue(reader.GetDouble(i)); break;
                case FieldKind.Integer: json.WriteNumberValue(reader.GetInt64(i)); break;
                case FieldKind.Boolean: json.WriteBooleanValue(reader.GetInt64(i) != 0); break;
            }
        }
        json.WriteEndObject();
    }

    /// <summary>A cell as JSON writes the value: empty for null, true/false, numbers in shortest round-trip form.</summary>
    public static string Csv(DbDataReader reader, int i, FieldKind kind) => reader.IsDBNull(i) ? "" : kind switch
    {
        FieldKind.Text => reader.GetString(i),
        FieldKind.Number => reader.GetDouble(i).ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Integer => reader.GetInt64(i).ToString(CultureInfo.InvariantCulture),
        _ => reader.GetInt64(i) != 0 ? "true" : "false",
    };
}
