// Hardware models for the golden-model tests: their defaults over the one test-model factory (TestModels.cs).
using HwGen.Model;

namespace HwGen.Tests.Sim;

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

    public static LayerRequest Fc(int outputs, double spikeRate = 0.15) => new(LayerKind.Fc, outputs, SpikeRate: spikeRate);

    public static LayerRequest Conv(int channels, int kernel, int stride, int padding, double spikeRate = 0.15) =>
        new(LayerKind.Conv2d, channels, kernel, stride, padding, spikeRate);

    public static HardwareModel Build(
        NeuronModel neuron,
        Shape input,
        IReadOnlyList<LayerRequest> layers,
        int activationBits = 3,
        bool zeroSkipping = true,
        int lanes = 4,
        int weightWords = 512,
        int stateWords = 256,
        ulong seed = 1,
        double inputSpikeRate = 0.25,
        int dramWordBits = 64,
        int globalBufferWordBits = 32) =>
        new TestModel(
            "test",
            input,
            layers,
            Lanes: lanes,
            Kind: neuron.Kind,
            Timesteps: neuron.Timesteps,
            Levels: neuron.Levels,
            Threshold: neuron.Threshold,
            LeakShift: neuron.LeakShift,
            WeightBits: neuron.WeightBits,
            MembraneBits: neuron.MembraneBits,
            AccumulatorBits: neuron.AccumulatorBits,
            ActivationBits: activationBits,
            ZeroSkipping: zeroSkipping,
            WeightWords: weightWords,
            StateWords: stateWords,
            GbWordBits: globalBufferWordBits,
            DramWordBits: dramWordBits,
            Seed: seed,
            InputSpikeRate: inputSpikeRate).Build();
}
