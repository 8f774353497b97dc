// Renders the energy plots with ScottPlot 5 as PNG or SVG (chosen by the file extension), headless. Layout choices
// that depend on text (title wrapping, label room) are measured with ScottPlot's own font metrics, so nothing is clipped.
using System.Globalization;
using HwGen.Energy;
using ScottPlot;

namespace HwGen.Report;

public static class Plots
{
    public const int Width = 900;
    public const int Height = 600;

    /// <summary>Font family of every text (fonts-dejavu-core); ScottPlot falls back to another font when it is missing.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>The largest title font; a title that cannot fit in its width at this size wraps, then shrinks to <see cref="MinTitleSize"/>.</summary>
    public const float TitleSize = 15;

    public const float MinTitleSize = 10;

    /// <summary>Free pixels left and right of the title.</summary>
    public const float TitleMargin = 16;

    /// <summary>Layer names longer than this are shortened with an ellipsis in the middle on the breakdown's axis.</summary>
    public const int MaxLayerLabel = 20;

    /// <summary>Throws unless the path ends in .png or .svg.</summary>
    public static void CheckPath(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".png" or ".svg"))
        {
            throw new ArgumentException($"--plot {path}: the file must end in .png or .svg.");
        }
    }

    public static void Save(EnergyCurve curve, string path) => Write(Build(curve), path);

    public static void Save(RatioHeatmap map, string path) => Write(Build(map), path);

    public static void Save(ComponentBreakdown breakdown, string path) => Write(Build(breakdown), path);

    /// <summary>Energy against spike rate: the SNN rising, the baseline flat, the break-even marked; legend outside the data.</summary>
    public static Plot Build(EnergyCurve curve)
    {
        var plot = Create();
        var scale = curve.Scale;
        var snn = plot.Add.Scatter(curve.SpikeRates, scale.FromPj(curve.SnnPj));
        snn.LegendText = "SNN";
        snn.MarkerSize = 0;
        snn.LineWidth = 2;
        var baseline = plot.Add.Scatter(curve.SpikeRates, scale.FromPj(curve.QnnPj));
        baseline.LegendText = curve.BaselineLabel;
        baseline.MarkerSize = 0;
        baseline.LineWidth = 2;
        var crossing = curve.Crossing;
        if (crossing.Kind == BreakEvenKind.Crossing)
        {
            // A drop line from the crossing to the rate axis, drawn as data so it stays inside the data area.
            var drop = plot.Add.Scatter(new[] { crossing.SpikeRate, crossing.SpikeRate }, new[] { 0, scale.FromPj(crossing.QnnPj) });
            drop.LinePattern = LinePattern.Dashed;
            drop.LineWidth = 1;
            drop.MarkerSize = 0;
            drop.Color = Colors.Gray;
            var marker = plot.Add.Marker(crossing.SpikeRate, scale.FromPj(crossing.QnnPj));
            marker.LegendText = $"break-even s_r* = {crossing.SpikeRate.ToString("G4", CultureInfo.InvariantCulture)}";
            marker.MarkerSize = 11;
            marker.Color = Colors.Black;
        }

        plot.XLabel("spike rate s_r (spikes per neuron and timestep)");
        plot.YLabel(curve.EnergyAxisLabel);
        plot.Axes.SetLimitsX(0, 1);
        var top = Math.Max(scale.FromPj(curve.SnnPj.Concat(curve.QnnPj).Max()), 1e-12);
        plot.Axes.SetLimitsY(0, top * 1.05);
        ShowLegendOutside(plot, Edge.Bottom);
        SetTitle(plot, Lines(curve.Caption, curve.Note, crossing.Kind switch
        {
            BreakEvenKind.Crossing => string.Empty,
            BreakEvenKind.Never => "no break-even: the SNN costs more at every spike rate",
            _ => "no break-even: the SNN costs less at every spike rate",
        }));
        return plot;
    }

    /// <summary>
    /// T × s_r heat map of E_SNN / E_baseline on a diverging colour scale centred on break-even (blue: the SNN costs
    /// less), with the break-even curve in black. The colour bar is labelled with ratios, not their logarithms.
    /// </summary>
    public static Plot Build(RatioHeatmap map)
    {
        var plot = Create();

        // log10 of the ratio: 0 is break-even, negative the SNN wins. Row 0 of the image is drawn at the top.
        var rows = map.Timesteps.Length;
        var columns = map.SpikeRates.Length;
        var intensities = new double[rows, columns];
        for (var t = 0; t < rows; t++)
        {
            for (var s = 0; s < columns; s++)
            {
                intensities[rows - 1 - t, s] = Math.Log10(map.Ratio[t, s]);
            }
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        var limit = map.ColorLimit;
        heatmap.ManualRange = new ScottPlot.Range(-limit, limit);

        // ScottPlot places cell centres on the extent's edges: centre row t on T, column s on its spike rate.
        var first = map.Timesteps[0];
        var last = map.Timesteps[^1];
        heatmap.Extent = rows == 1
            ? new CoordinateRect(0, 1, first - 0.5, first + 0.5)
            : new CoordinateRect(0, 1, first, last);
        var halfCell = columns > 1 ? 0.5 / (columns - 1) : 0.5;
        var halfRow = rows > 1 ? 0.5 * (last - first) / (rows - 1) : 0.5;
        plot.Axes.SetLimits(-halfCell, 1 + halfCell, first - halfRow, last + halfRow);

        var ticks = map.TimestepTicks;
        plot.Axes.Left.SetTicks(ticks.Select(t => (double)t).ToArray(), ticks.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToArray());
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = map.ColorBarLabel;
        bar.LabelStyle.FontSize = 13;
        bar.LabelStyle.FontName = FontName;
        var colorTicks = map.ColorTicks;
        bar.Axis.SetTicks(colorTicks.Select(c => c.Log10).ToArray(), colorTicks.Select(c => c.Label).ToArray());

        var crossings = map.BreakEven.Where(p => p.Kind == BreakEvenKind.Crossing).ToArray();
        if (crossings.Length > 0)
        {
            var line = plot.Add.Scatter(crossings.Select(p => p.SpikeRate).ToArray(), crossings.Select(p => (double)p.Timesteps).ToArray());
            line.Color = Colors.Black;
            line.LineWidth = 2;
            line.MarkerSize = rows <= 32 ? 5 : 0;
        }

        plot.XLabel(crossings.Length > 0 ? "spike rate s_r (black line: break-even s_r* of each T)" : "spike rate s_r (no break-even in (0, 1])");
        plot.YLabel("timesteps T");
        SetTitle(plot, Lines(map.Caption));
        return plot;
    }

    /// <summary>
    /// Stacked energy per layer and component: per layer the SNN's bar (S) on the left, the QNN twin's (Q) on the
    /// right, marked on the axis (a hatch would be lost in SVG); the legend, outside the data, lists only components
    /// with energy. Layer names stand on a second axis below the S/Q marks.
    /// </summary>
    public static Plot Build(ComponentBreakdown breakdown)
    {
        var plot = Create();
        var palette = new ScottPlot.Palettes.Category20();
        var scale = breakdown.Scale;
        var bars = new List<Bar>();
        var designPositions = new List<double>();
        var designLabels = new List<string>();
        var layerPositions = new List<double>();
        var layerLabels = new List<string>();
        for (var l = 0; l < breakdown.Layers.Length; l++)
        {
            for (var d = 0; d < 2; d++)
            {
                var position = l * 3 + d;
                var values = d == 0 ? breakdown.SnnPj : breakdown.QnnPj;
                var stackBase = 0.0;
                for (var c = 0; c < breakdown.Components.Length; c++)
                {
                    var value = scale.FromPj(values[l, c]);
                    if (value <= 0)
                    {
                        continue;
                    }

                    bars.Add(new Bar { Position = position, ValueBase = stackBase, Value = stackBase + value, FillColor = palette.GetColor(c), LineWidth = 0.5f });
                    stackBase += value;
                }

                designPositions.Add(position);
                designLabels.Add(d == 0 ? "S" : "Q");
            }

            layerPositions.Add(l * 3 + 0.5);
            layerLabels.Add(ShortLabel(breakdown.Layers[l]));
        }

        plot.Add.Bars(bars);
        var legend = breakdown.Legend;
        for (var c = 0; c < breakdown.Components.Length; c++)
        {
            if (legend.Contains(breakdown.Components[c]))
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = breakdown.Components[c], FillColor = palette.GetColor(c) });
            }
        }

        plot.Axes.Bottom.SetTicks(designPositions.ToArray(), designLabels.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        var names = plot.Axes.AddBottomAxis();
        names.SetTicks(layerPositions.ToArray(), layerLabels.ToArray());
        names.MajorTickStyle.Length = 0;
        names.FrameLineStyle.Width = 0;
        var tickStyle = names.TickLabelStyle;
        tickStyle.FontName = FontName;
        var widest = layerLabels.Select(label => Measure(label, tickStyle.FontSize, bold: false)).DefaultIfEmpty(0).Max();
        var slot = (Width - 320f) / Math.Max(1, breakdown.Layers.Length);
        if (widest > slot - 4)
        {
            // Names wider than their pair of bars stand vertically; the axis is made tall enough for the longest.
            tickStyle.Rotation = 90;
            tickStyle.Alignment = Alignment.MiddleLeft;
            names.MinimumSize = widest + 30;
        }

        names.LabelText = "layer (S: SNN, Q: QNN twin)";
        names.LabelFontName = FontName;
        plot.Axes.Margins(bottom: 0);
        var right = breakdown.Layers.Length * 3 - 1;
        plot.Axes.SetLimitsX(-1, right);
        plot.Axes.SetLimitsX(-1, right, names);
        plot.YLabel(breakdown.EnergyAxisLabel);
        ShowLegendOutside(plot, Edge.Right);
        SetTitle(plot, Lines(breakdown.Caption, breakdown.Note));
        return plot;
    }

    /// <summary>
    /// The title as rendered: each line of <paramref name="lines"/> wrapped at ", " / ": " / spaces to fit
    /// <paramref name="available"/> pixels (by default <see cref="Width"/> − 2 · <see cref="TitleMargin"/>) at <see cref="TitleSize"/>; if a single word is still too
    /// wide, the font shrinks (down to <see cref="MinTitleSize"/>). Returns the text (lines joined by '\n') and the size.
    /// </summary>
    public static (string Text, float Size) FitTitle(IReadOnlyList<string> lines, float available = Width - 2 * TitleMargin)
    {
        for (var size = TitleSize; ; size -= 0.5f)
        {
            var wrapped = lines.SelectMany(line => Wrap(line, size, available)).ToList();
            if (size <= MinTitleSize || wrapped.All(line => Measure(line, size, bold: false) <= available))
            {
                return (string.Join('\n', wrapped), size);
            }
        }
    }

    /// <summary>Width in pixels of one line of text in <see cref="FontName"/> at <paramref name="size"/>, as ScottPlot measures it.</summary>
    public static float Measure(string text, float size, bool bold)
    {
        var style = new LabelStyle { FontName = FontName, FontSize = size, Bold = bold };
        using var paint = Paint.NewDisposablePaint();
        return style.Measure(text, paint).Width;
    }

    /// <summary>A layer name as the breakdown's axis shows it: names over <see cref="MaxLayerLabel"/> characters lose their middle.</summary>
    public static string ShortLabel(string name)
    {
        if (name.Length <= MaxLayerLabel)
        {
            return name;
        }

        var keep = MaxLayerLabel - 1;
        return name[..((keep + 1) / 2)] + "…" + name[^(keep / 2)..];
    }

    private static List<string> Lines(params string[] parts) =>
        parts.Where(p => p.Length > 0).SelectMany(p => p.Split('\n')).ToList();

    /// <summary>Greedy wrapping by phrases (ending in ", " or ": "), then by words for a phrase wider than the line.</summary>
    private static IEnumerable<string> Wrap(string line, float size, float available)
    {
        if (Measure(line, size, bold: false) <= available)
        {
            yield return line;
            yield break;
        }

        var phrases = new List<string>();
        var start = 0;
        for (var i = 0; i < line.Length - 1; i++)
        {
            if (line[i] is ',' or ':' or ';' && line[i + 1] == ' ')
            {
                phrases.Add(line[start..(i + 1)]);
                start = i + 2;
            }
        }

        phrases.Add(line[start..]);
        var pieces = phrases.SelectMany(p => Measure(p, size, bold: false) <= available ? [p] : p.Split(' '));
        var current = string.Empty;
        foreach (var piece in pieces)
        {
            var candidate = current.Length == 0 ? piece : current + " " + piece;
            if (current.Length > 0 && Measure(candidate, size, bold: false) > available)
            {
                yield return current;
                current = piece;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }

    private static Plot Create()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    /// <summary>
    /// Sets the fitted title. ScottPlot centres the title on the data area, which axes, colour bar and legend push
    /// off the figure's centre; so a first layout tells where that centre lands, and the title is fitted to twice
    /// its distance from the nearer figure edge. Call it last, when everything beside the data area is in place.
    /// </summary>
    private static void SetTitle(Plot plot, IReadOnlyList<string> lines)
    {
        var (text, size) = FitTitle(lines);
        Apply(plot, text, size);
        plot.RenderInMemory(Width, Height);
        var data = plot.LastRender.DataRect;
        var centre = (data.Left + data.Right) / 2;
        (text, size) = FitTitle(lines, 2 * Math.Min(centre, Width - centre) - 2 * TitleMargin);
        Apply(plot, text, size);

        static void Apply(Plot plot, string text, float size)
        {
            plot.Title(text, size);
            plot.Axes.Title.Label.Bold = false;
            plot.Axes.Title.Label.FontName = FontName;
        }
    }

    private static void ShowLegendOutside(Plot plot, Edge edge)
    {
        plot.ShowLegend(edge);
        plot.Legend.Orientation = edge is Edge.Bottom or Edge.Top ? Orientation.Horizontal : Orientation.Vertical;
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 12;
    }

    private static void Write(Plot plot, string path)
    {
        CheckPath(path);
        try
        {
            Save(plot, path, Width, Height);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--plot {path}: cannot write the plot: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="plot"/> as SVG or PNG, chosen by the file extension (SVG without SkiaSharp's notes on standard error).</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            NativeStderr.WithoutNote(NativeStderr.SvgPathEffectNote, () => plot.SaveSvg(path, width, height));
        }
        else
        {
            plot.SavePng(path, width, height);
        }
    }
}
