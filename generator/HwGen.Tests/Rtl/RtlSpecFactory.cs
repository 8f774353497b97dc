// The RTL tests' model record (with `with` variations) over the one test-model factory (TestModels.cs).
using HwGen.Model;

namespace HwGen.Tests.Rtl;

/// <summary>A layer request: fc (outputs), conv2d (out channels, kernel, stride, padding) or a pool (window, stride, padding).</summary>
public sealed record LayerSpec(LayerKind Kind, int Outputs, int Kernel = 1, int Stride = 1, int Padding = 0)
{
    public static LayerSpec Fc(int outputs) => new(LayerKind.Fc, outputs);

    public static LayerSpec Conv(int channels, int kernel, int stride, int padding) => new(LayerKind.Conv2d, channels, kernel, stride, padding);

    public static LayerSpec MaxPool(int window, int stride, int padding) => new(LayerKind.MaxPool, 0, window, stride, padding);

    public static LayerSpec AvgPool(int window, int stride, int padding) => new(LayerKind.AvgPool, 0, window, stride, padding);
}

public sealed record RtlSpec(
    string Name,
    Shape Input,
    IReadOnlyList<LayerSpec> Layers,
    int Lanes = 4,
    int Timesteps = 4,
    int Levels = 1,
    int WeightBits = 8,
    int MembraneBits = 16,
    int AccumulatorBits = 20,
    int ActivationBits = 3,
    int ThresholdLog2 = 6,
    int LeakShift = 0,
    bool ZeroSkipping = true,
    int WeightWords = 512,
    int StateWords = 256,
    int GbCapacityKib = 8,
    int GbWordBits = 32,
    int GbBanks = 4,
    int DramWordBits = 64,
    int InputQueueDepth = 8,
    int OutputQueueDepth = 8)
{
    public HardwareModel Build() => new TestModel(
        Name,
        Input,
        Layers.Select((l, i) => new LayerRequest(l.Kind, l.Outputs, l.Kernel, l.Stride, l.Padding, 0.1, 0.5, Name: $"l{i}")).ToList(),
        Lanes: Lanes,
        Kind: Levels > 1 ? NeuronKind.MultiLevel : NeuronKind.Snn,
        Timesteps: Timesteps,
        Levels: Levels,
        Threshold: 1 << ThresholdLog2,
        LeakShift: LeakShift,
        WeightBits: WeightBits,
        MembraneBits: MembraneBits,
        AccumulatorBits: AccumulatorBits,
        ActivationBits: ActivationBits,
        ZeroSkipping: ZeroSkipping,
        WeightWords: WeightWords,
        StateWords: StateWords,
        GbCapacityBits: GbCapacityKib * 1024L * 8,
        GbWordBits: GbWordBits,
        GbBanks: GbBanks,
        DramWordBits: DramWordBits,
        InputQueueDepth: InputQueueDepth,
        OutputQueueDepth: OutputQueueDepth).Build();
}
