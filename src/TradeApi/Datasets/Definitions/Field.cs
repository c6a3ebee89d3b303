using System.Reflection;
using System.Text.Json;

namespace TradeApi.Datasets.Definitions;

public enum FieldKind { Text, Number, Integer, Boolean }

/// <summary>
/// One field of a record as the API writes it: its wire name (camelCase, the CSV column), its kind, and the SQL
/// expression that reads it. The fields of a record are its type's properties in declaration order, so the
/// record type is the one description of the shape, for the writers and for the OpenAPI document alike.
/// </summary>
public sealed record Field(string Name, FieldKind Kind, string Sql)
{
    /// <summary>
    /// The fields of <paramref name="record"/>; a field reads the column named like it in snake_case on
    /// <paramref name="alias"/>, unless <paramref name="sql"/> gives another expression for its wire name.
    /// </summary>
    public static Field[] Of(Type record, string alias, IReadOnlyDictionary<string, string>? sql = null) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .Select(p =>
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
                var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                var kind = type == typeof(string) ? FieldKind.Text
                    : type == typeof(double) ? FieldKind.Number
                    : type == typeof(bool) ? FieldKind.Boolean
                    : type == typeof(long) || type == typeof(int) ? FieldKind.Integer
                    : throw new NotSupportedException($"{record.Name}.{p.Name}: {type.Name} is not a record field type");
                return new Field(name, kind, sql?.GetValueOrDefault(name) ?? $"{alias}.{SnakeCase(name)}");
            })
            .ToArray();

    public static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    /// <summary>SQL that writes a month index (year * 12 + month - 1) as 2025-01, in what SQLite and PostgreSQL read alike.</summary>
    public static string MonthText(string column) =>
        $"substr('000', 1, 4 - length(CAST({column} / 12 AS TEXT))) || CAST({column} / 12 AS TEXT) || CASE WHEN {column} % 12 < 9 THEN '-0' ELSE '-' END || CAST({column} % 12 + 1 AS TEXT)";
}
