// Generated stimulus hits the spec's spike rates (within the documented tolerance), and runs that miss them warn.
using HwGen.Data;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Tests.Sim;

[TestFixture]
public sealed class SpikeRateTests
{
    private static HardwareModel Load(string text, string name = "spec.yaml")
    {
        var result = ModelLoader.LoadText(text, name);
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }

    private static HardwareModel DefaultWith(params (string From, string To)[] edits)
    {
        var text = ModelLoader.DefaultSpecText();
        foreach (var (from, to) in edits)
        {
            Assert.That(text, Does.Contain(from));
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return Load(text);
    }

    private static NetworkTrace Trace(HardwareModel model, NetworkData data) =>
        model.HasSpikingDesign ? GoldenModel.RunSnn(model, data).Trace : GoldenModel.RunQnn(model, data).Trace;

    private static double[] MeasuredRates(HardwareModel model, NetworkData data) => MeasuredRates(model, Trace(model, data));

    /// <summary>Measured rate of each layer: events / (N·T), or Σ activations / (N·(2^b_a − 1)) for a QNN-only spec.</summary>
    private static double[] MeasuredRates(HardwareModel model, NetworkTrace trace)
    {
        var steps = model.HasSpikingDesign ? model.Neuron.Timesteps : model.Twin.MaxActivation;
        return model.Layers.Select(layer =>
        {
            var outputs = trace.Layers[layer.Index].Outputs;
            long activity = model.HasSpikingDesign ? outputs.Sum(step => step.Count) : outputs.Sum(step => step.Sum(e => (long)e.Value));
            return activity / (double)(layer.Neurons * steps);
        }).ToArray();
    }

    /// <summary>
    /// The documented tolerance: |r − s| ≤ max(0.25·s, 1/(N·T)), and r &gt; 0 when s &gt; 0, for every layer with weights
    /// (a pool has nothing to calibrate: its rate follows from its input).
    /// </summary>
    private static void AssertWithinTolerance(HardwareModel model, double[] rates, string what)
    {
        var steps = model.HasSpikingDesign ? model.Neuron.Timesteps : model.Twin.MaxActivation;
        Assert.Multiple(() =>
        {
            foreach (var layer in model.Layers.Where(l => !l.IsPool))
            {
                var rate = rates[layer.Index];
                var allowance = Math.Max(0.25 * layer.SpikeRate, 1.0 / (layer.Neurons * steps));
                Assert.That(rate, Is.EqualTo(layer.SpikeRate).Within(allowance + 1e-12), $"{what}: layer '{layer.Name}'");
                Assert.That(rate, Is.GreaterThan(0), $"{what}: layer '{layer.Name}' fires");
            }
        });
    }

    private static IEnumerable<TestCaseData> ShippedSpecs() =>
        Directory.GetFiles(RepoPaths.HwConfigs, "*.yaml")
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Cases, "000-valid"), "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetRelativePath(RepoPaths.Root, path)));

    [TestCaseSource(nameof(ShippedSpecs))]
    public void Every_shipped_spec_fires_every_layer_near_its_spike_rate(string path)
    {
        // Before calibration the default spec's conv1 fired at 0.054 (spec 0.15) and fc1 at 0.15 (spec 0.10).
        // As the CLI loads it: a mesh spec with its NoC encodings decided from its preset.
        var model = NocEncodingResolver.Resolve(ModelLoader.LoadFile(path).Model!);
        var trace = Trace(model, StimulusGenerator.Generate(model));
        AssertWithinTolerance(model, MeasuredRates(model, trace), Path.GetFileName(path));
        Assert.That(SpikeRateCheck.Check(model, trace), Is.Empty);
    }

    [Test]
    public void A_spec_that_generated_no_spike_at_all_now_fires_at_its_rates()
    {
        // θ = 2048 with 8-bit weights: the first weight scale left every membrane of both layers below θ (no event in
        // any layer, so the bit-exact match compared silence). Calibration finds scales that fire both layers.
        var model = DefaultWith(("threshold: 64", "threshold: 2048"), ("input_spike_rate: 0.25", "input_spike_rate: 0.5"));
        AssertWithinTolerance(model, MeasuredRates(model, StimulusGenerator.Generate(model)), "threshold 2048");
    }

    [Test]
    public void Multilevel_and_longer_runs_fire_near_their_rates()
    {
        var multilevel = Load(File.ReadAllText(Path.Combine(RepoPaths.Cases, "000-valid", "multilevel-leak.yaml")).Replace("threshold: 64", "threshold: 1024", StringComparison.Ordinal));
        AssertWithinTolerance(multilevel, MeasuredRates(multilevel, StimulusGenerator.Generate(multilevel)), "multilevel, threshold 1024");
        var longer = DefaultWith(("timesteps: 4", "timesteps: 16"), ("threshold: 64", "threshold: 1024"));
        AssertWithinTolerance(longer, MeasuredRates(longer, StimulusGenerator.Generate(longer)), "T = 16, threshold 1024");
    }

    [Test]
    public void Calibrated_data_is_the_same_for_the_same_seed()
    {
        var model = DefaultWith(("threshold: 64", "threshold: 2048"), ("input_spike_rate: 0.25", "input_spike_rate: 0.5"));
        var first = StimulusGenerator.Generate(model);
        var second = StimulusGenerator.Generate(model);
        Assert.That(second.Weights, Is.EqualTo(first.Weights));
        Assert.That(second.InputLevels, Is.EqualTo(first.InputLevels));

        var folders = new[] { Directory.CreateTempSubdirectory("hwgen-rate-").FullName, Directory.CreateTempSubdirectory("hwgen-rate-").FullName };
        try
        {
            var names = NpyNetworkData.Export(model, first, folders[0]);
            NpyNetworkData.Export(model, second, folders[1]);
            foreach (var name in names)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(folders[1], name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(folders[0], name))), name);
            }
        }
        finally
        {
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public void The_input_has_exactly_the_rounded_event_count()
    {
        // minimal.yaml with 2 input channels: 2 neurons × 3 timesteps × 0.1 = 0.6 events → 1 (at least one when the
        // rate is positive); the default input: 64 × 4 × 0.25 = 64 events exactly.
        var tiny = Load(File.ReadAllText(Path.Combine(RepoPaths.Cases, "000-valid", "minimal.yaml")).Replace("channels: 16", "channels: 2", StringComparison.Ordinal));
        Assert.That(StimulusGenerator.InputLevels(tiny).Sum(step => step.Sum()), Is.EqualTo(1));
        var defaults = ModelLoader.LoadDefault().Model!;
        Assert.That(StimulusGenerator.InputLevels(defaults).Sum(step => step.Sum()), Is.EqualTo(64));
        Assert.Multiple(() =>
        {
            Assert.That(StimulusGenerator.InputEventCount(0.1, 6), Is.EqualTo(1));
            Assert.That(StimulusGenerator.InputEventCount(0.25, 6), Is.EqualTo(2)); // 1.5 rounds away from zero
            Assert.That(StimulusGenerator.InputEventCount(0.001, 6), Is.EqualTo(1));
            Assert.That(StimulusGenerator.InputEventCount(0, 6), Is.Zero);
            Assert.That(StimulusGenerator.InputEventCount(1, 6), Is.EqualTo(6));
        });
    }

    [Test]
    public void The_tolerance_is_a_quarter_of_the_expected_count_but_at_least_one_event()
    {
        Assert.Multiple(() =>
        {
            // Expected 40 events: 30..50 accepted.
            Assert.That(SpikeRateCheck.Accepts(30, 40), Is.True);
            Assert.That(SpikeRateCheck.Accepts(50, 40), Is.True);
            Assert.That(SpikeRateCheck.Accepts(29, 40), Is.False);
            Assert.That(SpikeRateCheck.Accepts(51, 40), Is.False);
            // Expected 2: 1..3. Expected 0.5: only 1 (0 does not fire).
            Assert.That(SpikeRateCheck.Accepts(3, 2), Is.True);
            Assert.That(SpikeRateCheck.Accepts(4, 2), Is.False);
            Assert.That(SpikeRateCheck.Accepts(1, 0.5), Is.True);
            Assert.That(SpikeRateCheck.Accepts(0, 0.5), Is.False);
            // spike_rate 0: silence or a single event.
            Assert.That(SpikeRateCheck.Accepts(0, 0), Is.True);
            Assert.That(SpikeRateCheck.Accepts(2, 0), Is.False);
        });
    }

    [Test]
    public void A_layer_that_cannot_reach_its_rate_is_reported_with_its_numbers()
    {
        // θ = 4096 with 8-bit weights: even at 127 a conv1 neuron needs 33 of its 9 × 4 input slots to fire, and the
        // 64 input events over 256 slots leave every window far below that; fc1 then receives nothing.
        var model = DefaultWith(("threshold: 64", "threshold: 4096"));
        var data = StimulusGenerator.Generate(model);
        var warnings = SpikeRateCheck.Check(model, GoldenModel.RunSnn(model, data).Trace);
        Assert.That(warnings.Select(w => w.Layer), Is.EqualTo(new[] { "conv1", "fc1" }));
        Assert.That(warnings[0].ToString(), Is.EqualTo(
            "spec.yaml:58:19: warning HW0910: 'workload.layers[0].spike_rate' is 0.15, but layer 'conv1' fires at 0 on this run's data " +
            "(0 over 1024 neuron-steps), outside 0.15 ± 0.0375: no weight scale makes it fire on the events that reach it; " +
            "expected-mode energies assume the spec rate"));
        Assert.That(warnings[1].Message, Does.Contain("fires at 0 on this run's data (0 over 40 neuron-steps), outside 0.1 ± 0.025: it receives no input event"));
        Assert.That(warnings[1].ToleranceRate, Is.EqualTo(1 / 40.0)); // fc1: 10 neurons × 4 steps, expected 4 events ± 1
        // The twin of a spiking spec follows qnn_sparsity; its trace is not checked against spike_rate.
        Assert.That(SpikeRateCheck.Check(model, GoldenModel.RunQnn(model, data).Trace), Is.Empty);
    }
}
