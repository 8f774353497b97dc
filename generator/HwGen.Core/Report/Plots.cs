// Renders the energy plots with ScottPlot 5 as PNG or SVG (chosen by the file extension), headless.
using HwGen.Energy;
using ScottPlot;

namespace HwGen.Report;

public static class Plots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>Throws unless the path ends in .png or .svg.</summary>
    public static void CheckPath(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            throw new ArgumentException($"--plot {path}: the file must end in .png or .svg.");
        }
    }

    public static void Save(EnergyCurve curve, string path)
    {
        var plot = new Plot();
        var snn = plot.Add.Scatter(curve.SpikeRates, curve.SnnPj);
        snn.LegendText = "SNN";
        snn.MarkerSize = 0;
        var qnn = plot.Add.Scatter(curve.SpikeRates, curve.QnnPj);
        qnn.LegendText = "QNN twin";
        qnn.MarkerSize = 0;
        if (curve.Crossing.Kind == BreakEvenKind.Crossing)
        {
            var marker = plot.Add.Marker(curve.Crossing.SpikeRate, curve.Crossing.QnnPj);
            marker.LegendText = $"break-even s_r = {curve.Crossing.SpikeRate.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}";
            marker.MarkerSize = 12;
        }

        plot.Title($"{curve.Caption} (break-even: {curve.Crossing.Describe("G4")})");
        plot.XLabel("spike rate s_r");
        plot.YLabel($"energy ({curve.EnergyUnit})");
        plot.ShowLegend();
        Write(plot, path);
    }

    public static void Save(RatioHeatmap map, string path)
    {
        var plot = new Plot();

        // log10 of the ratio: 0 is break-even, negative the SNN wins. Row 0 of the image is drawn at the top.
        var rows = map.Timesteps.Length;
        var intensities = new double[rows, map.SpikeRates.Length];
        for (var t = 0; t < rows; t++)
        {
            for (var s = 0; s < map.SpikeRates.Length; s++)
            {
                intensities[rows - 1 - t, s] = Math.Log10(map.Ratio[t, s]);
            }
        }

        var heatmap = plot.Add.Heatmap(intensities);
        // ScottPlot places cell centres on the extent's edges: centre row t on T, column s on its spike rate.
        heatmap.Extent = rows == 1
            ? new CoordinateRect(0, 1, map.Timesteps[0] - 0.5, map.Timesteps[0] + 0.5)
            : new CoordinateRect(0, 1, map.Timesteps[0], map.Timesteps[^1]);
        var every = Math.Max(1, (rows + 15) / 16);
        var ticks = map.Timesteps.Where((_, i) => i % every == 0).ToArray();
        plot.Axes.Left.SetTicks(ticks.Select(t => (double)t).ToArray(), ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Add.ColorBar(heatmap).Label = "log10(E_SNN / E_QNN)";

        var crossings = map.BreakEven.Where(p => p.Kind == BreakEvenKind.Crossing).ToArray();
        if (crossings.Length > 0)
        {
            var line = plot.Add.Scatter(crossings.Select(p => p.SpikeRate).ToArray(), crossings.Select(p => (double)p.Timesteps).ToArray());
            line.LegendText = "break-even s_r";
            line.Color = Colors.White;
            plot.ShowLegend();
        }

        plot.Title(map.Caption);
        plot.XLabel("spike rate s_r");
        plot.YLabel("timesteps T");
        Write(plot, path);
    }

    public static void Save(ComponentBreakdown breakdown, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category20();
        var bars = new List<Bar>();
        var tickPositions = new List<double>();
        var tickLabels = new List<string>();
        for (var l = 0; l < breakdown.Layers.Length; l++)
        {
            for (var d = 0; d < 2; d++)
            {
                var position = l * 3 + d;
                var values = d == 0 ? breakdown.SnnPj : breakdown.QnnPj;
                var stackBase = 0.0;
                for (var c = 0; c < breakdown.Components.Length; c++)
                {
                    var value = values[l, c];
                    if (value <= 0)
                    {
                        continue;
                    }

                    bars.Add(new Bar { Position = position, ValueBase = stackBase, Value = stackBase + value, FillColor = palette.GetColor(c) });
                    stackBase += value;
                }

            }

            tickPositions.Add(l * 3 + 0.5);
            tickLabels.Add(breakdown.Layers[l]);
        }

        plot.Add.Bars(bars);
        for (var c = 0; c < breakdown.Components.Length; c++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = breakdown.Components[c], FillColor = palette.GetColor(c) });
        }

        plot.Axes.Bottom.SetTicks(tickPositions.ToArray(), tickLabels.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.Margins(bottom: 0);
        plot.Title(breakdown.Caption);
        plot.YLabel("energy (pJ per inference)");
        plot.ShowLegend(Alignment.UpperRight);
        Write(plot, path);
    }

    private static void Write(Plot plot, string path)
    {
        CheckPath(path);
        try
        {
            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
            {
                plot.SaveSvg(path, Width, Height);
            }
            else
            {
                plot.SavePng(path, Width, Height);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--plot {path}: cannot write the plot: {ex.Message}", ex);
        }
    }
}
