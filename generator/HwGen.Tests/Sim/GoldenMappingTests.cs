// conv2d reach against a dense brute-force convolution, tiling invariance, and every count against docs/hardware.md.
using HwGen.Data;
using HwGen.Golden;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Sim;

public sealed class GoldenMappingTests
{
    /// <summary>Dense reference: acc[co,oy,ox] = Σ w[co,ci,ky,kx]·a[ci, oy·s−p+ky, ox·s−p+kx] over in-image taps.</summary>
    private static long[] DenseConv(LayerModel layer, int[] weights, int[] activations)
    {
        var (ci, h, w) = (layer.InputShape.Channels, layer.InputShape.Height, layer.InputShape.Width);
        var (co, ho, wo) = (layer.OutputShape.Channels, layer.OutputShape.Height, layer.OutputShape.Width);
        var k = layer.Kernel;
        var result = new long[co * ho * wo];
        for (var o = 0; o < co; o++)
        for (var oy = 0; oy < ho; oy++)
        for (var ox = 0; ox < wo; ox++)
        {
            long sum = 0;
            for (var c = 0; c < ci; c++)
            for (var ky = 0; ky < k; ky++)
            for (var kx = 0; kx < k; kx++)
            {
                var y = oy * layer.Stride - layer.Padding + ky;
                var x = ox * layer.Stride - layer.Padding + kx;
                if (y >= 0 && y < h && x >= 0 && x < w)
                {
                    sum += (long)weights[((o * ci + c) * k + ky) * k + kx] * activations[(c * h + y) * w + x];
                }
            }

            result[(o * ho + oy) * wo + ox] = sum;
        }

        return result;
    }

    private static HardwareModel ConvModel(NeuronKind kind, int lanes = 4, int weightWords = 512, int stateWords = 256, double rate = 0.4) =>
        SimModels.Build(
            SimModels.Neuron(kind, timesteps: 3, levels: kind == NeuronKind.MultiLevel ? 2 : 1, threshold: 16, membraneBits: 24, accumulatorBits: 24),
            new Shape(2, 7, 7),
            [SimModels.Conv(5, kernel: 3, stride: 2, padding: 1), SimModels.Fc(6)],
            activationBits: 3,
            lanes: lanes,
            weightWords: weightWords,
            stateWords: stateWords,
            seed: 7,
            inputSpikeRate: rate);

    [Test]
    public void ConvWithPaddingAndStrideMatchesDenseConvolution()
    {
        var model = ConvModel(NeuronKind.Snn);
        var layer = model.Layers[0];
        Assert.That(layer.OutputShape, Is.EqualTo(new Shape(5, 4, 4)));
        var data = StimulusGenerator.Generate(model);
        var run = GoldenModel.RunQnn(model, data);

        Assert.That(data.InputActivations.Count(a => a > 0), Is.GreaterThan(20));
        Assert.That(run.Trace.Layers[0].FinalState, Is.EqualTo(DenseConv(layer, data.Weights[0], data.InputActivations)));
    }

    [Test]
    public void ConvSpikingRunMatchesDenseReferencePerTimestep()
    {
        var model = ConvModel(NeuronKind.MultiLevel);
        var layer = model.Layers[0];
        var data = StimulusGenerator.Generate(model);
        var run = GoldenModel.RunSnn(model, data);

        // Dense per-timestep reference of the same neuron (no saturation reachable at 24 bits).
        var membrane = new long[layer.Neurons];
        var trace = run.Trace.Layers[0];
        var fired = 0;
        for (var t = 0; t < 3; t++)
        {
            var drive = DenseConv(layer, data.Weights[0], data.InputLevels![t]);
            var expected = new List<SpikeEvent>();
            for (var n = 0; n < membrane.Length; n++)
            {
                membrane[n] += drive[n];
                var level = (int)Math.Clamp(membrane[n] / 16 - (membrane[n] % 16 < 0 ? 1 : 0), 0, 2);
                membrane[n] -= level * 16;
                if (level > 0)
                {
                    expected.Add(new SpikeEvent(n, level));
                }
            }

            fired += expected.Count;
            Assert.That(trace.Outputs[t], Is.EqualTo(expected), $"timestep {t}");
        }

        Assert.That(fired, Is.GreaterThan(0));
        Assert.That(trace.FinalState, Is.EqualTo(membrane));
        Assert.That(run.Trace.Layers[1].Inputs, Is.EqualTo(trace.Outputs));
    }

    [Test]
    public void TilesGiveTheSameTraceAsOneTile()
    {
        var resident = ConvModel(NeuronKind.Snn);
        var tiled = ConvModel(NeuronKind.Snn, weightWords: 100, stateWords: 20);
        Assert.That(resident.Layers.Select(l => l.Mapping.Tiles), Is.EqualTo(new[] { 1, 1 }));
        Assert.That(tiled.Layers[0].Mapping.Tiles, Is.EqualTo(2));
        Assert.That(tiled.Layers[1].Mapping.Tiles, Is.EqualTo(2));

        var data = StimulusGenerator.Generate(resident);
        foreach (var design in new[] { DesignKind.Snn, DesignKind.Qnn })
        {
            var one = design == DesignKind.Snn ? GoldenModel.RunSnn(resident, data) : GoldenModel.RunQnn(resident, data);
            var many = design == DesignKind.Snn ? GoldenModel.RunSnn(tiled, data) : GoldenModel.RunQnn(tiled, data);
            for (var l = 0; l < 2; l++)
            {
                Assert.That(many.Trace.Layers[l].Outputs, Is.EqualTo(one.Trace.Layers[l].Outputs), $"{design} layer {l}");
                Assert.That(many.Trace.Layers[l].FinalState, Is.EqualTo(one.Trace.Layers[l].FinalState), $"{design} layer {l}");

                // Same synaptic work; the input events are replayed once per tile.
                Assert.That(many.LayerCounts[l][Actions.WeightMemoryRead], Is.EqualTo(one.LayerCounts[l][Actions.WeightMemoryRead]));
                Assert.That(many.LayerCounts[l][Actions.InputQueuePush], Is.EqualTo(2 * one.LayerCounts[l][Actions.InputQueuePush]));
            }
        }
    }

    private static IEnumerable<TestCaseData> CountCases()
    {
        foreach (var kind in new[] { NeuronKind.Snn, NeuronKind.MultiLevel })
        {
            yield return new TestCaseData(kind, 4, 512, 256, 0, true).SetName($"{kind} resident");
            yield return new TestCaseData(kind, 3, 100, 20, 0, true).SetName($"{kind} tiled, 3 lanes");
            yield return new TestCaseData(kind, 4, 512, 256, 2, true).SetName($"{kind} leak");
        }

        yield return new TestCaseData(NeuronKind.Snn, 4, 100, 20, 0, false).SetName("QNN twin without zero skipping, tiled");
    }

    [TestCaseSource(nameof(CountCases))]
    public void CountsFollowTheContract(NeuronKind kind, int lanes, int weightWords, int stateWords, int leakShift, bool zeroSkipping)
    {
        var model = SimModels.Build(
            SimModels.Neuron(kind, timesteps: 3, levels: kind == NeuronKind.MultiLevel ? 3 : 1, threshold: 16, leakShift: leakShift),
            new Shape(2, 7, 7),
            [SimModels.Conv(5, kernel: 3, stride: 2, padding: 1), SimModels.Fc(7)],
            activationBits: 4,
            zeroSkipping: zeroSkipping,
            lanes: lanes,
            weightWords: weightWords,
            stateWords: stateWords,
            seed: 3,
            inputSpikeRate: 0.3);
        var data = StimulusGenerator.Generate(model);
        var result = GoldenModel.Run(model, data);
        foreach (var run in new[] { result.Snn!, result.Qnn })
        {
            Assert.That(run.Trace.Layers[0].Outputs.Sum(step => step.Count), Is.GreaterThan(0), "layer 0 must emit events");
            foreach (var layer in model.Layers)
            {
                var expected = ContractCounts(model, layer, run.Trace.Design, run.Trace.Layers[layer.Index]);
                Assert.That(expected.Differences(run.LayerCounts[layer.Index]), Is.Empty, $"{run.Trace.Design} layer {layer.Index}");
                Assert.That(run.LaneWork[layer.Index].Total, Is.EqualTo(expected[Actions.WeightMemoryRead]));
            }
        }
    }

    /// <summary>The table of docs/hardware.md evaluated from a trace, with S(e, k) found by brute force over neurons.</summary>
    private static ActionCounts ContractCounts(HardwareModel model, LayerModel layer, DesignKind design, LayerTrace trace)
    {
        var mapping = layer.Mapping;
        var units = layer.Kind == LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
        var timesteps = trace.Inputs.Count;
        long inputEvents = trace.Inputs.Sum(step => (long)step.Count);
        long outputEvents = trace.Outputs.Sum(step => (long)step.Count);
        long synapticUpdates = 0;
        long tileNeurons = 0;
        for (var k = 0; k < mapping.Tiles; k++)
        {
            // Units whose local index u div lanes falls in tile k.
            var tileUnits = Enumerable.Range(0, units).Where(u => u / mapping.Lanes / mapping.UnitsPerTile == k).ToList();
            tileNeurons += tileUnits.Count * mapping.NeuronsPerUnit;
            foreach (var step in trace.Inputs)
            {
                foreach (var e in step)
                {
                    synapticUpdates += tileUnits.Count * Reach(layer, e.Address);
                }
            }
        }

        long weightBits = layer.WeightCount * model.Neuron.WeightBits;
        long staging = (weightBits + model.Memory.GlobalBuffer.WordBits - 1) / model.Memory.GlobalBuffer.WordBits;
        var snn = design == DesignKind.Snn;
        var counts = new ActionCounts
        {
            [Actions.DramRead] = (weightBits + model.Memory.Dram.WordBits - 1) / model.Memory.Dram.WordBits,
            [Actions.GlobalBufferWrite] = staging + outputEvents + (layer.Index == 0 ? inputEvents : 0),
            [Actions.GlobalBufferRead] = staging + mapping.Tiles * inputEvents,
            [Actions.WeightMemoryWrite] = layer.WeightCount,
            [Actions.WeightMemoryRead] = synapticUpdates,
            [Actions.StateMemoryWrite] = tileNeurons + synapticUpdates + (snn ? timesteps * tileNeurons : 0),
            [Actions.StateMemoryRead] = synapticUpdates + (snn ? timesteps * tileNeurons : tileNeurons),
            [Actions.InputQueuePush] = mapping.Tiles * inputEvents,
            [Actions.InputQueuePop] = mapping.Tiles * inputEvents,
            [Actions.Compare] = timesteps * tileNeurons,
            [Actions.Subtract] = snn ? outputEvents : 0,
            [Actions.Leak] = snn && model.Neuron.HasLeak ? timesteps * tileNeurons : 0,
            [Actions.OutputQueuePush] = outputEvents,
            [Actions.OutputQueuePop] = outputEvents,
        };
        counts[snn && model.Neuron.Kind == NeuronKind.Snn ? Actions.Accumulate : Actions.MultiplyAccumulate] = synapticUpdates;
        return counts;
    }

    /// <summary>Output positions of one channel whose kernel window covers the input address (fc: one neuron).</summary>
    private static int Reach(LayerModel layer, int address)
    {
        if (layer.Kind == LayerKind.Fc)
        {
            return 1;
        }

        var (h, w) = (layer.InputShape.Height, layer.InputShape.Width);
        var (y, x) = (address / w % h, address % w);
        var reached = 0;
        for (var oy = 0; oy < layer.OutputShape.Height; oy++)
        for (var ox = 0; ox < layer.OutputShape.Width; ox++)
        {
            var dy = y - (oy * layer.Stride - layer.Padding);
            var dx = x - (ox * layer.Stride - layer.Padding);
            if (dy >= 0 && dy < layer.Kernel && dx >= 0 && dx < layer.Kernel)
            {
                reached++;
            }
        }

        return reached;
    }

    [Test]
    public void LanesThatDoNotDivideTheUnitsGetTheirShareOfWork()
    {
        // 7 fc units on 3 lanes: lanes 0, 1, 2 hold 3, 2, 2 units.
        var model = SimModels.Build(SimModels.Neuron(threshold: 16), new Shape(5, 1, 1), [SimModels.Fc(7)], lanes: 3, inputSpikeRate: 1.0);
        var run = GoldenModel.RunSnn(model, StimulusGenerator.Generate(model));
        var work = run.LaneWork[0];
        for (var t = 0; t < 4; t++)
        {
            Assert.That(Enumerable.Range(0, 3).Select(lane => work[0, t, lane]), Is.EqualTo(new long[] { 15, 10, 10 }));
            Assert.That(work.MaxLaneUpdates(0, t), Is.EqualTo(15));
        }
    }
}
