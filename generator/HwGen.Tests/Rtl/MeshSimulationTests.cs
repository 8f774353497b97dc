// Bit-exact simulation of generated mesh designs (spatial and neuromorphic dataflows) against the golden model:
// output events per timestep, final states, every action count, and the NoC traffic (flits, hops, bits per layer and
// per router port) counted three ways: the golden model's flit-by-flit walk, the analytical engine's exact formulas and
// the harness. One build per (spec, twin); the specs are small so each build stays short.
//
// Matrix coverage (spec: what it covers):
//   Mesh1x2: neuromorphic on a 1x2 mesh, 3 lanes, binary SNN T=3, conv 3x3/s1/p1 (sparse) -> conv 3x3/s2/p1 (dense)
//            -> fc 7, several layers per core, the smallest router buffers (2 flits); QNN twin with zero skipping.
//   Mesh2x2: spatial on a 2x2 mesh, 5 lanes, multi-level SNN L=3 with leak, T=4, conv 3x3/s1/p1 (hybrid) -> fc 13 in
//            two slices on two cores (sparse) -> fc 6; QNN twin without zero skipping (every activation is an event).
//   Mesh3x3: spatial on a 3x3 mesh, 2 lanes, binary SNN T=3, conv 3x3/s2/p0 -> conv 3x3/s1/p1 -> fc 9, the
//            encodings chosen by `auto`, layers split over the nine cores.
//   MeshPool3x3: spatial on a 3x3 mesh, 3 lanes, binary SNN T=4, conv -> maxpool 3x3/s2/p1 -> conv -> avgpool
//            3x3/s2 (divisor 9) -> fc 6, every layer but fc in two slices (a pool slice takes its own channels'
//            events only); QNN twin with zero skipping.
//   MeshPool3x2: neuromorphic on a 3x2 mesh, 2 lanes, multi-level SNN L=3 with leak (pools do not leak), T=3, conv
//            (sparse) -> maxpool 3x3/s1/p1 (hybrid, two slices) -> conv 3x3/s2 (dense) -> avgpool 2x2/s1 (sparse)
//            -> fc 5, the last three on one core (a pool between two weighted slots); QNN twin without zero skipping.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using HwGen.Data;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Cli;
using NUnit.Framework;

namespace HwGen.Tests.Rtl;

/// <summary>A small mesh spec, written as the YAML a user would write.</summary>
public sealed record MeshSpec(string Name, string Yaml)
{
    public HardwareModel Load()
    {
        var result = ModelLoader.LoadText(Yaml, Name + ".yaml");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty, $"spec {Name}");
        return NocEncodingResolver.Resolve(result.Model!);
    }

    public override string ToString() => Name;

    /// <summary>A shipped preset as written, its workload replaced by a small three-layer network.</summary>
    public static MeshSpec ShrunkPreset(string preset)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.HwConfigs, preset + ".yaml")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var workload = text.IndexOf("\nworkload:", StringComparison.Ordinal);
        Assert.That(workload, Is.GreaterThan(0), preset);
        return new(preset, text[..(workload + 1)] + """
            workload:
              input:
                channels: 3
                height: 8
                width: 8
              stimulus:
                seed: 7
                input_spike_rate: 0.2
              layers:
                - {name: conv1, type: conv2d, out_channels: 24, kernel: 3, stride: 1, padding: 1, spike_rate: 0.18, qnn_sparsity: 0.6}
                - {name: conv2, type: conv2d, out_channels: 20, kernel: 3, stride: 2, padding: 1, spike_rate: 0.15, qnn_sparsity: 0.67}
                - {name: fc3, type: fc, outputs: 10, spike_rate: 0.1, qnn_sparsity: 0.78}
            """);
    }

    public static MeshSpec Of(string name, string dataflow, int meshX, int meshY, int lanes, string neuron, string twin, string input,
        string layers, int bufferDepth = 4, int linkBits = 32, int weightWords = 256, int stateWords = 128, int bufferKib = 16) => new(name, $"""
        hwgen_spec: 1
        name: {name}
        technology:
          preset: yan2024-22nm-typical-neuromorphic
        memory:
          dram:
            word_bits: 64
          global_buffer:
            capacity_kib: {bufferKib}
            word_bits: 32
            banks: 2
          lane_memory:
            weight_words: {weightWords}
            state_words: {stateWords}
        noc:
          topology: mesh
          mesh_x: {meshX}
          mesh_y: {meshY}
          link_bits: {linkBits}
          buffer_depth: {bufferDepth}
        core:
          lanes: {lanes}
          input_queue_depth: 8
          output_queue_depth: 8
        dataflow: {dataflow}
        neuron:
        {neuron}
        twin:
        {twin}
        workload:
          input:
        {input}
          stimulus:
            seed: 5
            input_spike_rate: 0.3
          layers:
        {layers}
        """);
}

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class MeshSimulationTests
{
    private static readonly ConcurrentDictionary<(string, DesignKind), TwinOutcome> Outcomes = new();

    public static readonly MeshSpec Mesh1x2 = MeshSpec.Of("mesh1x2", "neuromorphic", 2, 1, 3,
        neuron: "  model: snn\n  timesteps: 3\n  threshold: 32\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: true",
        input: "    channels: 2\n    height: 6\n    width: 6",
        layers: """
              - {name: c1, type: conv2d, out_channels: 4, kernel: 3, stride: 1, padding: 1, spike_rate: 0.2, noc_encoding: sparse}
              - {name: c2, type: conv2d, out_channels: 5, kernel: 3, stride: 2, padding: 1, spike_rate: 0.2, noc_encoding: dense}
              - {name: f3, type: fc, outputs: 7, spike_rate: 0.2}
            """,
        bufferDepth: 2, stateWords: 64);

    public static readonly MeshSpec Mesh2x2 = MeshSpec.Of("mesh2x2", "spatial", 2, 2, 5,
        neuron: "  model: multilevel\n  levels: 3\n  timesteps: 4\n  threshold: 32\n  leak_shift: 3\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: false",
        input: "    channels: 1\n    height: 7\n    width: 7",
        layers: """
              - {name: c1, type: conv2d, out_channels: 3, kernel: 3, stride: 1, padding: 1, spike_rate: 0.3, noc_encoding: hybrid}
              - {name: f2, type: fc, outputs: 13, spike_rate: 0.2, noc_encoding: sparse}
              - {name: f3, type: fc, outputs: 6, spike_rate: 0.2}
            """,
        weightWords: 300, stateWords: 64);

    public static readonly MeshSpec Mesh3x3 = MeshSpec.Of("mesh3x3", "spatial", 3, 3, 2,
        neuron: "  model: snn\n  timesteps: 3\n  threshold: 32\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: true",
        input: "    channels: 1\n    height: 9\n    width: 9",
        layers: """
              - {name: c1, type: conv2d, out_channels: 4, kernel: 3, stride: 2, padding: 0, spike_rate: 0.25}
              - {name: c2, type: conv2d, out_channels: 6, kernel: 3, stride: 1, padding: 1, spike_rate: 0.2}
              - {name: f3, type: fc, outputs: 9, spike_rate: 0.2}
            """);

    public static readonly MeshSpec MeshPool3x3 = MeshSpec.Of("meshpool3x3", "spatial", 3, 3, 3,
        neuron: "  model: snn\n  timesteps: 4\n  threshold: 32\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: true",
        input: "    channels: 2\n    height: 9\n    width: 9",
        layers: """
              - {name: c1, type: conv2d, out_channels: 5, kernel: 3, padding: 1, spike_rate: 0.2, qnn_sparsity: 0.7}
              - {name: p1, type: maxpool, kernel: 3, stride: 2, padding: 1}
              - {name: c2, type: conv2d, out_channels: 4, kernel: 3, padding: 1, spike_rate: 0.2, qnn_sparsity: 0.7}
              - {name: p2, type: avgpool, kernel: 3, stride: 2}
              - {name: f3, type: fc, outputs: 6, spike_rate: 0.15, qnn_sparsity: 0.75}
            """);

    public static readonly MeshSpec MeshPool3x2 = MeshSpec.Of("meshpool3x2", "neuromorphic", 3, 2, 2,
        neuron: "  model: multilevel\n  levels: 3\n  timesteps: 3\n  threshold: 32\n  leak_shift: 3\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
        twin: "  activation_bits: auto\n  zero_skipping: false",
        input: "    channels: 2\n    height: 5\n    width: 5",
        layers: """
              - {name: c1, type: conv2d, out_channels: 4, kernel: 3, padding: 1, spike_rate: 0.3, noc_encoding: sparse}
              - {name: p1, type: maxpool, kernel: 3, stride: 1, padding: 1, noc_encoding: hybrid}
              - {name: c2, type: conv2d, out_channels: 3, kernel: 3, stride: 2, padding: 1, spike_rate: 0.25, noc_encoding: dense}
              - {name: p2, type: avgpool, kernel: 2, stride: 1, noc_encoding: sparse}
              - {name: f3, type: fc, outputs: 5, spike_rate: 0.2}
            """,
        bufferDepth: 2, weightWords: 128, stateWords: 32);

    /// <summary>Every mesh spec of the matrix (the lint, NoC-count and simulation tests run each).</summary>
    public static readonly MeshSpec[] All = [Mesh1x2, Mesh2x2, Mesh3x3, MeshPool3x3, MeshPool3x2];

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(Mesh1x2, DesignKind.Snn).SetName("Mesh 1x2 neuromorphic snn");
        yield return new TestCaseData(Mesh1x2, DesignKind.Qnn).SetName("Mesh 1x2 neuromorphic qnn");
        yield return new TestCaseData(Mesh2x2, DesignKind.Snn).SetName("Mesh 2x2 spatial multilevel snn");
        yield return new TestCaseData(Mesh2x2, DesignKind.Qnn).SetName("Mesh 2x2 spatial qnn without zero skipping");
        yield return new TestCaseData(Mesh3x3, DesignKind.Snn).SetName("Mesh 3x3 spatial snn");
        yield return new TestCaseData(MeshPool3x3, DesignKind.Snn).SetName("Mesh 3x3 spatial pooling snn");
        yield return new TestCaseData(MeshPool3x3, DesignKind.Qnn).SetName("Mesh 3x3 spatial pooling qnn");
        yield return new TestCaseData(MeshPool3x2, DesignKind.Snn).SetName("Mesh 3x2 neuromorphic pooling multilevel snn");
        yield return new TestCaseData(MeshPool3x2, DesignKind.Qnn).SetName("Mesh 3x2 neuromorphic pooling qnn without zero skipping");
        yield return new TestCaseData(MeshSpec.ShrunkPreset("paper-22nm-theoretical-minimum"), DesignKind.Snn).SetName("Preset paper-22nm-theoretical-minimum (shrunk) snn");
        yield return new TestCaseData(MeshSpec.ShrunkPreset("paper-22nm-typical-neuromorphic"), DesignKind.Snn).SetName("Preset paper-22nm-typical-neuromorphic (shrunk) snn");
        yield return new TestCaseData(MeshSpec.ShrunkPreset("paper-22nm-worst-case-sparse"), DesignKind.Qnn).SetName("Preset paper-22nm-worst-case-sparse (shrunk) qnn");
    }

    /// <summary>The spec's twin generated, built (cached), simulated on the spec's seeded stimulus and compared; once per test run.</summary>
    internal static TwinOutcome Outcome(MeshSpec spec, DesignKind twin) => Outcomes.GetOrAdd((spec.Name, twin), _ =>
    {
        var model = spec.Load();
        var data = NpyNetworkData.Load(model, TestContext.CurrentContext.WorkDirectory);
        var set = RtlGenerator.Render(RtlDesign.Create(model, twin));
        var work = Path.Combine(TestContext.CurrentContext.WorkDirectory, "mesh-runs", $"{spec.Name}-{twin.ToString().ToLowerInvariant()}");
        return TwinSimulation.Run(model, data, set, work);
    });

    [TestCaseSource(nameof(Cases))]
    public void MeshMatchesGoldenModelBitForBitAndFlitForFlit(MeshSpec spec, DesignKind twin)
    {
        var model = spec.Load();
        var outcome = Outcome(spec, twin);
        Assert.That(outcome.Rtl.Failure, Is.Null, "harness failure");
        Assert.That(outcome.Rtl.Finished, Is.True, "the mesh never raised done");
        Assert.That(outcome.Mismatches.Select(m => m.ToString()), Is.Empty, "mismatches against the golden model");
        Assert.That(outcome.CountDifferences, Is.Empty, "action and NoC counts against the golden model");

        // The analytical engine's exact mode predicts the same counts, NoC included, from the trace alone.
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        var predicted = engine.ExactCounts(outcome.Golden.Trace);
        var exactNoc = engine.ExactNocCounts(outcome.Golden.Trace);
        for (var l = 0; l < model.Layers.Count; l++)
        {
            Assert.That(predicted[l].Differences(outcome.Rtl.LayerCounts[l]), Is.Empty, $"analytical exact-mode counts of layer {l}");
            Assert.That(exactNoc[l], Is.EqualTo(outcome.Rtl.Noc!.Layers[l]), $"analytical NoC counts of layer {l}");
        }

        // The run must move data over the mesh, and every flit that was injected was ejected somewhere.
        var noc = outcome.Rtl.Noc!;
        Assert.That(noc.Total.Flits, Is.GreaterThan(0), "no flit crossed the mesh");
        Assert.That(noc.Ports.Where(p => p.Port == MeshPort.Local).Sum(p => p.Flits), Is.EqualTo(noc.Total.Flits), "flits ejected = flits injected");
        Assert.That(outcome.Rtl.Cycles, Is.GreaterThanOrEqualTo(outcome.Bound.Total), "the cycle bound must hold");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{spec.Name} {twin}: {outcome.Rtl.Cycles} cycles, bound {outcome.Bound.Total} (ratio {outcome.Bound.Ratio(outcome.Rtl.Cycles):F3}), {model.RequireMesh().Cores.Count} cores, flits {noc.Total.Flits} (sparse {noc.Total.SparseFlits}, dense {noc.Total.DenseFlits}, markers {noc.Total.Markers}), flit hops {noc.Total.FlitHops}, stall cycles {outcome.Rtl.NocStallCycles}"));
    }

    [Test]
    public void CoversWhatTheMatrixClaims()
    {
        var m12 = Mesh1x2.Load();
        var m22 = Mesh2x2.Load();
        var m33 = Mesh3x3.Load();
        var p33 = MeshPool3x3.Load();
        var p32 = MeshPool3x2.Load();
        Assert.Multiple(() =>
        {
            // Pools on a spatial mesh: both pools (and the conv layers) in two slices, each slice on its own core.
            Assert.That(p33.Layers.Where(l => l.IsPool).Select(l => l.Kind), Is.EqualTo(new[] { LayerKind.MaxPool, LayerKind.AvgPool }));
            Assert.That(p33.Layers.Where(l => l.IsPool).Select(l => p33.RequireMesh().Slices[l.Index].Count), Is.All.EqualTo(2));
            Assert.That(p33.RequireMesh().Cores.All(c => c.Slots.Count == 1), Is.True);
            // Pools on a neuromorphic mesh: a max pool in two slices, an average pool on a core between two weighted slots.
            var shared = p32.RequireMesh().Cores.Single(c => c.Slots.Count == 3);
            Assert.That(shared.Slots.Select(sl => p32.Layers[sl.Layer].Kind), Is.EqualTo(new[] { LayerKind.Conv2d, LayerKind.AvgPool, LayerKind.Fc }));
            Assert.That(p32.RequireMesh().Slices[1], Has.Count.EqualTo(2));
            Assert.That(p32.EncodingsOf(DesignKind.Snn).Take(4).Select(e => e.Mode),
                Is.EqualTo(new[] { NocEncoding.Sparse, NocEncoding.Hybrid, NocEncoding.Dense, NocEncoding.Sparse }));
            Assert.That(p32.Neuron.LeakShift, Is.GreaterThan(0));

            // 1x2 neuromorphic: several layers share a core.
            Assert.That(m12.RequireMesh().Cores.Max(c => c.Slots.Count), Is.GreaterThan(1));
            Assert.That(m12.EncodingsOf(DesignKind.Snn).Take(2).Select(e => e.Mode), Is.EqualTo(new[] { NocEncoding.Sparse, NocEncoding.Dense }));
            // 2x2 spatial: one core per slice, a layer in several slices, a hybrid layer, multi-level spikes.
            Assert.That(m22.RequireMesh().Cores.All(c => c.Slots.Count == 1), Is.True);
            Assert.That(m22.RequireMesh().Slices.Max(s => s.Count), Is.GreaterThan(1));
            Assert.That(m22.EncodingsOf(DesignKind.Snn)[0].Mode, Is.EqualTo(NocEncoding.Hybrid));
            Assert.That(m22.Neuron.Levels, Is.EqualTo(3));
            // 3x3 spatial: the spare routers split layers into slices (more cores than layers).
            Assert.That(m33.RequireMesh().Cores, Has.Count.GreaterThan(m33.Layers.Count).And.Count.LessThanOrEqualTo(9));
        });
    }

    [Test]
    public void SaturatedLinksStallTheSendersAndLoseNothing()
    {
        // Mesh1x2 has 2-flit router buffers: its dense layer's bursts fill them, so the network interfaces wait for
        // credits; every flit still arrives (the golden, count and NoC comparisons above are exact).
        var outcome = Outcome(Mesh1x2, DesignKind.Snn);
        Assert.That(outcome.Rtl.NocStallCycles, Is.GreaterThan(0), "no backpressure: the test does not saturate a link");
        Assert.That(outcome.Mismatches, Is.Empty);
        Assert.That(outcome.CountDifferences, Is.Empty);
        var busiest = outcome.Rtl.Noc!.Ports.Where(p => p.Port != MeshPort.Local).MaxBy(p => p.Flits);
        TestContext.Out.WriteLine($"busiest link: router {busiest.Router} {busiest.Port}, {busiest.Flits} flits; {outcome.Rtl.NocStallCycles} stall cycles");
    }

    [Test]
    public void RunPricesTheLinksFromTheirTogglesAndReportsTheNoc()
    {
        // `hwgen run` end to end on the 1x2 mesh (the builds are those of the tests above, cached by content).
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "mesh-run");
        Directory.CreateDirectory(folder);
        var spec = Path.Combine(folder, "mesh1x2.yaml");
        File.WriteAllText(spec, Mesh1x2.Yaml);
        var result = CliRunner.Run("run", spec, "-o", Path.Combine(folder, "out"), "-q");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        var report = File.ReadAllText(Path.Combine(folder, "out", "report", "report.md"));
        Assert.That(report, Does.Contain("## Network-on-chip").And.Contain("SNN/QNN ratio with the NoC"));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "out", "report", "report.json")));
        var rows = new[] { "snn", "qnn" }.Select(t => json.RootElement.GetProperty(t))
            .SelectMany(t => t.GetProperty("layers").EnumerateArray())
            .SelectMany(l => l.GetProperty("components").EnumerateArray())
            .Where(c => c.GetProperty("terms").EnumerateArray().Any(t => t.GetProperty("kind").GetString() == "link_toggles")).ToList();
        Assert.That(rows, Is.Not.Empty, "no NoC action priced from link toggles");
        foreach (var row in rows)
        {
            var count = row.GetProperty("measured_count").GetInt64();
            var toggles = row.GetProperty("toggles").GetInt64();
            Assert.That(count, Is.GreaterThan(0));
            Assert.That(toggles, Is.GreaterThan(0).And.LessThanOrEqualTo(count), "a used bit toggles its wire at most once per hop");
            // measured = toggles x (ERT energy per bit x hop) / 0.5, the analytical energy being count x that energy.
            var perBitHop = row.GetProperty("analytical_energy_pj").GetDouble() / count;
            Assert.That(row.GetProperty("measured_energy_pj").GetDouble(), Is.EqualTo(toggles * perBitHop / 0.5).Within(1e-9).Percent);
        }
    }
}
