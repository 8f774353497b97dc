// The design-level facts one layer evaluation needs: which twin, its widths and the dataflow.
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>Per-design constants of the counting formulas (a small value type so the hot path passes it by reference).</summary>
public readonly record struct DesignContext(
    bool IsSnn,
    bool IsBinary,
    bool HasLeak,
    Dataflow Dataflow,
    bool ZeroSkipping,
    int PayloadBits,
    int AddressBits)
{
    /// <summary>The spiking design of a model. Binary spikes carry no payload on the NoC (the event is the message).</summary>
    public static DesignContext Snn(HardwareModel model) => Snn(model, model.Design(DesignKind.Snn));

    private static DesignContext Snn(HardwareModel model, TwinDesign design) => new(
        IsSnn: true,
        IsBinary: design.BinarySpikes,
        HasLeak: model.Neuron.HasLeak,
        Dataflow: model.Dataflow,
        ZeroSkipping: true,
        PayloadBits: design.SparsePayloadBits,
        AddressBits: design.Event.AddressBits);

    /// <summary>The QNN twin with b_a-bit activations: events carry address + value.</summary>
    public static DesignContext Qnn(HardwareModel model, int activationBits) =>
        Qnn(model, model.DesignAt(DesignKind.Qnn, model.Neuron.Timesteps, activationBits));

    private static DesignContext Qnn(HardwareModel model, TwinDesign design) => new(
        IsSnn: false,
        IsBinary: false,
        HasLeak: false,
        Dataflow: model.Dataflow,
        ZeroSkipping: design.ZeroSkipping,
        PayloadBits: design.SparsePayloadBits,
        AddressBits: design.Event.AddressBits);
}
