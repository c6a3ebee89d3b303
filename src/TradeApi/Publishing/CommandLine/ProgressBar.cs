using System.Globalization;
using TradeApi.Publishing.Ingestion;

namespace TradeApi.Publishing.CommandLine;

/// <summary>A one-line progress bar on a text writer (standard error), redrawn when the stage or percentage changes.</summary>
public sealed class ProgressBar(TextWriter output) : IProgress<ImportProgress>
{
    private const int Width = 30;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<(string Stage, TimeSpan Start)> _stages = [];
    private string? _stage;
    private int _percent = -1;

    /// <summary>Rows validated and written, as the last report said.</summary>
    public long Rows { get; private set; }

    public void Report(ImportProgress value)
    {
        var percent = value.Total > 0 ? (int)(100 * value.Done / value.Total) : 0;
        if (value.Stage is "applying") Rows = value.Total;
        if (value.Stage == _stage && percent == _percent) return;
        if (value.Stage != _stage) _stages.Add((value.Stage, _clock.Elapsed));
        _stage = value.Stage;
        _percent = percent;
        var filled = Width * percent / 100;
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{value.Stage,-10} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.Done:N0}/{value.Total:N0}   "));
    }

    /// <summary>Ends the bar with the time each stage took, e.g. "reading 1.2 s, validating 3.4 s, writing 5.6 s".</summary>
    public void Done()
    {
        if (_stage is null) return;
        var end = _clock.Elapsed;
        var times = _stages.Select((s, i) => (s.Stage, Took: (i + 1 < _stages.Count ? _stages[i + 1].Start : end) - s.Start));
        output.WriteLine();
        output.WriteLine(string.Join(", ", times.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Stage} {t.Took.TotalSeconds:0.0} s"))));
    }
}
