// What a run did, layer by layer: the events that went in and came out of every timestep, and the final state.
using HwGen.Model;

namespace HwGen.Golden;

/// <summary>
/// One layer of a run. <see cref="Inputs"/> and <see cref="Outputs"/> hold one event list per timestep
/// (the QNN twin has a single pass), in the order the hardware processes them (ascending address).
/// <see cref="FinalState"/> holds, per output neuron address, the membrane residue (SNN) or the accumulator (QNN).
/// </summary>
public sealed record LayerTrace(
    int LayerIndex,
    IReadOnlyList<IReadOnlyList<SpikeEvent>> Inputs,
    IReadOnlyList<IReadOnlyList<SpikeEvent>> Outputs,
    IReadOnlyList<long> FinalState)
{
    /// <summary>The shortcut events added into the layer per timestep (the residual source's output); empty without one.</summary>
    public IReadOnlyList<IReadOnlyList<SpikeEvent>> Shortcut { get; init; } = [];
}

public sealed record NetworkTrace(DesignKind Design, IReadOnlyList<LayerTrace> Layers);
