
namespace TradeApi.Publishing.ReleaseFiles;

public enum ReleaseFormat { Csv, Json, Ndjson }
