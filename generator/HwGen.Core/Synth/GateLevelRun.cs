// `hwgen run --gate-level`: each twin's OSU 0.18 um netlist simulated on the same stimulus with the same harness,
// checked bit for bit against the RTL run and the golden model, its per-net toggles priced from the Liberty, scaled
// to the ERT's node, and set beside the RTL's measured energy and the analytical ERT energy per signal class.
using System.Globalization;
using HwGen.Diagnostics;
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

public sealed record GateLevelTwinResult(
    string Twin,
    TwinOutcome Outcome,
    IReadOnlyList<TraceMismatch> RtlMismatches,
    IReadOnlyList<string> RtlDifferences,
    GateEnergyResult Energy,
    NodeScale Scale,
    IReadOnlyList<GateClassEnergy> Classes,
    IReadOnlyList<GateComparisonRow> Comparison,
    double MacroPj,
    double DramPj,
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

    /// <summary>Logic at the ERT's node (dynamic energy scaled; leakage is reported at 0.18 um only) + memory macros and DRAM per access (ERT).</summary>
    public double EnergyPj => (Energy.DynamicPj * Scale.Factor) + MacroPj + DramPj;

    public double LogicPjScaled => Energy.DynamicPj * Scale.Factor;

    public double SimulationCyclesPerSecond => Outcome.Rtl.WallSeconds > 0 ? Outcome.Rtl.Cycles / Outcome.Rtl.WallSeconds : 0;
}

/// <summary>The RTL side of one twin that the gate level is compared with (all from earlier stages).</summary>
public sealed record GateLevelInputs(TwinOutcome Rtl, ActionPrices Prices, IReadOnlyList<LayerMeasuredEnergy> Measured, IReadOnlyList<DesignEnergy> Analytical);

public static class GateLevelRun
{
    public static readonly IReadOnlyList<int> ArithmeticActions = [ActionIndex.Accumulate, ActionIndex.MultiplyAccumulate, ActionIndex.Compare, ActionIndex.Subtract, ActionIndex.Leak];
    public static readonly IReadOnlyList<int> QueueActions = [ActionIndex.InputQueuePush, ActionIndex.InputQueuePop, ActionIndex.OutputQueuePush, ActionIndex.OutputQueuePop];
    public static readonly IReadOnlyList<int> MacroActions = [ActionIndex.GlobalBufferRead, ActionIndex.GlobalBufferWrite, ActionIndex.WeightMemoryRead, ActionIndex.WeightMemoryWrite, ActionIndex.StateMemoryRead, ActionIndex.StateMemoryWrite];
    public static readonly IReadOnlyList<int> DramActions = [ActionIndex.DramRead, ActionIndex.DramWrite];

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
        var comparison = Compare(energy, scale, rtl);
        var macro = MacroActions.Sum(a => Measured(rtl, a));
        var dram = DramActions.Sum(a => Measured(rtl, a));
        return (new GateLevelTwinResult(twin, outcome, mismatches, differences, energy, scale, classes, comparison, macro, dram,
            design.Netlist.Cells.Count(c => !c.IsMacro), design.Simulation.Probes.Count, design.Synthesis.Elapsed, build.BuildTime, build.FromCache), design);
    }

    /// <summary>
    /// The gate-level build: the harness's own flags, with the C++ compiled at -O0. A netlist has one public member per
    /// net, and g++ at the harness's usual levels spends minutes on the resulting model and toggle registration for
    /// a simulation that lasts seconds (docs/performance.md, "Synthesis and gate-level").
    /// </summary>
    public static VerilatorExecutable Build(GateLevelDesign design, string? cacheRoot = null) =>
        VerilatorBuild.EnsureVariant(design.Set, "gate-level-O0", BuildFlags, cacheRoot);

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
                list.Add(new GateClassEnergy("queues (input and output event queues)", events, events * scale.Factor));
                list.Add(new GateClassEnergy("queues (spike queues)", spikes, spikes * scale.Factor));
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

    private static double Measured(GateLevelInputs rtl, int action) =>
        rtl.Measured.Sum(l => l.Components.Where(c => ActionIndexOf(c.Action) == action).Sum(c => c.MeasuredEnergyPj));

    private static double Analytical(GateLevelInputs rtl, int action) => rtl.Analytical.Sum(a => a.EnergyPj[action]);

    private static int ActionIndexOf(ActionKey key) => Actions.All.ToList().IndexOf(key);

    private static IReadOnlyList<GateComparisonRow> Compare(GateEnergyResult energy, NodeScale scale, GateLevelInputs rtl)
    {
        var classes = Classes(energy, scale).ToDictionary(c => c.Class);
        double Sum(IReadOnlyList<int> actions, Func<GateLevelInputs, int, double> f) => actions.Sum(a => f(rtl, a));
        return
        [
            new("arithmetic", classes["arithmetic"].PjScaled, Sum(ArithmeticActions, Measured), Sum(ArithmeticActions, Analytical),
                "datapath cells vs adder/mac/comparator/subtractor/shifter actions"),
            new("queues (input and output event queues)", classes["queues (input and output event queues)"].PjScaled, Sum(QueueActions, Measured), Sum(QueueActions, Analytical),
                "event_fifo cells vs queue push/pop accesses"),
            new("queues (spike queues)", classes["queues (spike queues)"].PjScaled, null, null, "the ERT has no spike-queue entry"),
            new("registers", classes["registers"].PjScaled, null, null, "the ERT has no flip-flop entry"),
            new("clock", classes["clock"].PjScaled, null, null, "the ERT has no clock entry"),
            new("control", classes["control"].PjScaled, null, null, "the ERT has no controller entry"),
            new("memories (macros)", Sum(MacroActions, Measured), Sum(MacroActions, Measured), Sum(MacroActions, Analytical),
                "kept as macros: priced per access by the ERT in all three"),
            new("dram", Sum(DramActions, Measured), Sum(DramActions, Measured), Sum(DramActions, Analytical), "off chip: priced per access by the ERT in all three"),
        ];
    }
}
