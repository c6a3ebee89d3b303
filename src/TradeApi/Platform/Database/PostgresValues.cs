using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace TradeApi.Platform.Database;

/// <summary>
/// Values to and from PostgreSQL as the rest of the service knows them from SQLite: whole numbers are long, other
/// numbers double, flags 0 or 1; and a value written to a column takes the column's type (SQLite's type affinity),
/// so a prepared statement's parameter types never change between runs.
/// </summary>
internal static class PostgresValues
{
    public static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
        string text => new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text },
        long or int or bool => new NpgsqlParameter { Value = Whole(value), NpgsqlDbType = NpgsqlDbType.Bigint },
        double number => new NpgsqlParameter { Value = number, NpgsqlDbType = NpgsqlDbType.Double },
        var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}", nameof(value)),
    };

    /// <summary>A parameter of a column's type (a name as pg_type spells it: int8, float8, text, ...).</summary>
    public static NpgsqlParameter Typed(string type) => new()
    {
        NpgsqlDbType = type switch
        {
            "int8" => NpgsqlDbType.Bigint,
            "int4" => NpgsqlDbType.Integer,
            "float8" => NpgsqlDbType.Double,
            "text" => NpgsqlDbType.Text,
            _ => throw new NotSupportedException($"a column of type {type}: the tables hold bigint, integer, double precision and text"),
        },
        Value = DBNull.Value,
    };

    /// <summary>Sets a parameter made by <see cref="Parameter"/> or <see cref="Typed"/>, converting the value to its type.</summary>
    public static void Set(NpgsqlParameter parameter, object? value) => parameter.Value = value is null ? DBNull.Value : parameter.NpgsqlDbType switch
    {
        NpgsqlDbType.Bigint => Whole(value),
        NpgsqlDbType.Integer => checked((int)Whole(value)),
        NpgsqlDbType.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    public static object? Read(DbDataReader reader, int column)
    {
        if (reader.IsDBNull(column)) return null;
        return reader.GetValue(column) switch
        {
            long number => number,
            int number => (long)number,
            short number => (long)number,
            bool flag => flag ? 1L : 0L,
            decimal number => decimal.IsInteger(number) ? (long)number : (double)number,
            float number => (double)number,
            var other => other,
        };
    }

    private static long Whole(object value) => value switch
    {
        long number => number,
        int number => number,
        bool flag => flag ? 1 : 0,
        double number when number == Math.Floor(number) => (long)number,
        var other => Convert.ToInt64(other, CultureInfo.InvariantCulture),
    };
}
