// The bit-exact reference of the neural core (docs/hardware.md): executes the SNN and its QNN twin layer by layer,
// tile by tile, event by event, and counts every memory access and operation as the hardware performs it.
using HwGen.Model;

namespace HwGen.Golden;

public static partial class GoldenModel
{
    /// <summary>Runs the spiking design (when the spec has one) and the QNN twin on the same data.</summary>
    public static GoldenResult Run(HardwareModel model, NetworkData data)
    {
        var snn = model.HasSpikingDesign ? RunSnn(model, data) : null;
        return new GoldenResult(snn, RunQnn(model, data));
    }

    /// <summary>The spiking design (binary or multi-level) over T timesteps.</summary>
    public static GoldenRun RunSnn(HardwareModel model, NetworkData data)
    {
        if (!model.HasSpikingDesign)
        {
            throw new InvalidOperationException($"spec '{model.Name}' is QNN-only: it has no spiking design to run");
        }

        data.Validate(model);
        return RunLayers(model, data, DesignKind.Snn, SpikeInputEvents(data.InputLevels!));
    }

    /// <summary>The QNN twin: one pass with activations of <c>twin.activation_bits</c> bits.</summary>
    public static GoldenRun RunQnn(HardwareModel model, NetworkData data)
    {
        data.Validate(model);
        return RunLayers(model, data, DesignKind.Qnn, QnnInputEvents(model, data.InputActivations));
    }

    /// <summary>The spiking input as events: per timestep, every non-zero level in ascending address order.</summary>
    internal static List<SpikeEvent>[] SpikeInputEvents(int[][] levels)
    {
        var inputs = new List<SpikeEvent>[levels.Length];
        for (var t = 0; t < levels.Length; t++)
        {
            inputs[t] = [];
            for (var i = 0; i < levels[t].Length; i++)
            {
                if (levels[t][i] != 0)
                {
                    inputs[t].Add(new SpikeEvent(i, levels[t][i]));
                }
            }
        }

        return inputs;
    }

    /// <summary>The QNN input as one pass of events: non-zero activations, or all of them without zero skipping.</summary>
    internal static List<SpikeEvent>[] QnnInputEvents(HardwareModel model, int[] activations)
    {
        var input = new List<SpikeEvent>();
        for (var i = 0; i < activations.Length; i++)
        {
            if (activations[i] != 0 || !model.Twin.ZeroSkipping)
            {
                input.Add(new SpikeEvent(i, activations[i]));
            }
        }

        return [input];
    }

    /// <summary>One layer on its own (used to calibrate generated weights on the events that really reach a layer).</summary>
    internal static List<SpikeEvent>[] RunLayer(HardwareModel model, LayerModel layer, DesignKind design, int[] weights, List<SpikeEvent>[] inputs,
        List<SpikeEvent>[]? shortcut = null) =>
        new LayerExecution(model, layer, design, weights) { Shortcut = shortcut }.Execute(inputs);

    private static GoldenRun RunLayers(HardwareModel model, NetworkData data, DesignKind design, List<SpikeEvent>[] networkInput)
    {
        var traces = new List<LayerTrace>();
        var counts = new List<ActionCounts>();
        var work = new List<LaneWork>();
        var inputs = networkInput;
        var tensors = new List<List<SpikeEvent>[]> { networkInput };
        foreach (var layer in model.Layers)
        {
            var shortcut = ShortcutOf(layer, tensors);
            var run = new LayerExecution(model, layer, design, data.Weights[layer.Index]) { Shortcut = shortcut };
            var outputs = run.Execute(inputs);
            traces.Add(new LayerTrace(layer.Index, inputs, outputs, run.FinalState) { Shortcut = shortcut ?? [] });
            counts.Add(run.Counts);
            work.Add(run.Work);
            tensors.Add(outputs);
            inputs = outputs;
        }

        var trace = new NetworkTrace(design, traces);
        if (!model.IsMesh)
        {
            return new GoldenRun(trace, counts, work);
        }

        // On a mesh every layer's output events cross the NoC to the next layer's slices (and to the slices of every
        // layer whose shortcut names it): bits × hops by class.
        var noc = NocTraffic.Of(model, trace);
        for (var l = 0; l < counts.Count; l++)
        {
            counts[l].Add(Actions.NocSparseBitHop, noc.Layers[l].SparseBitHops);
            counts[l].Add(Actions.NocDenseBitHop, noc.Layers[l].DenseBitHops);
        }

        return new GoldenRun(trace, counts, work) { Noc = noc };
    }

    /// <summary>One layer of one design on the lanes; counters are plain fields bumped where the hardware acts.</summary>
    private sealed partial class LayerExecution
    {
        private readonly HardwareModel model;
        private readonly LayerModel layer;
        private readonly bool qnn;
        private readonly int[] weights;
        private readonly long stateMin;
        private readonly long stateMax;
        private readonly int thresholdLog2;
        private readonly int maxOutput;
        private readonly ActionKey integrateAction;
        private readonly int units;
        private readonly int neuronsPerUnit;
        private readonly int lanes;

        private long weightMemoryReads;
        private long weightMemoryWrites;
        private long stateReads;
        private long stateWrites;
        private long globalBufferReads;
        private long inputQueueTransfers;
        private long outputEvents;
        private long compares;
        private long subtracts;
        private long leaks;
        private long weightBitsStaged;

        public LayerExecution(HardwareModel model, LayerModel layer, DesignKind design, int[] weights)
        {
            this.model = model;
            this.layer = layer;
            this.weights = weights;
            qnn = design == DesignKind.Qnn;
            var twin = model.Design(design);
            stateMin = -(1L << (twin.StateBits - 1));
            stateMax = (1L << (twin.StateBits - 1)) - 1;
            thresholdLog2 = twin.ThresholdLog2;
            maxOutput = twin.MaxValue;
            integrateAction = twin.IntegrateAction;
            units = layer.Kind == LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
            neuronsPerUnit = layer.Mapping.NeuronsPerUnit;
            lanes = layer.Mapping.Lanes;
            FinalState = new long[layer.Neurons];
            Work = new LaneWork(layer.Mapping.Tiles, twin.Timesteps, lanes);
        }

        public long[] FinalState { get; }

        public LaneWork Work { get; }

        public ActionCounts Counts { get; } = new();

        /// <summary>The shortcut's events per timestep (the source tensor's), or null for a layer without a residual edge.</summary>
        public List<SpikeEvent>[]? Shortcut { get; init; }

        public List<SpikeEvent>[] Execute(List<SpikeEvent>[] inputs)
        {
            var timesteps = inputs.Length;
            var outputs = new List<SpikeEvent>[timesteps];
            for (var t = 0; t < timesteps; t++)
            {
                outputs[t] = [];
                Work.EventsPerTimestep[t] = inputs[t].Count;
            }

            var mapping = layer.Mapping;
            var unitsPerTile = mapping.UnitsPerTile * lanes;
            var state = new long[Math.Min(units, unitsPerTile) * neuronsPerUnit];
            var taps = layer.Kind != LayerKind.Fc ? new ConvTaps(layer) : null;
            for (var tile = 0; tile < mapping.Tiles; tile++)
            {
                // Tile k holds local units k·UnitsPerTile.. on every lane: the global units [u0, u1).
                var u0 = tile * unitsPerTile;
                var u1 = Math.Min(units, u0 + unitsPerTile);
                var neurons = (u1 - u0) * neuronsPerUnit;

                // Weight load: DRAM → global buffer → lane weight memory, each weight once.
                var tileWeights = (long)(u1 - u0) * mapping.WeightsPerUnit;
                weightBitsStaged += tileWeights * model.Neuron.WeightBits;
                weightMemoryWrites += tileWeights;

                // Membranes/accumulators start at 0 in every tile.
                Array.Clear(state, 0, neurons);
                stateWrites += neurons;

                for (var t = 0; t < timesteps; t++)
                {
                    foreach (var inputEvent in inputs[t])
                    {
                        globalBufferReads++;
                        inputQueueTransfers++;
                        if (taps is null)
                        {
                            IntegrateFc(inputEvent, u0, u1, tile, t, state);
                        }
                        else if (layer.IsPool)
                        {
                            IntegratePool(inputEvent, u0, u1, tile, t, state, taps);
                        }
                        else
                        {
                            IntegrateConv(inputEvent, u0, u1, tile, t, state, taps);
                        }
                    }

                    if (Shortcut is not null)
                    {
                        IntegrateShortcut(Shortcut[t], u0, u1, tile, t, state);
                    }

                    var firstAddress = u0 * neuronsPerUnit;
                    if (layer.IsPool)
                    {
                        FirePool(state, neurons, firstAddress, outputs[t]);
                    }
                    else if (qnn)
                    {
                        Requantise(state, neurons, firstAddress, outputs[t]);
                    }
                    else
                    {
                        Fire(state, neurons, firstAddress, outputs[t]);
                    }
                }

                Array.Copy(state, 0, FinalState, u0 * neuronsPerUnit, neurons);
            }

            FillCounts(inputs, outputs);
            return outputs;
        }

        private void IntegrateFc(SpikeEvent inputEvent, int u0, int u1, int tile, int t, long[] state)
        {
            var fanIn = layer.Mapping.WeightsPerUnit;
            long value = inputEvent.Value;
            var input = inputEvent.Address;
            for (var unit = u0; unit < u1; unit++)
            {
                var sum = state[unit - u0] + weights[(long)unit * fanIn + input] * value;
                state[unit - u0] = sum > stateMax ? stateMax : sum < stateMin ? stateMin : sum;
                Work.Add(tile, t, unit % lanes, 1);
            }

            var updates = u1 - u0;
            weightMemoryReads += updates;
            stateReads += updates;
            stateWrites += updates;
        }

        private void IntegrateConv(SpikeEvent inputEvent, int u0, int u1, int tile, int t, long[] state, ConvTaps taps)
        {
            var input = layer.InputShape;
            var kernel = layer.Kernel;
            var outWidth = layer.OutputShape.Width;
            var channel = inputEvent.Address / (input.Height * input.Width);
            var y = inputEvent.Address / input.Width % input.Height;
            var x = inputEvent.Address % input.Width;
            var rows = taps.Rows[y];
            var cols = taps.Cols[x];
            var reached = rows.Length / 2 * (cols.Length / 2);
            long value = inputEvent.Value;
            for (var unit = u0; unit < u1; unit++)
            {
                var weightBase = ((long)unit * input.Channels + channel) * kernel * kernel;
                var stateBase = (unit - u0) * neuronsPerUnit;
                for (var r = 0; r < rows.Length; r += 2)
                {
                    var weightRow = weightBase + rows[r] * kernel;
                    var stateRow = stateBase + rows[r + 1] * outWidth;
                    for (var c = 0; c < cols.Length; c += 2)
                    {
                        var index = stateRow + cols[c + 1];
                        var sum = state[index] + weights[weightRow + cols[c]] * value;
                        state[index] = sum > stateMax ? stateMax : sum < stateMin ? stateMin : sum;
                    }
                }

                Work.Add(tile, t, unit % lanes, reached);
            }

            var updates = (long)(u1 - u0) * reached;
            weightMemoryReads += updates;
            stateReads += updates;
            stateWrites += updates;
        }

        /// <summary>SNN fire phase: compare, reset by subtraction, optional leak, write back; ascending address.</summary>
        private void Fire(long[] state, int neurons, int firstAddress, List<SpikeEvent> emitted)
        {
            var leakShift = model.Neuron.LeakShift;
            for (var n = 0; n < neurons; n++)
            {
                var u = state[n];
                stateReads++;
                compares++;
                var level = Math.Clamp(u >> thresholdLog2, 0, maxOutput);
                if (level > 0)
                {
                    u -= level << thresholdLog2;
                    subtracts++;
                }

                if (leakShift > 0)
                {
                    u -= u >> leakShift;
                    leaks++;
                }

                state[n] = u;
                stateWrites++;
                if (level > 0)
                {
                    emitted.Add(new SpikeEvent(firstAddress + n, (int)level));
                }
            }
        }

        /// <summary>QNN requantisation clamp(acc >> F, 0, 2^b_a − 1); zeros are events only without zero skipping.</summary>
        private void Requantise(long[] state, int neurons, int firstAddress, List<SpikeEvent> emitted)
        {
            var zeroSkipping = model.Twin.ZeroSkipping;
            for (var n = 0; n < neurons; n++)
            {
                stateReads++;
                compares++;
                var activation = Math.Clamp(state[n] >> thresholdLog2, 0, maxOutput);
                if (activation > 0 || !zeroSkipping)
                {
                    emitted.Add(new SpikeEvent(firstAddress + n, (int)activation));
                }
            }
        }

        private void FillCounts(List<SpikeEvent>[] inputs, List<SpikeEvent>[] outputs)
        {
            long inputEvents = 0;
            foreach (var step in inputs)
            {
                inputEvents += step.Count;
            }

            foreach (var step in outputs)
            {
                outputEvents += step.Count;
            }

            var memory = model.Memory;
            if (model.IsMesh)
            {
                // Weights are loaded into the cores before the inference; every slice core stores each input event in its
                // event buffer as it arrives (from the NoC, or from the host for layer 0) and reads it once, and so each
                // event of its shortcut's (every slice of the shortcut's layer sends to every slice of this one).
                Counts.Add(Actions.GlobalBufferWrite, globalBufferReads + shortcutReads);
                Counts.Add(Actions.GlobalBufferRead, globalBufferReads + shortcutReads);
            }
            else
            {
                var dramReads = CeilDiv(weightBitsStaged, memory.Dram.WordBits);
                var staging = CeilDiv(weightBitsStaged, memory.GlobalBuffer.WordBits);
                var hostWrites = layer.Index == 0 ? inputEvents : 0;
                Counts.Add(Actions.DramRead, dramReads);
                Counts.Add(Actions.GlobalBufferWrite, staging + outputEvents + hostWrites);
                Counts.Add(Actions.GlobalBufferRead, staging + globalBufferReads + shortcutReads);
                Counts.Add(Actions.WeightMemoryWrite, weightMemoryWrites);
            }

            Counts.Add(Actions.WeightMemoryRead, weightMemoryReads);
            Counts.Add(Actions.StateMemoryWrite, stateWrites);
            Counts.Add(Actions.StateMemoryRead, stateReads);
            Counts.Add(Actions.InputQueuePush, inputQueueTransfers + shortcutReads);
            Counts.Add(Actions.InputQueuePop, inputQueueTransfers + shortcutReads);
            Counts.Add(integrateAction, weightMemoryReads);
            Counts.Add(Actions.Accumulate, poolAdds + shortcutAdds);
            Counts.Add(Actions.Compare, compares + poolCompares);
            Counts.Add(Actions.Subtract, subtracts);
            Counts.Add(Actions.Leak, leaks);
            Counts.Add(Actions.OutputQueuePush, outputEvents);
            Counts.Add(Actions.OutputQueuePop, outputEvents);
        }

        private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;
    }

    /// <summary>
    /// For every input row (column) the kernel taps that reach an output row (column): pairs (ky, oy) with
    /// oy·stride − padding + ky = y and 0 ≤ oy &lt; H_out, in ascending oy. Padding taps never appear.
    /// </summary>
    private sealed class ConvTaps
    {
        public ConvTaps(LayerModel layer)
        {
            Rows = Axis(layer.InputShape.Height, layer.OutputShape.Height, layer.Kernel, layer.Stride, layer.Padding);
            Cols = Axis(layer.InputShape.Width, layer.OutputShape.Width, layer.Kernel, layer.Stride, layer.Padding);
        }

        public int[][] Rows { get; }

        public int[][] Cols { get; }

        private static int[][] Axis(int inSize, int outSize, int kernel, int stride, int padding)
        {
            var result = new int[inSize][];
            for (var i = 0; i < inSize; i++)
            {
                var pairs = new List<int>();
                for (var o = 0; o < outSize; o++)
                {
                    var k = i + padding - o * stride;
                    if (k >= 0 && k < kernel)
                    {
                        pairs.Add(k);
                        pairs.Add(o);
                    }
                }

                result[i] = pairs.ToArray();
            }

            return result;
        }
    }
}
