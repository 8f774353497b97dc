// The gate-level step of `hwgen run --gate-level`: after the RTL twins are simulated and priced, each twin's netlist
// is synthesised, built and simulated on the same data, and its files go to gate/<twin>/ of the run folder.
using HwGen.Report;
using HwGen.Synth;

namespace HwGen.Run;

public static class GateLevelPipeline
{
    public static IReadOnlyList<GateLevelTwinResult> Execute(RunRequest request, IReadOnlyList<TwinResult> twins, NodeScale scale, string staging,
        IProgress<RunProgress>? progress)
    {
        TechLibrary.RequireOsu018();
        // The twins are synthesised, built and simulated concurrently where there are cores for it (separate processes).
        var results = new GateLevelTwinResult[twins.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(twins.Count, request.Parallelism ?? Environment.ProcessorCount)), CancellationToken = Diagnostics.Interruption.Token };
        try
        {
            Parallel.For(0, twins.Count, options, i => results[i] = Twin(request, twins[i], scale, staging, progress));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            var first = ex.InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? ex.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }

        return results;
    }

    private static GateLevelTwinResult Twin(RunRequest request, TwinResult twin, NodeScale scale, string staging, IProgress<RunProgress>? progress)
    {
        var inputs = new GateLevelInputs(twin.Simulation, twin.Prices, twin.Layers.Select(l => l.Measured).ToList(), twin.Layers.Select(l => l.Analytical).ToList(),
            twin.MeasuredClasses, twin.MeasuredModel ?? throw new InvalidOperationException("the twin was priced without its measured model"))
        {
            MeasuredInstances = twin.MeasuredInstances,
        };
        var folder = Path.Combine(staging, "gate", twin.Name);
        var (result, design) = GateLevelRun.Execute(request.Model, request.Data, inputs, scale, Path.Combine(folder, "run"), request.CacheRoot,
            step => progress?.Report(new(step)));
        foreach (var (path, text) in design.Set.Files)
        {
            var file = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }

        foreach (var kept in design.Synthesis.KeptFiles.Where(f => !f.EndsWith(SynthScripts.LibertyCopy, StringComparison.Ordinal)))
        {
            var file = Path.Combine(folder, kept);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Copy(Path.Combine(design.Synthesis.Folder, kept), file, overwrite: true);
        }

        return result;
    }
}
