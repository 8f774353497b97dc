// One twin of a spec at its own widths (the spiking design or its QNN twin) and the one event word both use.
// Built once by the model builder; every later stage reads these values and none recomputes them.
namespace HwGen.Model;

/// <summary>Which of the twins: the spiking design (binary or multi-level) or the QNN twin.</summary>
public enum DesignKind
{
    Snn,
    Qnn,
}

/// <summary>
/// The address-event word the core stores in the global buffer and queues: <c>{value, channel, row, column}</c>,
/// column in the low bits. The address fields are sized for the largest dimension of any tensor the network reads
/// or writes (the input and every layer's output), so one format serves every layer.
/// </summary>
public sealed record EventFormat(int ValueBits, int ChannelBits, int RowBits, int ColumnBits)
{
    public int AddressBits => ChannelBits + RowBits + ColumnBits;

    /// <summary>Bits of one event word.</summary>
    public int Bits => ValueBits + AddressBits;

    /// <summary>The format for <paramref name="valueBits"/>-bit payloads over the given tensors.</summary>
    public static EventFormat For(int valueBits, IReadOnlyCollection<Shape> tensors) => new(
        valueBits,
        Model.Bits.ForAddress(tensors.Max(s => s.Channels)),
        Model.Bits.ForAddress(tensors.Max(s => s.Height)),
        Model.Bits.ForAddress(tensors.Max(s => s.Width)));

    /// <summary>Packs the event of neuron <paramref name="address"/> of a tensor of <paramref name="shape"/> (C-major, then rows).</summary>
    public ulong Pack(Shape shape, int address, int value)
    {
        var x = address % shape.Width;
        var y = address / shape.Width % shape.Height;
        var c = address / (shape.Width * shape.Height);
        return ((ulong)(uint)value << (ChannelBits + RowBits + ColumnBits)) | ((ulong)(uint)c << (RowBits + ColumnBits))
            | ((ulong)(uint)y << ColumnBits) | (uint)x;
    }

    public override string ToString() =>
        $"{Bits} bits (value {ValueBits}, channel {ChannelBits}, row {RowBits}, column {ColumnBits})";
}

/// <summary>
/// One twin at its widths. <see cref="StateBits"/> is the membrane (SNN) or accumulator (QNN) width;
/// <see cref="ValueBits"/> the payload of an event (spike level, 1 bit for binary spikes; or activation);
/// <see cref="Timesteps"/> the passes the core makes (T for the SNN, 1 for the QNN twin); <see cref="EventRegionWords"/>
/// the global-buffer words of one event region (every timestep's events of the largest tensor).
/// </summary>
public sealed record TwinDesign(
    DesignKind Kind,
    bool BinarySpikes,
    int StateBits,
    int WeightBits,
    int ValueBits,
    int MaxValue,
    int Timesteps,
    int ThresholdLog2,
    int LeakShift,
    bool ZeroSkipping,
    EventFormat Event,
    long EventRegionWords)
{
    /// <summary>Global-buffer words of the weight-staging ring behind the two event regions.</summary>
    public const int StagingRingWords = 4;

    public bool IsSpiking => Kind == DesignKind.Snn;

    /// <summary>"snn" or "qnn": folder names, JSON keys, report labels.</summary>
    public string Name => IsSpiking ? "snn" : "qnn";

    /// <summary>SNN: the residue stays in the state memory after firing (reset by subtraction); the QNN clears it.</summary>
    public bool FireWriteBack => IsSpiking;

    /// <summary>The QNN twin without zero skipping emits zero activations as events too.</summary>
    public bool EmitZeros => !IsSpiking && !ZeroSkipping;

    /// <summary>The action an integrate step counts: an adder for binary spikes, a multiply-accumulate otherwise.</summary>
    public ActionKey IntegrateAction => BinarySpikes ? Actions.Accumulate : Actions.MultiplyAccumulate;

    /// <summary>Bits an event carries beyond its address on a sparse interconnect: none for binary spikes (the event is the message).</summary>
    public int SparsePayloadBits => BinarySpikes ? 0 : ValueBits;

    /// <summary>
    /// The twin of <paramref name="kind"/> for a model's neuron, twin and tensors. <paramref name="activationBits"/> is the
    /// QNN twin's activation width (the spec's, or another one for a sweep over T); <paramref name="timesteps"/> the SNN's T.
    /// </summary>
    public static TwinDesign Create(DesignKind kind, NeuronModel neuron, TwinModel twin, IReadOnlyCollection<Shape> tensors,
        int? timesteps = null, int? activationBits = null)
    {
        var snn = kind == DesignKind.Snn;
        var bits = activationBits ?? twin.ActivationBits;
        var valueBits = snn ? neuron.PayloadBits : bits;
        return new TwinDesign(
            kind,
            BinarySpikes: snn && neuron.Kind == NeuronKind.Snn,
            StateBits: snn ? neuron.MembraneBits : neuron.AccumulatorBits,
            WeightBits: neuron.WeightBits,
            ValueBits: valueBits,
            MaxValue: snn ? neuron.Levels : (1 << bits) - 1,
            Timesteps: snn ? timesteps ?? neuron.Timesteps : 1,
            ThresholdLog2: neuron.ThresholdLog2,
            LeakShift: snn ? neuron.LeakShift : 0,
            ZeroSkipping: snn || twin.ZeroSkipping,
            Event: EventFormat.For(valueBits, tensors),
            // Each of the two ping-pong event regions holds every timestep's events of the largest tensor.
            EventRegionWords: (long)(snn ? timesteps ?? neuron.Timesteps : 1) * tensors.Max(s => (long)s.Channels * s.Height * s.Width));
    }
}
