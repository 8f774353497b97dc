// Evaluates one point: the analytical engine at the point's spec (every point), and for RTL and gate-level points the
// run stage itself (both twins simulated against the golden model, priced, reported into the point's own run folder;
// gate-level points also simulate each twin's synthesised netlist). The measured figures are the run stage's measured
// energies, never an analytical number.
using System.Collections.Concurrent;
using HwGen.Data;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Report;
using HwGen.Run;
using HwGen.Synth;

namespace HwGen.Sweep;

/// <summary>One Verilator build a point used: the twin, the build's content hash, whether it came from the cache.</summary>
public sealed record PointBuild(string Twin, string Hash, bool FromCache, double BuildSeconds);

/// <summary>A point's record and what it cost (times and builds are logged, not stored with the results).</summary>
public sealed record PointOutcome(PointRecord Record, double Seconds, IReadOnlyList<PointBuild> Builds);

public static class PointEvaluator
{
    private static readonly ConcurrentDictionary<string, EnergyReferenceTable> Tables = new(StringComparer.Ordinal);

    /// <summary>
    /// The analytical engine of a point: one per sweep and engine key (points that differ only in statistics, T or twin
    /// width share the prices the engine resolves once; its per-layer evaluations take those as arguments).
    /// </summary>
    public sealed class EngineCache
    {
        private readonly ConcurrentDictionary<string, Lazy<AnalyticalEnergyModel>> engines = new(StringComparer.Ordinal);

        public AnalyticalEnergyModel For(SweepPoint point) => engines.GetOrAdd(point.EngineKey, _ => new Lazy<AnalyticalEnergyModel>(() =>
            new AnalyticalEnergyModel(point.Model, Tables.GetOrAdd(point.Model.Technology.Preset, EnergyReferenceTableLoader.LoadPreset)))).Value;
    }

    /// <summary>The engine's expected mode at the point's own spec: energies at its statistics and T, break-even at its T.</summary>
    public static AnalyticalFigures Analytical(HardwareModel model, AnalyticalEnergyModel engine)
    {
        var timesteps = model.Neuron.Timesteps;
        var bits = model.Twin.ActivationBits;
        var layers = model.Layers;
        var input = model.Workload.Stimulus.InputSpikeRate;
        var counts = default(ActionVector);
        double snn = 0, qnn = 0, snnAtZero = 0, snnAtOne = 0;
        for (var l = 0; l < layers.Count; l++)
        {
            var (inRate, inSparsity) = LayerInputs(model, l);
            snn += engine.SnnLayerEnergy(l, timesteps, inRate, layers[l].SpikeRate, ref counts);
            qnn += engine.QnnLayerEnergy(l, bits, inSparsity, layers[l].QnnSparsity, ref counts);
            // The break-even sweeps every layer's rate together (docs/energy.md, section 5); the input keeps the stimulus rate.
            snnAtZero += engine.SnnLayerEnergy(l, timesteps, l == 0 ? input : 0, 0, ref counts);
            snnAtOne += engine.SnnLayerEnergy(l, timesteps, l == 0 ? input : 1, 1, ref counts);
        }

        var breakEven = BreakEvenPoint.Solve(timesteps, snnAtZero, snnAtOne - snnAtZero, qnn);
        return new AnalyticalFigures(timesteps, bits, engine.Table.Preset, SpecSpikeRate(model), snn, qnn, StoredBreakEven.Of(breakEven));
    }

    /// <summary>
    /// A point's expected simulation work, for the order the workers take points in (longest first, so no long point
    /// starts last and runs alone while the other workers idle): per twin, the expected lane-memory reads spread over the
    /// lanes (or over every core's lanes on a mesh), plus the global buffer's reads and writes, which a classical core
    /// makes one a cycle. A proxy for cycles from the engine's expected counts, not a prediction of them.
    /// </summary>
    public static double ExpectedWork(HardwareModel model, AnalyticalEnergyModel engine)
    {
        var timesteps = model.Neuron.Timesteps;
        var bits = model.Twin.ActivationBits;
        var layers = model.Layers;
        var lanes = (double)model.Core.Lanes * (model.Mesh is { } mesh ? Math.Max(1, mesh.Cores.Count) : 1);
        var counts = default(ActionVector);
        double work = 0;
        double Work(in ActionVector c) =>
            (c[ActionIndex.WeightMemoryRead] + c[ActionIndex.StateMemoryRead] + c[ActionIndex.StateMemoryWrite]) / lanes
            + c[ActionIndex.GlobalBufferRead] + c[ActionIndex.GlobalBufferWrite];
        for (var l = 0; l < layers.Count; l++)
        {
            var (inRate, inSparsity) = LayerInputs(model, l);
            engine.SnnLayerEnergy(l, timesteps, inRate, layers[l].SpikeRate, ref counts);
            work += Work(counts);
            engine.QnnLayerEnergy(l, bits, inSparsity, layers[l].QnnSparsity, ref counts);
            work += Work(counts);
        }

        return work;
    }

    /// <summary>A layer's input statistics at the spec's own: the stimulus rate (and its sparsity at T) for layer 0, the previous layer's rate and sparsity after.</summary>
    private static (double SpikeRate, double Sparsity) LayerInputs(HardwareModel model, int layer)
    {
        var input = model.Workload.Stimulus.InputSpikeRate;
        return layer == 0
            ? (input, AnalyticalEnergyModel.InputSparsity(input, model.Neuron.Timesteps))
            : (model.Layers[layer - 1].SpikeRate, model.Layers[layer - 1].QnnSparsity);
    }

    /// <summary>The network spike rate the spec expects: output spikes over neuron-timesteps, summed over the layers.</summary>
    public static double SpecSpikeRate(HardwareModel model)
    {
        double spikes = 0, neurons = 0;
        foreach (var layer in model.Layers)
        {
            spikes += layer.SpikeRate * layer.Neurons;
            neurons += layer.Neurons;
        }

        return neurons == 0 ? 0 : spikes / neurons;
    }

    /// <summary>Runs an RTL point through the run stage into <paramref name="folder"/>, at most <paramref name="parallelism"/> simulations at once.</summary>
    public static (MeasuredFigures Figures, bool Passed, IReadOnlyList<PointBuild> Builds) Rtl(SweepPlan plan, SweepPoint point, string folder, string? cacheRoot,
        int parallelism = 1, bool reportFigures = false)
    {
        var rtl = point.Rtl ?? throw new InvalidOperationException($"point {point.Index} has no RTL plan");
        var data = NpyNetworkData.Load(point.Model, plan.BaseDirectory);
        var label = $"{plan.Definition.File} point {point.Index} ({string.Join(", ", plan.Definition.Axes.Select((a, i) => a.Key + "=" + plan.ValuesOf(point)[i]))})";
        var run = RunPipeline.Execute(new RunRequest(point.Model, label, data, folder, AuditCoverage: false, CacheRoot: cacheRoot, Twins: rtl.Twins,
            GateLevel: point.Mode == PointMode.GateLevel) { Parallelism = parallelism, Figures = reportFigures });
        var figures = new MeasuredFigures(
            run.Comparison.MeasuredSpikeRate,
            run.Snn.AnalyticalEnergyPj,
            run.Qnn.AnalyticalEnergyPj,
            run.Snn.MeasuredEnergyPj,
            run.Qnn.MeasuredEnergyPj,
            StoredBreakEven.Of(run.Comparison.RunBreakEven),
            run.GoldenMatch,
            run.CountsMatch,
            run.Snn.Simulation.Rtl.Cycles,
            run.Qnn.Simulation.Rtl.Cycles,
            run.Snn.Simulation.Executable.Hash[..16],
            run.Qnn.Simulation.Executable.Hash[..16],
            rtl.SnnBuildTimesteps,
            run.GateLevel is { } gate ? new GateLevelFigures(GateTwin(gate, "snn"), GateTwin(gate, "qnn")) : null);
        var builds = run.Twins.Select(t => new PointBuild(t.Name, t.Simulation.Executable.Hash, t.Simulation.Executable.FromCache, t.Simulation.Executable.BuildTime.TotalSeconds)).ToList();
        return (figures, run.Passed, builds);
    }

    private static GateLevelTwinFigures GateTwin(IReadOnlyList<GateLevelTwinResult> gate, string twin)
    {
        var g = gate.Single(x => x.Twin == twin);
        return new GateLevelTwinFigures(g.GoldenMatch, g.RtlMatch, g.EnergyPj);
    }

    /// <summary>The models this HwGen prices with, for captions and summaries.</summary>
    public static string AnalyticalModel => RunReportWriter.AnalyticalModel;

    public static string MeasuredModel => RunReportWriter.MeasuredModel;
}
