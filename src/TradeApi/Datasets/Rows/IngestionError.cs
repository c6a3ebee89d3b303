
namespace TradeApi.Datasets.Rows;

/// <summary>What is wrong with one cell (or row) of a release file. Rows count as in a spreadsheet: the header is row 1.</summary>
public sealed record IngestionError(int Row, string? Column, string? Value, string Message);
