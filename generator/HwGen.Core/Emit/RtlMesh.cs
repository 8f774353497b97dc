// What a mesh dataflow's twin becomes in RTL beyond one core: the per-core slot, source-pair and destination tables,
// the flit layout and every width of the network interfaces, computed once from the model's mapping.
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>
/// One slot of one core as its tables hold it (every value an unsigned integer). <see cref="Stride"/> is the words of
/// one timestep of its input region (the input's neurons, then the shortcut tensor's); <see cref="OwnSources"/> of its
/// <see cref="Sources"/> streams carry its own input, the rest its shortcut's events.
/// </summary>
public sealed record RtlMeshSlot(LayerSlice Slice, Shape EventShape, int PairBase, long CountBase, int DestBase, int Sources, int Destinations,
    NocEncoding Encoding, long DenseThreshold)
{
    public int Stride { get; init; } = EventShape.Size;

    public int OwnSources { get; init; } = Sources;
}

/// <summary>
/// One (slot, source) stream of a core: where the source's events go in the slot's region, where its slice starts
/// and the shape of the tensor its events address (<see cref="Height"/> x <see cref="Width"/> per channel).
/// </summary>
public sealed record RtlMeshPair(int Core, int Slot, int Source, long Offset, int StartChannel, int StartRow, int StartColumn, int Neurons)
{
    public int Height { get; init; }

    public int Width { get; init; }
}

/// <summary>One entry of the global destination table: the router and slot a flit goes to, and its stream there (the header's source field).</summary>
public sealed record RtlMeshDestination(int X, int Y, int Slot, int Stream = 0);

public sealed record RtlMesh(
    NocMapping Mapping,
    NocPacketFormat Format,
    IReadOnlyList<IReadOnlyList<RtlMeshSlot>> Slots,
    IReadOnlyList<IReadOnlyList<RtlMeshPair>> Pairs,
    IReadOnlyList<RtlMeshDestination> Destinations,
    int MaxTimesteps)
{
    public int Cores => Mapping.Cores.Count;

    /// <summary>Whether some slot adds the network input: the host then writes shortcut streams, counted at that slot's layer.</summary>
    public bool HasInputShortcuts => Mapping.InputShortcuts.Any(i => i);

    public int CoreBits => Bits.ForAddress(Cores);

    public int SlotBits => Mapping.Header.SlotBits;

    public int SourceBits => Mapping.Header.SourceBits;

    public int PairBits => Bits.ForAddress(Pairs.Max(p => p.Count));

    public int MaxPairs => 1 << PairBits;

    public int TimestepIndexBits => Bits.ForAddress(MaxTimesteps);

    public int TimestepCountBits => Bits.ForValues(MaxTimesteps);

    public int MarkIndexBits => SlotBits + TimestepIndexBits;

    /// <summary>Mark counters: one per (slot, timestep index) of the index space.</summary>
    public int MarkEntries => 1 << MarkIndexBits;

    public int SourceCountBits => Bits.ForValues(Slots.SelectMany(s => s).Max(s => s.Sources));

    /// <summary>Count-table entries of the largest core: Σ over its slots of T × sources.</summary>
    public long CountEntries => Math.Max(1, Slots.Max(core => core.Sum(s => (long)MaxTimesteps * s.Sources)));

    public int CountIndexBits => Bits.ForAddress(CountEntries);

    public int DestIndexBits => Bits.ForAddress(Math.Max(1, Destinations.Count));

    public int DenseIndexBits => Bits.ForAddress(Math.Max(1, Format.DenseValues));

    /// <summary>
    /// The mesh design of one twin: slot tables per core (in slot order), every (slot, source) pair with its region offset
    /// and the first position of the source slice, and the destinations of every slot, one entry per next-layer slice.
    /// </summary>
    public static RtlMesh Create(HardwareModel model, TwinDesign twin)
    {
        var mesh = model.RequireMesh();
        var encodings = model.EncodingsOf(twin.Kind);
        var format = mesh.PacketFormat(twin);
        var slots = new List<IReadOnlyList<RtlMeshSlot>>();
        var pairs = new List<IReadOnlyList<RtlMeshPair>>();
        var destinations = new List<RtlMeshDestination>();
        var tensors = model.Workload.Tensors;
        var timesteps = twin.Timesteps;
        foreach (var core in mesh.Cores)
        {
            var coreSlots = new List<RtlMeshSlot>();
            var corePairs = new List<RtlMeshPair>();
            long countBase = 0;
            foreach (var slice in core.Slots)
            {
                var eventShape = tensors[slice.Layer];
                var sources = slice.Layer == 0 ? null : mesh.Slices[slice.Layer - 1];
                var ownCount = mesh.OwnSourceCount(slice.Layer);
                var sourceCount = mesh.SourceCount(slice.Layer);
                var pairBase = corePairs.Count;
                for (var k = 0; k < ownCount; k++)
                {
                    var first = sources is null ? 0 : sources[k].FirstNeuron;
                    var neurons = sources is null ? eventShape.Size : sources[k].Neurons;
                    var (c, y, x) = Position(eventShape, first);
                    corePairs.Add(new RtlMeshPair(core.Index, slice.Slot, k, first, c, y, x, neurons) { Height = eventShape.Height, Width = eventShape.Width });
                }

                // The shortcut's streams: each source slice of the shortcut's layer at its first neuron, after the input's words.
                // A shortcut from the network input is one stream, written by the host like layer 0's input.
                var shortcutShape = tensors[slice.Layer + 1];
                var shortcuts = mesh.ShortcutSlices(slice.Layer).Select(s => (s.FirstNeuron, s.Neurons)).ToList();
                if (mesh.HasInputShortcut(slice.Layer))
                {
                    shortcuts.Add((0, shortcutShape.Size));
                }

                for (var k = 0; k < shortcuts.Count; k++)
                {
                    var (c, y, x) = Position(shortcutShape, shortcuts[k].FirstNeuron);
                    corePairs.Add(new RtlMeshPair(core.Index, slice.Slot, ownCount + k, eventShape.Size + shortcuts[k].FirstNeuron, c, y, x, shortcuts[k].Neurons)
                    {
                        Height = shortcutShape.Height,
                        Width = shortcutShape.Width,
                    });
                }

                var encoding = encodings[slice.Layer];
                var routes = mesh.Routes(slice);
                var destBase = destinations.Count;
                destinations.AddRange(routes.Select(r =>
                    new RtlMeshDestination(mesh.Cores[r.Destination.Core].Position.X, mesh.Cores[r.Destination.Core].Position.Y, r.Destination.Slot, r.Stream)));
                // Dense after a timestep with more events than the crossover: the table holds crossover + 1 (events ≥ it).
                var threshold = encoding.Mode == NocEncoding.Hybrid ? encoding.HybridThresholds[slice.Index] + 1 : 0;
                coreSlots.Add(new RtlMeshSlot(slice, eventShape, pairBase, countBase, destBase, sourceCount, routes.Count, encoding.Mode, threshold)
                {
                    Stride = eventShape.Size + (shortcuts.Count > 0 ? shortcutShape.Size : 0),
                    OwnSources = ownCount,
                });
                countBase += (long)timesteps * sourceCount;
            }

            slots.Add(coreSlots);
            pairs.Add(corePairs);
        }

        return new RtlMesh(mesh, format, slots, pairs, destinations, timesteps);
    }

    /// <summary>(channel, row, column) of flat address <paramref name="address"/> in <paramref name="shape"/>.</summary>
    public static (int Channel, int Row, int Column) Position(Shape shape, int address) =>
        (address / (shape.Height * shape.Width), address / shape.Width % shape.Height, address % shape.Width);

    /// <summary>The slot of <paramref name="core"/> that holds <paramref name="slice"/>.</summary>
    public RtlMeshSlot SlotOf(LayerSlice slice) => Slots[slice.Core][slice.Slot];

    /// <summary>Count-table index of (slot, timestep, source) on its core.</summary>
    public long CountIndex(RtlMeshSlot slot, int timestep, int source) => slot.CountBase + (long)timestep * slot.Sources + source;

    /// <summary>Mark index of (slot, timestep): {slot, timestep index}.</summary>
    public long MarkIndex(int slot, int timestep) => ((long)slot << TimestepIndexBits) | (uint)timestep;

    /// <summary>Event-buffer word of the n-th event from source <paramref name="source"/> at timestep t.</summary>
    public long BufferAddress(RtlMeshSlot slot, int timestep, int source, long n) =>
        slot.Slice.BufferBase + (long)timestep * slot.Stride + Pairs[slot.Slice.Core][slot.PairBase + source].Offset + n;
}
