// Which buses of a generated neural core the harness counts toggles on, per instance and class, and which
// calibration entry prices each (docs/measurement.md, "Buses counted in the core").
using HwGen.Model;

namespace HwGen.Emit;

public static class CoreToggleProbes
{
    /// <summary>
    /// Per lane: the datapath's sum (adder or MAC; with a MAC also its product), its fire value (comparator) and, in
    /// the spiking twin, its reset-by-subtraction result (subtractor) — arithmetic, priced by the calibration; the
    /// pipeline and forwarding registers (register, counted only); the weight and state memory ports (memory_port,
    /// the memories keep their per-access energy). In the core: the input and output queue ports (queue, per access).
    /// </summary>
    public static IReadOnlyList<ToggleProbe> For(RtlDesign design)
    {
        var probes = new List<ToggleProbe>();
        var mac = design.IntegrateAction == Actions.MultiplyAccumulate;
        var wide = design.StateBits + design.WeightBits + design.ValueBits + 2;
        for (var lane = 0; lane < design.Lanes; lane++)
        {
            var l = $"lane{lane}";
            var dp = $"{l}.datapath";
            if (mac)
            {
                probes.Add(new(dp, design.DatapathModule, "product", SignalClass.Arithmetic, wide, Actions.MultiplyAccumulate));
            }

            probes.Add(new(dp, design.DatapathModule, "integrated", SignalClass.Arithmetic, design.StateBits, design.IntegrateAction));
            probes.Add(new(dp, design.DatapathModule, "fire_value", SignalClass.Arithmetic, design.ValueBits, Actions.Compare));
            if (design.Design == DesignKind.Snn)
            {
                probes.Add(new(dp, design.DatapathModule, "reset_state", SignalClass.Arithmetic, design.StateBits, Actions.Subtract));
            }

            probes.Add(new(l, "neural_lane", "int_value2", SignalClass.Register, design.ValueBits));
            probes.Add(new(l, "neural_lane", "wb_data", SignalClass.Register, design.StateBits));
            probes.Add(new($"{l}.weight_memory", "sram_1r1w", "wd", SignalClass.MemoryPort, design.WeightBits));
            probes.Add(new($"{l}.weight_memory", "sram_1r1w", "rd", SignalClass.MemoryPort, design.WeightBits));
            probes.Add(new($"{l}.state_memory", "sram_1r1w", "wd", SignalClass.MemoryPort, design.StateBits));
            probes.Add(new($"{l}.state_memory", "sram_1r1w", "rd", SignalClass.MemoryPort, design.StateBits));
        }

        foreach (var queue in new[] { "input_queue", "output_queue" })
        {
            probes.Add(new(queue, "event_fifo", "din", SignalClass.Queue, design.EventBits));
            probes.Add(new(queue, "event_fifo", "dout", SignalClass.Queue, design.EventBits));
        }

        return probes;
    }
}
