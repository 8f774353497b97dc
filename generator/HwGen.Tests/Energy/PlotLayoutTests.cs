// The choices behind every plot a reader sees: SI energy units, legend entries, colour and axis ticks, and titles and
// labels that fit the image (measured with ScottPlot's own font metrics, not by looking at pixels).
using HwGen.Data;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Report;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class PlotLayoutTests
{
    private static AnalyticalEnergyModel Engine(HardwareModel model) => new(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));

    private static HardwareModel DefaultWith(params (string From, string To)[] edits)
    {
        var text = ModelLoader.DefaultSpecText();
        foreach (var (from, to) in edits)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        var result = ModelLoader.LoadText(text, "spec.yaml");
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }

    /// <summary>The longest names the spec allows (64 characters) on the preset with the longest name.</summary>
    private static HardwareModel LongNames() => DefaultWith(
        ("name: tiny-twin", "name: a-rather-long-design-name-for-the-accelerator-under-study-rev-02"),
        ("name: conv1", "name: first_convolution_block_with_a_long_name"),
        ("preset: yan2024-v1-45nm", "preset: yan2024-22nm-typical-neuromorphic"));

    [TestCase(1.59e9, "mJ", 1.59)]
    [TestCase(815_000.0, "nJ", 815.0)]
    [TestCase(1000.0, "nJ", 1.0)]
    [TestCase(999.9, "pJ", 999.9)]
    [TestCase(280.0, "pJ", 280.0)]
    [TestCase(0.5, "fJ", 500.0)]
    [TestCase(2.5e12, "J", 2.5)]
    [TestCase(3.2e7, "µJ", 32.0)]
    public void Energy_axes_use_the_largest_si_prefix_that_keeps_the_top_at_least_one(double largestPj, string unit, double shown)
    {
        var scale = EnergyScale.For(largestPj);
        Assert.That(scale.Unit, Is.EqualTo(unit));
        Assert.That(scale.FromPj(largestPj), Is.EqualTo(shown).Within(1e-9 * shown));
    }

    [Test]
    public void An_energy_axis_without_energy_stays_in_picojoules()
    {
        Assert.That(EnergyScale.For(0).Unit, Is.EqualTo("pJ"));
        Assert.That(EnergyScale.For(double.NaN).Unit, Is.EqualTo("pJ"));
    }

    [Test]
    public void The_breakdown_legend_lists_only_components_with_energy()
    {
        // The default spec has no NoC (topology none) and no leak (leak_shift 0): noc and shifter are zero everywhere.
        var breakdown = ComponentBreakdown.For(Engine(ModelLoader.LoadDefault().Model!).Analyze());
        Assert.That(breakdown.Legend, Is.EqualTo(new[]
        {
            "dram", "global_buffer", "lane_weight_memory", "lane_state_memory", "input_queue", "output_queue", "adder", "mac", "comparator", "subtractor",
        }));
        var plot = Plots.Build(breakdown);
        Assert.That(plot.Legend.ManualItems.Select(i => i.LabelText), Is.EqualTo(breakdown.Legend));

        // Which bar is which is written on the axis (S and Q under each pair), so it survives SVG output.
        plot.RenderInMemory(Plots.Width, Plots.Height);
        var marks = plot.Axes.Bottom.TickGenerator.Ticks.Select(t => (t.Position, t.Label)).ToArray();
        Assert.That(marks, Is.EqualTo(new[] { (0.0, "S"), (1.0, "Q"), (3.0, "S"), (4.0, "Q") }));
    }

    [Test]
    public void The_breakdown_axis_reads_in_nanojoules_for_the_default_spec()
    {
        // fc1 stages 10 × 256 weights × 8 bits = 320 DRAM words of 64 bits at 2000 pJ: 640,000 pJ = 640 nJ, the bulk of
        // the tallest stack (under 1 µJ).
        var breakdown = ComponentBreakdown.For(Engine(ModelLoader.LoadDefault().Model!).Analyze());
        var dram = Array.IndexOf(breakdown.Components, "dram");
        Assert.That(breakdown.Scale.Unit, Is.EqualTo("nJ"));
        Assert.That(breakdown.Scale.FromPj(breakdown.SnnPj[1, dram]), Is.EqualTo(640.0).Within(1e-9));
        Assert.That(breakdown.EnergyAxisLabel, Is.EqualTo("energy (nJ per inference)"));
        var vgg = ComponentBreakdown.For(Engine(ModelLoader.LoadFile(Path.Combine(RepoPaths.HwConfigs, "vgg16-cifar10.yaml")).Model!).Analyze());
        Assert.That(vgg.EnergyAxisLabel, Is.EqualTo("energy (mJ per inference)"));
    }

    [Test]
    public void The_breakdown_title_names_the_counting_mode_and_the_data()
    {
        var model = ModelLoader.LoadDefault().Model!;
        var engine = Engine(model);
        var golden = GoldenModel.Run(model, StimulusGenerator.Generate(model));
        Assert.Multiple(() =>
        {
            Assert.That(ComponentBreakdown.For(engine.Analyze()).Note, Is.EqualTo("expected mode (the spec's spike rates); QNN twin 3-bit"));
            Assert.That(ComponentBreakdown.For(engine.AnalyzeExact(golden.Snn!.Trace, golden.Qnn.Trace), SpecAnalysis.DataSource(model)).Note,
                Is.EqualTo("exact mode (golden traces; input and weights generated from seed 1); QNN twin 3-bit"));
            Assert.That(EnergyCurve.ForSpec(engine, 4).Note, Is.EqualTo("expected mode: every layer fires at s_r, input at 0.25; QNN twin 3-bit"));
        });
    }

    [Test]
    public void Energy_curves_name_their_baseline_and_unit()
    {
        var reference = EnergyCurve.ForReference(YanV1Model.ByName("yan2024-v1-classical")!, 4);
        Assert.That(reference.BaselineLabel, Is.EqualTo("ANN (E_ANN)"));
        Assert.That(reference.EnergyAxisLabel, Is.EqualTo("energy (pJ per synapse)"));
        var spec = EnergyCurve.ForSpec(Engine(ModelLoader.LoadDefault().Model!), 4);
        Assert.That(spec.BaselineLabel, Is.EqualTo("QNN twin"));
        Assert.That(spec.EnergyAxisLabel, Does.Match(@"^energy \((nJ|µJ) per inference\)$"));
        Assert.That(spec.Scale, Is.EqualTo(EnergyScale.For(spec.SnnPj.Concat(spec.QnnPj).Max())));
    }

    private static RatioHeatmap Map(double[,] ratio, int[] timesteps) =>
        new("map", timesteps, [0, 1], ratio, timesteps.Select(t => BreakEvenPoint.Solve(t, 1, 1, 1.5)).ToArray());

    [Test]
    public void Colour_ticks_are_ratios_centred_on_break_even()
    {
        // Ratios 0.5 .. 4: the scale spans ±log10 4; 1-2-5 steps inside it are 0.5, 1, 2.
        var narrow = Map(new[,] { { 0.5, 4 }, { 1, 3 } }, [1, 2]);
        Assert.That(narrow.ColorLimit, Is.EqualTo(Math.Log10(4)).Within(1e-15));
        Assert.That(narrow.ColorTicks.Select(t => t.Label), Is.EqualTo(new[] { "0.5", "1", "2" }));
        Assert.That(narrow.ColorTicks.Select(t => t.Log10), Is.EqualTo(new[] { Math.Log10(0.5), 0, Math.Log10(2) }).Within(1e-12));

        // Ratios up to 100: 13 steps of 1-2-5 would crowd the bar, 1-3 steps give 9; up to 10^4, decades.
        var wide = Map(new[,] { { 0.5, 100 } }, [4]);
        Assert.That(wide.ColorTicks.Select(t => t.Label), Is.EqualTo(new[] { "0.01", "0.03", "0.1", "0.3", "1", "3", "10", "30", "100" }));
        var wider = Map(new[,] { { 0.5, 1e4 } }, [4]);
        Assert.That(wider.ColorTicks.Select(t => t.Label), Is.EqualTo(new[] { "0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000", "10000" }));

        // A map within a factor 2 of break-even still shows 0.5 .. 2.
        Assert.That(Map(new[,] { { 0.9, 1.1 } }, [4]).ColorTicks.Select(t => t.Label), Is.EqualTo(new[] { "0.5", "1", "2" }));
        Assert.That(narrow.ColorBarLabel, Is.EqualTo("E_SNN / E_QNN (log scale; below 1 the SNN costs less)"));
    }

    [Test]
    public void Timestep_ticks_keep_at_most_sixteen_round_labels()
    {
        int[] Ticks(int last) => Map(new double[last, 2], Enumerable.Range(1, last).ToArray()).TimestepTicks;
        Assert.That(Ticks(16), Is.EqualTo(Enumerable.Range(1, 16)));
        Assert.That(Ticks(64), Is.EqualTo(new[] { 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60 }));
        Assert.That(Ticks(256), Is.EqualTo(new[] { 1, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220, 240 }));
        Assert.That(Map(new double[1, 2], [4]).TimestepTicks, Is.EqualTo(new[] { 4 }));
    }

    [Test]
    public void Long_titles_wrap_to_fit_the_image()
    {
        var engine = Engine(LongNames());
        var available = Plots.Width - 2 * Plots.TitleMargin;
        var captions = new[]
        {
            RatioHeatmap.ForSpec(engine, [1, 2, 3, 4]).Caption,
            ComponentBreakdown.For(engine.Analyze()).Caption,
            EnergyCurve.ForSpec(engine, 4).Caption,
        };
        foreach (var caption in captions)
        {
            // Written on one line, as before, the title ran off the 900-pixel image.
            Assert.That(Plots.Measure(caption, Plots.TitleSize, bold: false), Is.GreaterThan(available), caption);
            var (text, size) = Plots.FitTitle([caption]);
            Assert.That(size, Is.EqualTo(Plots.TitleSize), "wrapping suffices, no smaller font");
            Assert.That(text.Replace("\n", " ", StringComparison.Ordinal), Is.EqualTo(caption), "wrapping only breaks lines");
            Assert.That(text.Split('\n'), Has.All.Matches<string>(line => Plots.Measure(line, size, bold: false) <= available));
        }
    }

    [Test]
    public void Every_plot_renders_its_title_inside_the_figure()
    {
        var engine = Engine(LongNames());
        // A title that just fits the image is wider than the data area it would be centred on by default.
        var minimum = Engine(ModelLoader.LoadFile(Path.Combine(RepoPaths.HwConfigs, "paper-22nm-theoretical-minimum.yaml")).Model!);
        var plots = new[]
        {
            Plots.Build(RatioHeatmap.ForSpec(minimum, Enumerable.Range(1, 16).ToArray())),
            Plots.Build(ComponentBreakdown.For(minimum.Analyze())),
            Plots.Build(RatioHeatmap.ForSpec(engine, Enumerable.Range(1, 64).ToArray())),
            Plots.Build(ComponentBreakdown.For(engine.Analyze())),
            Plots.Build(EnergyCurve.ForSpec(engine, 4)),
            Plots.Build(EnergyCurve.ForReference(YanV1Model.ByName("yan2024-v1-classical")!, 4)),
            Plots.Build(RatioHeatmap.ForReference(YanV1Model.ByName("yan2024-v1-spatial")!, Enumerable.Range(1, 16).ToArray())),
        };
        foreach (var plot in plots)
        {
            plot.RenderInMemory(Plots.Width, Plots.Height);
            var title = plot.Axes.Title.Label.LastRenderPixelRect;
            Assert.That(title.Left, Is.GreaterThanOrEqualTo(0), plot.Axes.Title.Label.Text);
            Assert.That(title.Right, Is.LessThanOrEqualTo(Plots.Width), plot.Axes.Title.Label.Text);
            Assert.That(title.Top, Is.GreaterThanOrEqualTo(0));
            Assert.That(title.Bottom, Is.LessThan(plot.LastRender.DataRect.Top), "the title ends above the data");
        }
    }

    [Test]
    public void The_colour_bar_label_fits_along_the_bar()
    {
        var map = RatioHeatmap.ForSpec(Engine(LongNames()), Enumerable.Range(1, 16).ToArray());
        var plot = Plots.Build(map);
        plot.RenderInMemory(Plots.Width, Plots.Height);
        Assert.That(Plots.Measure(map.ColorBarLabel, 13, bold: false), Is.LessThan(plot.LastRender.DataRect.Height));
    }

    [Test]
    public void Long_layer_names_are_shortened_in_the_middle()
    {
        Assert.That(Plots.ShortLabel("first_convolution_block_with_a_long_name"), Is.EqualTo("first_conv…long_name"));
        Assert.That(Plots.ShortLabel("first_convolution_block_with_a_long_name"), Has.Length.EqualTo(Plots.MaxLayerLabel));
        Assert.That(Plots.ShortLabel("conv1_1"), Is.EqualTo("conv1_1"));
    }
}
