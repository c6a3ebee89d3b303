using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TradeApi.Platform.OpenApi;

/// <summary>One query parameter as the document shows it: a string, or a whole number, with its description and default.</summary>
public sealed record QueryParameterDoc(string Name, string Description, bool WholeNumber = false, object? Default = null)
{
    /// <summary>The documented parameters of an [AsParameters] class: [FromQuery] name, [Description] and [DefaultValue], in order.</summary>
    public static QueryParameterDoc[] Of(Type parameters) =>
        [.. parameters.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => new QueryParameterDoc(
            p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name,
            p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? "",
            (Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) == typeof(int),
            p.GetCustomAttribute<DefaultValueAttribute>()?.Value))];
}

/// <summary>
/// Endpoint metadata: query parameters that no [AsParameters] class describes, because they are read from a
/// declaration (a dataset's filters). The document lists them first, before any bound ones; as for those, only the
/// ones the endpoint takes are shown.
/// </summary>
public sealed record DocumentedQuery(IReadOnlyList<QueryParameterDoc> Parameters)
{
    internal sealed class Filter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<DocumentedQuery>().LastOrDefault() is not { } documented) return;
            operation.Parameters ??= [];
            var at = 0;
            foreach (var p in documented.Parameters)
            {
                var schema = new OpenApiSchema
                {
                    Type = p.WholeNumber ? JsonSchemaType.Integer : JsonSchemaType.String,
                    Format = p.WholeNumber ? "int32" : null,
                    Description = p.Description,
                    Default = p.Default is null ? null : System.Text.Json.Nodes.JsonValue.Create(p.Default),
                };
                operation.Parameters.Insert(at++, new OpenApiParameter { Name = p.Name, In = ParameterLocation.Query, Description = p.Description, Schema = schema });
            }
        }
    }
}
