// Bit-exact simulation of mesh designs whose networks add residual shortcuts (docs/hardware.md, "Residual additions"
// and "Mesh dataflows"; docs/rtl.md, "Mesh designs", the shortcut streams): every slice of the shortcut's source layer
// sends its output events to every slice of the adding layer as extra streams (the host writes a shortcut from the
// input), which integrate them after their own input's. Compared as in MeshSimulationTests: output events per
// timestep, final states, every action count, and the NoC traffic per layer and per router port counted by the golden
// model's walk, the analytical engine's exact formulas and the harness.
//
// Matrix coverage (spec: what it covers):
//   ResSpatial3x3: spatial on a 3x3 mesh, 3 lanes, binary SNN T=4, 2x7x7 input: c1 -> c2 -> c3 (+c1, an identity
//            block: the shortcut skips c2) -> maxpool 3x3/s1/p1 -> c4 (+c3, across the pool) -> fc 5; c2, c3 and
//            fc in two slices, so a source slice feeds two adding slices and two source slices feed one; the
//            shortcut's source c1 sends sparse, c3 dense; QNN twin with zero skipping.
//   ResSpatialLevels: spatial on a 3x3 mesh, 2 lanes, multi-level SNN L=3 with leak, T=3, 6-bit weights and an
//            8-bit membrane (it saturates: a 16-bit one changes what the adding layers emit), 1x6x5 input: c1 ->
//            c2 (+c1, the layer's own input as its shortcut too; sends hybrid) -> avgpool 3x3/s1/p1 -> c3 (+c2,
//            across the pool; sends dense) -> fc 7 (hybrid) -> fc 7 (+f4, an fc shortcut); QNN twin without zero
//            skipping (every activation is an event, on the shortcut streams too).
//   ResNeuromorphic2x1: neuromorphic on a 2x1 mesh, 3 lanes, binary SNN T=3, 2-flit router buffers: c1 (+input)
//            -> c2 (+input) -> c3 (+c1) -> fc 6 on two cores {c1, c2} and {c3, f4}: shortcuts from the network input
//            (written by the host, into layer 0 and into a later layer) and c1's shortcut to c3 across the link; QNN
//            twin with zero skipping.
using System.Collections.Concurrent;
using System.Globalization;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;
using NUnit.Framework;

namespace HwGen.Tests.Rtl;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class MeshResidualSimulationTests
{
    public static readonly MeshSpec ResSpatial3x3 = MeshSpec.Of("resspatial3x3", "spatial", 3, 3, 3,
        neuron: "  model: snn\n  timesteps: 4\n  threshold: 32\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: true",
        input: "    channels: 2\n    height: 7\n    width: 7",
        layers: """
              - {name: c1, type: conv2d, out_channels: 4, kernel: 3, padding: 1, spike_rate: 0.2, qnn_sparsity: 0.7, noc_encoding: sparse}
              - {name: c2, type: conv2d, out_channels: 4, kernel: 3, padding: 1, spike_rate: 0.2, qnn_sparsity: 0.7}
              - {name: c3, type: conv2d, out_channels: 4, kernel: 3, padding: 1, spike_rate: 0.2, qnn_sparsity: 0.7, residual: c1, noc_encoding: dense}
              - {name: p1, type: maxpool, kernel: 3, stride: 1, padding: 1, noc_encoding: sparse}
              - {name: c4, type: conv2d, out_channels: 4, kernel: 3, padding: 1, spike_rate: 0.2, qnn_sparsity: 0.7, residual: c3}
              - {name: f5, type: fc, outputs: 5, spike_rate: 0.15, qnn_sparsity: 0.75}
            """);

    public static readonly MeshSpec ResSpatialLevels = MeshSpec.Of("resspatiallevels", "spatial", 3, 3, 2,
        neuron: "  model: multilevel\n  levels: 3\n  timesteps: 3\n  threshold: 32\n  leak_shift: 3\n  weight_bits: 6\n  membrane_bits: 8\n  accumulator_bits: 12",
        twin: "  activation_bits: auto\n  zero_skipping: false",
        input: "    channels: 1\n    height: 6\n    width: 5",
        layers: """
              - {name: c1, type: conv2d, out_channels: 3, kernel: 3, padding: 1, spike_rate: 0.3, noc_encoding: sparse}
              - {name: c2, type: conv2d, out_channels: 3, kernel: 3, padding: 1, spike_rate: 0.25, residual: c1, noc_encoding: hybrid}
              - {name: p1, type: avgpool, kernel: 3, stride: 1, padding: 1, noc_encoding: sparse}
              - {name: c3, type: conv2d, out_channels: 3, kernel: 3, padding: 1, spike_rate: 0.25, residual: c2, noc_encoding: dense}
              - {name: f4, type: fc, outputs: 7, spike_rate: 0.2, noc_encoding: hybrid}
              - {name: f5, type: fc, outputs: 7, spike_rate: 0.2, residual: f4}
            """,
        weightWords: 300, stateWords: 64);

    public static readonly MeshSpec ResNeuromorphic2x1 = MeshSpec.Of("resneuromorphic2x1", "neuromorphic", 2, 1, 3,
        neuron: "  model: snn\n  timesteps: 3\n  threshold: 32\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: true",
        input: "    channels: 3\n    height: 5\n    width: 5",
        layers: """
              - {name: c1, type: conv2d, out_channels: 3, kernel: 3, padding: 1, spike_rate: 0.25, residual: input, noc_encoding: sparse}
              - {name: c2, type: conv2d, out_channels: 3, kernel: 3, padding: 1, spike_rate: 0.25, residual: input, noc_encoding: sparse}
              - {name: c3, type: conv2d, out_channels: 3, kernel: 3, padding: 1, spike_rate: 0.25, residual: c1, noc_encoding: sparse}
              - {name: f4, type: fc, outputs: 6, spike_rate: 0.2}
            """,
        bufferDepth: 2, weightWords: 180, stateWords: 50);

    /// <summary>Every residual mesh spec (the lint and NoC-count tests run each too).</summary>
    public static readonly MeshSpec[] All = [ResSpatial3x3, ResSpatialLevels, ResNeuromorphic2x1];

    private static readonly ConcurrentDictionary<(string, DesignKind), TwinOutcome> Outcomes = new();

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(ResSpatial3x3, DesignKind.Snn).SetName("Residual mesh 3x3 spatial snn");
        yield return new TestCaseData(ResSpatial3x3, DesignKind.Qnn).SetName("Residual mesh 3x3 spatial qnn");
        yield return new TestCaseData(ResSpatialLevels, DesignKind.Snn).SetName("Residual mesh 3x3 spatial multilevel snn with leak");
        yield return new TestCaseData(ResSpatialLevels, DesignKind.Qnn).SetName("Residual mesh 3x3 spatial qnn without zero skipping");
        yield return new TestCaseData(ResNeuromorphic2x1, DesignKind.Snn).SetName("Residual mesh 2x1 neuromorphic snn");
        yield return new TestCaseData(ResNeuromorphic2x1, DesignKind.Qnn).SetName("Residual mesh 2x1 neuromorphic qnn");
    }

    private static TwinOutcome Outcome(MeshSpec spec, DesignKind twin) => Outcomes.GetOrAdd((spec.Name, twin), _ =>
    {
        var model = spec.Load();
        var data = HwGen.Data.NpyNetworkData.Load(model, TestContext.CurrentContext.WorkDirectory);
        var set = RtlGenerator.Render(RtlDesign.Create(model, twin));
        var work = Path.Combine(TestContext.CurrentContext.WorkDirectory, "mesh-runs", $"{spec.Name}-{twin.ToString().ToLowerInvariant()}");
        return TwinSimulation.Run(model, data, set, work);
    });

    [TestCaseSource(nameof(Cases))]
    public void ResidualMeshMatchesGoldenModelBitForBitAndFlitForFlit(MeshSpec spec, DesignKind twin)
    {
        var model = spec.Load();
        var outcome = Outcome(spec, twin);
        Assert.That(outcome.Rtl.Failure, Is.Null, "harness failure");
        Assert.That(outcome.Rtl.Finished, Is.True, "the mesh never raised done");
        Assert.That(outcome.Mismatches.Select(m => m.ToString()), Is.Empty, "mismatches against the golden model (events per timestep, final states)");
        Assert.That(outcome.CountDifferences, Is.Empty, "action and NoC counts against the golden model");

        // The analytical engine's exact mode predicts every count, the shortcut's buffer, queue and add actions and its
        // flits, hops and bits included, from the trace alone.
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        var predicted = engine.ExactCounts(outcome.Golden.Trace);
        var exactNoc = engine.ExactNocCounts(outcome.Golden.Trace);
        var noc = outcome.Rtl.Noc!;
        for (var l = 0; l < model.Layers.Count; l++)
        {
            Assert.That(predicted[l].Differences(outcome.Rtl.LayerCounts[l]), Is.Empty, $"analytical exact-mode counts of layer {l}");
            Assert.That(outcome.Golden.LayerCounts[l].Differences(outcome.Rtl.LayerCounts[l]), Is.Empty, $"golden counts of layer {l}");
            Assert.That(exactNoc[l], Is.EqualTo(noc.Layers[l]), $"analytical NoC counts of layer {l}");
            Assert.That(outcome.Golden.Noc!.Layers[l], Is.EqualTo(noc.Layers[l]), $"golden NoC counts of layer {l}");
        }

        // Per router port: the golden walk's flits and bits are the harness's.
        Assert.That(noc.Ports, Is.EquivalentTo(outcome.Golden.Noc!.Ports), "flits and bits per router port");

        // The shortcuts really ran: their events were added (one add each into the neuron they name), and each adding
        // layer read its shortcut's events from its event buffer on every slice.
        var mesh = model.RequireMesh();
        foreach (var layer in model.Layers.Where(l => l.Residual is not null))
        {
            var trace = outcome.Golden.Trace.Layers[layer.Index];
            long shortcutEvents = trace.Shortcut.Sum(t => t.Count);
            Assert.That(shortcutEvents, Is.GreaterThan(0), $"{layer.Name}: no shortcut event");
            long ownEvents = trace.Inputs.Sum(t => t.Count);
            var slices = mesh.Slices[layer.Index].Count;
            Assert.That(outcome.Rtl.LayerCounts[layer.Index][Actions.GlobalBufferRead], Is.EqualTo(slices * (ownEvents + shortcutEvents)), $"{layer.Name}: buffer reads");
            Assert.That(outcome.Rtl.LayerCounts[layer.Index][Actions.GlobalBufferWrite], Is.EqualTo(slices * (ownEvents + shortcutEvents)), $"{layer.Name}: buffer writes");
        }

        Assert.That(noc.Ports.Where(p => p.Port == MeshPort.Local).Sum(p => p.Flits), Is.EqualTo(noc.Total.Flits), "flits ejected = flits injected");
        Assert.That(outcome.Rtl.Cycles, Is.GreaterThanOrEqualTo(outcome.Bound.Total), "the cycle bound must hold");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name} {twin}: {outcome.Rtl.Cycles} cycles, bound {outcome.Bound.Total} (ratio {outcome.Bound.Ratio(outcome.Rtl.Cycles):F3}), {mesh.Cores.Count} cores, flits {noc.Total.Flits} (sparse {noc.Total.SparseFlits}, dense {noc.Total.DenseFlits}, markers {noc.Total.Markers}), flit hops {noc.Total.FlitHops}, stall cycles {outcome.Rtl.NocStallCycles}"));
    }

    [Test]
    public void CoversWhatTheMatrixClaims()
    {
        var s33 = ResSpatial3x3.Load();
        var levels = ResSpatialLevels.Load();
        var neuro = ResNeuromorphic2x1.Load();
        Assert.Multiple(() =>
        {
            var m = s33.RequireMesh();
            // An identity block (c3 adds c1, skipping c2) and a shortcut across a pool (c4 adds c3 over p1).
            Assert.That(s33.Layers.Select(l => l.Residual?.Name), Is.EqualTo(new string?[] { null, null, "c1", null, "c3", null }));
            Assert.That(s33.Layers[3].Kind, Is.EqualTo(LayerKind.MaxPool));
            // One source slice feeds two adding slices (c1 -> c3) and two source slices feed one (c3 -> c4).
            Assert.That(m.Slices[0], Has.Count.EqualTo(1));
            Assert.That(m.Slices[2], Has.Count.EqualTo(2));
            Assert.That(m.Slices[4], Has.Count.EqualTo(1));
            Assert.That(s33.EncodingsOf(DesignKind.Snn)[0].Mode, Is.EqualTo(NocEncoding.Sparse));
            Assert.That(s33.EncodingsOf(DesignKind.Snn)[2].Mode, Is.EqualTo(NocEncoding.Dense));

            // Multi-level spikes with leak, shortcuts from the layer's own input, across an average pool and between fc layers.
            Assert.That(levels.Neuron.Levels, Is.EqualTo(3));
            Assert.That(levels.Neuron.LeakShift, Is.GreaterThan(0));
            Assert.That(levels.Layers.Select(l => l.Residual?.Name), Is.EqualTo(new string?[] { null, "c1", null, "c2", null, "f4" }));
            Assert.That(levels.Layers[2].Kind, Is.EqualTo(LayerKind.AvgPool));
            Assert.That(levels.EncodingsOf(DesignKind.Snn).Take(5).Select(e => e.Mode),
                Is.EqualTo(new[] { NocEncoding.Sparse, NocEncoding.Hybrid, NocEncoding.Sparse, NocEncoding.Dense, NocEncoding.Hybrid }));
            Assert.That(levels.Twin.ZeroSkipping, Is.False);
            // The 8-bit membrane saturates: on the same data a 16-bit one changes what the adding layers emit.
            var data = HwGen.Data.NpyNetworkData.Load(levels, TestContext.CurrentContext.WorkDirectory);
            var wide = new MeshSpec("resspatiallevels", ResSpatialLevels.Yaml.Replace("membrane_bits: 8", "membrane_bits: 16", StringComparison.Ordinal)).Load();
            var narrowRun = GoldenModel.RunSnn(levels, data).Trace;
            var wideRun = GoldenModel.RunSnn(wide, data).Trace;
            var differing = levels.Layers.Where(l => l.Residual is not null)
                .Count(l => !narrowRun.Layers[l.Index].Outputs.SelectMany((o, t) => o.Select(e => (t, e))).SequenceEqual(wideRun.Layers[l.Index].Outputs.SelectMany((o, t) => o.Select(e => (t, e)))));
            Assert.That(differing, Is.GreaterThan(0), "no adding layer's output depends on the membrane's saturation");

            // Neuromorphic: two layers per core; shortcuts from the input into c1 and c2, c1's shortcut to c3 across the link.
            var n = neuro.RequireMesh();
            Assert.That(n.Cores.Select(c => c.Slots.Select(sl => sl.Layer)), Is.EqualTo(new[] { new[] { 0, 1 }, new[] { 2, 3 } }));
            Assert.That(neuro.Layers.Select(l => l.Residual?.Name), Is.EqualTo(new string?[] { "input", "input", "c1", null }));
            Assert.That(n.SourceCount(0), Is.EqualTo(2), "layer 0: the host's input stream and its shortcut stream");
            Assert.That(n.ShortcutDestinations(0).Select(d => n.Hops(n.Slices[0][0], d)), Is.EqualTo(new[] { 1 }));
        });
    }

    [Test]
    public void TheShortcutsStreamsFollowTheOwnInputsAtEveryDestination()
    {
        // c1's single slice sends to c2's two slices as their stream 0 (their own input) and to c3's two slices as
        // stream 2 (after c3's two own streams, from c2's slices). p1 has one slice, so c4's own input is its stream 0
        // and c3's two slices are its streams 1 and 2.
        var model = ResSpatial3x3.Load();
        var m = model.RequireMesh();
        var c1 = m.Routes(m.Slices[0][0]);
        Assert.That(c1.Select(r => (r.Destination.Layer, r.Destination.Index, r.Stream, r.Shortcut)),
            Is.EqualTo(new[] { (1, 0, 0, false), (1, 1, 0, false), (2, 0, 2, true), (2, 1, 2, true) }));
        Assert.That(m.SourceCount(2), Is.EqualTo(3));
        Assert.That(m.SourceCount(4), Is.EqualTo(3));
        Assert.That(m.Routes(m.Slices[2][1]).Select(r => (r.Destination.Layer, r.Stream, r.Shortcut)),
            Is.EqualTo(new[] { (3, 1, false), (4, 2, true) }));
        // The destinations every count walks: c1's events go to four slices (two of them as a shortcut).
        Assert.That(m.Destinations(0), Has.Count.EqualTo(4));
        Assert.That(m.ShortcutDestinations(0).Select(d => d.Layer), Is.All.EqualTo(2));
        // The adding slices' event buffers hold the shortcut tensor after the input, every timestep.
        var c3 = m.Slices[2][0];
        Assert.That(m.Cores[c3.Core].BufferWords, Is.EqualTo(4L * (model.Layers[2].InputShape.Size + model.Layers[2].OutputShape.Size)));
        // The header's source field holds the largest stream count (3 streams: 2 bits).
        Assert.That(m.Header.SourceBits, Is.EqualTo(2));
    }

    [Test]
    public void TheShortcutsFlitsAreCountedAsByHand()
    {
        // c1 (one slice on core 0 at (0,0), sparse) sends to c2's slices at (1,0) and (2,0) and, as the shortcut, to
        // c3's at (2,1) and (1,1): 1 + 2 + 3 + 2 = 8 hops per event over the four streams. Sparse flits are 18 bits
        // (9 header + 9 address bits), markers 9, one marker per stream and timestep.
        var model = ResSpatial3x3.Load();
        var m = model.RequireMesh();
        Assert.That(m.Destinations(0).Select(d => m.PositionOf(d)), Is.EqualTo(new[] { new MeshPosition(1, 0), new MeshPosition(2, 0), new MeshPosition(2, 1), new MeshPosition(1, 1) }));
        var format = m.PacketFormat(model.Design(DesignKind.Snn));
        Assert.That((format.SparseFlitBits, format.MarkerBits), Is.EqualTo((18, 9)));
        var data = HwGen.Data.NpyNetworkData.Load(model, TestContext.CurrentContext.WorkDirectory);
        var golden = GoldenModel.RunSnn(model, data);
        long events = golden.Trace.Layers[0].Outputs.Sum(t => t.Count);
        const int timesteps = 4;
        Assert.That(events, Is.GreaterThan(0));
        Assert.That(golden.Noc!.Layers[0], Is.EqualTo(new NocLayerCounts(4 * events, 0, 4 * timesteps, 8 * (events + timesteps),
            8 * (events + timesteps) + 4 * (events + timesteps), 8 * (18 * events + 9 * timesteps), 0)));
        // Router 1 at (1,0) sends south exactly what reaches c3's second slice at (1,1) from above, every flow turning
        // south after its X leg: c1's shortcut copies, and both c2 slices' dense words (c2 resolves to dense: per
        // timestep ceil(147 / 23) = 7 flits from c2[0] below it, ceil(49 / 23) = 3 from c2[1] at (2,0)).
        Assert.That(model.EncodingsOf(DesignKind.Snn)[1].Mode, Is.EqualTo(NocEncoding.Dense));
        var south = golden.Noc.Ports.Single(p => p.Router == 1 && p.Port == MeshPort.South);
        Assert.That(m.Slices[1].Select(sl => sl.Neurons), Is.EqualTo(new[] { 147, 49 }));
        var dense = timesteps * (format.DenseFlits(147) + format.DenseFlits(49));
        Assert.That(dense, Is.EqualTo(4 * (7 + 3)));
        Assert.That(south.Flits, Is.EqualTo(events + timesteps + dense));
        Assert.That(south.Bits, Is.EqualTo(18 * events + 9 * timesteps + dense * format.DenseFlitBits));
    }

    [Test]
    public void ResidualMeshSynthesizesWithoutLatches()
    {
        var set = RtlGenerator.Render(RtlDesign.Create(ResNeuromorphic2x1.Load(), DesignKind.Snn));
        var folder = ToolchainGates.Materialize(set, Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-gates", "resneuromorphic2x1-snn-yosys"));
        var (gate, memories) = ToolchainGates.Yosys(set, folder);
        Assert.That(gate.Passed, Is.True, gate.Log.Length > 4000 ? gate.Log[^4000..] : gate.Log);
        var expected = Enumerable.Range(0, set.Design.Mesh!.Cores).SelectMany(c => Enumerable.Range(0, 3)
            .SelectMany(l => new[] { $"core{c}.lane{l}.weight_memory.mem", $"core{c}.lane{l}.state_memory.mem" }));
        Assert.That(memories, Is.SupersetOf(expected), "inferred $mem cells");
    }

    [Test]
    public void GenerationIsDeterministic()
    {
        foreach (var spec in All)
        {
            foreach (var twin in new[] { DesignKind.Snn, DesignKind.Qnn })
            {
                var first = RtlGenerator.Render(RtlDesign.Create(spec.Load(), twin));
                var second = RtlGenerator.Render(RtlDesign.Create(spec.Load(), twin));
                Assert.That(second.Files, Is.EqualTo(first.Files), $"{spec.Name} {twin}");
            }
        }
    }
}
