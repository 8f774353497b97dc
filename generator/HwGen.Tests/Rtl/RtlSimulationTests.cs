// Bit-exact RTL simulation against the C# golden model: output events per layer and timestep (in order), final residues
// or accumulators, and every action count measured from the strobes. See RtlBuilds for the matrix coverage.
using System.Collections.Concurrent;
using System.Globalization;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;
using NUnit.Framework;

namespace HwGen.Tests.Rtl;

/// <summary>One run: a build, a twin, and the data (timesteps, rate, weight bias for saturation, seed).</summary>
public sealed record RtlCase(RtlSpec Build, DesignKind Twin, int Timesteps, double Rate, double WeightBias, int Seed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Build.Name}-{Twin.ToString().ToLowerInvariant()}-T{Timesteps}-rate{Rate}-bias{WeightBias}-seed{Seed}");
}

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class RtlSimulationTests
{
    private static readonly ConcurrentDictionary<(string, DesignKind), RtlFileSet> Sets = new();

    public static IEnumerable<RtlCase> Cases()
    {
        // Fc3: every T of the matrix through one build, zero/sparse/dense/all spikes, saturation by positive weights.
        yield return new(RtlBuilds.Fc3, DesignKind.Snn, 1, 0.05, 0.0, 1);
        yield return new(RtlBuilds.Fc3, DesignKind.Snn, 3, 1.0, 0.45, 2);
        yield return new(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.05, 0.0, 3);
        yield return new(RtlBuilds.Fc3, DesignKind.Snn, 15, 0.0, 0.0, 4);
        yield return new(RtlBuilds.Fc3, DesignKind.Snn, 15, 0.3, 0.1, 5);
        yield return new(RtlBuilds.Fc3, DesignKind.Snn, 15, 1.0, -0.45, 6);
        yield return new(RtlBuilds.Fc3, DesignKind.Qnn, 1, 0.0, 0.0, 7);
        yield return new(RtlBuilds.Fc3, DesignKind.Qnn, 1, 0.3, 0.2, 8);
        yield return new(RtlBuilds.Fc3, DesignKind.Qnn, 1, 1.0, 0.45, 9);
        // Conv8: multi-level with leak, tiles on the first conv; QNN without zero skipping.
        yield return new(RtlBuilds.Conv8, DesignKind.Snn, 6, 0.05, 0.2, 10);
        yield return new(RtlBuilds.Conv8, DesignKind.Snn, 6, 1.0, 0.1, 11);
        yield return new(RtlBuilds.Conv8, DesignKind.Snn, 3, 0.3, 0.3, 12);
        yield return new(RtlBuilds.Conv8, DesignKind.Qnn, 1, 0.5, 0.2, 13);
        yield return new(RtlBuilds.Conv8, DesignKind.Qnn, 1, 0.0, 0.0, 14);
        // Mix16: L = 7, 2-bit weights, conv stride 2 pad 1, most lanes idle on the conv layer.
        yield return new(RtlBuilds.Mix16, DesignKind.Snn, 3, 0.3, 0.3, 15);
        yield return new(RtlBuilds.Mix16, DesignKind.Snn, 3, 1.0, 0.1, 16);
        yield return new(RtlBuilds.Mix16, DesignKind.Snn, 1, 0.05, 0.3, 17);
        yield return new(RtlBuilds.Mix16, DesignKind.Qnn, 1, 0.6, 0.2, 18);
        // Lane1: a single lane, conv stride 1 pad 0 then fc, leak.
        yield return new(RtlBuilds.Lane1, DesignKind.Snn, 4, 0.4, 0.2, 19);
        yield return new(RtlBuilds.Lane1, DesignKind.Qnn, 1, 0.6, 0.1, 20);
        // T256 (issue 8, defect 1): T = 65, the first T Verilator refused, and T = 256, the largest, through one build.
        yield return new(RtlBuilds.T256, DesignKind.Snn, 1, 0.6, 0.2, 21);
        yield return new(RtlBuilds.T256, DesignKind.Snn, 65, 0.3, 0.1, 22);
        yield return new(RtlBuilds.T256, DesignKind.Snn, 256, 0.2, 0.2, 23);
        yield return new(RtlBuilds.T256, DesignKind.Qnn, 1, 0.5, 0.1, 24);
        // Pool5, PoolBin (issue 12): max and average pooling, odd windows and padding, pools in tiles and first.
        yield return new(RtlBuilds.Pool5, DesignKind.Snn, 4, 0.3, 0.3, 26);
        yield return new(RtlBuilds.Pool5, DesignKind.Snn, 4, 1.0, 0.45, 27);
        yield return new(RtlBuilds.Pool5, DesignKind.Snn, 2, 0.05, 0.2, 28);
        yield return new(RtlBuilds.Pool5, DesignKind.Qnn, 1, 0.5, 0.3, 29);
        yield return new(RtlBuilds.Pool5, DesignKind.Qnn, 1, 1.0, 0.45, 30);
        yield return new(RtlBuilds.PoolBin, DesignKind.Snn, 5, 0.3, 0.3, 31);
        yield return new(RtlBuilds.PoolBin, DesignKind.Snn, 5, 1.0, 0.2, 32);
        yield return new(RtlBuilds.PoolBin, DesignKind.Snn, 1, 0.0, 0.0, 33);
        yield return new(RtlBuilds.PoolBin, DesignKind.Qnn, 1, 0.6, 0.3, 34);
    }

    internal static RtlFileSet SetFor(RtlSpec spec, DesignKind twin) =>
        Sets.GetOrAdd((spec.Name, twin), _ => RtlGenerator.Render(RtlDesign.Create(spec.Build(), twin)));

    /// <summary>The case's data and the golden run on it; the golden model sees the spec with the run's T.</summary>
    internal static (RtlRunInput Input, GoldenRun Golden) Prepare(RtlCase c, RtlDesign design)
    {
        var model = (c.Build with { Timesteps = c.Twin == DesignKind.Snn ? c.Timesteps : c.Build.Timesteps }).Build();
        var weights = RtlStimulus.Weights(model, c.Seed, c.WeightBias);
        var inputs = model.Workload.Input.Size;
        GoldenRun golden;
        if (c.Twin == DesignKind.Snn)
        {
            var levels = RtlStimulus.Values(inputs, c.Timesteps, c.Rate, design.MaxValue, c.Seed + 1000);
            golden = GoldenModel.RunSnn(model, NetworkData.ForSpiking(weights, levels, model.Twin.MaxActivation));
        }
        else
        {
            var activations = RtlStimulus.Values(inputs, 1, c.Rate, design.MaxValue, c.Seed + 1000)[0];
            var levels = Enumerable.Range(0, model.Neuron.Timesteps).Select(_ => new int[inputs]).ToArray();
            golden = GoldenModel.RunQnn(model, new NetworkData(weights, levels, activations));
        }

        return (new RtlRunInput(weights.Select(w => (IReadOnlyList<int>)w).ToList(), golden.Trace.Layers[0].Inputs), golden);
    }

    [TestCaseSource(nameof(Cases))]
    public void RtlMatchesGoldenModelBitForBitAndCountForCount(RtlCase c)
    {
        var model = c.Build.Build();
        var set = SetFor(c.Build, c.Twin);
        var (input, golden) = Prepare(c, set.Design);
        var work = Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-runs", c.ToString());
        var (result, _) = VerilatorSimulation.Run(set, input, work);

        Assert.That(result.Failure, Is.Null, "harness failure");
        Assert.That(result.Finished, Is.True, "the core never raised done");
        Assert.That(GoldenComparison.Compare(golden.Trace, result.Trace, limit: 10).Select(m => m.ToString()), Is.Empty,
            "mismatches against the golden model");
        // counts_match: the strobes equal the golden model's counts and the analytical engine's exact-mode prediction.
        var runModel = (c.Build with { Timesteps = c.Twin == DesignKind.Snn ? c.Timesteps : c.Build.Timesteps }).Build();
        var predicted = new AnalyticalEnergyModel(runModel, EnergyReferenceTableLoader.LoadPreset(runModel.Technology.Preset)).ExactCounts(golden.Trace);
        for (var l = 0; l < model.Layers.Count; l++)
        {
            Assert.That(golden.LayerCounts[l].Differences(result.LayerCounts[l]), Is.Empty, $"action counts of layer {l}");
            Assert.That(predicted[l].Differences(result.LayerCounts[l]), Is.Empty, $"analytical exact-mode counts of layer {l}");
        }

        // The data must exercise what the case claims: spikes when the rate is positive, none when it is zero.
        var inputEvents = input.Inputs.Sum(e => e.Count);
        Assert.That(inputEvents == 0, Is.EqualTo(c.Rate == 0.0 && !(c.Twin == DesignKind.Qnn && !model.Twin.ZeroSkipping)));
        var bound = VerilatorCycleBound.Compute(set.Design, golden);
        Assert.That(result.Cycles, Is.GreaterThanOrEqualTo(bound.Total), "the bound must hold");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c}: {result.Cycles} cycles, bound {bound.Total} (load {bound.Load}, integrate {bound.Integrate}, fire {bound.Fire}), ratio {bound.Ratio(result.Cycles):F3}, {result.CyclesPerSecond:F0} cycles/s, phases {string.Join(" ", result.PhaseCycles.Select(p => p.Key + "=" + p.Value))}, outputs {golden.Trace.Layers[^1].Outputs.Sum(o => o.Count)}"));
    }

    [Test]
    public void EveryOneOfTwoHundredFiftySixTimestepsIsCountedOnItsOwn()
    {
        // Issue 8, defect 1: at T = 256 the per-timestep count tables have 256 entries. Per timestep (count_step), every
        // neuron of a layer is compared once and the output queue takes exactly the golden model's events of that step.
        var c = new RtlCase(RtlBuilds.T256, DesignKind.Snn, 256, 0.3, 0.2, 25);
        var set = SetFor(c.Build, c.Twin);
        var (input, golden) = Prepare(c, set.Design);
        var (result, _) = VerilatorSimulation.Run(set, input, Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-runs", "t256-steps"));
        Assert.That(result.Finished, Is.True);
        var model = c.Build.Build();
        for (var l = 0; l < model.Layers.Count; l++)
        {
            var steps = result.StepCounts[l];
            Assert.That(steps, Has.Count.EqualTo(256));
            var outputs = golden.Trace.Layers[l].Outputs;
            for (var t = 0; t < 256; t++)
            {
                Assert.That(steps[t][Actions.Compare], Is.EqualTo(model.Layers[l].Neurons), $"layer {l}, timestep {t}: compares");
                Assert.That(steps[t][Actions.OutputQueuePush], Is.EqualTo(outputs[t].Count), $"layer {l}, timestep {t}: output events");
                Assert.That(steps[t][Actions.OutputQueuePop], Is.EqualTo(outputs[t].Count), $"layer {l}, timestep {t}: output events written");
            }
        }

        Assert.That(golden.Trace.Layers.Sum(layer => layer.Outputs.Count(o => o.Count > 0)), Is.GreaterThan(256), "spikes in many timesteps");
    }

    [Test]
    public void AWrongWeightInTheRtlDataIsNamedByLayerTimestepAndNeuron()
    {
        // The comparison must be able to fail: the RTL gets one changed weight of layer 1, the golden model not.
        var c = new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 15, 0.3, 0.1, 5);
        var set = SetFor(c.Build, c.Twin);
        var (input, golden) = Prepare(c, set.Design);
        var weights = input.Weights.Select(w => w.ToArray()).ToList();
        // A synapse of output neuron 0 from an input neuron that does spike (fc weight index = unit * fan-in + input).
        var spiking = golden.Trace.Layers[1].Inputs.SelectMany(e => e).First().Address;
        weights[1][spiking] = weights[1][spiking] >= 0 ? -8 : 7;
        var tampered = new RtlRunInput(weights.Select(w => (IReadOnlyList<int>)w).ToList(), input.Inputs);
        var (result, _) = VerilatorSimulation.Run(set, tampered, Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-runs", "tampered"));
        var mismatches = GoldenComparison.Compare(golden.Trace, result.Trace);
        Assert.That(mismatches, Is.Not.Empty);
        Assert.That(mismatches.All(m => m.Layer == 1 && m.Neuron == 0), Is.True, string.Join("\n", mismatches));
        Assert.That(mismatches[0].ToString(), Does.StartWith("layer 1, "));
    }

    [Test]
    public void CycleBoundOfASilentRunIsTheHandComputedLoadAndFire()
    {
        // Fc3, one timestep, no input events. Load per tile = max(rows of the busiest lane, staged 16-bit words,
        // neurons of the busiest lane): layer 0 tiles hold 3 and 2 local units of 20 weights -> max(60, 9*20*4/16=45, 3)
        // + max(40, 4*20*4/16=20, 2); layer 1 holds 3 local units of 13 weights -> max(39, ceil(7*13*4/16)=23, 3).
        // Fire per tile = local units (one compare per lane per cycle): 3 + 2 + 3. Integrate: no events, 0.
        var c = new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 1, 0.0, 0.0, 30);
        var set = SetFor(c.Build, c.Twin);
        var (input, golden) = Prepare(c, set.Design);
        var bound = VerilatorCycleBound.Compute(set.Design, golden);
        Assert.That((bound.Load, bound.Integrate, bound.Fire), Is.EqualTo((60L + 40 + 39, 0L, 3L + 2 + 3)));
        var (result, _) = VerilatorSimulation.Run(set, input, Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-runs", "silent"));
        Assert.That(result.Cycles, Is.GreaterThanOrEqualTo(bound.Total));
    }
}
