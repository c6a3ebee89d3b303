using System.Globalization;
using System.Text;
using System.Xml;

namespace TradeApi.Serving.Charts;

/// <summary>One value of a series at a period, with what it is: reported, computed, approximate (a qualifier), or missing.</summary>
public sealed record ChartPoint(string Period, int Start, int End, double? Value, string Status);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>What a chart shows: its title and description, the unit of its values, its series, and the lines under it.</summary>
public sealed record ChartModel(string Title, string Description, string Unit, IReadOnlyList<ChartSeries> Series, IReadOnlyList<string> Footer);

/// <summary>
/// A chart's x axis in months (year * 12 + month - 1): it starts at <paramref name="First"/> and spans
/// <paramref name="Months"/>; <paramref name="Slot"/> is the shortest period drawn; <paramref name="Calendar"/>: every point is a calendar
/// period of that length, and the ticks are every such period of the span; the ticks are labels at the middle of their period.
/// </summary>
public sealed record TimeAxis(int First, int Months, int Slot, bool Calendar, IReadOnlyList<(string Label, double Month)> Ticks)
{
    /// <summary>Where a point sits on the axis: the middle of its period.</summary>
    public static double Middle(ChartPoint p) => (p.Start + p.End + 1) / 2.0;
}

public enum ChartKind { Line, Bar }

/// <summary>How a chart is drawn; <paramref name="FollowsScheme"/>: light, turning dark with the reader's system setting (prefers-color-scheme), as an embed with theme=auto does.</summary>
public sealed record ChartOptions(ChartKind Kind, bool Dark, int Width, int Height, bool FollowsScheme = false)
{
    public const int MinWidth = 320, MaxWidth = 1600, DefaultWidth = 800;
    public const int MinHeight = 200, MaxHeight = 1200, DefaultHeight = 450;
}

/// <summary>
/// Draws a chart as SVG (with &lt;title&gt; and &lt;desc&gt; for screen readers): periods at their place on a time axis
/// (a missing period keeps its empty slot),
/// values up the y axis from zero, one colour per series, a legend, and the source, licence and release below. A
/// point carries its exact value (data-value) as the API served it. What a value is stays visible: a computed or
/// approximate value is an open marker (or a hatched bar), and a line breaks where a period is missing rather than
/// joining across the gap.
/// </summary>
public static class SvgChart
{
    /// <summary>The dark theme's colours under prefers-color-scheme: dark, scoped to a chart that follows the scheme.</summary>
    public const string AutoStyle =
        "@media (prefers-color-scheme: dark){svg.tradeapi-auto .bg,svg.tradeapi-auto #hatch rect,svg.tradeapi-auto circle.point:not([data-status=\"reported\"]){fill:#1e1e1e}" +
        "svg.tradeapi-auto text{fill:#e8e8e8}svg.tradeapi-auto #hatch line{stroke:#e8e8e8}svg.tradeapi-auto .grid{stroke:#444}}";

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

    public static string Render(ChartModel model, ChartOptions options)
    {
        var layout = Layout.Of(model, options);
        var svg = new StringBuilder();
        using (var x = XmlWriter.Create(svg, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            Start(x, layout);
            ValueAxis(x, layout);
            TimeTicks(x, layout);
            for (var s = 0; s < model.Series.Count; s++) Series(x, layout, s);
            Legend(x, layout);
            Footer(x, layout);
            x.WriteEndElement();
        }
        return svg.ToString();
    }

    /// <summary>Where everything of one chart goes: the plot area inside the margins, the scales and the theme's colours.</summary>
    private sealed record Layout(ChartModel Model, ChartOptions Options, TimeAxis Axis, double Low, double High, double Step,
        int PlotW, int PlotH, int LegendRows, string Fg, string Bg, string Grid)
    {
        public const int Left = 80, Right = 20, Top = 48;

        public static Layout Of(ChartModel model, ChartOptions options)
        {
            var (fg, bg, grid) = options.Dark ? ("#e8e8e8", "#1e1e1e", "#444") : ("#222", "#ffffff", "#ddd");
            var axis = SvgChart.Axis(model.Series.SelectMany(s => s.Points));
            var values = model.Series.SelectMany(s => s.Points).Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
            var (low, high, step) = Scale(values.Count == 0 ? 0 : Math.Min(0, values.Min()), values.Count == 0 ? 1 : Math.Max(0, values.Max()));
            var legendRows = (model.Series.Count + 2) / 3;
            var bottom = 56 + 18 * legendRows + 16 * model.Footer.Count;
            return new(model, options, axis, low, high, step, Math.Max(10, options.Width - Left - Right), Math.Max(10, options.Height - Top - bottom),
                legendRows, fg, bg, grid);
        }

        public double X(double month) => Left + PlotW * (month - Axis.First) / Axis.Months;
        public double At(ChartPoint p) => X(TimeAxis.Middle(p));
        public double Y(double v) => Top + PlotH - (v - Low) / (High - Low) * PlotH;
        public int LegendTop => Top + PlotH + 34;
    }

    /// <summary>The svg element, its title and description for screen readers, the styles and the hatching, the background and the headings.</summary>
    private static void Start(XmlWriter x, Layout l)
    {
        var (w, h, model) = (l.Options.Width, l.Options.Height, l.Model);
        x.WriteStartElement("svg", "http://www.w3.org/2000/svg");
        x.WriteAttributeString("viewBox", $"0 0 {w} {h}");
        x.WriteAttributeString("width", N(w));
        x.WriteAttributeString("height", N(h));
        x.WriteAttributeString("role", "img");
        x.WriteAttributeString("aria-labelledby", "chart-title chart-desc");
        x.WriteAttributeString("font-family", "system-ui, sans-serif");
        if (l.Options.FollowsScheme) x.WriteAttributeString("class", "tradeapi-auto");
        x.WriteStartElement("title");
        x.WriteAttributeString("id", "chart-title");
        x.WriteString(model.Title);
        x.WriteEndElement();
        x.WriteStartElement("desc");
        x.WriteAttributeString("id", "chart-desc");
        x.WriteString(model.Description);
        x.WriteEndElement();
        if (l.Options.FollowsScheme)
        {
            // The dark colours, for a reader whose system is dark: CSS rules override the light presentation attributes.
            x.WriteStartElement("style");
            x.WriteString(AutoStyle);
            x.WriteEndElement();
        }
        // Hatching for computed or approximate bars.
        x.WriteStartElement("defs");
        x.WriteStartElement("pattern");
        x.WriteAttributeString("id", "hatch");
        x.WriteAttributeString("width", "6");
        x.WriteAttributeString("height", "6");
        x.WriteAttributeString("patternUnits", "userSpaceOnUse");
        x.WriteAttributeString("patternTransform", "rotate(45)");
        Element(x, "rect", ("width", "6"), ("height", "6"), ("fill", l.Bg));
        Element(x, "line", ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", l.Fg), ("stroke-width", "2"));
        x.WriteEndElement();
        x.WriteEndElement();
        Element(x, "rect", ("class", "bg"), ("width", N(w)), ("height", N(h)), ("fill", l.Bg));
        Text(x, Layout.Left, 24, model.Title, l.Fg, "16", "bold");
        Text(x, Layout.Left, 40, model.Unit, l.Fg, "11");
    }

    /// <summary>The grid lines and their values up the y axis.</summary>
    private static void ValueAxis(XmlWriter x, Layout l)
    {
        for (var v = l.Low; v <= l.High + l.Step / 2; v += l.Step)
        {
            Element(x, "line", ("class", "grid"), ("x1", N(Layout.Left)), ("x2", N(Layout.Left + l.PlotW)), ("y1", N(l.Y(v))), ("y2", N(l.Y(v))),
                ("stroke", l.Grid), ("stroke-width", "1"));
            Text(x, Layout.Left - 6, l.Y(v) + 4, Tick(v), l.Fg, "11", anchor: "end");
        }
    }

    /// <summary>The period labels along the time axis.</summary>
    private static void TimeTicks(XmlWriter x, Layout l)
    {
        var axis = l.Axis;
        // About 60 pixels a label; on a calendar axis a round step (every 2, 5, 10 years; each January), so labels do not wander.
        var every = Math.Max(1, (int)Math.Ceiling(axis.Ticks.Count * 60.0 / l.PlotW));
        if (axis.Calendar) every = RoundStep(every, 12 / axis.Slot);
        for (var i = 0; i < axis.Ticks.Count; i++)
            if (axis.Calendar ? (int)Math.Floor(axis.Ticks[i].Month / axis.Slot) % every == 0 : i % every == 0)
                Text(x, l.X(axis.Ticks[i].Month), Layout.Top + l.PlotH + 16, axis.Ticks[i].Label, l.Fg, "11", anchor: "middle", css: "tick");
    }

    /// <summary>Series <paramref name="s"/>: its line segments (broken where a period is missing) and a marker or bar per value.</summary>
    private static void Series(XmlWriter x, Layout l, int s)
    {
        var series = l.Model.Series[s];
        var colour = Palette[s % Palette.Length];
        x.WriteStartElement("g");
        x.WriteAttributeString("class", "series");
        x.WriteAttributeString("data-series", series.Name);
        var points = series.Points.OrderBy(p => p.Start).ThenBy(p => p.End).ThenBy(p => p.Period, StringComparer.Ordinal).ToList();
        if (l.Options.Kind == ChartKind.Line)
        {
            foreach (var segment in Segments(points))
                if (segment.Count > 1)
                    Element(x, "polyline", ("fill", "none"), ("stroke", colour), ("stroke-width", "2"),
                        ("points", string.Join(" ", segment.Select(p => $"{N(l.At(p))},{N(l.Y(p.Value!.Value))}"))));
        }
        foreach (var p in points.Where(p => p.Value is not null)) Point(x, l, s, series.Name, colour, p);
        x.WriteEndElement();
    }

    /// <summary>One value: a circle on a line chart or a bar, open (hatched) unless reported, carrying its exact value.</summary>
    private static void Point(XmlWriter x, Layout l, int s, string name, string colour, ChartPoint p)
    {
        var open = p.Status is not "reported";
        var (px, py) = (l.At(p), l.Y(p.Value!.Value));
        x.WriteStartElement(l.Options.Kind == ChartKind.Line ? "circle" : "rect");
        if (l.Options.Kind == ChartKind.Line)
        {
            x.WriteAttributeString("cx", N(px));
            x.WriteAttributeString("cy", N(py));
            x.WriteAttributeString("r", "4");
            x.WriteAttributeString("fill", open ? l.Bg : colour);
        }
        else
        {
            var count = l.Model.Series.Count;
            var barWidth = l.PlotW * l.Axis.Slot / l.Axis.Months * 0.8 / Math.Max(1, count);
            var bx = px - barWidth * count / 2 + barWidth * s;
            x.WriteAttributeString("x", N(bx));
            x.WriteAttributeString("y", N(Math.Min(py, l.Y(0))));
            x.WriteAttributeString("width", N(Math.Max(1, barWidth - 1)));
            x.WriteAttributeString("height", N(Math.Abs(l.Y(0) - py)));
            x.WriteAttributeString("fill", open ? "url(#hatch)" : colour);
        }
        x.WriteAttributeString("stroke", colour);
        x.WriteAttributeString("stroke-width", "2");
        x.WriteAttributeString("class", "point");
        x.WriteAttributeString("data-period", p.Period);
        x.WriteAttributeString("data-value", p.Value.Value.ToString("R", CultureInfo.InvariantCulture));
        x.WriteAttributeString("data-status", p.Status);
        x.WriteElementString("title", $"{name}, {p.Period}: {p.Value.Value.ToString("R", CultureInfo.InvariantCulture)} {l.Model.Unit} ({p.Status})");
        x.WriteEndElement();
    }

    /// <summary>A colour key per series, three to a row.</summary>
    private static void Legend(XmlWriter x, Layout l)
    {
        for (var s = 0; s < l.Model.Series.Count; s++)
        {
            var (lx, ly) = (Layout.Left + (s % 3) * (l.PlotW / 3.0), l.LegendTop + (s / 3) * 18);
            Element(x, "rect", ("x", N(lx)), ("y", N(ly - 9)), ("width", "12"), ("height", "12"), ("fill", Palette[s % Palette.Length]));
            Text(x, lx + 16, ly + 1, l.Model.Series[s].Name, l.Fg, "12");
        }
    }

    /// <summary>The source, licence and release lines under the chart.</summary>
    private static void Footer(XmlWriter x, Layout l)
    {
        var footer = l.Model.Footer;
        var footerTop = l.LegendTop + 18 * l.LegendRows;
        // About 5.5 pixels a character at 10px: a line longer than the chart is cut (the embed page lists everything).
        var room = (int)((l.Options.Width - Layout.Left - 8) / 5.5);
        for (var i = 0; i < footer.Count; i++)
            Text(x, Layout.Left, footerTop + 16 * i, footer[i].Length <= room ? footer[i] : footer[i][..(room - 1)] + "…", l.Fg, "10");
    }

    /// <summary>
    /// The x axis of points: time in months, from the first period's start to the last one's end, so that every period
    /// between them has its place whether or not it has a value (a missing year is an empty slot, not squeezed out).
    /// Where every point is a calendar year, quarter or month, the ticks are every such period of that span; otherwise
    /// (year-to-date spans, mixed frequencies) the periods present, each at its place in time.
    /// </summary>
    public static TimeAxis Axis(IEnumerable<ChartPoint> points)
    {
        var all = points.ToList();
        if (all.Count == 0) return new TimeAxis(0, 1, 1, false, []);
        var (first, last) = (all.Min(p => p.Start), all.Max(p => p.End));
        var lengths = all.Select(p => p.End - p.Start + 1).Distinct().ToList();
        List<(string Label, double Month)> ticks;
        var calendar = lengths is [var length and (1 or 3 or 12)] && all.All(p => p.Start % length == 0);
        if (calendar)
            ticks = [.. Enumerable.Range(0, (last + 1 - first) / lengths[0]).Select(i => first + i * lengths[0])
                .Select(start => (CalendarPeriod(start, lengths[0]), start + lengths[0] / 2.0))];
        else
            ticks = [.. all.GroupBy(p => p.Period).Select(g => g.First())
                .OrderBy(p => p.Start).ThenBy(p => p.End).ThenBy(p => p.Period, StringComparer.Ordinal)
                .Select(p => (p.Period, TimeAxis.Middle(p)))];
        return new TimeAxis(first, last + 1 - first, lengths.Min(), calendar, ticks);
    }

    /// <summary>The least round step of at least <paramref name="least"/> periods: a divisor of a year's, then 1, 2, 5, 10... years.</summary>
    public static int RoundStep(int least, int perYear)
    {
        foreach (var divisor in Enumerable.Range(1, perYear).Where(d => perYear % d == 0))
            if (divisor >= least) return divisor;
        for (var years = 1; ; years *= 10)
            foreach (var m in new[] { 1, 2, 5 })
                if (m * years * perYear >= least) return m * years * perYear;
    }

    private static string CalendarPeriod(int month, int length)
    {
        var year = (month / 12).ToString("D4", CultureInfo.InvariantCulture);
        return length switch
        {
            12 => year,
            3 => $"{year}-Q{(month % 12 / 3 + 1).ToString(CultureInfo.InvariantCulture)}",
            _ => $"{year}-{(month % 12 + 1).ToString("D2", CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>Runs of points with values and no missing period between them (in the series' own frequency).</summary>
    public static IEnumerable<List<ChartPoint>> Segments(IReadOnlyList<ChartPoint> points)
    {
        var run = new List<ChartPoint>();
        ChartPoint? previous = null;
        foreach (var p in points)
        {
            var adjacent = previous is not null && p.Start == previous.End + 1 && p.End - p.Start == previous.End - previous.Start;
            if (p.Value is null || previous is null || !adjacent)
            {
                if (run.Count > 0) yield return run;
                run = [];
            }
            if (p.Value is not null) run.Add(p);
            previous = p.Value is null ? null : p;
        }
        if (run.Count > 0) yield return run;
    }

    /// <summary>A y scale with round steps covering [min, max].</summary>
    public static (double Low, double High, double Step) Scale(double min, double max)
    {
        if (max <= min) max = min + 1;
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        return (Math.Floor(min / step) * step, Math.Ceiling(max / step) * step, step);
    }

    private static string Tick(double v) => Math.Abs(v) switch
    {
        >= 1e12 => (v / 1e12).ToString("0.##", CultureInfo.InvariantCulture) + "T",
        >= 1e9 => (v / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "bn",
        >= 1e6 => (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "m",
        >= 1e4 => (v / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static void Element(XmlWriter x, string name, params (string Name, string Value)[] attributes)
    {
        x.WriteStartElement(name);
        foreach (var (n, v) in attributes) x.WriteAttributeString(n, v);
        x.WriteEndElement();
    }

    private static void Text(XmlWriter x, double px, double py, string text, string fill, string size, string? weight = null, string? anchor = null, string? css = null)
    {
        x.WriteStartElement("text");
        if (css is not null) x.WriteAttributeString("class", css);
        x.WriteAttributeString("x", N(px));
        x.WriteAttributeString("y", N(py));
        x.WriteAttributeString("fill", fill);
        x.WriteAttributeString("font-size", size);
        if (weight is not null) x.WriteAttributeString("font-weight", weight);
        if (anchor is not null) x.WriteAttributeString("text-anchor", anchor);
        x.WriteString(text);
        x.WriteEndElement();
    }
}
