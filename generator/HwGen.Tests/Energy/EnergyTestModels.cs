// Hardware models for the energy tests: the defaults of these tests over the one test-model factory (TestModels.cs).
using HwGen.Model;

namespace HwGen.Tests.Energy;

internal static class EnergyTestModels
{
    public static HardwareModel Build(
        Shape input,
        IReadOnlyList<LayerRequest> layers,
        int lanes = 4,
        int weightWords = 512,
        int stateWords = 256,
        Dataflow dataflow = Dataflow.Classical,
        int timesteps = 4,
        NeuronKind kind = NeuronKind.Snn,
        int levels = 1,
        int leakShift = 0,
        string preset = "yan2024-v1-45nm",
        NocModel? noc = null,
        bool zeroSkipping = true,
        double inputSpikeRate = 0.25,
        int weightBits = 8,
        int? activationBits = null,
        IReadOnlyList<EnergyOverride>? overrides = null,
        int dramWordBits = 64,
        int bufferWordBits = 32,
        long bufferCapacityBits = 64 * 1024 * 8) =>
        new TestModel(
            "energy-test",
            input,
            layers.Select((l, i) => l with { Name = $"{(l.Kind == LayerKind.Fc ? "fc" : "conv")}{i + 1}" }).ToList(),
            Lanes: lanes,
            GbCapacityBits: bufferCapacityBits,
            Kind: kind,
            Timesteps: timesteps,
            Levels: levels,
            LeakShift: leakShift,
            WeightBits: weightBits,
            ActivationBits: activationBits,
            ZeroSkipping: zeroSkipping,
            WeightWords: weightWords,
            StateWords: stateWords,
            GbWordBits: bufferWordBits,
            DramWordBits: dramWordBits,
            Dataflow: dataflow,
            Noc: noc,
            Preset: preset,
            Overrides: overrides,
            InputSpikeRate: inputSpikeRate).Build();

    public static NocModel Mesh(int x, int y, int linkBits = 32, double? hops = null) => new(NocTopology.Mesh, x, y, linkBits, null, null, hops);

    /// <summary>The 13 conv layers of VGG16 on CIFAR-10 (3×32×32): 3×3 kernels, padding 1, 2×2 pooling between blocks.</summary>
    public static HardwareModel Vgg16Conv(string preset = "yan2024-v1-45nm", Dataflow dataflow = Dataflow.Classical, int timesteps = 4, double spikeRate = 0.1)
    {
        int[][] blocks = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
        var layers = new List<LayerRequest>();
        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Length; i++)
            {
                layers.Add(new LayerRequest(LayerKind.Conv2d, block[i], Kernel: 3, Stride: 1, Padding: 1, SpikeRate: spikeRate, QnnSparsity: 0.6,
                    PoolBefore: i == 0 && layers.Count > 0));
            }
        }

        // A mesh keeps every layer on its own core (the paper presets' lane memories and 4 MiB event buffers), so the 13
        // layers fit a 4x4 mesh.
        var mesh = dataflow != Dataflow.Classical;
        return Build(new Shape(3, 32, 32), layers, lanes: 16, weightWords: mesh ? 147456 : 8192, stateWords: 4096,
            bufferCapacityBits: mesh ? 4096L * 1024 * 8 : 64 * 1024 * 8, dataflow: dataflow, timesteps: timesteps,
            preset: preset, noc: dataflow == Dataflow.Classical ? null : Mesh(4, 4));
    }
}
