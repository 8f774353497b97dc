// Hand-computed tiny networks: IF with reset by subtraction, leak, multi-level spikes, QNN requantisation, saturation.
using HwGen.Data;
using HwGen.Golden;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Sim;

public sealed class GoldenModelTests
{
    // θ = 4 (F = 2) keeps hand arithmetic short. Weights [out][in].
    private static readonly int[] TinyWeights = [3, 2, -1, 1, -2, 4];

    // Binary spikes: t0 {0,1}, t1 {2}, t2 {0,1,2}, t3 {}.
    private static readonly int[][] TinySpikes = [[1, 1, 0], [0, 0, 1], [1, 1, 1], [0, 0, 0]];

    private static HardwareModel TinyFc(int leakShift = 0, int lanes = 2) =>
        SimModels.Build(SimModels.Neuron(threshold: 4, leakShift: leakShift), new Shape(3, 1, 1), [SimModels.Fc(2)], lanes: lanes);

    private static string Events(IReadOnlyList<SpikeEvent> events) => string.Join(" ", events);

    private static string[] Steps(LayerTrace trace) => trace.Outputs.Select(Events).ToArray();

    [Test]
    public void IntegrateAndFireResetsBySubtractionOverTimesteps()
    {
        var model = TinyFc();
        var run = GoldenModel.RunSnn(model, NetworkData.ForSpiking([TinyWeights], TinySpikes, 7));
        var layer = run.Trace.Layers[0];

        // o0: 5 → fire, 1; 1-1 = 0; 0+3+2-1 = 4 → fire, 0; 0.  o1: 1-2 = -1; -1+4 = 3; 3+1-2+4 = 6 → fire, 2; 2.
        Assert.That(Steps(layer), Is.EqualTo(new[] { "0:1", "", "0:1 1:1", "" }));
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 0, 2 }));
        Assert.That(Events(layer.Inputs[2]), Is.EqualTo("0:1 1:1 2:1"));
    }

    [Test]
    public void TinyFcCountsMatchHandCount()
    {
        var run = GoldenModel.RunSnn(TinyFc(), NetworkData.ForSpiking([TinyWeights], TinySpikes, 7));
        var counts = run.LayerCounts[0];

        // 6 input events × 2 neurons = 12 updates; 3 output events; T·N = 8; 6 weights × 8 bits = 48 bits.
        var expected = new ActionCounts
        {
            [Actions.DramRead] = 1,
            [Actions.GlobalBufferWrite] = 2 + 3 + 6,
            [Actions.GlobalBufferRead] = 2 + 6,
            [Actions.WeightMemoryWrite] = 6,
            [Actions.WeightMemoryRead] = 12,
            [Actions.StateMemoryWrite] = 2 + 12 + 8,
            [Actions.StateMemoryRead] = 12 + 8,
            [Actions.InputQueuePush] = 6,
            [Actions.InputQueuePop] = 6,
            [Actions.Accumulate] = 12,
            [Actions.Compare] = 8,
            [Actions.Subtract] = 3,
            [Actions.OutputQueuePush] = 3,
            [Actions.OutputQueuePop] = 3,
        };
        Assert.That(expected.Differences(counts), Is.Empty);

        // Unit 0 on lane 0, unit 1 on lane 1: each lane does one update per input event.
        var work = run.LaneWork[0];
        Assert.That(Enumerable.Range(0, 4).Select(t => work[0, t, 0]), Is.EqualTo(new long[] { 2, 1, 3, 0 }));
        Assert.That(Enumerable.Range(0, 4).Select(t => work[0, t, 1]), Is.EqualTo(new long[] { 2, 1, 3, 0 }));
        Assert.That(work.EventsPerTimestep, Is.EqualTo(new long[] { 2, 1, 3, 0 }));
    }

    [Test]
    public void LeakShiftsAfterReset()
    {
        var model = TinyFc(leakShift: 1);
        var run = GoldenModel.RunSnn(model, NetworkData.ForSpiking([TinyWeights], TinySpikes, 7));
        var layer = run.Trace.Layers[0];

        // o0: 5 → fire, 1, leak 1-0 = 1; 1-1 = 0; 4 → fire, 0; 0.
        // o1: -1, leak -1-(-1) = 0; 0+4 = 4 → fire, 0; 0+1-2+4 = 3, leak 3-1 = 2; 2-1 = 1.
        Assert.That(Steps(layer), Is.EqualTo(new[] { "0:1", "1:1", "0:1", "" }));
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 0, 1 }));
        Assert.That(run.LayerCounts[0][Actions.Leak], Is.EqualTo(8));
        Assert.That(run.LayerCounts[0][Actions.Subtract], Is.EqualTo(3));
    }

    [Test]
    public void MultiLevelSpikesScaleWeightsAndClampAtL()
    {
        var model = SimModels.Build(
            SimModels.Neuron(NeuronKind.MultiLevel, timesteps: 3, levels: 3, threshold: 4),
            new Shape(3, 1, 1),
            [SimModels.Fc(3)],
            activationBits: 4);
        int[] weights = [3, 2, -1, 1, -2, 4, 6, 0, 0];
        int[][] levels = [[3, 1, 0], [0, 0, 2], [1, 1, 1]];
        var run = GoldenModel.RunSnn(model, NetworkData.ForSpiking([weights], levels, 15));
        var layer = run.Trace.Layers[0];

        // o0: 9+2 = 11 → z 2, 3; 3-2 = 1; 1+3+2-1 = 5 → z 1, 1.
        // o1: 3-2 = 1; 1+8 = 9 → z 2, 1; 1+1-2+4 = 4 → z 1, 0.
        // o2: 18 → 18>>2 = 4, clamped to L = 3, 6; 6 → z 1, 2; 2+6 = 8 → z 2, 0.
        Assert.That(Steps(layer), Is.EqualTo(new[] { "0:2 2:3", "1:2 2:1", "0:1 1:1 2:2" }));
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 1, 0, 0 }));
        Assert.That(run.LayerCounts[0][Actions.MultiplyAccumulate], Is.EqualTo(18));
        Assert.That(run.LayerCounts[0][Actions.Accumulate], Is.EqualTo(0));
        Assert.That(run.LayerCounts[0][Actions.Subtract], Is.EqualTo(7));
    }

    [Test]
    public void TwinSeesTheSumOfLevels()
    {
        Assert.That(NetworkData.TwinActivations([[3, 1, 0], [0, 0, 2], [1, 1, 1]], 15), Is.EqualTo(new[] { 4, 2, 3 }));
        Assert.That(NetworkData.TwinActivations([[1, 1], [1, 0], [1, 0], [1, 0]], 3), Is.EqualTo(new[] { 3, 1 }));
    }

    private static HardwareModel TinyQnn(bool zeroSkipping, int accumulatorBits = 20) =>
        SimModels.Build(
            SimModels.Neuron(NeuronKind.Qnn, threshold: 4, accumulatorBits: accumulatorBits),
            new Shape(4, 1, 1),
            [SimModels.Fc(3)],
            activationBits: 2,
            zeroSkipping: zeroSkipping);

    [Test]
    public void QnnRequantisesWithShiftAndClamp()
    {
        int[] weights = [3, 2, -1, 5, -4, 1, 1, 7, 6, 6, 0, 1];
        var data = NetworkData.ForQnn([weights], [3, 1, 2, 0]);
        var run = GoldenModel.RunQnn(TinyQnn(zeroSkipping: true), data);
        var layer = run.Trace.Layers[0];

        // o0: 9+2-2 = 9 → 2.  o1: -12+1+2 = -9 → -3 → 0.  o2: 18+6 = 24 → 6 → clamp 3.
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 9, -9, 24 }));
        Assert.That(Events(layer.Outputs.Single()), Is.EqualTo("0:2 2:3"));
        Assert.That(Events(layer.Inputs.Single()), Is.EqualTo("0:3 1:1 2:2"));
        Assert.That(run.LayerCounts[0][Actions.MultiplyAccumulate], Is.EqualTo(9));
        Assert.That(run.LayerCounts[0][Actions.Compare], Is.EqualTo(3));
        Assert.That(run.LayerCounts[0][Actions.StateMemoryRead], Is.EqualTo(9 + 3));
        Assert.That(run.LayerCounts[0][Actions.StateMemoryWrite], Is.EqualTo(3 + 9));
        Assert.That(run.LayerCounts[0][Actions.Subtract], Is.EqualTo(0));
    }

    [Test]
    public void QnnWithoutZeroSkippingMakesEveryValueAnEvent()
    {
        int[] weights = [3, 2, -1, 5, -4, 1, 1, 7, 6, 6, 0, 1];
        var run = GoldenModel.RunQnn(TinyQnn(zeroSkipping: false), NetworkData.ForQnn([weights], [3, 1, 2, 0]));
        var layer = run.Trace.Layers[0];

        Assert.That(Events(layer.Inputs.Single()), Is.EqualTo("0:3 1:1 2:2 3:0"));
        Assert.That(Events(layer.Outputs.Single()), Is.EqualTo("0:2 1:0 2:3"));
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 9, -9, 24 }));
        Assert.That(run.LayerCounts[0][Actions.MultiplyAccumulate], Is.EqualTo(12));
        Assert.That(run.LayerCounts[0][Actions.OutputQueuePush], Is.EqualTo(3));
        Assert.That(run.LayerCounts[0][Actions.GlobalBufferWrite], Is.EqualTo(3 + 3 + 4)); // 96 bits of weights in 32-bit words
    }

    [Test]
    public void MembraneSaturatesAtBothEndsInEventOrder()
    {
        // membrane_bits 6: [-32, 31]; θ = 4.
        var model = SimModels.Build(SimModels.Neuron(timesteps: 2, threshold: 4, membraneBits: 6), new Shape(2, 1, 1), [SimModels.Fc(3)]);
        int[] weights = [20, 20, -20, -20, 40, -20];
        var run = GoldenModel.RunSnn(model, NetworkData.ForSpiking([weights], [[1, 1], [1, 1]], 7));
        var layer = run.Trace.Layers[0];

        // o0: 20, 40 → 31; fire → 27; 47 → 31, 51 → 31; fire → 27.
        // o1: -20, -40 → -32; no fire; stays -32.
        // o2: 40 → 31, then 31-20 = 11 (not 20: saturation happened first); fire → 7; 47 → 31, 11 → fire → 7.
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 27, -32, 7 }));
        Assert.That(Steps(layer), Is.EqualTo(new[] { "0:1 2:1", "0:1 2:1" }));
    }

    [Test]
    public void AccumulatorSaturatesAtBothEndsInEventOrder()
    {
        // accumulator_bits 8: [-128, 127].
        var model = SimModels.Build(
            SimModels.Neuron(NeuronKind.Qnn, threshold: 4, accumulatorBits: 8), new Shape(2, 1, 1), [SimModels.Fc(3)], activationBits: 2);
        int[] weights = [100, 100, -100, 50, -100, -100];
        var run = GoldenModel.RunQnn(model, NetworkData.ForQnn([weights], [3, 3]));
        var layer = run.Trace.Layers[0];

        // o0: 300 → 127, 127. o1: -300 → -128, -128+150 = 22 → 5 → clamp 3 (0 without saturation). o2: -128.
        Assert.That(layer.FinalState, Is.EqualTo(new long[] { 127, 22, -128 }));
        Assert.That(Events(layer.Outputs.Single()), Is.EqualTo("0:3 1:3"));
    }

    [Test]
    public void ZeroSpikesStillFireEveryNeuronEveryTimestep()
    {
        var model = TinyFc(leakShift: 2);
        var run = GoldenModel.RunSnn(model, NetworkData.ForSpiking([TinyWeights], [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]], 7));
        var counts = run.LayerCounts[0];

        Assert.That(run.Trace.Layers[0].Outputs.All(step => step.Count == 0), Is.True);
        Assert.That(run.Trace.Layers[0].FinalState, Is.EqualTo(new long[] { 0, 0 }));
        var expected = new ActionCounts
        {
            [Actions.DramRead] = 1,
            [Actions.GlobalBufferWrite] = 2,
            [Actions.GlobalBufferRead] = 2,
            [Actions.WeightMemoryWrite] = 6,
            [Actions.StateMemoryWrite] = 2 + 8,
            [Actions.StateMemoryRead] = 8,
            [Actions.Compare] = 8,
            [Actions.Leak] = 8,
        };
        Assert.That(expected.Differences(counts), Is.Empty);
    }

    [Test]
    public void AllSpikesReachEveryNeuronEveryTimestep()
    {
        var model = SimModels.Build(SimModels.Neuron(threshold: 4), new Shape(3, 1, 1), [SimModels.Fc(2)], lanes: 2, inputSpikeRate: 1.0);
        var data = StimulusGenerator.Generate(model);
        Assert.That(data.InputLevels!.SelectMany(step => step), Is.All.EqualTo(1));

        var run = GoldenModel.RunSnn(model, NetworkData.ForSpiking([TinyWeights], data.InputLevels!, 7));

        // o0 gains 4 per step: fires every step and returns to 0. o1 gains 3: 3, 6 → fire 2, 5 → fire 1, 4 → fire 0.
        Assert.That(Steps(run.Trace.Layers[0]), Is.EqualTo(new[] { "0:1", "0:1 1:1", "0:1 1:1", "0:1 1:1" }));
        Assert.That(run.LayerCounts[0][Actions.Accumulate], Is.EqualTo(4 * 3 * 2));
    }

    [Test]
    public void QnnOnlySpecHasNoSpikingRun()
    {
        var model = TinyQnn(zeroSkipping: true);
        var data = NetworkData.ForQnn([new int[12]], [1, 2, 3, 0]);
        var result = GoldenModel.Run(model, data);

        Assert.That(result.Snn, Is.Null);
        Assert.That(result.Qnn.Trace.Design, Is.EqualTo(DesignKind.Qnn));
        Assert.Throws<InvalidOperationException>(() => GoldenModel.RunSnn(model, data));
    }

    [Test]
    public void DataOutsideTheSpecIsRefused()
    {
        var model = TinyFc();
        Assert.Throws<ArgumentException>(() => GoldenModel.RunSnn(model, NetworkData.ForSpiking([[3, 2, -1, 1, -2, 400]], TinySpikes, 7)));
        Assert.Throws<ArgumentException>(() => GoldenModel.RunSnn(model, NetworkData.ForSpiking([TinyWeights], [[2, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]], 7)));
        Assert.Throws<ArgumentException>(() => GoldenModel.RunSnn(model, NetworkData.ForSpiking([TinyWeights], TinySpikes.Take(3).ToArray(), 7)));
    }
}
