// An address event as the core moves it: the neuron address within its tensor and the payload.
namespace HwGen.Model;

/// <summary>An address event: the neuron address and its payload (spike level, or QNN activation value).</summary>
public readonly record struct SpikeEvent(int Address, int Value)
{
    public override string ToString() => $"{Address}:{Value}";
}
