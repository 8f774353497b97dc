// `hwgen run --gate-level`: each twin's OSU 0.18 um netlist simulated on the same stimulus with the same harness,
// checked bit for bit against the RTL run and the golden model, its per-net toggles priced from the Liberty, scaled
// to the ERT's node, and set beside the RTL's measured energy and the analytical ERT energy per signal class.
using System.Globalization;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Synth;

/// <summary>The seam for per-class comparisons: gate-level energy of one class at 0.18 um and at the ERT's node.</summary>
public sealed record GateClassEnergy(string Class, double Pj180, double PjScaled);

/// <summary>One comparison row: a class's gate-level energy (scaled) beside the RTL's measured and the analytical ERT energy.</summary>
public sealed record GateComparisonRow(string Class, double GatePj, double? RtlMeasuredPj, double? AnalyticalPj, string Note)
{
    /// <summary>Gate-level over RTL measured: the correction factor a measured RTL figure of this class would take.</summary>
    public double? GateOverRtl => RtlMeasuredPj is { } r && r > 0 ? GatePj / r : null;

    public double? GateOverAnalytical => AnalyticalPj is { } a && a > 0 ? GatePj / a : null;
}

/// <summary>
/// One memory or DRAM row of the netlist run, priced by the measured model's memory (or DRAM) terms from the netlist
/// simulation's own port activity, beside the same row of the RTL run.
/// </summary>
public sealed record GateMemoryRow(ActionKey Action, long Count, double GatePj, long RtlCount, double RtlPj);

public sealed record GateLevelTwinResult(
    string Twin,
    TwinOutcome Outcome,
    IReadOnlyList<TraceMismatch> RtlMismatches,
    IReadOnlyList<string> RtlDifferences,
    GateEnergyResult Energy,
    NodeScale Scale,
    IReadOnlyList<GateClassEnergy> Classes,
    IReadOnlyList<GateComparisonRow> Comparison,
    IReadOnlyList<GateMemoryRow> Memories,
    int Cells,
    int CountedNets,
    TimeSpan SynthesisTime,
    TimeSpan BuildTime,
    bool BuildFromCache)
{
    public bool GoldenMatch => Outcome.GoldenMatch;

    /// <summary>Every output event, final state, action count and the cycle count equal the RTL run's.</summary>
    public bool RtlMatch => RtlMismatches.Count == 0 && RtlDifferences.Count == 0;

    public long Cycles => Outcome.Rtl.Cycles;

    /// <summary>The SRAM macros' accesses (fixed, address, data and flipped-bit terms at each memory's own size).</summary>
    public double MacroPj => Memories.Where(m => MeasuredClasses.MemoryActions.Contains(m.Action)).Sum(m => m.GatePj);

    /// <summary>The SRAM macros' leakage over the netlist run's cycles.</summary>
    public double MacroLeakagePj => Memories.Where(m => MeasuredClasses.MemoryLeakage.Contains(m.Action)).Sum(m => m.GatePj);

    public double DramPj => Memories.Where(m => MeasuredClasses.DramActions.Contains(m.Action)).Sum(m => m.GatePj);

    /// <summary>
    /// Logic at the ERT's node (dynamic energy scaled; logic leakage is reported at 0.18 um only) + the memory macros'
    /// accesses and leakage and DRAM, priced by the measured model's memory and DRAM terms from the netlist's activity.
    /// </summary>
    public double EnergyPj => (Energy.DynamicPj * Scale.Factor) + MacroPj + MacroLeakagePj + DramPj;

    public double LogicPjScaled => Energy.DynamicPj * Scale.Factor;

    public double SimulationCyclesPerSecond => Outcome.Rtl.WallSeconds > 0 ? Outcome.Rtl.Cycles / Outcome.Rtl.WallSeconds : 0;

    /// <summary>The classes' gate/RTL factors (the ones with a measured figure), as the corrections file holds them.</summary>
    public IReadOnlyList<GateCorrectionFactor> Factors => GateCorrections.FactorsOf(
        Comparison.Where(c => c.RtlMeasuredPj is not null).Select(c => (c.Class, c.GatePj, c.RtlMeasuredPj!.Value)));

    /// <summary>The SHA-256 of the twin's rtl/ files: the design the factors belong to.</summary>
    public string DesignSha256 { get; init; } = string.Empty;

    /// <summary>Per module and class: gate level (scaled), RTL measured and analytical, where each method has a figure.</summary>
    public IReadOnlyList<GateModuleComparisonRow> Modules { get; init; } = [];
}

/// <summary>
/// The RTL side of one twin that the gate level is compared with (all from earlier stages): its run, prices, measured
/// energy per layer and by class, the analytical energy, and the measured model that priced it (which prices the
/// netlist's memory and DRAM activity the same way).
/// </summary>
public sealed record GateLevelInputs(TwinOutcome Rtl, ActionPrices Prices, IReadOnlyList<LayerMeasuredEnergy> Measured, IReadOnlyList<DesignEnergy> Analytical,
    IReadOnlyList<MeasuredClassEnergy> MeasuredClasses, MeasuredEnergyModel Model)
{
    /// <summary>The measured classes instance by instance (the per-module comparison).</summary>
    public IReadOnlyList<MeasuredInstanceEnergy> MeasuredInstances { get; init; } = [];
}

/// <summary>One module (a module by display name; event FIFOs by role) and class: the three methods side by side.</summary>
public sealed record GateModuleComparisonRow(string Module, string Class, double GatePj, double? RtlMeasuredPj, double? AnalyticalPj)
{
    public double? GateOverRtl => RtlMeasuredPj is { } r && r > 0 ? GatePj / r : null;

    public double? GateOverAnalytical => AnalyticalPj is { } a && a > 0 ? GatePj / a : null;
}

public static class GateLevelRun
{
    /// <summary>
    /// The scaling from the library to the spec's ERT node. Every built-in preset is at a node the paper scales to
    /// (45 or 22 nm; GateLevelRunTests checks each one), so another node is a bug, not a problem of the spec.
    /// </summary>
    public static NodeScale ScaleFor(HardwareModel model, double technologyNm) =>
        NodeScaling.ToErtNode(180, TechLibrary.Osu018Liberty.NominalVoltage, technologyNm)
        ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"preset '{model.Technology.Preset}' is at {technologyNm} nm, which Stillmaker & Baas 2017 do not scale to from 180 nm (nodes {NodeScaling.Nodes})"));

    /// <summary>Synthesises, builds and simulates one twin's netlist and prices it; also returns the design (its files go to the run folder).</summary>
    public static (GateLevelTwinResult Result, GateLevelDesign Design) Execute(HardwareModel model, NetworkData data, GateLevelInputs rtl, NodeScale scale, string workFolder,
        string? cacheRoot = null, Action<string>? progress = null)
    {
        var twin = rtl.Rtl.Set.Design.Twin.Name;
        progress?.Invoke($"gate level ({twin}): synthesis");
        var design = GateLevelBuild.Create(rtl.Rtl.Set, $"{model.Name} ({twin})", cacheRoot);
        progress?.Invoke($"gate level ({twin}): Verilator build of {design.Netlist.Cells.Count} cells");
        var build = Build(design, cacheRoot);
        progress?.Invoke($"gate level ({twin}): simulation");
        // The same stimulus and golden run as the RTL twin; the netlist's outputs and counts are compared with both.
        var golden = rtl.Rtl.Golden;
        var input = new RtlRunInput(data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), golden.Trace.Layers[0].Inputs);
        var result = VerilatorSimulation.Execute(build, design.Set, input, workFolder, TwinSimulation.CycleLimit(rtl.Rtl.Bound));
        var goldenMismatches = result.Failure is null ? GoldenComparison.Compare(golden.Trace, result.Trace, limit: 20) : [];
        var goldenCounts = Enumerable.Range(0, model.Layers.Count)
            .SelectMany(l => golden.LayerCounts[l].Differences(result.LayerCounts[l]).Select(d => $"layer {model.Layers[l].Name}: {d}"))
            .ToList();
        var outcome = new TwinOutcome(design.Set, golden, result, build, rtl.Rtl.Bound, goldenMismatches, goldenCounts);

        var mismatches = outcome.Rtl.Failure is null ? GoldenComparison.Compare(rtl.Rtl.Rtl.Trace, outcome.Rtl.Trace, limit: 20) : [];
        var differences = new List<string>();
        if (outcome.Rtl.Cycles != rtl.Rtl.Rtl.Cycles)
        {
            differences.Add($"cycles: RTL {rtl.Rtl.Rtl.Cycles}, gate level {outcome.Rtl.Cycles}");
        }

        for (var l = 0; l < model.Layers.Count; l++)
        {
            differences.AddRange(rtl.Rtl.Rtl.LayerCounts[l].Differences(outcome.Rtl.LayerCounts[l]).Select(d => $"layer {model.Layers[l].Name}: {d}"));
        }

        var toggles = new long[design.Netlist.Nets.Count];
        foreach (var t in outcome.Rtl.Toggles)
        {
            if (design.Simulation.NetOfProbe.TryGetValue((t.Hierarchy, t.Signal), out var net))
            {
                toggles[net.Id] = t.Count;
            }
        }

        var clocked = ClockedCycles(outcome);
        var energy = new GateEnergyModel(design.Netlist, GateEnergyOptions.For(design.Netlist.Library)).Compute(toggles, clocked);
        var classes = Classes(energy, scale);
        var memories = outcome.Rtl.Failure is null ? Memories(design, outcome.Rtl, rtl) : [];
        var comparison = Compare(energy, scale, rtl, memories);
        return (new GateLevelTwinResult(twin, outcome, mismatches, differences, energy, scale, classes, comparison, memories,
            design.Netlist.Cells.Count(c => !c.IsMacro), design.Simulation.Probes.Count, design.Synthesis.Elapsed, build.BuildTime, build.FromCache)
        {
            DesignSha256 = GateCorrections.DesignSha256Of(rtl.Rtl.Set),
            Modules = ModuleComparison(design.Netlist, energy, scale, rtl),
        }, design);
    }

    /// <summary>
    /// Per module (as the gate level groups cells: a module by display name, event FIFOs by role) and class: the scaled
    /// gate-level energy, the RTL's measured energy of the instances of that module (<see cref="MeasuredEnergyModel.Instances"/>),
    /// and the analytical energy where the ERT prices the module (the datapath's arithmetic, each event queue's accesses).
    /// </summary>
    public static IReadOnlyList<GateModuleComparisonRow> ModuleComparison(GateNetlist netlist, GateEnergyResult energy, NodeScale scale, GateLevelInputs rtl)
    {
        var groupOf = netlist.Instances.ToDictionary(i => i.Path, i => GateNetlist.GroupOf(i.Path, i.Module), StringComparer.Ordinal);
        string ClassOf(GateEnergyRow r) => r.Class != GateClass.Queues ? ClassName(r.Class) : IsEventQueue(r.Module) ? MeasuredClasses.EventQueues : MeasuredClasses.SpikeQueues;
        var gate = energy.Rows.GroupBy(r => (r.Module, ClassOf(r))).ToDictionary(g => g.Key, g => g.Sum(r => r.DynamicPj) * scale.Factor);
        // An RTL instance the netlist does not have (one Yosys optimised away) keeps its measured energy under its own path.
        string Group(string path) => groupOf.TryGetValue(path, out var g) ? g : $"{(path.Length == 0 ? "top" : path)} (not in the netlist)";
        var measured = rtl.MeasuredInstances.GroupBy(e => (Group(e.Path), e.Class)).ToDictionary(g => g.Key, g => g.Sum(e => e.Pj));
        var datapath = netlist.Instances.FirstOrDefault(i => i.Module.BaseName.EndsWith("_lane_datapath", StringComparison.Ordinal));
        var analytical = new Dictionary<(string, string), double>();
        if (datapath.Module is not null)
        {
            analytical[(groupOf[datapath.Path], MeasuredClasses.Arithmetic)] = Analytical(rtl, MeasuredClasses.ArithmeticActions);
        }

        foreach (var (path, actions) in new[] { (GateNetlist.InputQueue, new[] { Actions.InputQueuePush, Actions.InputQueuePop }), (GateNetlist.OutputQueue, new[] { Actions.OutputQueuePush, Actions.OutputQueuePop }) })
        {
            if (groupOf.TryGetValue(path, out var group))
            {
                analytical[(group, MeasuredClasses.EventQueues)] = Analytical(rtl, actions);
            }
        }

        return gate.Keys.Concat(measured.Keys).Distinct().OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal)
            .Select(k => new GateModuleComparisonRow(k.Item1, k.Item2, gate.GetValueOrDefault(k), measured.TryGetValue(k, out var m) ? m : null,
                analytical.TryGetValue(k, out var a) ? a : null))
            .ToList();
    }

    /// <summary>
    /// The memory macros and DRAM of the netlist run, priced by the RTL twin's measured model (the memory terms at each
    /// memory's own size, the DRAM terms) from the netlist simulation's own counts, memory-port probes, cycles and DRAM
    /// counters; beside each row the RTL run's. The model is given only those toggles; its other rows are not used.
    /// </summary>
    public static IReadOnlyList<GateMemoryRow> Memories(GateLevelDesign design, RtlRunResult gate, GateLevelInputs rtl)
    {
        var top = ToggleProbes.HierarchyOf(design.Set.Design.TopModule, string.Empty);
        string[] counters = [HarnessCounters.Cycles, HarnessCounters.DramBursts, HarnessCounters.DramRows, HarnessCounters.DramZeros, HarnessCounters.DramRises];
        IReadOnlyList<MeasuredToggles> Window(IReadOnlyList<MeasuredToggles> toggles) => toggles
            .Where(t => design.RtlHierarchyOfMacro.ContainsKey(t.Hierarchy) || (t.Hierarchy == top && counters.Contains(t.Signal)))
            .Select(t => design.RtlHierarchyOfMacro.TryGetValue(t.Hierarchy, out var h) ? t with { Hierarchy = h } : t)
            .ToList();
        var priced = rtl.Model.Price(gate.LayerCounts, gate.LayerToggles.Select(Window).ToList(), gate.Dram);
        var keys = MeasuredClasses.MemoryActions.Concat(MeasuredClasses.MemoryLeakage).Concat(MeasuredClasses.DramActions).ToList();
        return keys.Select(k =>
        {
            var g = priced.SelectMany(l => l.Components).Where(c => c.Action == k).ToList();
            var r = rtl.Measured.SelectMany(l => l.Components).Where(c => c.Action == k).ToList();
            return new GateMemoryRow(k, g.Sum(c => c.Count), g.Sum(c => c.MeasuredEnergyPj), r.Sum(c => c.Count), r.Sum(c => c.MeasuredEnergyPj));
        }).Where(m => m.GatePj != 0 || m.RtlPj != 0 || m.Count != 0 || m.RtlCount != 0).ToList();
    }

    /// <summary>
    /// The gate-level build: the harness's own flags, with the C++ compiled at -O0. A netlist has one public member per
    /// net, and g++ at the harness's usual levels spends minutes on the resulting model and toggle registration for
    /// a simulation that lasts seconds (docs/performance.md, "Synthesis and gate-level").
    /// </summary>
    public static VerilatorExecutable Build(GateLevelDesign design, string? cacheRoot = null) =>
        VerilatorBuild.EnsureVariant(design.Set, "gate-level-O0", BuildFlags, cacheRoot, BuildTimeout);

    /// <summary>
    /// The bound on a netlist's build: its C++ grows with the cells (the 8-lane benchmark core's 112 thousand cells build
    /// in about 9 minutes, a 16-lane core's 90 thousand in more than 10 on a loaded machine), so the RTL builds' 10 minutes
    /// would refuse the larger netlists; as long as Yosys's bound.
    /// </summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromHours(2);

    public static readonly IReadOnlyList<string> BuildFlags = ["-MAKEFLAGS", "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0"];

    /// <summary>
    /// Clock cycles after reset, when the harness starts counting: one per host write (layer-0 input events), one per
    /// per-timestep count, the start cycle and the run's cycles.
    /// </summary>
    public static long ClockedCycles(TwinOutcome outcome) =>
        outcome.Golden.Trace.Layers[0].Inputs.Sum(step => (long)step.Count) + outcome.Golden.Trace.Layers[0].Inputs.Count + 1 + outcome.Rtl.Cycles;

    public static IReadOnlyList<GateClassEnergy> Classes(GateEnergyResult energy, NodeScale scale)
    {
        var list = new List<GateClassEnergy>();
        foreach (var c in Enum.GetValues<GateClass>())
        {
            if (c == GateClass.Queues)
            {
                var events = energy.Rows.Where(r => r.Class == c && IsEventQueue(r.Module)).Sum(r => r.DynamicPj);
                var spikes = energy.Rows.Where(r => r.Class == c && !IsEventQueue(r.Module)).Sum(r => r.DynamicPj);
                list.Add(new GateClassEnergy(MeasuredClasses.EventQueues, events, events * scale.Factor));
                list.Add(new GateClassEnergy(MeasuredClasses.SpikeQueues, spikes, spikes * scale.Factor));
                continue;
            }

            var pj = energy.ClassDynamicPj(c);
            list.Add(new GateClassEnergy(ClassName(c), pj, pj * scale.Factor));
        }

        return list;
    }

    public static string ClassName(GateClass c) => c.ToString().ToLowerInvariant();

    private static bool IsEventQueue(string group) =>
        group.StartsWith(GateNetlist.InputQueue + " ", StringComparison.Ordinal) || group.StartsWith(GateNetlist.OutputQueue + " ", StringComparison.Ordinal);

    private static double Analytical(GateLevelInputs rtl, IReadOnlyList<ActionKey> actions) =>
        actions.Sum(a => rtl.Analytical.Sum(d => d.EnergyPj[ActionIndex.Of(a)]));

    private static IReadOnlyList<GateComparisonRow> Compare(GateEnergyResult energy, NodeScale scale, GateLevelInputs rtl, IReadOnlyList<GateMemoryRow> memories)
    {
        var classes = Classes(energy, scale).ToDictionary(c => c.Class);
        var measured = rtl.MeasuredClasses.ToDictionary(c => c.Class, c => c.Pj);
        double Gate(IReadOnlyList<ActionKey> keys) => memories.Where(m => keys.Contains(m.Action)).Sum(m => m.GatePj);
        double Rtl(IReadOnlyList<ActionKey> keys) => memories.Where(m => keys.Contains(m.Action)).Sum(m => m.RtlPj);
        return
        [
            new(MeasuredClasses.Arithmetic, classes[MeasuredClasses.Arithmetic].PjScaled, measured[MeasuredClasses.Arithmetic], Analytical(rtl, MeasuredClasses.ArithmeticActions),
                "datapath cells vs the adder/mac/comparator/subtractor/shifter rows"),
            new(MeasuredClasses.EventQueues, classes[MeasuredClasses.EventQueues].PjScaled, measured[MeasuredClasses.EventQueues], Analytical(rtl, MeasuredClasses.QueueActions),
                "event_fifo cells vs the queue push/pop rows and the queues' other flip-flops"),
            new(MeasuredClasses.SpikeQueues, classes[MeasuredClasses.SpikeQueues].PjScaled, measured[MeasuredClasses.SpikeQueues], null,
                "spike-queue cells vs their flip-flops' toggles; the ERT has no spike-queue entry"),
            new(MeasuredClasses.Registers, classes[MeasuredClasses.Registers].PjScaled, measured[MeasuredClasses.Registers], null,
                "flip-flops outside the queues vs their toggles; the ERT has no flip-flop entry"),
            new(MeasuredClasses.Clock, classes[MeasuredClasses.Clock].PjScaled, measured[MeasuredClasses.Clock], null,
                "clock pins and net vs flip-flops x cycles; the ERT has no clock entry"),
            new("control", classes["control"].PjScaled, null, null, "controller, walker, loader and muxing: neither the measured model nor the ERT has a controller entry"),
            new("memories (macros)", Gate(MeasuredClasses.MemoryActions), Rtl(MeasuredClasses.MemoryActions), Analytical(rtl, MeasuredClasses.MemoryActions),
                "kept as macros: the measured model's memory terms from each run's own port activity"),
            new("memories (macros) leakage", Gate(MeasuredClasses.MemoryLeakage), Rtl(MeasuredClasses.MemoryLeakage), null,
                "the measured model's SRAM leakage over each run's cycles; the ERT has no leakage entry"),
            new("dram", Gate(MeasuredClasses.DramActions), Rtl(MeasuredClasses.DramActions), Analytical(rtl, MeasuredClasses.DramActions),
                "off chip: the measured model's DRAM terms from each run's own DRAM activity"),
        ];
    }
}
