// Renders a sweep's figures with ScottPlot 5 (PNG and SVG): energy against spike rate with both crossings, the T × spike
// rate map of the ratio, and the break-even per T measured beside analytical. Every title names the models and the ERT.
using System.Globalization;
using HwGen.Report;
using ScottPlot;

namespace HwGen.Sweep;

public static class SweepPlots
{
    private const int Width = 1000;
    private const int Height = 650;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"hwgen-analytical-v1", "hwgen-measured-v2": the model names without their descriptions.</summary>
    public static string ShortName(string model) => model.Split(':')[0];

    /// <summary>The largest SI energy unit (pJ, nJ, µJ, mJ, J) in which <paramref name="maxPj"/> is at least 1, and its size in pJ.</summary>
    public static (string Unit, double Pj) EnergyUnit(double maxPj)
    {
        (string, double)[] units = [("J", 1e12), ("mJ", 1e9), ("µJ", 1e6), ("nJ", 1e3), ("pJ", 1)];
        foreach (var (unit, size) in units)
        {
            if (maxPj >= size)
            {
                return (unit, size);
            }
        }

        return ("pJ", 1);
    }

    private static string Models(bool measured, IReadOnlyList<string> presets) =>
        $"analytical: {ShortName(PointEvaluator.AnalyticalModel)} expected mode, ERT {string.Join(" + ", presets)}"
        + (measured ? $"\nmeasured: {ShortName(PointEvaluator.MeasuredModel)}: harness toggles x toggle calibration of the same ERT + measured accesses x ERT" : string.Empty);

    public static void Save(string sweep, EnergyFigure figure, string path)
    {
        var plot = new Plot();
        var all = figure.Series.SelectMany(s => s.AnalyticalSnnPj.Concat(s.AnalyticalQnnPj).Concat(s.MeasuredSnnPj).Concat(s.MeasuredQnnPj))
            .Where(double.IsFinite).DefaultIfEmpty(1).Max();
        var (unit, size) = EnergyUnit(all);
        double[] Scale(double[] v) => v.Select(x => x / size).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        var several = figure.Series.Count > 1;
        void Line(double[] xs, double[] ys, string legend, Color colour, LinePattern pattern, MarkerShape marker)
        {
            if (xs.Length == 0)
            {
                return;
            }

            var line = plot.Add.Scatter(xs, Scale(ys));
            line.LegendText = legend;
            line.Color = colour;
            line.LineWidth = 2;
            line.LinePattern = pattern;
            line.MarkerShape = marker;
            line.MarkerSize = marker == MarkerShape.None ? 0 : 7;
        }

        for (var i = 0; i < figure.Series.Count; i++)
        {
            var s = figure.Series[i];
            var t = several ? string.Create(Inv, $"T={s.Timesteps} ") : string.Empty;
            // Colour: the design (SNN, QNN) for one T, the T for several; dashed: analytical; markers: measured.
            var snnColour = several ? palette.GetColor(i) : palette.GetColor(0);
            var qnnColour = several ? palette.GetColor(i) : palette.GetColor(1);
            Line(s.AnalyticalRates, s.AnalyticalSnnPj, t + "SNN analytical", snnColour, LinePattern.Dashed, MarkerShape.None);
            Line(s.AnalyticalRates, s.AnalyticalQnnPj, t + "QNN twin analytical", qnnColour, LinePattern.Dotted, MarkerShape.None);
            Line(s.MeasuredRates, s.MeasuredSnnPj, t + "SNN measured (RTL)", snnColour, LinePattern.Solid, MarkerShape.FilledCircle);
            Line(s.MeasuredRates, s.MeasuredQnnPj, t + "QNN twin measured (RTL)", qnnColour, LinePattern.Solid, MarkerShape.FilledSquare);
            Mark(plot, s.Analytical, s.AnalyticalRates, s.AnalyticalQnnPj, size, t + "analytical crossing", Colors.Black, MarkerShape.OpenCircle);
            Mark(plot, s.Measured, s.MeasuredRates, s.MeasuredQnnPj, size, t + "measured crossing", Colors.Red, MarkerShape.FilledDiamond);
        }

        var shownT = figure.Series.Count < figure.GroupTimesteps
            ? $"; T = {string.Join(", ", figure.Series.Select(s => s.Timesteps))} of {figure.GroupTimesteps} T values (all in breakeven.csv)"
            : string.Empty;
        var presets = figure.Series.SelectMany(s => s.Presets).Distinct().Order(StringComparer.Ordinal).ToList();
        var label = figure.Series.Count == 1 ? figure.Series[0].Label : figure.Group;
        plot.Title($"sweep {sweep}: energy vs spike rate{shownT}\n{(label.Length == 0 ? "all points" : label)}\n{Models(figure.Series.Any(s => s.MeasuredRates.Length > 0), presets)}", size: 13);
        plot.XLabel("network spike rate s_r (analytical: the spec's; measured: the run's)");
        plot.YLabel($"energy per inference ({unit})");
        plot.ShowLegend(Alignment.UpperLeft);
        Write(plot, path);
    }

    /// <summary>Marks a crossing on the QNN line (interpolated at the crossing rate).</summary>
    private static void Mark(Plot plot, Crossing c, double[] rates, double[] qnnPj, double size, string name, Color colour, MarkerShape shape)
    {
        if (c.Kind != CrossingKind.Crossing || rates.Length == 0)
        {
            return;
        }

        var y = Interpolate(rates, qnnPj, c.SpikeRate) / size;
        var marker = plot.Add.Marker(c.SpikeRate, y);
        marker.MarkerShape = shape;
        marker.MarkerSize = 16;
        marker.Color = colour;
        marker.LegendText = $"{name}: s_r = {c.SpikeRate.ToString("0.####", Inv)}";
        var vline = plot.Add.VerticalLine(c.SpikeRate);
        vline.Color = colour.WithAlpha(0.5);
        vline.LinePattern = LinePattern.Dotted;
    }

    private static double Interpolate(double[] xs, double[] ys, double x)
    {
        var order = Enumerable.Range(0, xs.Length).OrderBy(i => xs[i]).ToArray();
        for (var k = 1; k < order.Length; k++)
        {
            var (i, j) = (order[k - 1], order[k]);
            if (x >= xs[i] && x <= xs[j])
            {
                return xs[j] == xs[i] ? ys[i] : ys[i] + (x - xs[i]) * (ys[j] - ys[i]) / (xs[j] - xs[i]);
            }
        }

        return ys[order[^1]];
    }

    public static void Save(string sweep, RatioMap map, string rateAxis, string path)
    {
        var plot = new Plot();
        var rows = map.Timesteps.Length;
        var cols = map.SpikeRates.Length;
        var intensities = new double[rows, cols];
        var finite = new List<double>();
        for (var t = 0; t < rows; t++)
        {
            for (var s = 0; s < cols; s++)
            {
                intensities[rows - 1 - t, s] = map.Log10Ratio[t, s];
                if (double.IsFinite(map.Log10Ratio[t, s]))
                {
                    finite.Add(map.Log10Ratio[t, s]);
                }
            }
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.NaNCellColor = Colors.LightGray;
        // Centre the colours on ratio 1 (log10 = 0): blue where the SNN wins, red where it loses.
        var extent = finite.Count == 0 ? 1 : Math.Max(1e-3, finite.Max(Math.Abs));
        heatmap.ManualRange = new ScottPlot.Range(-extent, extent);
        var x0 = map.SpikeRates[0];
        var x1 = map.SpikeRates[^1];
        var halfX = cols > 1 ? (x1 - x0) / (cols - 1) / 2 : 0.5;
        var halfY = rows > 1 ? 0.5 : 0.5;
        heatmap.Extent = new CoordinateRect(x0 - halfX, x1 + halfX, map.Timesteps[0] - halfY, map.Timesteps[^1] + halfY);
        heatmap.CellAlignment = Alignment.MiddleCenter;
        var every = Math.Max(1, (rows + 15) / 16);
        var ticks = map.Timesteps.Where((_, i) => i % every == 0).ToArray();
        plot.Axes.Left.SetTicks(ticks.Select(t => (double)t).ToArray(), ticks.Select(t => t.ToString(Inv)).ToArray());
        plot.Add.ColorBar(heatmap).Label = $"log10(E_SNN / E_QNN), {(map.Measured ? "measured" : "analytical")}; < 0: the SNN wins";
        plot.Title($"sweep {sweep}: {(map.Measured ? "measured" : "analytical")} SNN/QNN energy ratio over T x spike rate\n{(map.Label.Length == 0 ? "all points" : map.Label)}\n{Models(map.Measured, map.Presets)}", size: 13);
        plot.XLabel($"{rateAxis} (swept)");
        plot.YLabel("timesteps T");
        Write(plot, path);
    }

    public static void Save(string sweep, string group, IReadOnlyList<BreakEvenRow> rows, IReadOnlyList<string> presets, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var measuredAny = rows.Any(r => r.MeasuredPoints > 0);
        void Series(Func<BreakEvenRow, Crossing> pick, string legend, int colour, bool dashed)
        {
            var hits = rows.Where(r => pick(r).Kind == CrossingKind.Crossing).ToList();
            if (hits.Count == 0)
            {
                return;
            }

            var line = plot.Add.Scatter(hits.Select(r => (double)r.Timesteps).ToArray(), hits.Select(r => pick(r).SpikeRate).ToArray());
            line.LegendText = legend;
            line.Color = palette.GetColor(colour);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            if (dashed)
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        Series(r => r.Analytical, "analytical break-even s_r*", 0, true);
        Series(r => r.Measured, "measured break-even s_r* (RTL)", 3, false);
        var closed = rows.Where(r => r.ClosedForm is { Kind: Energy.BreakEvenKind.Crossing }).ToList();
        if (closed.Count > 0)
        {
            var line = plot.Add.Scatter(closed.Select(r => (double)r.Timesteps).ToArray(), closed.Select(r => r.ClosedForm!.Value.SpikeRate).ToArray());
            line.LegendText = "analytical break-even s_r* (closed form, every layer at s_r)";
            line.Color = palette.GetColor(2);
            line.MarkerSize = 8;
        }

        plot.Title($"sweep {sweep}: break-even spike rate per T\n{(group.Length == 0 ? "all points" : group)}\n{Models(measuredAny, presets)}", size: 13);
        plot.XLabel("timesteps T");
        plot.YLabel("break-even network spike rate s_r* (SNN wins below)");
        plot.ShowLegend(Alignment.UpperRight);
        Write(plot, path);
    }

    private static void Write(Plot plot, string path) => Plots.Save(plot, path, Width, Height);
}
