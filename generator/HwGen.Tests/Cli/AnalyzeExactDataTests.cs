// `analyze --exact` counts on the spec's own data files (as `simulate` does) and refuses bad files with HW06xx at exit 2.
using System.Text.Json;
using HwGen.Data;
using HwGen.Model;

namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class AnalyzeExactDataTests
{
    private string scratch = string.Empty;

    [SetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("hwgen-exact-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    /// <summary>The default spec (conv1 3×3 pad 1 on 1×8×8, 4 channels; fc1 10 outputs; T = 4) with its data files.</summary>
    private string Spec(string? conv1Weights, string? input)
    {
        var text = ModelLoader.DefaultSpecText();
        if (conv1Weights is not null)
        {
            text = text.Replace("      padding: 1\n", $"      padding: 1\n      weights_file: {conv1Weights}\n", StringComparison.Ordinal);
        }

        if (input is not null)
        {
            text = text.Replace("    input_spike_rate: 0.25\n", $"    input_spike_rate: 0.25\n    input_file: {input}\n", StringComparison.Ordinal);
        }

        var path = Path.Combine(scratch, "spec.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    private static long Count(JsonElement design, string action) => design.GetProperty("counts").GetProperty(action).GetInt64();

    [Test]
    public void Exact_mode_counts_the_spec_input_file_and_weights_file()
    {
        // Every input neuron spikes on every timestep; conv1's weights are all zero, so no membrane ever reaches θ.
        NpyWriter.Write(Path.Combine(scratch, "conv1.npy"), [4, 1, 3, 3], new long[36], NpyDType.Int8);
        NpyWriter.Write(Path.Combine(scratch, "input.npy"), [4, 1, 8, 8], Enumerable.Repeat(1L, 256).ToArray(), NpyDType.Int8);
        var result = CliRunner.Run("analyze", Spec("conv1.npy", "input.npy"), "--exact", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var conv1 = json.RootElement.GetProperty("layers")[0];
        var fc1 = json.RootElement.GetProperty("layers")[1];
        Assert.Multiple(() =>
        {
            // A 3×3 kernel with padding 1 on 8 rows reaches 2, 3, 3, 3, 3, 3, 3, 2 output rows: Σ rows·cols = 22·22 = 484
            // neurons per channel and timestep; 4 channels × 4 timesteps → 7744 SNN accumulates, 64·4 = 256 input events.
            Assert.That(Count(conv1.GetProperty("snn"), "adder.accumulate"), Is.EqualTo(7744));
            Assert.That(Count(conv1.GetProperty("snn"), "input_queue.push"), Is.EqualTo(256));
            Assert.That(Count(conv1.GetProperty("snn"), "output_queue.push"), Is.Zero);
            // The twin sees activation 4 on all 64 inputs: one pass, 484 · 4 = 1936 MACs; zero outputs are skipped.
            Assert.That(Count(conv1.GetProperty("qnn"), "mac.multiply_accumulate"), Is.EqualTo(1936));
            Assert.That(Count(conv1.GetProperty("qnn"), "input_queue.push"), Is.EqualTo(64));
            Assert.That(Count(fc1.GetProperty("snn"), "input_queue.push"), Is.Zero);
            Assert.That(Count(fc1.GetProperty("snn"), "adder.accumulate"), Is.Zero);
            Assert.That(json.RootElement.GetProperty("data").GetProperty("input_file").GetString(), Is.EqualTo("input.npy"));
            Assert.That(json.RootElement.GetProperty("data").GetProperty("weights_files").GetProperty("conv1").GetString(), Is.EqualTo("conv1.npy"));
            Assert.That(json.RootElement.GetProperty("data").GetProperty("weights_files").GetProperty("fc1").ValueKind, Is.EqualTo(JsonValueKind.Null));

            // Silent layers are far from their spike_rate: warned on stderr and listed in the JSON, exit code unchanged.
            var warnings = json.RootElement.GetProperty("spike_rate_warnings");
            Assert.That(warnings.GetArrayLength(), Is.EqualTo(2));
            Assert.That(warnings[0].GetProperty("key").GetString(), Is.EqualTo("workload.layers[0].spike_rate"));
            Assert.That(warnings[0].GetProperty("measured_spike_rate").GetDouble(), Is.Zero);
            Assert.That(result.Error, Does.Contain("spec.yaml:60:19: warning HW0910: 'workload.layers[0].spike_rate' is 0.15, but layer 'conv1' fires at 0"));
            Assert.That(result.Error, Does.Contain("its weights come from the spec's weights_file"));
            Assert.That(result.Error, Does.Contain("'workload.layers[1].spike_rate' is 0.1, but layer 'fc1' fires at 0"));
            Assert.That(result.Error, Does.Contain("it receives no input event"));
        });
    }

    [Test]
    public void Exact_mode_on_generated_data_that_hits_the_rates_warns_nothing()
    {
        var result = CliRunner.Run("analyze", Spec(null, null), "--exact");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public void Exact_mode_text_names_the_data_it_counted()
    {
        NpyWriter.Write(Path.Combine(scratch, "conv1.npy"), [4, 1, 3, 3], new long[36], NpyDType.Int8);
        var result = CliRunner.Run("analyze", Spec("conv1.npy", null), "--exact");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Out.Split('\n')[1], Is.EqualTo(
            "model: hwgen-analytical-v1 (count formulas of docs/hardware.md x ERT, exact mode: counts from the golden model's traces of the spec's data: " +
            "input generated from seed 1, weights of conv1 from conv1.npy, other weights generated from seed 1; docs/energy.md)"));
    }

    [Test]
    public void Exact_mode_refuses_invalid_data_files_with_located_diagnostics()
    {
        // conv1 weights must be [4, 1, 3, 3]; a binary spike input holds 0 or 1.
        NpyWriter.Write(Path.Combine(scratch, "conv1.npy"), [4, 9], new long[36], NpyDType.Int8);
        NpyWriter.Write(Path.Combine(scratch, "input.npy"), [4, 64], Enumerable.Repeat(2L, 256).ToArray(), NpyDType.Int8);
        var result = CliRunner.Run("analyze", Spec("conv1.npy", "input.npy"), "--exact");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Is.EqualTo(
                "conv1.npy:1:1: error HW0606: weights of layer 'conv1' (conv2d: [out_channels, in_channels, kernel, kernel]): expected shape (4, 1, 3, 3), found (4, 9)\n" +
                "input.npy:1:1: error HW0610: spike levels (L = 1): element 0 is 2, expected 0..1 (256 elements out of range)\n"));
        });
    }
}
