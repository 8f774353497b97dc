// What a run did, layer by layer: the events that went in and came out of every timestep, and the final state.
namespace HwGen.Sim;

/// <summary>Which of the twins ran: the spiking design (binary or multi-level) or the QNN twin.</summary>
public enum DesignKind
{
    Snn,
    Qnn,
}

/// <summary>An address event: the neuron address and its payload (spike level, or QNN activation value).</summary>
public readonly record struct SpikeEvent(int Address, int Value)
{
    public override string ToString() => $"{Address}:{Value}";
}

/// <summary>
/// One layer of a run. <see cref="Inputs"/> and <see cref="Outputs"/> hold one event list per timestep
/// (the QNN twin has a single pass), in the order the hardware processes them (ascending address).
/// <see cref="FinalState"/> holds, per output neuron address, the membrane residue (SNN) or the accumulator (QNN).
/// </summary>
public sealed record LayerTrace(
    int LayerIndex,
    IReadOnlyList<IReadOnlyList<SpikeEvent>> Inputs,
    IReadOnlyList<IReadOnlyList<SpikeEvent>> Outputs,
    IReadOnlyList<long> FinalState);

public sealed record NetworkTrace(DesignKind Design, IReadOnlyList<LayerTrace> Layers);
