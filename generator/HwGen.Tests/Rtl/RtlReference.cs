// A small, independent reference of docs/hardware.md used by the RTL tests until the C# golden model is merged:
// arithmetic, event order and the counting table, written from the contract, not from the RTL.
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Tests.Rtl;

public sealed record ReferenceRun(NetworkTrace Trace, IReadOnlyList<ActionCounts> LayerCounts);

public static class RtlReference
{
    public static ReferenceRun Run(HardwareModel model, DesignKind design, IReadOnlyList<IReadOnlyList<int>> weights, IReadOnlyList<IReadOnlyList<SpikeEvent>> inputs)
    {
        var n = model.Neuron;
        var snn = design == DesignKind.Snn;
        var f = n.ThresholdLog2;
        var stateBits = snn ? n.MembraneBits : n.AccumulatorBits;
        var maxOut = snn ? n.Levels : model.Twin.MaxActivation;
        var timesteps = inputs.Count;
        var lanes = model.Core.Lanes;
        var traces = new List<LayerTrace>();
        var allCounts = new List<ActionCounts>();
        var layerInputs = inputs;
        foreach (var layer in model.Layers)
        {
            var m = layer.Mapping;
            var w = weights[layer.Index];
            var units = layer.Kind == LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
            var p = m.NeuronsPerUnit;
            var state = new long[layer.Neurons];
            var outputs = Enumerable.Range(0, timesteps).Select(_ => new List<SpikeEvent>()).ToList();
            long synaptic = 0, tileNeurons = 0, outEvents = 0, inEvents = layerInputs.Sum(e => e.Count);
            for (var k = 0; k < m.Tiles; k++)
            {
                var firstLocal = k * m.UnitsPerTile;
                var lastLocal = Math.Min(firstLocal + m.UnitsPerTile, m.UnitsPerLane);
                var tileUnits = Enumerable.Range(firstLocal * lanes, (lastLocal - firstLocal) * lanes).Where(u => u < units).ToList();
                var neurons = tileUnits.SelectMany(u => Enumerable.Range(u * p, p)).Order().ToList();
                tileNeurons += neurons.Count;
                foreach (var o in neurons)
                {
                    state[o] = 0;
                }

                for (var t = 0; t < timesteps; t++)
                {
                    foreach (var e in layerInputs[t])
                    {
                        foreach (var (o, weightIndex) in Reached(layer, tileUnits, e.Address))
                        {
                            state[o] = Saturate(state[o] + (long)w[o / p * layer.FanIn + weightIndex] * e.Value, stateBits);
                            synaptic++;
                        }
                    }

                    foreach (var o in neurons)
                    {
                        var z = Math.Clamp(state[o] >> f, 0, maxOut);
                        if (snn)
                        {
                            state[o] -= z << f;
                            if (n.LeakShift > 0)
                            {
                                state[o] -= state[o] >> n.LeakShift;
                            }
                        }

                        if (z > 0 || (!snn && !model.Twin.ZeroSkipping))
                        {
                            outputs[t].Add(new SpikeEvent(o, (int)z));
                            outEvents++;
                        }
                    }
                }
            }

            var streamBits = layer.WeightCount * n.WeightBits;
            var staging = Ceil(streamBits, model.Memory.GlobalBuffer.WordBits);
            var c = new ActionCounts();
            c.Add(Actions.DramRead, Ceil(streamBits, model.Memory.Dram.WordBits));
            c.Add(Actions.GlobalBufferWrite, staging + outEvents + (layer.Index == 0 ? inEvents : 0));
            c.Add(Actions.GlobalBufferRead, staging + m.Tiles * inEvents);
            c.Add(Actions.WeightMemoryWrite, layer.WeightCount);
            c.Add(Actions.WeightMemoryRead, synaptic);
            var fires = snn ? timesteps * tileNeurons : tileNeurons;
            c.Add(Actions.StateMemoryWrite, tileNeurons + synaptic + (snn ? fires : 0));
            c.Add(Actions.StateMemoryRead, synaptic + fires);
            c.Add(Actions.InputQueuePush, m.Tiles * inEvents);
            c.Add(Actions.InputQueuePop, m.Tiles * inEvents);
            c.Add(snn && n.Levels == 1 ? Actions.Accumulate : Actions.MultiplyAccumulate, synaptic);
            c.Add(Actions.Compare, fires);
            if (snn)
            {
                c.Add(Actions.Subtract, outEvents);
                if (n.LeakShift > 0)
                {
                    c.Add(Actions.Leak, fires);
                }
            }

            c.Add(Actions.OutputQueuePush, outEvents);
            c.Add(Actions.OutputQueuePop, outEvents);
            allCounts.Add(c);
            IReadOnlyList<IReadOnlyList<SpikeEvent>> layerOutputs = outputs.Select(o => (IReadOnlyList<SpikeEvent>)o).ToList();
            traces.Add(new LayerTrace(layer.Index, layerInputs, layerOutputs, state));
            layerInputs = layerOutputs;
        }

        return new ReferenceRun(new NetworkTrace(design, traces), allCounts);
    }

    /// <summary>The neurons of the tile's units an input event reaches, with the weight index each uses.</summary>
    private static IEnumerable<(int Neuron, int WeightIndex)> Reached(LayerModel layer, IReadOnlyList<int> tileUnits, int address)
    {
        if (layer.Kind == LayerKind.Fc)
        {
            foreach (var u in tileUnits)
            {
                yield return (u, address);
            }

            yield break;
        }

        var input = layer.InputShape;
        var output = layer.OutputShape;
        var x = address % input.Width;
        var y = address / input.Width % input.Height;
        var c = address / (input.Width * input.Height);
        foreach (var u in tileUnits)
        {
            for (var ky = 0; ky < layer.Kernel; ky++)
            {
                for (var kx = 0; kx < layer.Kernel; kx++)
                {
                    var sy = y + layer.Padding - ky;
                    var sx = x + layer.Padding - kx;
                    if (sy < 0 || sx < 0 || sy % layer.Stride != 0 || sx % layer.Stride != 0)
                    {
                        continue;
                    }

                    var oy = sy / layer.Stride;
                    var ox = sx / layer.Stride;
                    if (oy >= output.Height || ox >= output.Width)
                    {
                        continue;
                    }

                    yield return ((u * output.Height + oy) * output.Width + ox, (c * layer.Kernel + ky) * layer.Kernel + kx);
                }
            }
        }
    }

    public static long Saturate(long value, int bits) => Math.Clamp(value, -(1L << (bits - 1)), (1L << (bits - 1)) - 1);

    private static long Ceil(long a, long b) => (a + b - 1) / b;
}
