// Exact-mode counts (by formula from the trace) against the golden model's counts (by executing the core), on real specs.
using HwGen.Energy;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class GoldenCrossCheckTests
{
    private static IEnumerable<string> Specs() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Cases, "000-valid"), "*.yaml")
            .Append(Path.Combine(RepoPaths.HwConfigs, "default.yaml"))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Specs))]
    public void ExactCountsEqualTheGoldenModelsCounts(string spec)
    {
        var loaded = ModelLoader.LoadFile(Path.Combine(RepoPaths.Root, spec));
        Assert.That(loaded.Succeeded, Is.True, string.Join("\n", loaded.Diagnostics));
        var model = loaded.Model!;
        if (!model.HasSpikingDesign || model.Layers.Sum(l => l.Synapses) > 5_000_000 || model.Dataflow != Dataflow.Classical)
        {
            Assert.Ignore("cross-checked on classical spiking specs of simulation size");
        }

        var engine = new SpecEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
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
}
