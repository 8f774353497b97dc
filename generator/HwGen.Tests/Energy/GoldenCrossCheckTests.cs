// Exact-mode counts (by formula from the trace) against the golden model's counts (by executing the core), on real specs.
using HwGen.Data;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class GoldenCrossCheckTests
{
    private static IEnumerable<string> AllSpecs() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Cases, "000-valid"), "*.yaml")
            .Append(Path.Combine(RepoPaths.HwConfigs, "default.yaml"))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p))
            .Order(StringComparer.Ordinal);

    // As the CLI loads it: a mesh spec with its NoC encodings decided from its preset.
    private static HardwareModel Load(string spec) => NocEncodingResolver.Resolve(ModelLoader.LoadFile(Path.Combine(RepoPaths.Root, spec)).Model!);

    /// <summary>Classical spiking specs of simulation size: the golden model executes the classical dataflow only.</summary>
    private static IEnumerable<string> Specs() => AllSpecs().Where(spec =>
        Load(spec) is { HasSpikingDesign: true, Dataflow: Dataflow.Classical } model && model.Layers.Sum(l => l.Synapses) <= 5_000_000);

    /// <summary>The bounds (1−γ)/T ≤ s_r ≤ 1−γ are stated for binary spikes.</summary>
    private static IEnumerable<string> BinarySpecs() => AllSpecs().Where(spec => Load(spec).Neuron.Kind == NeuronKind.Snn);

    [TestCaseSource(nameof(Specs))]
    public void ExactCountsEqualTheGoldenModelsCounts(string spec)
    {
        var model = Load(spec);

        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        var golden = GoldenModel.Run(model, StimulusGenerator.Generate(model));
        foreach (var run in new[] { golden.Snn!, golden.Qnn })
        {
            var exact = engine.ExactCounts(run.Trace);
            for (var l = 0; l < model.Layers.Count; l++)
            {
                Assert.That(exact[l].Differences(run.LayerCounts[l]), Is.Empty, $"{run.Trace.Design} layer {model.Layers[l].Name}");
            }
        }
    }

    [TestCaseSource(nameof(BinarySpecs))]
    public void StatisticsMeasuredOnGoldenRunsRespectTheBounds(string spec)
    {
        var model = Load(spec);

        var run = GoldenModel.RunSnn(model, StimulusGenerator.Generate(model));
        foreach (var stats in TraceStatistics.Measure(model, run.Trace))
        {
            Assert.That(stats.WithinBounds(model.Neuron.Timesteps), $"layer {stats.LayerIndex}: s_r={stats.SpikeRate}, γ={stats.TwinSparsity}");
        }
    }

    [Test]
    public void AnalyzeExactPricesTheGoldenCounts()
    {
        var path = Path.Combine(RepoPaths.HwConfigs, "default.yaml");
        var model = ModelLoader.LoadFile(path).Model!;
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        var golden = GoldenModel.Run(model, StimulusGenerator.Generate(model));
        var engine = new AnalyticalEnergyModel(model, table);
        double Priced(ActionCounts counts, ActionPrices prices) =>
            counts.NonZero.Sum(kv => kv.Value * prices.Energies[ActionIndex.Of(kv.Key)]);
        var snn = golden.Snn!.LayerCounts.Sum(c => Priced(c, engine.SnnPrices));
        var qnn = golden.Qnn.LayerCounts.Sum(c => Priced(c, engine.QnnPrices(model.Twin.ActivationBits)));

        var result = HwGen.Tests.Cli.CliRunner.Run("analyze", path, "--exact", "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("mode").GetString(), Is.EqualTo("exact"));
        Assert.That(json.RootElement.GetProperty("snn_energy_pj").GetDouble(), Is.EqualTo(snn).Within(snn * 1e-12));
        Assert.That(json.RootElement.GetProperty("qnn_energy_pj").GetDouble(), Is.EqualTo(qnn).Within(qnn * 1e-12));
    }
}
