// The measured energy of a window split into the signal classes the gate level reports (docs/measurement.md, "Gate
// level"): the class each measured term belongs to, so a gate-level run can set the two side by side class by class and
// `hwgen run --apply-corrections` can scale each class by its gate/RTL factor.
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>One class's share of a window's measured energy (pJ, the ERT's node).</summary>
public sealed record MeasuredClassEnergy(string Class, double Pj);

/// <summary>One instance's share of a class (<paramref name="Path"/> below the top, empty for the top itself).</summary>
public sealed record MeasuredInstanceEnergy(string Path, string Class, double Pj);

public static class MeasuredClasses
{
    /// <summary>The lane datapaths: the adder, multiplier-accumulator, comparator, subtractor and shifter rows.</summary>
    public const string Arithmetic = "arithmetic";

    /// <summary>The input and output event queues: their push and pop rows and the toggles of their other flip-flops.</summary>
    public const string EventQueues = "queues (input and output event queues)";

    /// <summary>The per-lane spike queues (event FIFOs without an ERT entry): their flip-flops' toggles.</summary>
    public const string SpikeQueues = "queues (spike queues)";

    /// <summary>Every other flip-flop's toggles (pipeline, state and controller registers).</summary>
    public const string Registers = "registers";

    /// <summary>Every flip-flop's clock energy.</summary>
    public const string Clock = "clock";

    /// <summary>The classes that have a measured figure, in report order: the ones a gate/RTL correction factor can exist for.</summary>
    public static IReadOnlyList<string> Correctable { get; } = [Arithmetic, EventQueues, SpikeQueues, Registers, Clock];

    public static readonly IReadOnlyList<ActionKey> ArithmeticActions = [Actions.Accumulate, Actions.MultiplyAccumulate, Actions.Compare, Actions.Subtract, Actions.Leak];

    public static readonly IReadOnlyList<ActionKey> QueueActions = [Actions.InputQueuePush, Actions.InputQueuePop, Actions.OutputQueuePush, Actions.OutputQueuePop];

    /// <summary>The SRAM macros' accesses (lane memories and global-buffer banks).</summary>
    public static readonly IReadOnlyList<ActionKey> MemoryActions =
        [Actions.GlobalBufferRead, Actions.GlobalBufferWrite, Actions.WeightMemoryRead, Actions.WeightMemoryWrite, Actions.StateMemoryRead, Actions.StateMemoryWrite];

    /// <summary>The SRAM macros' leakage rows.</summary>
    public static readonly IReadOnlyList<ActionKey> MemoryLeakage =
        [new("lane_weight_memory", "leakage"), new("lane_state_memory", "leakage"), new("global_buffer", "leakage")];

    public static readonly IReadOnlyList<ActionKey> DramActions = [Actions.DramRead, Actions.DramWrite];

    public static readonly ActionKey ClockRow = new("clock", "flip_flops");

    public static readonly ActionKey RegisterRow = new("registers", "toggle");

    /// <summary>Adds up windows instance by instance and class by class (first-seen order).</summary>
    public static IReadOnlyList<MeasuredInstanceEnergy> SumInstances(IEnumerable<IReadOnlyList<MeasuredInstanceEnergy>> windows) =>
        windows.SelectMany(w => w).GroupBy(e => (e.Path, e.Class)).Select(g => new MeasuredInstanceEnergy(g.Key.Path, g.Key.Class, g.Sum(e => e.Pj))).ToList();

    /// <summary>Adds up windows class by class (the order of <see cref="Correctable"/>).</summary>
    public static IReadOnlyList<MeasuredClassEnergy> Sum(IEnumerable<IReadOnlyList<MeasuredClassEnergy>> windows)
    {
        var totals = Correctable.ToDictionary(c => c, _ => 0.0);
        foreach (var c in windows.SelectMany(w => w))
        {
            totals[c.Class] += c.Pj;
        }

        return Correctable.Select(c => new MeasuredClassEnergy(c, totals[c])).ToList();
    }
}
