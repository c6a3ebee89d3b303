using System.Globalization;
using TradeApi.Ingestion;

namespace TradeApi.CommandLine;

/// <summary>A one-line progress bar on a text writer (standard error), redrawn when the stage or percentage changes.</summary>
public sealed class ProgressBar(TextWriter output) : IProgress<ImportProgress>
{
    private const int Width = 30;
    private string? _stage;
    private int _percent = -1;

    /// <summary>Rows validated and written, as the last report said.</summary>
    public long Rows { get; private set; }

    public void Report(ImportProgress value)
    {
        var percent = value.Total > 0 ? (int)(100 * value.Done / value.Total) : 0;
        if (value.Stage != "reading") Rows = value.Total;
        if (value.Stage == _stage && percent == _percent) return;
        _stage = value.Stage;
        _percent = percent;
        var filled = Width * percent / 100;
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{value.Stage,-10} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.Done:N0}/{value.Total:N0}   "));
    }

    public void Done()
    {
        if (_stage is not null) output.WriteLine();
    }
}
