// The one factory of HardwareModel records built in code for tests (no YAML), as the spec loader would build them:
// shapes chained, fc inputs flattened, synapses and lane mapping from LayerGeometry, the twins from HardwareModel.Create.
// The stage-specific helpers (RtlSpec, EnergyTestModels, SimModels) only choose defaults and call it.
using HwGen.Model;

namespace HwGen.Tests;

/// <summary>One layer as a test writes it. <paramref name="PoolBefore"/> halves the input height and width first.</summary>
public sealed record LayerRequest(
    LayerKind Kind,
    int Outputs,
    int Kernel = 1,
    int Stride = 1,
    int Padding = 0,
    double SpikeRate = 0.1,
    double QnnSparsity = 0.6,
    bool PoolBefore = false,
    string? Name = null);

/// <summary>Every knob of a test model; <see cref="ActivationBits"/> null means the capacity-matched width.</summary>
public sealed record TestModel(
    string Name,
    Shape Input,
    IReadOnlyList<LayerRequest> Layers,
    int Lanes = 4,
    NeuronKind Kind = NeuronKind.Snn,
    int Timesteps = 4,
    int Levels = 1,
    int Threshold = 64,
    int LeakShift = 0,
    int WeightBits = 8,
    int MembraneBits = 16,
    int AccumulatorBits = 20,
    int? ActivationBits = null,
    bool ZeroSkipping = true,
    int WeightWords = 512,
    int StateWords = 256,
    long GbCapacityBits = 64 * 1024 * 8,
    int GbWordBits = 32,
    int GbBanks = 4,
    int DramWordBits = 64,
    int InputQueueDepth = 16,
    int OutputQueueDepth = 16,
    Dataflow Dataflow = Dataflow.Classical,
    NocModel? Noc = null,
    string Preset = "yan2024-v1-45nm",
    IReadOnlyList<EnergyOverride>? Overrides = null,
    ulong Seed = 1,
    double InputSpikeRate = 0.25)
{
    public HardwareModel Build() => HardwareModel.Create(
        Name,
        Name + ".yaml",
        new TechnologyModel(Preset, Overrides ?? []),
        new MemoryModel(
            new DramModel(DramWordBits, null, null),
            new GlobalBufferModel(GbCapacityBits, GbWordBits, GbBanks, null, null),
            new LaneMemoryModel(WeightWords, StateWords, null, null, null, null)),
        Noc ?? new NocModel(NocTopology.None, 0, 0, 0, null, null, null),
        new CoreModel(Lanes, InputQueueDepth, OutputQueueDepth),
        Dataflow,
        new NeuronModel(Kind, Timesteps, Levels, Threshold, LeakShift, WeightBits, MembraneBits, AccumulatorBits),
        new TwinModel(ActivationBits ?? TwinModel.CapacityMatchedBits(Levels, Timesteps), ActivationBits is null, ZeroSkipping),
        new WorkloadModel(Input, new StimulusModel(Seed, InputSpikeRate, null), BuildLayers()));

    private List<LayerModel> BuildLayers()
    {
        var layers = new List<LayerModel>();
        var shape = Input;
        for (var i = 0; i < Layers.Count; i++)
        {
            var l = Layers[i];
            if (l.PoolBefore)
            {
                shape = new Shape(shape.Channels, shape.Height / 2, shape.Width / 2);
            }

            if (l.Kind == LayerKind.Fc)
            {
                shape = new Shape(shape.Size, 1, 1);
            }

            // A pool keeps its input's channels.
            var outputs = LayerGeometry.IsPool(l.Kind) ? shape.Channels : l.Outputs;
            var output = LayerGeometry.OutputShape(l.Kind, shape, outputs, l.Kernel, l.Stride, l.Padding)
                ?? throw new ArgumentException($"layer {i} does not fit its input {shape}");
            var mapping = LayerGeometry.Map(l.Kind, shape, output, l.Kernel, Lanes, WeightWords, StateWords)
                ?? throw new ArgumentException($"layer {i} does not fit the lane memories");
            layers.Add(new LayerModel(i, l.Name ?? $"layer{i}", l.Kind, shape, output, l.Kernel, l.Stride, l.Padding, l.SpikeRate, l.QnnSparsity, null, mapping)
            {
                Synapses = LayerGeometry.Synapses(l.Kind, shape, output, l.Kernel, l.Stride, l.Padding),
            });
            shape = output;
        }

        return layers;
    }
}
