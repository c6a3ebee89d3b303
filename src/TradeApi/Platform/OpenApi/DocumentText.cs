using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TradeApi.Platform.OpenApi;

/// <summary>
/// Words of the document that follow what the service serves (the datasets' ids, their chart measures): written as
/// {name} in a summary or description, and filled in when the document is made, so that no description lists the
/// datasets by hand.
/// </summary>
public sealed class DocumentText(IReadOnlyDictionary<string, string> words)
{
    public string? Fill(string? text)
    {
        if (text is null || !text.Contains('{')) return text;
        foreach (var (name, value) in words) text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return text;
    }

    internal sealed class Filter(IEnumerable<DocumentText> texts) : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            foreach (var text in texts)
                foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
                {
                    operation.Summary = text.Fill(operation.Summary);
                    operation.Description = text.Fill(operation.Description);
                    foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
                    {
                        parameter.Description = text.Fill(parameter.Description);
                        if (parameter.Schema is OpenApiSchema schema) schema.Description = text.Fill(schema.Description);
                    }
                }
        }
    }
}
