namespace TradeApi.Datasets.Definitions;

public static class DatasetSetup
{
    /// <summary>Registers the datasets the service serves, each as itself and as a <see cref="Dataset"/>.</summary>
    public static IServiceCollection AddDatasets(this IServiceCollection services, params Dataset[] datasets)
    {
        foreach (var dataset in datasets)
        {
            services.AddSingleton(dataset.GetType(), dataset);
            services.AddSingleton(dataset);
        }
        return services;
    }

    /// <summary>The datasets the service serves, in the order they were added.</summary>
    public static IReadOnlyList<Dataset> Datasets(this IServiceProvider services) => [.. services.GetServices<Dataset>()];
}
