// The hardware one twin of a spec becomes: every width, depth, address map and per-layer descriptor, computed once.
// The view models, the harness data writer and the result reader all read this; nothing is recomputed elsewhere.
using HwGen.Diagnostics;
using HwGen.Model;
using HwGen.Sim;

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
    DesignKind Design,
    string TopModule,
    string DatapathModule,
    int Lanes,
    int WeightBits,
    int StateBits,
    int ValueBits,
    int MaxValue,
    int ThresholdLog2,
    int LeakShift,
    bool FireWriteBack,
    bool EmitZeros,
    int Timesteps,
    int InternalBits,
    int ChannelBits,
    int RowBits,
    int ColumnBits,
    int EventBits,
    int GbWordBits,
    long GbWords,
    int GbBanks,
    int DramWordBits,
    long DramWordsTotal,
    int RingSlots,
    long RingBase,
    IReadOnlyList<RtlLayer> Layers,
    IReadOnlyList<RtlTap> Taps)
{
    public int WeightAddressBits => Bits.ForAddress(Model.Memory.LaneMemory.WeightWords);

    public int StateAddressBits => Bits.ForAddress(Model.Memory.LaneMemory.StateWords);

    public int GbAddressBits => Bits.ForAddress(GbWords);

    public int DramAddressBits => Bits.ForAddress(Math.Max(2, DramWordsTotal));

    /// <summary>The action the lane's integrate strobe counts: an adder for binary spikes, a MAC otherwise.</summary>
    public ActionKey IntegrateAction => Design == DesignKind.Snn && Model.Neuron.Levels == 1 ? Actions.Accumulate : Actions.MultiplyAccumulate;

    /// <summary>Packs an input event into a global-buffer word: {value, c, y, x}, x in the low bits.</summary>
    public ulong PackEvent(Shape shape, int address, int value)
    {
        var x = address % shape.Width;
        var y = address / shape.Width % shape.Height;
        var c = address / (shape.Width * shape.Height);
        return ((ulong)(uint)value << (ChannelBits + RowBits + ColumnBits)) | ((ulong)(uint)c << (RowBits + ColumnBits)) | ((ulong)(uint)y << ColumnBits) | (uint)x;
    }

    /// <summary>
    /// The DRAM image: each layer's weights as one LSB-first bit stream in the order the loader consumes them
    /// (local unit index, then weight index, then lane), starting on a fresh DRAM word.
    /// <paramref name="weights"/>[layer][unit * FanIn + weightIndex] holds signed weights.
    /// </summary>
    public ulong[] PackDram(IReadOnlyList<IReadOnlyList<int>> weights)
    {
        var words = new ulong[DramWordsTotal];
        var mask = WeightBits == 64 ? ulong.MaxValue : (1UL << WeightBits) - 1;
        foreach (var rtl in Layers)
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

    /// <summary>Computes the design of one twin, or throws <see cref="DiagnosticException"/> when the spec cannot be built.</summary>
    public static RtlDesign Create(HardwareModel model, DesignKind design)
    {
        var problems = new List<Diagnostic>();
        void Fail(string code, string message) =>
            problems.Add(new Diagnostic(code, Severity.Error, SourceSpan.StartOf(model.SourceFile), message));

        var neuron = model.Neuron;
        var snn = design == DesignKind.Snn;
        if (snn && !model.HasSpikingDesign)
        {
            Fail("HW5001", "design 'snn' was requested but the spec's neuron.model is 'qnn'; allowed: qnn");
        }

        if (model.Dataflow != Dataflow.Classical)
        {
            Fail("HW5002", $"dataflow must be 'classical' for RTL generation, found '{model.Dataflow.ToString().ToLowerInvariant()}'");
        }

        var valueBits = snn ? neuron.PayloadBits : model.Twin.ActivationBits;
        var maxValue = snn ? neuron.Levels : model.Twin.MaxActivation;
        var stateBits = snn ? neuron.MembraneBits : neuron.AccumulatorBits;
        var timesteps = snn ? neuron.Timesteps : 1;
        var lanes = model.Core.Lanes;
        var gbBits = model.Memory.GlobalBuffer.WordBits;
        var dramBits = model.Memory.Dram.WordBits;

        if (valueBits + neuron.ThresholdLog2 + 1 > stateBits)
        {
            Fail("HW5003", $"state width {stateBits} must hold a level of {valueBits} bits shifted by the threshold ({neuron.ThresholdLog2} bits) plus a sign bit");
        }

        if (dramBits > 64 || gbBits > 64 || dramBits % gbBits != 0)
        {
            Fail("HW5004", $"memory.dram.word_bits ({dramBits}) must be a multiple of memory.global_buffer.word_bits ({gbBits}), both at most 64");
        }

        if (!Bits.IsPowerOfTwo(model.Memory.GlobalBuffer.Banks))
        {
            Fail("HW5005", $"memory.global_buffer.banks must be a power of two, found {model.Memory.GlobalBuffer.Banks}");
        }

        if (model.Core.OutputQueueDepth < 2 || model.Core.InputQueueDepth < 2)
        {
            Fail("HW5006", "core.input_queue_depth and core.output_queue_depth must be at least 2");
        }

        // Event fields are sized for the largest tensor dimension any layer reads or writes.
        var tensors = model.Layers.Select(l => l.OutputShape).Prepend(model.Workload.Input).ToList();
        var channelBits = Bits.ForAddress(tensors.Max(s => s.Channels));
        var rowBits = Bits.ForAddress(tensors.Max(s => s.Height));
        var columnBits = Bits.ForAddress(tensors.Max(s => s.Width));
        var eventBits = valueBits + channelBits + rowBits + columnBits;
        if (eventBits > gbBits)
        {
            Fail("HW5007", $"an event needs {eventBits} bits (value {valueBits}, channel {channelBits}, row {rowBits}, column {columnBits}) but a global-buffer word has {gbBits}");
        }

        // Global buffer: two ping-pong event regions of T x largest tensor, then the weight staging ring.
        var region = (long)timesteps * tensors.Max(s => s.Size);
        const int ringSlots = 4;
        var gbWords = model.Memory.GlobalBuffer.CapacityWords;
        if (2 * region + ringSlots > gbWords)
        {
            Fail("HW5008", $"the global buffer holds {gbWords} words but needs {2 * region + ringSlots} (two event regions of {region} words and a {ringSlots}-word weight staging ring)");
        }

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
            if (layer.Kind == LayerKind.Conv2d)
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

        if (problems.Count > 0)
        {
            throw new DiagnosticException(problems);
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

        return new RtlDesign(model, design,
            TopModule: "neural_core",
            DatapathModule: snn ? "snn_lane_datapath" : "qnn_lane_datapath",
            Lanes: lanes,
            WeightBits: neuron.WeightBits,
            StateBits: stateBits,
            ValueBits: valueBits,
            MaxValue: maxValue,
            ThresholdLog2: neuron.ThresholdLog2,
            LeakShift: snn ? neuron.LeakShift : 0,
            FireWriteBack: snn,
            EmitZeros: !snn && !model.Twin.ZeroSkipping,
            Timesteps: timesteps,
            InternalBits: internalBits,
            ChannelBits: channelBits,
            RowBits: rowBits,
            ColumnBits: columnBits,
            EventBits: eventBits,
            GbWordBits: gbBits,
            GbWords: gbWords,
            GbBanks: model.Memory.GlobalBuffer.Banks,
            DramWordBits: dramBits,
            DramWordsTotal: dramBase,
            RingSlots: ringSlots,
            RingBase: 2 * region,
            Layers: layers,
            Taps: taps);
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
