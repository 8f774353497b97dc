// The design-level facts one layer evaluation needs: which twin, its widths, the dataflow and the NoC packet format.
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
    int AddressBits,
    double HopsPerTransfer,
    int PacketHeaderBits,
    int LinkBits,
    bool DenseNoc,
    int DenseBitsPerActivation)
{
    /// <summary>
/// The spiking design of a model. Binary spikes carry no payload (the event is the message). On a spatial fabric
/// without zero skipping (a dense interconnect) spikes travel as one bit-map per timestep, like the twin's dense activations.
/// </summary>
    public static DesignContext Snn(HardwareModel model) => Snn(model, model.Design(DesignKind.Snn));

    private static DesignContext Snn(HardwareModel model, TwinDesign design) => new(
        IsSnn: true,
        IsBinary: design.BinarySpikes,
        HasLeak: model.Neuron.HasLeak,
        Dataflow: model.Dataflow,
        ZeroSkipping: true,
        PayloadBits: design.SparsePayloadBits,
        AddressBits: design.Event.AddressBits,
        HopsPerTransfer: model.Noc.EffectiveHopsPerTransfer,
        PacketHeaderBits: PacketHeaderBitsOf(model.Noc),
        LinkBits: model.Noc.LinkBits,
        DenseNoc: model.Dataflow == Dataflow.Spatial && !model.Twin.ZeroSkipping,
        DenseBitsPerActivation: design.ValueBits);

    /// <summary>The QNN twin with b_a-bit activations: events carry address + value (zero skipping) or activations travel densely.</summary>
    public static DesignContext Qnn(HardwareModel model, int activationBits) =>
        Qnn(model, model.DesignAt(DesignKind.Qnn, model.Neuron.Timesteps, activationBits));

    private static DesignContext Qnn(HardwareModel model, TwinDesign design) => new(
        IsSnn: false,
        IsBinary: false,
        HasLeak: false,
        Dataflow: model.Dataflow,
        ZeroSkipping: design.ZeroSkipping,
        PayloadBits: design.SparsePayloadBits,
        AddressBits: design.Event.AddressBits,
        HopsPerTransfer: model.Noc.EffectiveHopsPerTransfer,
        PacketHeaderBits: PacketHeaderBitsOf(model.Noc),
        LinkBits: model.Noc.LinkBits,
        DenseNoc: !design.ZeroSkipping,
        DenseBitsPerActivation: design.ValueBits);

    /// <summary>Neuromorphic packet header: the destination router's X and Y coordinates.</summary>
    public static int PacketHeaderBitsOf(NocModel noc) =>
        noc.Topology == NocTopology.None ? 0 : Bits.ForAddress(noc.MeshX) + Bits.ForAddress(noc.MeshY);

    /// <summary>
    /// Bits one sparse event occupies on the NoC: the core's event word (its address fields, and the payload unless the
    /// spikes are binary), as an address-event packet with a header, padded to whole flits, on a neuromorphic mesh.
    /// </summary>
    public int SparseEventBits
    {
        get
        {
            var eventBits = AddressBits + PayloadBits;
            if (Dataflow != Dataflow.Neuromorphic)
            {
                return eventBits;
            }

            var packetBits = PacketHeaderBits + eventBits;
            return LinkBits > 0 ? (packetBits + LinkBits - 1) / LinkBits * LinkBits : packetBits;
        }
    }
}
