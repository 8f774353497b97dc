// The analyze and breakeven verbs end to end (in process): outputs, exit codes, determinism, and the numbers behind plots.
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Report;
using HwGen.Tests.Cli;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class EnergyCliTests
{
    private static string DefaultSpec => Path.Combine(RepoPaths.HwConfigs, "default.yaml");

    [Test]
    public void AnalyzeModelJsonCarriesTheContractFields()
    {
        var result = CliRunner.Run("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "0.1", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("yan2024-v1-classical"));
            Assert.That(root.GetProperty("timesteps").GetInt32(), Is.EqualTo(4));
            Assert.That(root.GetProperty("spike_rate").GetDouble(), Is.EqualTo(0.1));
            Assert.That(root.GetProperty("snn_energy_pj").GetDouble(), Is.EqualTo(40.798441877).Within(1e-8));
            Assert.That(root.GetProperty("ann_energy_pj").GetDouble(), Is.EqualTo(45.455351852).Within(1e-8));
            Assert.That(root.GetProperty("ratio").GetDouble(), Is.EqualTo(40.798441877 / 45.455351852).Within(1e-9));
            Assert.That(root.GetProperty("constants").GetProperty("E_dram").GetDouble(), Is.EqualTo(2000));
        });
    }

    [Test]
    public void AnalyzeModelHonoursConstantOverridesAndVary()
    {
        var result = CliRunner.Run("analyze", "--model", "yan2024-v1-spatial", "--timesteps", "4", "--spike-rate", "0.1",
            "--constant", "E_sram=0", "--vary", "E_add=±50%", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var ranges = json.RootElement.GetProperty("ranges");

        // E_sram = 0: E_SNN = 0.4·E_add + 8·E_add/2395, linear in E_add: the range is E_add = 0.015 .. 0.045.
        var perAdd = 0.4 + 8.0 / 2395;
        Assert.That(json.RootElement.GetProperty("snn_energy_pj").GetDouble(), Is.EqualTo(0.03 * perAdd).Within(1e-15));
        Assert.That(ranges.GetProperty("snn_energy_pj").GetProperty("min").GetDouble(), Is.EqualTo(0.015 * perAdd).Within(1e-15));
        Assert.That(ranges.GetProperty("snn_energy_pj").GetProperty("max").GetDouble(), Is.EqualTo(0.045 * perAdd).Within(1e-15));
    }

    [Test]
    public void BreakevenCsvStartsWithTimestepsAndRate()
    {
        var result = CliRunner.Run("breakeven", "--model", "yan2024-v1-classical", "--timesteps", "1-16", "--csv");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var lines = result.Out.TrimEnd('\n').Split('\n');
        Assert.That(lines[0], Does.StartWith("timesteps,breakeven_spike_rate"));
        Assert.That(lines, Has.Length.EqualTo(17));
        var t4 = lines[4].Split(',');
        Assert.That(t4[0], Is.EqualTo("4"));
        Assert.That(double.Parse(t4[1], CultureInfo.InvariantCulture), Is.EqualTo(0.1181005483).Within(1e-9));
    }

    [Test]
    public void BreakevenReportsNeverAndVaryRanges()
    {
        var never = CliRunner.Run("breakeven", "--model", "yan2024-v1-classical", "--timesteps", "2", "--constant", "E_ev=1e6", "--csv");
        Assert.That(never.Out.Split('\n')[1], Does.StartWith("2,never,"));

        var varied = CliRunner.Run("breakeven", "--model", "yan2024-v1-spatial", "--timesteps", "1-3", "--vary", "E_mul=±50%", "--json");
        Assert.That(varied.ExitCode, Is.EqualTo(0), varied.Error);
        using var json = JsonDocument.Parse(varied.Out);
        var first = json.RootElement.GetProperty("points")[0];

        // Spatial, T = 1: s* = (ρ(E_sram+E_mul+E_add) − 2·20.03/2395) / 20.03 with E_mul = 0.1 .. 0.3.
        double At(double eMul) => (0.45 * (20 + eMul + 0.03) - 2 * 20.03 / 2395) / 20.03;
        Assert.That(first.GetProperty("range").GetProperty("min").GetDouble(), Is.EqualTo(At(0.1)).Within(1e-12));
        Assert.That(first.GetProperty("range").GetProperty("max").GetDouble(), Is.EqualTo(At(0.3)).Within(1e-12));
    }

    [Test]
    public void AnalyzeSpecIsDeterministicAndMatchesTheEngine()
    {
        var first = CliRunner.Run("analyze", DefaultSpec, "--json");
        var second = CliRunner.Run("analyze", DefaultSpec, "--json");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        Assert.That(second.Out, Is.EqualTo(first.Out));

        var model = ModelLoader.LoadFile(DefaultSpec).Model!;
        var expected = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset)).Analyze();
        using var json = JsonDocument.Parse(first.Out);
        Assert.That(json.RootElement.GetProperty("snn_energy_pj").GetDouble(), Is.EqualTo(expected.Snn.TotalPj));
        Assert.That(json.RootElement.GetProperty("qnn_energy_pj").GetDouble(), Is.EqualTo(expected.Qnn.TotalPj));
        Assert.That(json.RootElement.GetProperty("ert_preset").GetString(), Is.EqualTo("yan2024-v1-45nm"));
        Assert.That(json.RootElement.GetProperty("layers").GetArrayLength(), Is.EqualTo(model.Layers.Count));
    }

    [Test]
    public void AnalyzeSpecCsvRowsSumToTheTotals()
    {
        var result = CliRunner.Run("analyze", DefaultSpec, "--csv");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var rows = result.Out.TrimEnd('\n').Split('\n');
        Assert.That(rows[0], Is.EqualTo("layer,design,component,action,count,energy_pj,model,constants"));
        var snn = rows.Skip(1).Select(r => r.Split(',')).Where(c => c[1] == "snn").Sum(c => double.Parse(c[5], CultureInfo.InvariantCulture));
        var model = ModelLoader.LoadFile(DefaultSpec).Model!;
        var expected = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset)).Analyze();
        Assert.That(snn, Is.EqualTo(expected.Snn.TotalPj).Within(expected.Snn.TotalPj * 1e-12));
        Assert.That(rows, Has.Length.EqualTo(1 + model.Layers.Count * 2 * Actions.All.Count));
    }

    [TestCase("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "1.5")]
    [TestCase("analyze", "--model", "nope", "--timesteps", "4", "--spike-rate", "0.1")]
    [TestCase("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "0.1", "--constant", "E_x=1")]
    [TestCase("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "0.1", "--vary", "E_dram=50")]
    [TestCase("breakeven", "--model", "yan2024-v1-classical", "--timesteps", "8-2")]
    [TestCase("breakeven", "--model", "yan2024-v1-classical", "--plot", "out.gif")]
    [TestCase("analyze")]
    public void BadArgumentsExitWithTwoAndAMessage(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Match($"^hwgen {args[0]}: error HW0802: "), "one coded line (docs/diagnostics.md)");
        Assert.That(result.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public void SpecVaryNeedsAnErtAction()
    {
        var result = CliRunner.Run("analyze", DefaultSpec, "--vary", "E_dram=±50%");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("dram.read"));
    }

    [Test]
    public void SpecDiagnosticsGoToStandardErrorWithExitTwo()
    {
        var result = CliRunner.Run("breakeven", Path.Combine(RepoPaths.HwConfigs, "missing-spec.yaml"));
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Match(@"missing-spec\.yaml:\d+:\d+: error HW\d{4}: "));
    }

    [Test]
    public void PlotsAreWrittenAsPngAndSvg()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hwgen-energy-plots-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            var png = Path.Combine(directory, "breakeven.png");
            var svg = Path.Combine(directory, "energy.svg");
            Assert.That(CliRunner.Run("breakeven", DefaultSpec, "--timesteps", "1-4", "--plot", png).ExitCode, Is.EqualTo(0));
            Assert.That(CliRunner.Run("analyze", "--model", "yan2024-v1-spatial", "--timesteps", "4", "--spike-rate", "0.1", "--plot", svg).ExitCode, Is.EqualTo(0));
            Assert.That(File.ReadAllBytes(png).Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
            Assert.That(File.ReadAllText(svg), Does.Contain("<svg"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void An_SVG_with_dashed_lines_leaves_standard_error_empty_and_keeps_its_dashes()
    {
        // The spatial v1 model crosses at s_r* = 0.1128, so the plot has its dashed drop line; SkiaSharp's SVG canvas
        // notes every dashed stroke on descriptor 2 from native code, which hwgen keeps off the user's terminal.
        var directory = Path.Combine(Path.GetTempPath(), "hwgen-energy-svg-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            var svg = Path.Combine(directory, "energy.svg");
            var (code, _, error) = HwGen.Tests.Sweep.SweepFiles.RunCli(directory, null,
                "analyze", "--model", "yan2024-v1-spatial", "--timesteps", "4", "--spike-rate", "0.1", "--plot", svg);
            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(error, Is.Empty);
            // The drop line's dashes are drawn as filled outlines in its grey: one subpath per dash.
            var grey = Regex.Match(File.ReadAllText(svg), "<path fill=\"gray\" d=\"([^\"]*)\"");
            Assert.That(grey.Success, Is.True, "the dashed drop line is in the SVG");
            Assert.That(Regex.Matches(grey.Groups[1].Value, "M").Count, Is.GreaterThan(1), "drawn as dashes, not one stroke");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void EnergyCurveCrossesAtTheBreakEven()
    {
        var model = YanV1Model.ByName("yan2024-v1-spatial")!;
        var curve = EnergyCurve.ForReference(model, 4);
        Assert.That(curve.SpikeRates, Has.Length.EqualTo(101));
        Assert.That(curve.SnnPj[10], Is.EqualTo(8.0789060543).Within(1e-9)); // s_r = 0.1, hand value above
        Assert.That(curve.QnnPj.Distinct(), Is.EqualTo(new[] { 9.1035 }).Within(1e-12));
        Assert.That(curve.Crossing.SpikeRate, Is.EqualTo(0.1127882420).Within(1e-9));
        Assert.That(curve.SnnPj[11], Is.LessThan(curve.QnnPj[11])); // 0.11 < s*
        Assert.That(curve.SnnPj[12], Is.GreaterThan(curve.QnnPj[12])); // 0.12 > s*
    }

    [Test]
    public void RatioHeatmapIsBelowOneExactlyLeftOfTheBreakEven()
    {
        var engine = new AnalyticalEnergyModel(ModelLoader.LoadFile(DefaultSpec).Model!, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var map = RatioHeatmap.ForSpec(engine, [1, 2, 4, 8], steps: 20);
        for (var t = 0; t < map.Timesteps.Length; t++)
        {
            var point = map.BreakEven[t];
            for (var s = 0; s < map.SpikeRates.Length; s++)
            {
                var rate = map.SpikeRates[s];
                Assert.That(map.Ratio[t, s], Is.EqualTo(engine.SnnNetworkEnergy(map.Timesteps[t], rate) / engine.QnnNetworkEnergy(map.Timesteps[t])));
                Assert.That(map.Ratio[t, s] < 1, Is.EqualTo(rate < point.RawSpikeRate), $"T={map.Timesteps[t]}, s_r={rate}");
            }
        }
    }

    [Test]
    public void ComponentBreakdownStacksToTheLayerTotals()
    {
        var model = ModelLoader.LoadFile(DefaultSpec).Model!;
        var comparison = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm")).Analyze();
        var breakdown = ComponentBreakdown.For(comparison);
        Assert.That(breakdown.Components, Has.Length.EqualTo(12));
        for (var l = 0; l < breakdown.Layers.Length; l++)
        {
            var snn = Enumerable.Range(0, breakdown.Components.Length).Sum(c => breakdown.SnnPj[l, c]);
            var qnn = Enumerable.Range(0, breakdown.Components.Length).Sum(c => breakdown.QnnPj[l, c]);
            Assert.That(snn, Is.EqualTo(comparison.Layers[l].Snn.TotalPj).Within(1e-6));
            Assert.That(qnn, Is.EqualTo(comparison.Layers[l].Qnn.TotalPj).Within(1e-6));
        }

        Assert.That(breakdown.SnnPj[1, Array.IndexOf(breakdown.Components, "dram")], Is.EqualTo(comparison.Layers[1].Snn.EnergyPj[ActionIndex.DramRead]));
    }
}
