using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TradeApi.Platform.Answers;
using TradeApi.Platform.Problems;

namespace TradeApi.Platform.OpenApi;

/// <summary>The OpenAPI document (Swashbuckle) at /openapi/v1.json and Swagger UI at /swagger.</summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TradeApi",
                Version = "v1",
                Description = """
                    Public statistics on the Russia–China economic relationship: bilateral trade, with every figure's source
                    and release. Records are tidy (one observation each), values are in units (US dollars, not billions),
                    and every query answers in JSON, CSV and NDJSON. Errors are RFC 9457 problem details whose `type`
                    is documented at /problems.
                    """,
                License = new OpenApiLicense { Name = "Compilation CC BY 4.0; figures as published by their sources" },
            });
            options.OperationFilter<DocumentedQuery.Filter>();
            options.OperationFilter<AcceptedParametersOnly>();
            options.OperationFilter<ParameterDescriptions>();
            options.OperationFilter<TabularMediaTypes>();
            options.OperationFilter<HttpAnswers>();
            options.DocumentFilter<DocumentText.Filter>();
            options.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
        });
        return services;
    }

    public static WebApplication UseApiDocument(this WebApplication app)
    {
        // The document changes only with the build: made once, then served as bytes.
        app.UseAnswerOnce(DocumentPath, "application/json; charset=utf-8");
        app.UseSwagger(o => o.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint(DocumentPath, "TradeApi v1");
        });
        return app;
    }

    /// <summary>CSV and NDJSON bodies are text (one record per line), not the JSON envelope.</summary>
    private sealed class TabularMediaTypes : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.Responses?.TryGetValue("200", out var ok) != true || ok?.Content is null) return;
            if (ok.Content.TryGetValue("text/csv", out var csv))
                csv.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV, UTF-8, a header row of the record's field names, one record per row." };
            if (ok.Content.TryGetValue("application/x-ndjson", out var ndjson))
                ndjson.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "One JSON record per line, the same records as the JSON data array." };
        }
    }

    /// <summary>
    /// Lists only the query parameters the endpoint takes: a listing may bind a parameter class that describes more
    /// (history binds the records' class but takes neither versions nor top), and the document follows the endpoint.
    /// </summary>
    private sealed class AcceptedParametersOnly : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.Parameters is null) return;
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<UnknownParameters.AcceptedQuery>().LastOrDefault() is not { } accepted) return;
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>()
                         .Where(p => p.In == ParameterLocation.Query && !accepted.Names.Contains(p.Name!)).ToList())
                operation.Parameters.Remove(parameter);
        }
    }

    /// <summary>Copies [Description] and [DefaultValue] of [AsParameters] properties onto the query parameters.</summary>
    private sealed class ParameterDescriptions : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.Parameters is null) return;
            foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            {
                var description = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Name == parameter.Name);
                var member = Member(description);
                if (member is null) continue;
                if (member.GetCustomAttribute<DescriptionAttribute>() is { } d) parameter.Description = d.Description;
                if (member.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value } && parameter.Schema is OpenApiSchema schema)
                    schema.Default = System.Text.Json.Nodes.JsonValue.Create(value);
            }
        }

        private static MemberInfo? Member(ApiParameterDescription? description) =>
            description?.ParameterDescriptor is { } descriptor
                ? (descriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IPropertyInfoParameterDescriptor)?.PropertyInfo
                  ?? (MemberInfo?)(descriptor as Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor)?.ParameterInfo.Member
                : null;
    }
}
