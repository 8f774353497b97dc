// Runs one generated twin against the golden model: build (cached), simulate, compare outputs and action counts.
// Shared by `hwgen simulate` and `hwgen run`.
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Sim;

/// <summary>One twin's simulation beside its golden run.</summary>
public sealed record TwinOutcome(
    RtlFileSet Set,
    GoldenRun Golden,
    RtlRunResult Rtl,
    VerilatorExecutable Executable,
    CycleBound Bound,
    IReadOnlyList<TraceMismatch> Mismatches,
    IReadOnlyList<string> CountDifferences)
{
    public DesignKind Design => Set.Design.Design;

    public string Name => Design == DesignKind.Snn ? "snn" : "qnn";

    /// <summary>Every output event and final state equals the golden model's, and the run finished.</summary>
    public bool GoldenMatch => Rtl.Failure is null && Rtl.Finished && Mismatches.Count == 0;

    /// <summary>Every action count measured from the strobes equals the golden model's, per layer.</summary>
    public bool CountsMatch => CountDifferences.Count == 0;
}

/// <summary>What one twin's simulation is doing, for progress displays.</summary>
public enum SimulationPhase
{
    Golden,
    Build,
    Simulate,
    Compare,
    Done,
}

/// <summary>A progress report: the phase, and while simulating the cycles so far and the analytical lower bound.</summary>
public readonly record struct SimulationProgress(DesignKind Twin, SimulationPhase Phase, long Cycles = 0, long BoundCycles = 0, int Layer = -1);

public static class TwinSimulation
{
    /// <summary>Cycles after which a run that has not finished is stopped: generous against the analytical bound.</summary>
    public static long CycleLimit(CycleBound bound) => 20 * bound.Total + 100_000;

    public static TwinOutcome Run(HardwareModel model, NetworkData data, RtlFileSet set, string workFolder, string? cacheRoot = null,
        IProgress<SimulationProgress>? progress = null)
    {
        set = VerilatorBuild.Counted(set, cacheRoot);
        var design = set.Design;
        var kind = design.Design;
        progress?.Report(new(kind, SimulationPhase.Golden));
        var golden = kind == DesignKind.Snn ? GoldenModel.RunSnn(model, data) : GoldenModel.RunQnn(model, data);
        var input = new RtlRunInput(data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), golden.Trace.Layers[0].Inputs);
        var bound = VerilatorCycleBound.Compute(design, golden);
        progress?.Report(new(kind, SimulationPhase.Build));
        var executable = VerilatorBuild.Ensure(set, cacheRoot);
        progress?.Report(new(kind, SimulationPhase.Simulate, 0, bound.Total));
        var result = VerilatorSimulation.Execute(executable, set, input, workFolder, CycleLimit(bound),
            onProgress: progress is null ? null : (layer, cycles) => progress.Report(new(kind, SimulationPhase.Simulate, cycles, bound.Total, layer)));
        progress?.Report(new(kind, SimulationPhase.Compare, result.Cycles, bound.Total));
        var mismatches = result.Failure is null ? GoldenComparison.Compare(golden.Trace, result.Trace, limit: 20) : [];
        var countDifferences = Enumerable.Range(0, model.Layers.Count)
            .SelectMany(l => golden.LayerCounts[l].Differences(result.LayerCounts[l]).Select(d => $"layer {model.Layers[l].Name}: {d}"))
            .Concat(NocDifferences(model, golden.Noc, result.Noc))
            .ToList();
        progress?.Report(new(kind, SimulationPhase.Done, result.Cycles, bound.Total));
        return new TwinOutcome(set, golden, result, executable, bound, mismatches, countDifferences);
    }

    /// <summary>Where the harness's NoC counts (per layer, per router port) differ from the golden model's flit-by-flit walk.</summary>
    public static IEnumerable<string> NocDifferences(HardwareModel model, NocTrafficResult? golden, NocTrafficResult? measured)
    {
        if (golden is null && measured is null)
        {
            yield break;
        }

        if (golden is null || measured is null)
        {
            yield return "noc: counted on one side only";
            yield break;
        }

        for (var l = 0; l < model.Layers.Count; l++)
        {
            foreach (var d in golden.Layers[l].Differences(measured.Layers[l]))
            {
                yield return $"layer {model.Layers[l].Name}: {d}";
            }
        }

        var want = golden.Ports.ToDictionary(p => (p.Router, p.Port));
        var got = measured.Ports.ToDictionary(p => (p.Router, p.Port));
        foreach (var key in want.Keys.Union(got.Keys).Order())
        {
            var a = want.GetValueOrDefault(key);
            var b = got.GetValueOrDefault(key);
            if (a.Flits != b.Flits || a.Bits != b.Bits)
            {
                yield return $"router {key.Router} {key.Port.ToString().ToLowerInvariant()} port: expected {a.Flits} flits / {a.Bits} bits, measured {b.Flits} / {b.Bits}";
            }
        }
    }

    /// <summary>
    /// Simulates every set, the twins concurrently where there are cores for it (each build and run is its own
    /// process), at most <paramref name="parallelism"/> at once (null: one per core); each twin works in
    /// &lt;folder&gt;/&lt;twin&gt;/run. Outcomes come back in the order of <paramref name="sets"/>.
    /// </summary>
    public static IReadOnlyList<TwinOutcome> RunAll(HardwareModel model, NetworkData data, IReadOnlyList<RtlFileSet> sets, string folder,
        string? cacheRoot = null, IProgress<SimulationProgress>? progress = null, int? parallelism = null)
    {
        var outcomes = new TwinOutcome[sets.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, Math.Min(sets.Count, parallelism ?? Environment.ProcessorCount)),
            CancellationToken = Interruption.Token,
        };
        try
        {
            Parallel.For(0, sets.Count, options, i =>
                outcomes[i] = Run(model, data, sets[i], Path.Combine(folder, sets[i].Design.Twin.Name, "run"), cacheRoot, progress));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // One failure is reported as itself (a build error, a missing tool, an interrupt), not as an aggregate.
            var first = ex.InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? ex.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        return outcomes;
    }
}
