// Runs one generated twin against the golden model: build (cached), simulate, compare outputs and action counts.
// Shared by `hwgen simulate` and `hwgen run`.
using HwGen.Emit;
using HwGen.Model;
using HwGen.Data;
using HwGen.Golden;

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

public static class TwinSimulation
{
    /// <summary>Cycles after which a run that has not finished is stopped: generous against the analytical bound.</summary>
    public static long CycleLimit(CycleBound bound) => 20 * bound.Total + 100_000;

    public static TwinOutcome Run(HardwareModel model, NetworkData data, RtlFileSet set, string workFolder, string? cacheRoot = null)
    {
        var design = set.Design;
        var golden = design.Design == DesignKind.Snn ? GoldenModel.RunSnn(model, data) : GoldenModel.RunQnn(model, data);
        var input = new RtlRunInput(data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), golden.Trace.Layers[0].Inputs);
        var bound = VerilatorCycleBound.Compute(design, golden);
        var (result, executable) = VerilatorSimulation.Run(set, input, workFolder, cacheRoot, CycleLimit(bound));
        var mismatches = result.Failure is null ? GoldenComparison.Compare(golden.Trace, result.Trace, limit: 20) : [];
        var countDifferences = Enumerable.Range(0, model.Layers.Count)
            .SelectMany(l => golden.LayerCounts[l].Differences(result.LayerCounts[l]).Select(d => $"layer {model.Layers[l].Name}: {d}"))
            .ToList();
        return new TwinOutcome(set, golden, result, executable, bound, mismatches, countDifferences);
    }
}
