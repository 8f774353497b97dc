// Which buses of a generated neural core the harness counts toggles on, per instance and class, and which
// calibration entry prices each (docs/measurement.md, "Buses counted in the core").
using HwGen.Model;

namespace HwGen.Emit;

public static class CoreToggleProbes
{
    /// <summary>The module of every SRAM macro (lane memories, global-buffer banks): priced by the memory model.</summary>
    public const string SramModule = "sram_1r1w";

    /// <summary>The module of the event queues (a register-file FIFO).</summary>
    public const string QueueModule = "event_fifo";

    /// <summary>
    /// Per lane: the datapath units' inputs and outputs (<see cref="DatapathUnits"/>), each bus's total and each
    /// unit's in-action part; the weight and state memories' ports. The global-buffer banks' ports, the input and output
    /// queues' ports, and the counters the harness bumps itself (cycles, DRAM). Every register is added by the build
    /// (<see cref="RegisterInventory"/>).
    /// </summary>
    public static IReadOnlyList<ToggleProbe> For(RtlDesign design)
    {
        var probes = new List<ToggleProbe>();
        var units = Units(design);
        for (var lane = 0; lane < design.Lanes; lane++)
        {
            var l = $"lane{lane}";
            probes.AddRange(DatapathUnits.Probes($"{l}.datapath", design.DatapathModule, units, l, "neural_lane"));
            probes.AddRange(Sram($"{l}.weight_memory", design.WeightBits, design.WeightAddressBits));
            probes.AddRange(Sram($"{l}.state_memory", design.StateBits, design.StateAddressBits));
        }

        var bankDepth = design.GbWords / design.GbBanks;
        for (var bank = 0; bank < design.GbBanks; bank++)
        {
            probes.AddRange(Sram($"buffer.bank[{bank}].memory", design.GbWordBits, Bits.ForAddress(bankDepth)));
        }

        var core = design.Model.Core;
        probes.AddRange(Queue("input_queue", design.EventBits, Bits.ForAddress(core.InputQueueDepth)));
        probes.AddRange(Queue("output_queue", design.EventBits, Bits.ForAddress(core.OutputQueueDepth)));
        probes.AddRange(HarnessCounters.For(design.TopModule, design.DramWordBits));
        return probes;
    }

    /// <summary>
    /// The lane datapath's units: gated by the lane's pipeline valid bit (integrate), its fire-stage valid bit (compare)
    /// and the emit of a fire (subtract, the reset by subtraction).
    /// </summary>
    public static IReadOnlyList<ArithmeticUnit> Units(RtlDesign design) =>
        DatapathUnits.Of(new LaneDatapathParameters(design.StateBits, design.WeightBits, design.ValueBits, design.MaxValue, design.ThresholdLog2,
            design.LeakShift, design.EmitZeros), design.Design == DesignKind.Snn, design.IntegrateAction, "int_valid2", "fire_valid", "fire_emit");

    /// <summary>
    /// One sram_1r1w: the read data register's toggles, the address toggles between reads, the address and data
    /// toggles between writes, and the stored bits each write flips (the old word at the write address).
    /// </summary>
    public static IReadOnlyList<ToggleProbe> Sram(string path, int wordBits, int addressBits)
    {
        NetRef Net(string name) => new(path, SramModule, name);
        return
        [
            new(path, SramModule, "rd", SignalClass.MemoryPort, wordBits),
            new(path, SramModule, "read", SignalClass.MemoryPort, addressBits)
            {
                Kind = ProbeKind.Access, Enable = Net("re"), Address = Net("ra"), AddressBits = addressBits,
            },
            new(path, SramModule, "write", SignalClass.MemoryPort, addressBits)
            {
                Kind = ProbeKind.Access, Enable = Net("we"), Address = Net("wa"), AddressBits = addressBits, Data = Net("wd"), DataBits = wordBits,
            },
            new(path, SramModule, "mem:flips", SignalClass.MemoryPort, wordBits)
            {
                Kind = ProbeKind.WriteFlips, Enable = Net("we"), Address = Net("wa"), AddressBits = addressBits, Data = Net("wd"), DataBits = wordBits,
                Array = Net("mem"),
            },
        ];
    }

    /// <summary>
    /// One event_fifo: the write pointer and data toggles between pushes, the stored bits each push flips, the read
    /// pointer and head-word toggles between pops.
    /// </summary>
    public static IReadOnlyList<ToggleProbe> Queue(string path, int wordBits, int addressBits)
    {
        NetRef Net(string name) => new(path, QueueModule, name);
        return
        [
            new(path, QueueModule, "push", SignalClass.Queue, addressBits)
            {
                Kind = ProbeKind.Access, Enable = Net("push"), Address = Net("wp"), AddressBits = addressBits, Data = Net("din"), DataBits = wordBits,
            },
            new(path, QueueModule, "mem:flips", SignalClass.Queue, wordBits)
            {
                Kind = ProbeKind.WriteFlips, Enable = Net("push"), Address = Net("wp"), AddressBits = addressBits, Data = Net("din"), DataBits = wordBits,
                Array = Net("mem"),
            },
            new(path, QueueModule, "pop", SignalClass.Queue, addressBits)
            {
                Kind = ProbeKind.Access, Enable = Net("pop"), Address = Net("rp"), AddressBits = addressBits, Data = Net("dout"), DataBits = wordBits,
            },
        ];
    }
}
