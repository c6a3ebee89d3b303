using System.Text.Encodings.Web;

namespace TradeApi.Platform.Formats;

public static class FormatSetup
{
    /// <summary>JSON as the wire format: camelCase names, nulls kept (a missing value is null, not absent), text unescaped.</summary>
    public static IServiceCollection AddApiFormats(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}
