// Where each layer runs on a mesh dataflow (spatial, neuromorphic): layer slices on cores, cores on mesh positions,
// and the one packet format both twins' flits use. Computed once by the model builder; every later stage reads it.
namespace HwGen.Model;

/// <summary>How a layer's output events travel on the NoC (the spec's <c>noc_encoding</c>).</summary>
public enum NocEncoding
{
    /// <summary>Resolved from the analytical model: the encoding of the two with the smaller expected NoC energy.</summary>
    Auto,

    /// <summary>One address-event flit per output event (multi-level spikes and QNN activations carry their value).</summary>
    Sparse,

    /// <summary>Every neuron's value, packed into flits in address order (zeros included).</summary>
    Dense,

    /// <summary>Per timestep and slice: dense when the slice's previous timestep emitted more events than the crossover, else sparse.</summary>
    Hybrid,
}

/// <summary>A router's place in the mesh: column <see cref="X"/> (0..mesh_x−1), row <see cref="Y"/> (0..mesh_y−1).</summary>
public readonly record struct MeshPosition(int X, int Y)
{
    /// <summary>Links an XY-routed flit crosses from here to <paramref name="other"/>.</summary>
    public int HopsTo(MeshPosition other) => Math.Abs(X - other.X) + Math.Abs(Y - other.Y);

    public override string ToString() => $"({X},{Y})";
}

/// <summary>
/// One slice of a layer on its core: local unit indices <see cref="FirstLocalUnit"/>.. (<see cref="LocalUnits"/> on the
/// busiest lane), so the global units <see cref="FirstUnit"/>..+<see cref="Units"/> and the output neurons
/// <see cref="FirstNeuron"/>..+<see cref="Neurons"/> (contiguous addresses). On its core it is slot <see cref="Slot"/>:
/// its weights start at lane weight address <see cref="WeightBase"/>, its state at <see cref="StateBase"/>, its input
/// events at event-buffer word <see cref="BufferBase"/> (one region of N_in words per timestep).
/// </summary>
public sealed record LayerSlice(
    int Layer,
    int Index,
    int Core,
    int Slot,
    int FirstLocalUnit,
    int LocalUnits,
    int FirstUnit,
    int Units,
    int FirstNeuron,
    int Neurons,
    int WeightBase,
    int StateBase,
    long BufferBase);

/// <summary>One neural core of the mesh: its position and the slices it holds, in layer order (its slots).</summary>
public sealed record MeshCore(int Index, MeshPosition Position, IReadOnlyList<LayerSlice> Slots)
{
    /// <summary>Lane weight words its slices use (per lane).</summary>
    public int WeightWords { get; init; }

    /// <summary>Lane state words its slices use (per lane).</summary>
    public int StateWords { get; init; }

    /// <summary>Event-buffer words its slices' input regions use (T regions of N_in words each).</summary>
    public long BufferWords { get; init; }
}

/// <summary>
/// The header every flit carries, LSB first: kind (sparse event, dense word, end-of-timestep marker after a sparse
/// timestep), the destination router's X and Y, the destination slot on that core and the source slice.
/// </summary>
public sealed record NocHeader(int XBits, int YBits, int SlotBits, int SourceBits)
{
    public const int KindBits = 2;

    public const int KindSparse = 0;

    public const int KindDense = 1;

    public const int KindMarker = 2;

    public int Bits => KindBits + XBits + YBits + SlotBits + SourceBits;

    public int XLow => KindBits;

    public int YLow => XLow + XBits;

    public int SlotLow => YLow + YBits;

    public int SourceLow => SlotLow + SlotBits;

    public override string ToString() =>
        $"{Bits} bits (kind {KindBits}, x {XBits}, y {YBits}, slot {SlotBits}, source {SourceBits})";
}

/// <summary>
/// One twin's flits on a <see cref="LinkBits"/>-bit link, every packet one flit: a sparse event is header + the
/// event's address (+ value unless spikes are binary); a dense word is header + <see cref="DenseValues"/> value slots
/// (the last word of a slice has zeros in its unused slots); a marker is the header alone. The counted bits of a flit are
/// its format's bits; the rest of the link is tied to 0.
/// </summary>
public sealed record NocPacketFormat(NocHeader Header, int LinkBits, int AddressBits, int SparsePayloadBits, int ValueBits, int DenseValues)
{
    public int SparseBodyBits => AddressBits + SparsePayloadBits;

    public int SparseFlitBits => Header.Bits + SparseBodyBits;

    public int DenseFlitBits => Header.Bits + DenseValues * ValueBits;

    public int MarkerBits => Header.Bits;

    /// <summary>Dense flits of one timestep of <paramref name="neurons"/> neurons.</summary>
    public long DenseFlits(int neurons) => DenseValues <= 0 ? 0 : (neurons + DenseValues - 1) / DenseValues;

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"sparse {SparseFlitBits} b, dense {DenseFlitBits} b ({DenseValues} x {ValueBits} b), marker {MarkerBits} b on {LinkBits} b links");
}

/// <summary>How one layer's output events travel, resolved (never <see cref="NocEncoding.Auto"/>): per slice the hybrid crossover.</summary>
public sealed record LayerNocEncoding(NocEncoding Mode, IReadOnlyList<long> HybridThresholds)
{
    /// <summary>
    /// Whether slice <paramref name="slice"/> sends timestep <paramref name="timestep"/> densely, given the events it
    /// emitted in the timestep before: hybrid slices start sparse and go dense after a timestep above their crossover.
    /// </summary>
    public bool DenseAt(int slice, int timestep, long previousEvents) => Mode switch
    {
        NocEncoding.Dense => true,
        NocEncoding.Hybrid => timestep > 0 && previousEvents > HybridThresholds[slice],
        _ => false,
    };

    public override string ToString() => Mode.ToString().ToLowerInvariant();
}

/// <summary>The resolved encodings of both twins, per layer (the spec's <c>noc_encoding</c> with <c>auto</c> decided).</summary>
public sealed record NocEncodingPlan(IReadOnlyList<LayerNocEncoding> Snn, IReadOnlyList<LayerNocEncoding> Qnn)
{
    public IReadOnlyList<LayerNocEncoding> For(DesignKind design) => design == DesignKind.Snn ? Snn : Qnn;
}

/// <summary>
/// One stream a source slice sends on: the destination slice and the stream index it has there (the header's source
/// field: the receiver's pair), and whether the destination adds these events as its shortcut.
/// </summary>
public sealed record NocRoute(LayerSlice Destination, int Stream, bool Shortcut);

/// <summary>The whole mapping of a mesh dataflow.</summary>
public sealed record NocMapping(
    int MeshX,
    int MeshY,
    int LinkBits,
    int BufferDepth,
    IReadOnlyList<MeshCore> Cores,
    IReadOnlyList<IReadOnlyList<LayerSlice>> Slices,
    NocHeader Header)
{
    /// <summary>
    /// Per layer, the layer whose output its residual shortcut adds (docs/hardware.md, "Residual additions"), or −1
    /// without one or for a shortcut from the network input (<see cref="InputShortcuts"/>).
    /// </summary>
    public IReadOnlyList<int> ShortcutSources { get; init; } = [];

    /// <summary>Per layer, whether its shortcut adds the network input: the host writes it as one more stream of each slice.</summary>
    public IReadOnlyList<bool> InputShortcuts { get; init; } = [];

    public int Routers => MeshX * MeshY;

    public int MaxSlots => Cores.Max(c => c.Slots.Count);

    /// <summary>The slices of <paramref name="layer"/> that send it its input events (none for layer 0: the host writes them).</summary>
    public IReadOnlyList<LayerSlice> Sources(int layer) => layer == 0 ? [] : Slices[layer - 1];

    /// <summary>The layer whose output <paramref name="layer"/>'s shortcut adds, or −1.</summary>
    public int ShortcutSource(int layer) => layer < ShortcutSources.Count ? ShortcutSources[layer] : -1;

    /// <summary>Whether <paramref name="layer"/>'s shortcut adds the network input (written by the host, no NoC traffic).</summary>
    public bool HasInputShortcut(int layer) => layer < InputShortcuts.Count && InputShortcuts[layer];

    /// <summary>The slices that send <paramref name="layer"/> its shortcut's events (none without a shortcut, or from the input).</summary>
    public IReadOnlyList<LayerSlice> ShortcutSlices(int layer) => ShortcutSource(layer) is var s and >= 0 ? Slices[s] : [];

    /// <summary>Streams of a slice's own input: the previous layer's slices, or the host for layer 0.</summary>
    public int OwnSourceCount(int layer) => layer == 0 ? 1 : Slices[layer - 1].Count;

    /// <summary>
    /// Input streams a slice of <paramref name="layer"/> waits for: its own input's (the previous layer's slices, or
    /// the host), then, with a shortcut, one per slice of the shortcut's source layer (one from the host for the input).
    /// </summary>
    public int SourceCount(int layer) => OwnSourceCount(layer) + ShortcutSlices(layer).Count + (HasInputShortcut(layer) ? 1 : 0);

    /// <summary>
    /// Every stream <paramref name="source"/>'s output events are sent on, in the order the sender walks them: one to
    /// each slice of the next layer (stream = the source slice's index there), then one to each slice of every later
    /// layer whose shortcut names the source's layer (stream = that layer's own streams + the source slice's index).
    /// </summary>
    public IReadOnlyList<NocRoute> Routes(LayerSlice source)
    {
        var routes = new List<NocRoute>();
        var layer = source.Layer;
        if (layer + 1 < Slices.Count)
        {
            routes.AddRange(Slices[layer + 1].Select(d => new NocRoute(d, source.Index, false)));
        }

        for (var m = layer + 1; m < Slices.Count; m++)
        {
            if (ShortcutSource(m) == layer)
            {
                routes.AddRange(Slices[m].Select(d => new NocRoute(d, OwnSourceCount(m) + source.Index, true)));
            }
        }

        return routes;
    }

    /// <summary>
    /// The slices every output event of <paramref name="layer"/> goes to: the next layer's, then those of every later
    /// layer whose shortcut names this one (none for the last layer without such a shortcut). A slice appears once
    /// per stream it receives.
    /// </summary>
    public IReadOnlyList<LayerSlice> Destinations(int layer) =>
        Slices[layer].Count == 0 ? [] : Routes(Slices[layer][0]).Select(r => r.Destination).ToList();

    /// <summary>The slices of later layers that receive <paramref name="layer"/>'s output as a shortcut, in route order.</summary>
    public IReadOnlyList<LayerSlice> ShortcutDestinations(int layer) =>
        Slices[layer].Count == 0 ? [] : Routes(Slices[layer][0]).Where(r => r.Shortcut).Select(r => r.Destination).ToList();

    public MeshPosition PositionOf(LayerSlice slice) => Cores[slice.Core].Position;

    public int Hops(LayerSlice from, LayerSlice to) => PositionOf(from).HopsTo(PositionOf(to));

    /// <summary>Σ over the destinations of one source slice of the hops a flit to each crosses.</summary>
    public int HopsToDestinations(LayerSlice source) => Destinations(source.Layer).Sum(d => Hops(source, d));

    /// <summary>
    /// The mean hops of one flit of <paramref name="layer"/>'s output traffic: over every (source slice, destination
    /// slice) pair, each source weighted by its neurons (expected events are proportional to them); null for the last layer.
    /// </summary>
    public double? AverageHops(int layer)
    {
        var destinations = Destinations(layer);
        if (destinations.Count == 0)
        {
            return null;
        }

        double weighted = 0, weight = 0;
        foreach (var source in Slices[layer])
        {
            weighted += (double)source.Neurons * HopsToDestinations(source);
            weight += (double)source.Neurons * destinations.Count;
        }

        return weighted / weight;
    }

    /// <summary>
    /// Flits per output event of <paramref name="layer"/> at <paramref name="eventsPerNeuron"/> events per neuron and
    /// timestep over <paramref name="passes"/> timesteps: every flit to every destination (data, and the marker after a
    /// sparse timestep) over the expected events; a hybrid slice sends its first timestep sparse and the later ones as
    /// its crossover decides at this rate. Null for the last layer or when no event is expected.
    /// </summary>
    public double? FlitsPerEvent(int layer, NocPacketFormat format, LayerNocEncoding encoding, double eventsPerNeuron, int passes)
    {
        var destinations = Destinations(layer).Count;
        double flits = 0, events = 0;
        foreach (var slice in Slices[layer])
        {
            var perStep = eventsPerNeuron * slice.Neurons;
            for (var t = 0; t < passes; t++)
            {
                flits += destinations * (encoding.DenseAt(slice.Index, t, (long)Math.Round(perStep)) ? format.DenseFlits(slice.Neurons) : perStep + 1);
                events += perStep;
            }
        }

        return destinations == 0 || events <= 0 ? null : flits / events;
    }

    /// <summary>The flit format of one twin.</summary>
    public NocPacketFormat PacketFormat(TwinDesign twin)
    {
        var denseValues = (LinkBits - Header.Bits) / twin.ValueBits;
        return new NocPacketFormat(Header, LinkBits, twin.Event.AddressBits, twin.SparsePayloadBits, twin.ValueBits, Math.Max(0, denseValues));
    }

    /// <summary>The mesh position of core <paramref name="index"/> on the snake path (row 0 left to right, row 1 right to left, ...).</summary>
    public static MeshPosition SnakePosition(int index, int meshX)
    {
        var y = index / meshX;
        var x = index % meshX;
        return new MeshPosition(y % 2 == 0 ? x : meshX - 1 - x, y);
    }
}
