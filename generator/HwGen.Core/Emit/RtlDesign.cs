// The hardware one twin of a spec becomes: every width, depth, address map and per-layer descriptor, computed once.
// The view models, the harness data writer and the result reader all read this; nothing is recomputed elsewhere.
using HwGen.Diagnostics;
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>One layer as the controller sees it: shapes, mapping, global-buffer regions and DRAM weight stream.</summary>
/// <summary>
/// <see cref="EventShape"/> is the tensor the layer's input events address: the previous layer's output (or the
/// network input), even where the model flattens an fc layer's input to N x 1 x 1; events carry its (c, y, x).
/// </summary>
public sealed record RtlLayer(
    LayerModel Layer,
    Shape EventShape,
    long DramBase,
    long DramWords,
    long GbWords,
    long InBase,
    long InStride,
    long OutBase,
    long OutStride,
    long TapYBase,
    long TapXBase);

/// <summary>One conv2d tap-table entry: the first reached output position of an input coordinate and how many follow.</summary>
public sealed record RtlTap(long Index, long WeightOffset, long StateOffset, long Count);

public sealed record RtlDesign(
    HardwareModel Model,
    TwinDesign Twin,
    string TopModule,
    string DatapathModule,
    int Lanes,
    int InternalBits,
    int GbWordBits,
    long GbWords,
    int GbBanks,
    int DramWordBits,
    long DramWordsTotal,
    long RingBase,
    IReadOnlyList<RtlLayer> Layers,
    IReadOnlyList<RtlTap> Taps)
{
    /// <summary>The mesh part of a spatial or neuromorphic design (routers, interfaces, core tables); null for the classical core.</summary>
    public RtlMesh? Mesh { get; init; }

    public DesignKind Design => Twin.Kind;

    public int WeightBits => Twin.WeightBits;

    public int StateBits => Twin.StateBits;

    public int ValueBits => Twin.ValueBits;

    public int MaxValue => Twin.MaxValue;

    public int ThresholdLog2 => Twin.ThresholdLog2;

    public int LeakShift => Twin.LeakShift;

    public bool FireWriteBack => Twin.FireWriteBack;

    public bool EmitZeros => Twin.EmitZeros;

    public int Timesteps => Twin.Timesteps;

    public int ChannelBits => Twin.Event.ChannelBits;

    public int RowBits => Twin.Event.RowBits;

    public int ColumnBits => Twin.Event.ColumnBits;

    public int EventBits => Twin.Event.Bits;

    public int RingSlots => TwinDesign.StagingRingWords;

    public int WeightAddressBits => Bits.ForAddress(Model.Memory.LaneMemory.WeightWords);

    public int StateAddressBits => Bits.ForAddress(Model.Memory.LaneMemory.StateWords);

    public int GbAddressBits => Bits.ForAddress(GbWords);

    public int DramAddressBits => Bits.ForAddress(Math.Max(2, DramWordsTotal));

    /// <summary>Bits of a pool state's magnitude: a pool state is never negative, so the state width less its sign bit.</summary>
    public int PoolMagnitudeBits => StateBits - 1;

    /// <summary>Each layer's average-pool reciprocal (multiplier 0 for the other layers), at <see cref="PoolMagnitudeBits"/>.</summary>
    public IReadOnlyList<PoolReciprocal> PoolReciprocals => Layers
        .Select(l => l.Layer.Kind == LayerKind.AvgPool ? PoolReciprocal.For(l.Layer.PoolDivisor, PoolMagnitudeBits) : default)
        .ToList();

    /// <summary>The action the lane's integrate strobe counts: an adder for binary spikes, a MAC otherwise.</summary>
    public ActionKey IntegrateAction => Twin.IntegrateAction;

    /// <summary>Packs an input event into a global-buffer word (<see cref="EventFormat.Pack"/>).</summary>
    public ulong PackEvent(Shape shape, int address, int value) => Twin.Event.Pack(shape, address, value);

    /// <summary>
    /// The DRAM image: each layer's weights as one LSB-first bit stream in the order the loader consumes them
    /// (local unit index, then weight index, then lane), starting on a fresh DRAM word.
    /// <paramref name="weights"/>[layer][unit * FanIn + weightIndex] holds signed weights.
    /// </summary>
    public ulong[] PackDram(IReadOnlyList<IReadOnlyList<int>> weights)
    {
        var words = new ulong[DramWordsTotal];
        var mask = WeightBits == 64 ? ulong.MaxValue : (1UL << WeightBits) - 1;
        foreach (var rtl in Layers.Where(l => !l.Layer.IsPool))
        {
            var layer = rtl.Layer;
            var layerWeights = weights[layer.Index];
            if (layerWeights.Count != layer.WeightCount)
            {
                throw new ArgumentException($"layer {layer.Name}: expected {layer.WeightCount} weights, got {layerWeights.Count}");
            }

            var units = layer.Kind == LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
            long bit = rtl.DramBase * DramWordBits;
            for (var j = 0; j < layer.Mapping.UnitsPerLane; j++)
            {
                for (var i = 0; i < layer.FanIn; i++)
                {
                    for (var lane = 0; lane < Lanes; lane++)
                    {
                        var unit = j * Lanes + lane;
                        if (unit >= units)
                        {
                            break;
                        }

                        var value = (ulong)layerWeights[unit * layer.FanIn + i] & mask;
                        for (var b = 0; b < WeightBits; b++, bit++)
                        {
                            if (((value >> b) & 1) != 0)
                            {
                                words[bit / DramWordBits] |= 1UL << (int)(bit % DramWordBits);
                            }
                        }
                    }
                }
            }
        }

        return words;
    }

    /// <summary>
    /// Computes the RTL of one twin, or throws <see cref="DiagnosticException"/> (located at the key at fault) when the
    /// generator does not support the spec. Limits known from the spec alone are checked by validation.
    /// </summary>
    public static RtlDesign Create(HardwareModel model, DesignKind design)
    {
        var problems = new DiagnosticBag();
        if (design == DesignKind.Snn && !model.HasSpikingDesign)
        {
            problems.NoSpikingDesign(model.Locations.At("neuron.model"));
        }

        foreach (var layer in model.Layers)
        {
            if (layer.Residual is { } residual)
            {
                problems.LayerWithoutRtl(model.Locations.At($"workload.layers[{layer.Index}].residual"), $"workload.layers[{layer.Index}].residual",
                    $"'{residual.Name}', a shortcut");
            }
        }

        if (problems.HasErrors)
        {
            throw new DiagnosticException(problems.Sorted());
        }

        var twin = model.Design(design);
        var neuron = model.Neuron;
        var lanes = model.Core.Lanes;
        var gbBits = model.Memory.GlobalBuffer.WordBits;
        var dramBits = model.Memory.Dram.WordBits;
        var region = twin.EventRegionWords;
        var gbWords = model.Memory.GlobalBuffer.CapacityWords;
        var timesteps = twin.Timesteps;
        var layers = new List<RtlLayer>();
        var taps = new List<RtlTap>();
        long dramBase = 0;
        var eventShape = model.Workload.Input;
        foreach (var layer in model.Layers)
        {
            var streamBits = layer.WeightCount * neuron.WeightBits;
            var dramWords = (streamBits + dramBits - 1) / dramBits;
            var gbStream = (streamBits + gbBits - 1) / gbBits;
            long tapY = 0, tapX = 0;
            if (layer.Kind != LayerKind.Fc)
            {
                tapY = taps.Count;
                taps.AddRange(AxisTaps(tapY, layer.InputShape.Height, layer.OutputShape.Height, layer, layer.Kernel, layer.OutputShape.Width));
                tapX = taps.Count;
                taps.AddRange(AxisTaps(tapX, layer.InputShape.Width, layer.OutputShape.Width, layer, 1, 1));
            }

            var even = layer.Index % 2 == 0;
            layers.Add(new RtlLayer(layer, eventShape, dramBase, dramWords, gbStream,
                InBase: even ? 0 : region, InStride: layer.InputShape.Size,
                OutBase: even ? region : 0, OutStride: layer.OutputShape.Size,
                TapYBase: tapY, TapXBase: tapX));
            dramBase += dramWords;
            eventShape = layer.OutputShape;
        }

        if (model.IsMesh)
        {
            return CreateMesh(model, twin, layers, taps);
        }

        var loaderBits = lanes * neuron.WeightBits + 2 * gbBits;
        long largest = new[]
        {
            gbWords, dramBase + 1, loaderBits + 2L * gbBits, region, timesteps + 1L,
            model.Memory.LaneMemory.WeightWords, model.Memory.LaneMemory.StateWords,
            model.Layers.Max(l => (long)l.Neurons * l.Mapping.NeuronsPerUnit + l.Neurons),
            model.Layers.Max(l => (long)l.Mapping.UnitsPerLane * lanes + lanes),
        }.Max();
        var internalBits = Bits.ForValues(largest) + 1;

        return new RtlDesign(model, twin,
            TopModule: "neural_core",
            DatapathModule: twin.IsSpiking ? "snn_lane_datapath" : "qnn_lane_datapath",
            Lanes: lanes,
            InternalBits: internalBits,
            GbWordBits: gbBits,
            GbWords: gbWords,
            GbBanks: model.Memory.GlobalBuffer.Banks,
            DramWordBits: dramBits,
            DramWordsTotal: dramBase,
            RingBase: 2 * region,
            Layers: layers,
            Taps: taps);
    }

    /// <summary>
    /// The multi-core design: every core the same (lanes, lane memories, an event buffer of the global buffer's size),
    /// its slots described by the mesh tables; index and address arithmetic at one internal width wide enough for every
    /// buffer address, lane address, neuron address, count and table index.
    /// </summary>
    private static RtlDesign CreateMesh(HardwareModel model, TwinDesign twin, List<RtlLayer> layers, List<RtlTap> taps)
    {
        var mesh = RtlMesh.Create(model, twin);
        var lanes = model.Core.Lanes;
        var gbWords = model.Memory.GlobalBuffer.CapacityWords;
        long largest = new[]
        {
            gbWords, twin.Timesteps + 1L, model.Memory.LaneMemory.WeightWords, model.Memory.LaneMemory.StateWords,
            model.Layers.Max(l => (long)l.Neurons * l.Mapping.NeuronsPerUnit + l.Neurons),
            model.Layers.Max(l => (long)l.Mapping.UnitsPerLane * lanes + lanes),
            model.Workload.Tensors.Max(s => (long)s.Size * s.Channels + s.Size),
            model.Layers.Count + 1L, mesh.CountEntries + 1, mesh.Destinations.Count + 1L, mesh.MaxPairs + 1L,
            mesh.Mapping.Cores.Max(c => c.BufferWords) + 1, taps.Count + 1L, mesh.Format.DenseValues + 1L,
        }.Max();
        return new RtlDesign(model, twin,
            TopModule: "mesh_top",
            DatapathModule: twin.IsSpiking ? "snn_lane_datapath" : "qnn_lane_datapath",
            Lanes: lanes,
            InternalBits: Bits.ForValues(largest) + 1,
            GbWordBits: model.Memory.GlobalBuffer.WordBits,
            GbWords: gbWords,
            GbBanks: model.Memory.GlobalBuffer.Banks,
            DramWordBits: model.Memory.Dram.WordBits,
            DramWordsTotal: 0,
            RingBase: 0,
            Layers: layers,
            Taps: taps)
        {
            Mesh = mesh,
        };
    }

    /// <summary>
    /// Tap entries of one axis: for each input coordinate, the reached output positions o = (i + pad - k) / stride
    /// form a run o_min.. with k falling by stride; the entry holds k_min-run start scaled for the weight index.
    /// </summary>
    private static IEnumerable<RtlTap> AxisTaps(long baseIndex, int inSize, int outSize, LayerModel layer, int weightScale, int stateScale)
    {
        for (var i = 0; i < inSize; i++)
        {
            var reached = new List<(int Output, int Tap)>();
            for (var k = 0; k < layer.Kernel; k++)
            {
                var shifted = i + layer.Padding - k;
                if (shifted >= 0 && shifted % layer.Stride == 0 && shifted / layer.Stride < outSize)
                {
                    reached.Add((shifted / layer.Stride, k));
                }
            }

            if (reached.Count == 0)
            {
                yield return new RtlTap(baseIndex + i, 0, 0, 0);
                continue;
            }

            var first = reached.MinBy(r => r.Output);
            yield return new RtlTap(baseIndex + i, (long)first.Tap * weightScale, (long)first.Output * stateScale, reached.Count);
        }
    }
}
