using System.Globalization;
using System.Text.Json;
using TradeApi.Datasets.Definitions;
using TradeApi.Platform.Database;

namespace TradeApi.Serving.Listing;

/// <summary>How a record's fields are written from a row: as a JSON object, or as CSV cells (as JSON writes them).</summary>
public static class RecordCells
{
    /// <summary>The fields' names, encoded once for every record of a page (as the writer's relaxed encoder writes them).</summary>
    public static JsonEncodedText[] Names(Field[] fields) =>
        [.. fields.Select(f => JsonEncodedText.Encode(f.Name, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping))];

    /// <summary>One record as a JSON object: the fields in order, camelCase names (<see cref="Names"/>), null for missing.</summary>
    public static void Json(Utf8JsonWriter json, Field[] fields, JsonEncodedText[] names, Rows row)
    {
        json.WriteStartObject();
        for (var i = 0; i < fields.Length; i++)
        {
            json.WritePropertyName(names[i]);
            if (row.IsNull(i))
            {
                json.WriteNullValue();
                continue;
            }
            switch (fields[i].Kind)
            {
                case FieldKind.Text: row.WriteText(json, i); break;
                case FieldKind.Number: json.WriteNumberValue(row.Double(i)); break;
                case FieldKind.Integer: json.WriteNumberValue(row.Int64(i)); break;
                case FieldKind.Boolean: json.WriteBooleanValue(row.Int64(i) != 0); break;
            }
        }
        json.WriteEndObject();
    }

    /// <summary>A cell as JSON writes the value: empty for null, true/false, numbers in shortest round-trip form.</summary>
    public static string Csv(Rows row, int i, FieldKind kind) => row.IsNull(i) ? "" : kind switch
    {
        FieldKind.Text => row.Text(i),
        FieldKind.Number => row.Double(i).ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Integer => row.Int64(i).ToString(CultureInfo.InvariantCulture),
        _ => row.Int64(i) != 0 ? "true" : "false",
    };
}
