// `hwgen synth`: both twins of a spec synthesised for each requested target, per module and in total, with the
// iCE40 memory check and place-and-route on the smallest part that fits; results cached by content hash.
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Synth.Liberty;

namespace HwGen.Synth;

/// <summary>One twin synthesised for one target.</summary>
public sealed record TwinSynthesis(
    string Twin,
    SynthTarget Target,
    IReadOnlyList<ModuleStatistics> Modules,
    SynthTotals Total,
    TimeSpan Elapsed,
    bool FromCache,
    IReadOnlyList<MemoryMapping> Memories,
    PlaceAndRouteResult? PlaceAndRoute,
    PlaceAndRouteRefusal? Refusal,
    YosysRun Run);

/// <summary>Every synthesis of a spec, and the warnings it raised (no part fits, a memory not in block RAM).</summary>
public sealed record SynthReport(string SpecName, string YosysVersion, string? LibertyFile, IReadOnlyList<TwinSynthesis> Runs, IReadOnlyList<Diagnostic> Warnings)
{
    public IEnumerable<TwinSynthesis> For(SynthTarget target) => Runs.Where(r => r.Target == target);
}

/// <summary>What the flow is doing, for progress displays.</summary>
public readonly record struct SynthProgress(string Twin, SynthTarget Target, string Step);

public static class SynthFlow
{
    public static SynthReport Run(HardwareModel model, IReadOnlyList<RtlFileSet> sets, IReadOnlyList<SynthTarget> targets, string? cacheRoot = null,
        IProgress<SynthProgress>? progress = null, bool placeAndRoute = true)
    {
        LibertyLibrary? liberty = targets.Contains(SynthTarget.Osu018) ? TechLibrary.Osu018Liberty : null;
        var warnings = new DiagnosticBag();
        var runs = new List<TwinSynthesis>();
        foreach (var target in targets)
        {
            foreach (var set in sets)
            {
                var twin = set.Design.Twin.Name;
                progress?.Report(new(twin, target, "yosys"));
                var run = YosysRunner.Run(set, target, $"{model.Name} ({twin})", cacheRoot);
                var netlist = run.ReadNetlist();
                var (modules, total) = SynthStatistics.Of(run, netlist, liberty);
                IReadOnlyList<MemoryMapping> memories = [];
                PlaceAndRouteResult? pnr = null;
                PlaceAndRouteRefusal? refusal = null;
                if (target == SynthTarget.Ice40)
                {
                    memories = SynthStatistics.Memories(netlist, modules);
                    foreach (var memory in memories.Where(m => !m.InBlockRam))
                    {
                        warnings.MemoryNotInBlockRam(MemoryKey(model, memory), twin, memory.Instance, memory.Words, memory.Bits,
                            $"{memory.FlipFlops} flip-flops and {memory.Luts} LUTs");
                    }

                    if (placeAndRoute)
                    {
                        var candidates = Ice40PlaceAndRoute.Candidates(total);
                        if (candidates.Count > 0)
                        {
                            progress?.Report(new(twin, target, "nextpnr-ice40"));
                            var rtl = set.Files.Where(f => f.Key.StartsWith("rtl/", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);
                            pnr = Ice40PlaceAndRoute.Run(rtl, set.Design.TopModule, netlist.Top.Ports, candidates, $"{model.Name} ({twin})", cacheRoot);
                        }

                        if (pnr is null)
                        {
                            refusal = Ice40PlaceAndRoute.Refusal(total);
                            warnings.NoFpgaPartFits(model.Locations.At(refusal.LimitedByBlockRam ? "memory.global_buffer.capacity_kib" : "core.lanes"),
                                twin, refusal.Needed, refusal.Largest.Describe());
                        }
                    }
                }

                runs.Add(new TwinSynthesis(twin, target, modules, total, run.Elapsed, run.FromCache, memories, pnr, refusal, run));
            }
        }

        return new SynthReport(model.Name, YosysRunner.Version, liberty?.FileName, runs, warnings.Items);
    }

    private static SourceSpan MemoryKey(HardwareModel model, MemoryMapping memory) => model.Locations.At(
        memory.Instance.EndsWith("weight_memory", StringComparison.Ordinal) ? "memory.lane_memory.weight_words"
        : memory.Instance.EndsWith("state_memory", StringComparison.Ordinal) ? "memory.lane_memory.state_words"
        : "memory.global_buffer.capacity_kib");
}
