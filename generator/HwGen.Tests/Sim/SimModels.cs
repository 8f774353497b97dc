// Builds small HardwareModel records in code for the golden-model tests (shapes and mapping from LayerGeometry).
using HwGen.Model;

namespace HwGen.Tests.Sim;

/// <summary>One layer as a test writes it: kind, outputs (fc neurons or conv channels), kernel, stride, padding.</summary>
internal sealed record TestLayer(LayerKind Kind, int Outputs, int Kernel = 1, int Stride = 1, int Padding = 0, double SpikeRate = 0.15);

internal static class SimModels
{
    public static NeuronModel Neuron(
        NeuronKind kind = NeuronKind.Snn,
        int timesteps = 4,
        int levels = 1,
        int threshold = 64,
        int leakShift = 0,
        int weightBits = 8,
        int membraneBits = 16,
        int accumulatorBits = 20) =>
        new(kind, timesteps, levels, threshold, leakShift, weightBits, membraneBits, accumulatorBits);

    public static TestLayer Fc(int outputs, double spikeRate = 0.15) => new(LayerKind.Fc, outputs, SpikeRate: spikeRate);

    public static TestLayer Conv(int channels, int kernel, int stride, int padding, double spikeRate = 0.15) =>
        new(LayerKind.Conv2d, channels, kernel, stride, padding, spikeRate);

    public static HardwareModel Build(
        NeuronModel neuron,
        Shape input,
        IReadOnlyList<TestLayer> layers,
        int activationBits = 3,
        bool zeroSkipping = true,
        int lanes = 4,
        int weightWords = 512,
        int stateWords = 256,
        ulong seed = 1,
        double inputSpikeRate = 0.25,
        int dramWordBits = 64,
        int globalBufferWordBits = 32)
    {
        var models = ModelLayers.Build(input, layers.Select(l => new LayerRequest(l.Kind, l.Outputs, l.Kernel, l.Stride, l.Padding, l.SpikeRate, 0.6)).ToList(),
            lanes, weightWords, stateWords);

        return HardwareModel.Create(
            "test",
            "test.yaml",
            new TechnologyModel("yan2024-v1-45nm", []),
            new MemoryModel(
                new DramModel(dramWordBits, null, null),
                new GlobalBufferModel(64 * 1024 * 8, globalBufferWordBits, 4, null, null),
                new LaneMemoryModel(weightWords, stateWords, null, null, null, null)),
            new NocModel(NocTopology.None, 0, 0, 0, null, null, null),
            new CoreModel(lanes, 16, 16),
            Dataflow.Classical,
            neuron,
            new TwinModel(activationBits, false, zeroSkipping),
            new WorkloadModel(input, new StimulusModel(seed, inputSpikeRate, null), models));
    }
}
