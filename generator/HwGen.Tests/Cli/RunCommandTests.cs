// `hwgen run`: the main job end to end on the default spec, its JSON contract, determinism and atomic failure.
using System.Text.Json.Nodes;
using HwGen.Data;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Tests.Cli;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public sealed class RunCommandTests
{
    private string scratch = string.Empty;

    [OneTimeSetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("hwgen-run-").FullName;

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    [Test]
    public void Run_on_the_default_spec_matches_and_reports_both_twins()
    {
        var folder = Path.Combine(scratch, "default");
        var result = CliRunner.Run("run", "--json", "-o", folder);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var json = JsonNode.Parse(result.Out)!;
        var model = ModelLoader.LoadDefault().Model!;
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        var golden = GoldenModel.Run(model, StimulusGenerator.Generate(model));
        var analytical = engine.AnalyzeExact(golden.Snn!.Trace, golden.Qnn.Trace);
        Assert.Multiple(() =>
        {
            Assert.That(json["golden_match"]!.GetValue<bool>(), Is.True);
            Assert.That(json["counts_match"]!.GetValue<bool>(), Is.True);
            Assert.That(json["ert"]!.GetValue<string>(), Is.EqualTo("yan2024-v1-45nm"));

            // Readable JSON on stdout and in report.json: '+' stays '+', not \u002B, and both are the same text.
            Assert.That(result.Out, Does.Contain("(arithmetic) + fixed, address, data and flipped-bit parts"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "report", "report.json")), Is.EqualTo(result.Out));
            foreach (var twin in new[] { "snn", "qnn" })
            {
                Assert.That(json[twin]!["cycles"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(json[twin]!["cycle_lower_bound"]!.GetValue<long>()), twin);
                Assert.That(json[twin]!["measured_energy_pj"]!.GetValue<double>(), Is.GreaterThan(0), twin);
            }

            // The run's analytical energy is the engine's exact-mode energy of the golden traces, computed here independently.
            Assert.That(json["snn"]!["analytical_energy_pj"]!.GetValue<double>(), Is.EqualTo(analytical.Snn.TotalPj).Within(1e-6).Percent);
            Assert.That(json["qnn"]!["analytical_energy_pj"]!.GetValue<double>(), Is.EqualTo(analytical.Qnn.TotalPj).Within(1e-6).Percent);

            // Per-timestep windows: T of them for the SNN, one for the QNN; they leave out only the weight loading.
            foreach (var (twin, steps) in new[] { ("snn", model.Neuron.Timesteps), ("qnn", 1) })
            {
                foreach (var layer in json[twin]!["layers"]!.AsArray())
                {
                    var windows = layer!["timesteps"]!.AsArray();
                    Assert.That(windows, Has.Count.EqualTo(steps), twin);
                    Assert.That(windows.Sum(w => w!["measured_energy_pj"]!.GetValue<double>()), Is.GreaterThan(0).And.LessThanOrEqualTo(layer["measured_energy_pj"]!.GetValue<double>()), twin);
                }
            }

            // Every predicted count equals the measured one; every row (actions, registers, clock, leakage) is priced from
            // its own measured activity, and every term names its source.
            foreach (var layer in json["snn"]!["layers"]!.AsArray())
            {
                foreach (var row in layer!["components"]!.AsArray())
                {
                    Assert.That(row!["basis"]!.GetValue<string>(), Is.EqualTo("activity"), row["action"]!.GetValue<string>());
                    Assert.That(row["terms"]!.AsArray().Select(t => t!["source"]!.GetValue<string>()), Is.All.Not.Empty);
                    if (row["predicted_count"] is { } predicted)
                    {
                        Assert.That(row["measured_count"]!.GetValue<long>(), Is.EqualTo(predicted.GetValue<long>()), row["action"]!.GetValue<string>());
                    }
                }
            }

            foreach (var file in new[] { "report.md", "report.json", "energy-vs-spike-rate.png", "energy-vs-spike-rate.svg", "component-breakdown.svg",
                         "exports/snn.ERT.yaml", "exports/qnn.action_counts.yaml", "exports/snn.power_activity.tcl" })
            {
                Assert.That(File.Exists(Path.Combine(folder, "report", file)), Is.True, file);
            }
        });
    }

    [Test]
    public void The_markdown_report_is_deterministic()
    {
        var first = Path.Combine(scratch, "first");
        var second = Path.Combine(scratch, "second");
        var summary = CliRunner.Run("run", "-o", first);
        Assert.That(summary.ExitCode, Is.EqualTo(0));
        Assert.That(CliRunner.Run("run", "-o", second).ExitCode, Is.EqualTo(0));

        // The console summary names every model behind its energy columns and the ERT preset.
        var lines = summary.Out.Split('\n');
        Assert.That(lines[1], Is.EqualTo("analytical model: hwgen-analytical-v1: count formulas of docs/hardware.md x ERT (docs/energy.md); 'analytical pJ' counts this run's golden traces (exact mode), 'expected pJ' the spec's statistics (expected mode)"));
        Assert.That(lines[2], Does.StartWith("measured model:   hwgen-measured-v2: "));
        Assert.That(lines[3], Does.StartWith("ERT yan2024-v1-45nm; calibration yan2024-v1-45nm (seed 1); "));
        var report = File.ReadAllText(Path.Combine(first, "report", "report.md"));
        Assert.That(File.ReadAllText(Path.Combine(second, "report", "report.md")), Is.EqualTo(report));
        Assert.That(report, Does.Contain("- Analytical model: hwgen-analytical-v1"));
        Assert.That(report, Does.Contain("- ERT: yan2024-v1-45nm (45 nm); calibration: yan2024-v1-45nm"));
    }

    [Test]
    public void A_bad_data_file_exits_2_and_writes_nothing()
    {
        var specFolder = Path.Combine(scratch, "bad-data");
        Directory.CreateDirectory(specFolder);
        // conv1 weights must be [4, 1, 3, 3]; this file has the wrong shape.
        NpyWriter.Write(Path.Combine(specFolder, "conv1.npy"), [4, 9], new long[36], NpyDType.Int8);
        var spec = ModelLoader.DefaultSpecText().Replace("      padding: 1\n", "      padding: 1\n      weights_file: conv1.npy\n", StringComparison.Ordinal);
        var specPath = Path.Combine(specFolder, "spec.yaml");
        File.WriteAllText(specPath, spec);
        var output = Path.Combine(specFolder, "out");

        var result = CliRunner.Run("run", specPath, "-o", output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
            Assert.That(result.Error, Does.Contain("conv1.npy"));
            Assert.That(result.Error, Does.Contain("error HW06"));
            Assert.That(Directory.Exists(output), Is.False);
            Assert.That(Directory.GetDirectories(specFolder), Is.Empty, "no staging folder is left behind");
        });
    }
}
