// Hardware models built in code for the energy tests (independent of the YAML loader).
using HwGen.Model;

namespace HwGen.Tests.Energy;

/// <summary>One layer as a test writes it. PoolBefore halves the input height and width (2×2 pooling between VGG blocks).</summary>
internal sealed record TestLayer(LayerKind Kind, int Outputs, int Kernel = 1, int Stride = 1, int Padding = 0, double SpikeRate = 0.1, double QnnSparsity = 0.6, bool PoolBefore = false);

internal static class EnergyTestModels
{
    public static HardwareModel Build(
        Shape input,
        IReadOnlyList<TestLayer> layers,
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
        int bufferWordBits = 32)
    {
        var models = ModelLayers.Build(input, layers.Select((l, i) => new LayerRequest(l.Kind, l.Outputs, l.Kernel, l.Stride, l.Padding, l.SpikeRate,
            l.QnnSparsity, l.PoolBefore, $"{(l.Kind == LayerKind.Fc ? "fc" : "conv")}{i + 1}")).ToList(), lanes, weightWords, stateWords);

        var bits = activationBits ?? Bits.ForValues(timesteps * levels);
        return HardwareModel.Create(
            "energy-test",
            "energy-test.yaml",
            new TechnologyModel(preset, overrides ?? []),
            new MemoryModel(new DramModel(dramWordBits, null, null), new GlobalBufferModel(64 * 1024 * 8, bufferWordBits, 4, null, null),
                new LaneMemoryModel(weightWords, stateWords, null, null, null, null)),
            noc ?? new NocModel(NocTopology.None, 0, 0, 0, null, null, null),
            new CoreModel(lanes, 16, 16),
            dataflow,
            new NeuronModel(kind, timesteps, levels, 64, leakShift, weightBits, 16, 20),
            new TwinModel(bits, activationBits is null, zeroSkipping),
            new WorkloadModel(input, new StimulusModel(1, inputSpikeRate, null), models));
    }

    public static NocModel Mesh(int x, int y, int linkBits = 32, double? hops = null) => new(NocTopology.Mesh, x, y, linkBits, null, null, hops);

    /// <summary>The 13 conv layers of VGG16 on CIFAR-10 (3×32×32): 3×3 kernels, padding 1, 2×2 pooling between blocks.</summary>
    public static HardwareModel Vgg16Conv(string preset = "yan2024-v1-45nm", Dataflow dataflow = Dataflow.Classical, int timesteps = 4, double spikeRate = 0.1)
    {
        int[][] blocks = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
        var layers = new List<TestLayer>();
        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Length; i++)
            {
                layers.Add(new TestLayer(LayerKind.Conv2d, block[i], Kernel: 3, Stride: 1, Padding: 1, SpikeRate: spikeRate, QnnSparsity: 0.6,
                    PoolBefore: i == 0 && layers.Count > 0));
            }
        }

        return Build(new Shape(3, 32, 32), layers, lanes: 16, weightWords: 8192, stateWords: 4096, dataflow: dataflow, timesteps: timesteps,
            preset: preset, noc: dataflow == Dataflow.Classical ? null : Mesh(4, 4));
    }
}
