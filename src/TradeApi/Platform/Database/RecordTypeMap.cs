using System.Reflection;
using Dapper;

namespace TradeApi.Platform.Database;

/// <summary>
/// Dapper's type map, with one leniency: a record's constructor is found by its parameter names when a column's type
/// does not match. SQLite reports the type of a value, not of a column, so an expression (an aggregate, a formatted
/// time) that is NULL, or that no row holds, reads as a BLOB; Dapper would then find no constructor for the record and
/// throw, though every value it reads is null (and so the default) or of the right type. Set once, for every query.
/// </summary>
public sealed class RecordTypeMap(Type type) : SqlMapper.ITypeMap
{
    private readonly DefaultTypeMap _default = new(type);

    public static void Register() => SqlMapper.TypeMapProvider = t => new RecordTypeMap(t);

    public ConstructorInfo? FindConstructor(string[] names, Type[] types) =>
        _default.FindConstructor(names, types)
        ?? type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).FirstOrDefault(c =>
            c.GetParameters() is var parameters && parameters.Length == names.Length
            && parameters.Select(p => p.Name).SequenceEqual(names, StringComparer.OrdinalIgnoreCase));

    public ConstructorInfo? FindExplicitConstructor() => _default.FindExplicitConstructor();

    public SqlMapper.IMemberMap? GetConstructorParameter(ConstructorInfo constructor, string columnName) =>
        _default.GetConstructorParameter(constructor, columnName);

    public SqlMapper.IMemberMap? GetMember(string columnName) => _default.GetMember(columnName);
}
