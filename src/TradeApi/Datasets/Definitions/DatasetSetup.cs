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
}
