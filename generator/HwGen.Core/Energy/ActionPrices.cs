// Resolves the energy of every action for one design of a spec: ERT at the design's widths, then the spec's overrides.
using System.Globalization;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>pJ per action for one design, with where each number came from.</summary>
public sealed class ActionPrices
{
    private ActionVector energies;

    private ActionPrices(ActionVector energies, string[] origins)
    {
        this.energies = energies;
        Origins = origins;
    }

    /// <summary>pJ per action, indexed by <see cref="ActionIndex"/>.</summary>
    public ref readonly ActionVector Energies => ref energies;

    /// <summary>Per action: "ert (arguments): source" or the spec key that overrode it.</summary>
    public IReadOnlyList<string> Origins { get; }

    /// <summary>
    /// Prices the actions of one design. Precedence, lowest first: the ERT at the design's widths;
    /// technology.overrides; the spec's per-memory and NoC energies (the most specific setting wins).
    /// </summary>
    public static ActionPrices Resolve(HardwareModel model, EnergyReferenceTable table, bool spiking, int activationBits)
    {
        var energies = default(ActionVector);
        var origins = new string[ActionIndex.Count];
        var overridden = new bool[ActionIndex.Count];

        void Set(int index, double? value, string origin)
        {
            if (value is { } pj)
            {
                energies[index] = pj;
                origins[index] = origin;
                overridden[index] = true;
            }
        }

        foreach (var entry in model.Technology.Overrides)
        {
            var index = ActionIndex.Of(entry.Component, entry.Action);
            if (index < 0)
            {
                throw new EnergyTableException($"technology.overrides names {entry.Component}.{entry.Action}, which is not an action of the core.");
            }

            Set(index, entry.EnergyPj, "technology.overrides");
        }

        var memory = model.Memory;
        Set(ActionIndex.DramRead, memory.Dram.ReadEnergyPj, "memory.dram.read_energy_pj");
        Set(ActionIndex.DramWrite, memory.Dram.WriteEnergyPj, "memory.dram.write_energy_pj");
        Set(ActionIndex.GlobalBufferRead, memory.GlobalBuffer.ReadEnergyPj, "memory.global_buffer.read_energy_pj");
        Set(ActionIndex.GlobalBufferWrite, memory.GlobalBuffer.WriteEnergyPj, "memory.global_buffer.write_energy_pj");
        Set(ActionIndex.WeightMemoryRead, memory.LaneMemory.WeightReadEnergyPj, "memory.lane_memory.weight_read_energy_pj");
        Set(ActionIndex.WeightMemoryWrite, memory.LaneMemory.WeightWriteEnergyPj, "memory.lane_memory.weight_write_energy_pj");
        Set(ActionIndex.StateMemoryRead, memory.LaneMemory.StateReadEnergyPj, "memory.lane_memory.state_read_energy_pj");
        Set(ActionIndex.StateMemoryWrite, memory.LaneMemory.StateWriteEnergyPj, "memory.lane_memory.state_write_energy_pj");
        Set(ActionIndex.NocSparseBitHop, model.Noc.SparseEnergyPjPerBitHop, "noc.sparse_energy_pj_per_bit_hop");
        Set(ActionIndex.NocDenseBitHop, model.Noc.DenseEnergyPjPerBitHop, "noc.dense_energy_pj_per_bit_hop");

        var widths = DesignWidths.Of(model, spiking, activationBits);
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            if (overridden[i])
            {
                continue;
            }

            var key = ActionIndex.Key(i);
            var arguments = widths.ArgumentsFor(i);
            energies[i] = table.EnergyPj(key, arguments);
            var anchors = table.AnchorsOf(key);
            var where = arguments == default ? "" : $" at {arguments}";
            var source = anchors.Count == 1
                ? anchors[0].Source
                : $"{EnergyReferenceTable.ScalingName(anchors[0].Scaling)} scaling over {anchors.Count} anchors, nearest: {table.NearestAnchor(key, arguments).Source}";
            origins[i] = $"ert {table.Preset}{where}: {source}";
        }

        return new ActionPrices(energies, origins);
    }

    /// <summary>A copy with some actions' energies multiplied (sensitivity studies).</summary>
    public ActionPrices Scaled(in ActionVector factors)
    {
        var scaled = energies;
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            scaled[i] *= factors[i];
        }

        var origins = new string[ActionIndex.Count];
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            origins[i] = factors[i] == 1 ? Origins[i] : $"{Origins[i]} (x{factors[i].ToString("R", CultureInfo.InvariantCulture)})";
        }

        return new ActionPrices(scaled, origins);
    }
}

/// <summary>The widths and sizes at which each action of one design is priced.</summary>
public readonly record struct DesignWidths(int StateBits, int WeightBits, int OperandBits, int EventBits, HardwareModel Model)
{
    /// <summary>
    /// SNN: the adder, comparator, subtractor and leak work at the membrane width; a multi-level MAC multiplies
    /// weight × payload. QNN: accumulator width, weight × b_a MACs. Queue words are the design's event word.
    /// </summary>
    public static DesignWidths Of(HardwareModel model, bool spiking, int activationBits)
    {
        var design = spiking
            ? model.Design(DesignKind.Snn)
            : model.DesignAt(DesignKind.Qnn, model.Neuron.Timesteps, activationBits);
        return new DesignWidths(
            StateBits: design.StateBits,
            WeightBits: design.WeightBits,
            OperandBits: design.ValueBits,
            EventBits: design.Event.Bits,
            Model: model);
    }

    public EnergyArguments ArgumentsFor(int actionIndex)
    {
        var memory = Model.Memory;
        var core = Model.Core;
        return actionIndex switch
        {
            ActionIndex.DramRead or ActionIndex.DramWrite => new EnergyArguments(WordBits: memory.Dram.WordBits),
            ActionIndex.GlobalBufferRead or ActionIndex.GlobalBufferWrite =>
                new EnergyArguments(WordBits: memory.GlobalBuffer.WordBits, CapacityBits: memory.GlobalBuffer.CapacityBits),
            ActionIndex.WeightMemoryRead or ActionIndex.WeightMemoryWrite =>
                new EnergyArguments(WordBits: WeightBits, CapacityBits: (long)memory.LaneMemory.WeightWords * WeightBits),
            ActionIndex.StateMemoryRead or ActionIndex.StateMemoryWrite =>
                new EnergyArguments(WordBits: StateBits, CapacityBits: (long)memory.LaneMemory.StateWords * StateBits),
            ActionIndex.InputQueuePush or ActionIndex.InputQueuePop =>
                new EnergyArguments(WordBits: EventBits, CapacityBits: (long)core.InputQueueDepth * EventBits),
            ActionIndex.OutputQueuePush or ActionIndex.OutputQueuePop =>
                new EnergyArguments(WordBits: EventBits, CapacityBits: (long)core.OutputQueueDepth * EventBits),
            ActionIndex.Accumulate or ActionIndex.Compare or ActionIndex.Subtract or ActionIndex.Leak => new EnergyArguments(Bits: StateBits),
            ActionIndex.MultiplyAccumulate => new EnergyArguments(WeightBits: WeightBits, ActivationBits: OperandBits),
            _ => default,
        };
    }
}
