// The validated, immutable description of one accelerator and its workload: every width, size and count known.
using HwGen.Diagnostics;

namespace HwGen.Model;

public enum Dataflow
{
    Classical,
    Spatial,
    Neuromorphic,
}

public enum NeuronKind
{
    /// <summary>Binary integrate-and-fire, reset by subtraction.</summary>
    Snn,

    /// <summary>Spikes carry a level 0..L (Castagnetti et al.).</summary>
    MultiLevel,

    /// <summary>Quantized network only; no spiking design.</summary>
    Qnn,
}

public enum LayerKind
{
    Fc,
    Conv2d,

    /// <summary>Max pooling per channel (docs/hardware.md, "Pooling"): no weights.</summary>
    MaxPool,

    /// <summary>Average pooling per channel, the divisor being the pool neuron's threshold (docs/hardware.md): no weights.</summary>
    AvgPool,
}

public enum NocTopology
{
    None,
    Mesh,
}

/// <summary>A whole spec after validation.</summary>
public sealed record HardwareModel(
    string Name,
    string SourceFile,
    TechnologyModel Technology,
    MemoryModel Memory,
    NocModel Noc,
    CoreModel Core,
    Dataflow Dataflow,
    NeuronModel Neuron,
    TwinModel Twin,
    WorkloadModel Workload,
    IReadOnlyList<TwinDesign> Designs)
{
    /// <summary>Where keys that later stages' diagnostics name were written in the spec.</summary>
    public SpecLocations Locations { get; init; } = SpecLocations.None(SourceFile);

    /// <summary>The layers' slices on the cores of the mesh (spatial and neuromorphic dataflows); null for the classical dataflow.</summary>
    public NocMapping? Mesh { get; init; }

    /// <summary>
    /// Each twin's resolved NoC encoding per layer (mesh dataflows). Null until resolved: <c>auto</c> layers and hybrid
    /// crossovers are decided from the analytical model's NoC prices (by the energy stage's encoding resolver, before any later stage reads them).
    /// </summary>
    public NocEncodingPlan? NocEncodings { get; init; }

    /// <summary>True for the dataflows whose layers run on the cores of a mesh.</summary>
    public bool IsMesh => Dataflow != Dataflow.Classical;

    /// <summary>The mesh mapping; throws for the classical dataflow.</summary>
    public NocMapping RequireMesh() => Mesh ?? throw new InvalidOperationException($"spec '{Name}' has the {Dataflow} dataflow: no mesh mapping");

    /// <summary>The resolved encodings of a mesh dataflow; throws while <c>auto</c> is undecided.</summary>
    public IReadOnlyList<LayerNocEncoding> EncodingsOf(DesignKind design) => (NocEncodings
        ?? throw new InvalidOperationException($"spec '{Name}': the NoC encodings are not resolved yet")).For(design);

    /// <summary>
    /// A validated model with its twins derived from the neuron, twin and tensor shapes (the one place they are computed)
    /// and, for a mesh dataflow, its mapping (<see cref="NocMapper"/>; throws when the layers do not fit the mesh).
    /// </summary>
    public static HardwareModel Create(string name, string sourceFile, TechnologyModel technology, MemoryModel memory, NocModel noc,
        CoreModel core, Dataflow dataflow, NeuronModel neuron, TwinModel twin, WorkloadModel workload)
    {
        NocMapping? mesh = null;
        if (dataflow != Dataflow.Classical)
        {
            var (mapping, layers, problem) = NocMapper.Map(dataflow, noc, core, memory, neuron, workload.Stimulus.InputSpikeRate, workload.Layers);
            if (problem is not null)
            {
                throw new ArgumentException($"spec '{name}' cannot be mapped on its mesh: {problem}");
            }

            mesh = mapping;
            workload = workload with { Layers = layers };
        }

        return new(name, sourceFile, technology, memory, noc, core, dataflow, neuron, twin, workload, DesignsOf(neuron, twin, workload)) { Mesh = mesh };
    }

    /// <summary>The twins a spec has: the spiking design when it has one, and the QNN twin.</summary>
    public static IReadOnlyList<TwinDesign> DesignsOf(NeuronModel neuron, TwinModel twin, WorkloadModel workload) =>
        (neuron.Kind == NeuronKind.Qnn ? new[] { DesignKind.Qnn } : [DesignKind.Snn, DesignKind.Qnn])
        .Select(kind => TwinDesign.Create(kind, neuron, twin, workload.Tensors))
        .ToList();

    public IReadOnlyList<LayerModel> Layers => Workload.Layers;

    /// <summary>The twin of <paramref name="kind"/>; throws when the spec has none (a QNN-only spec has no spiking design).</summary>
    public TwinDesign Design(DesignKind kind) =>
        Designs.FirstOrDefault(d => d.Kind == kind) ?? throw new InvalidOperationException($"spec '{Name}' has no {kind.ToString().ToLowerInvariant()} design");

    /// <summary>The same spec with the spiking design at another T and the QNN twin at another activation width (sweeps over T).</summary>
    public TwinDesign DesignAt(DesignKind kind, int timesteps, int activationBits) =>
        TwinDesign.Create(kind, Neuron, Twin, Workload.Tensors, timesteps, activationBits);

    /// <summary>True when the spec describes a spiking design (SNN or multi-level) with a QNN twin.</summary>
    public bool HasSpikingDesign => Neuron.Kind != NeuronKind.Qnn;
}

/// <summary>Which energy reference table to use, and per-entry overrides.</summary>
public sealed record TechnologyModel(string Preset, IReadOnlyList<EnergyOverride> Overrides);

public sealed record EnergyOverride(string Component, string Action, double EnergyPj);

public sealed record MemoryModel(DramModel Dram, GlobalBufferModel GlobalBuffer, LaneMemoryModel LaneMemory);

/// <summary>Off-chip DRAM: word width and optional per-access energies (null: from the ERT).</summary>
public sealed record DramModel(int WordBits, double? ReadEnergyPj, double? WriteEnergyPj);

/// <summary>Banked on-chip global buffer between layers; also stages weights on their way to the lanes.</summary>
public sealed record GlobalBufferModel(long CapacityBits, int WordBits, int Banks, double? ReadEnergyPj, double? WriteEnergyPj)
{
    public long CapacityWords => CapacityBits / WordBits;
}

/// <summary>Per-lane memories: weight SRAM (one weight per word) and membrane/accumulator storage (one value per word).</summary>
public sealed record LaneMemoryModel(
    int WeightWords,
    int StateWords,
    double? WeightReadEnergyPj,
    double? WeightWriteEnergyPj,
    double? StateReadEnergyPj,
    double? StateWriteEnergyPj);

/// <summary>Network-on-chip; energies null mean "from the ERT".</summary>
public sealed record NocModel(
    NocTopology Topology,
    int MeshX,
    int MeshY,
    int LinkBits,
    double? SparseEnergyPjPerBitHop,
    double? DenseEnergyPjPerBitHop,
    double? HopsPerTransfer,
    int BufferDepth = NocModel.DefaultBufferDepth)
{
    /// <summary>Flits each router input buffers when the spec does not say.</summary>
    public const int DefaultBufferDepth = 4;

    public int Routers => Topology == NocTopology.None ? 0 : MeshX * MeshY;

}

/// <summary>The neural core: the PE array as lanes, and its event queues.</summary>
/// <summary>
/// The neural core: lanes, queue depths, the clock its leakage and clock energy are counted at (MHz), and whether the
/// lane datapath's operands are isolated (held at zero) in cycles where their unit does not act.
/// </summary>
public sealed record CoreModel(int Lanes, int InputQueueDepth, int OutputQueueDepth, double ClockMhz = CoreModel.DefaultClockMhz, bool OperandIsolation = false)
{
    /// <summary>The clock when the spec gives none: an assumption (sram-reference.md's leakage example uses 100 MHz).</summary>
    public const double DefaultClockMhz = 100;
}

/// <summary>Neuron dynamics and numeric formats of the primary (spiking or QNN) design.</summary>
public sealed record NeuronModel(
    NeuronKind Kind,
    int Timesteps,
    int Levels,
    int Threshold,
    int LeakShift,
    int WeightBits,
    int MembraneBits,
    int AccumulatorBits)
{
    /// <summary>log2 of the threshold (the threshold is a power of two so firing and requantisation are shifts).</summary>
    public int ThresholdLog2 => System.Numerics.BitOperations.Log2((uint)Threshold);

    public bool HasLeak => LeakShift > 0;

    /// <summary>Bits of a spike payload: 1 for binary spikes, ceil(log2(L+1)) for multi-level ones.</summary>
    public int PayloadBits => Bits.ForValues(Levels);
}

/// <summary>The QNN twin on the same hardware.</summary>
public sealed record TwinModel(int ActivationBits, bool ActivationBitsDerived, bool ZeroSkipping)
{
    public int MaxActivation => (1 << ActivationBits) - 1;

    /// <summary>ceil(log2(L·T + 1)): over T timesteps a neuron emits 0..L·T levels, which the capacity-matched twin holds.</summary>
    public static int CapacityMatchedBits(int levels, int timesteps) => Bits.ForValues((long)levels * timesteps);
}

/// <summary>Channels × height × width of an activation tensor (fc layers use 1×1×N... flattened as C=N).</summary>
public readonly record struct Shape(int Channels, int Height, int Width)
{
    /// <summary>Elements one tensor (or one layer's weights) may have: validation refuses more (HW0319), so every size fits an int.</summary>
    public const long MaxElements = 1L << 30;

    /// <summary>Elements, without overflow whatever the dimensions (validation works with this).</summary>
    public long Elements => (long)Channels * Height * Width;

    /// <summary>Elements of a validated tensor (at most <see cref="MaxElements"/>).</summary>
    public int Size => checked((int)Elements);

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}

public sealed record StimulusModel(ulong Seed, double InputSpikeRate, string? InputFile);

public sealed record WorkloadModel(Shape Input, StimulusModel Stimulus, IReadOnlyList<LayerModel> Layers)
{
    /// <summary>The labelled test set of <c>workload.test_set</c>, if the spec names one.</summary>
    public TestSetModel? TestSet { get; init; }

    /// <summary>Every tensor the network reads or writes: the input, then each layer's output.</summary>
    public IReadOnlyList<Shape> Tensors => Layers.Select(l => l.OutputShape).Prepend(Input).ToList();
}

/// <summary>One layer with its shapes, connectivity and its mapping onto the lanes.</summary>
public sealed partial record LayerModel(
    int Index,
    string Name,
    LayerKind Kind,
    Shape InputShape,
    Shape OutputShape,
    int Kernel,
    int Stride,
    int Padding,
    double SpikeRate,
    double QnnSparsity,
    string? WeightFile,
    LayerMapping Mapping)
{
    /// <summary>How the layer's output events travel on a mesh (the spec's <c>noc_encoding</c>; <c>auto</c> until resolved).</summary>
    public NocEncoding NocEncoding { get; init; } = NocEncoding.Auto;

    /// <summary>Inputs per output neuron (fc: inputs; conv2d: C_in·K·K; a pool: its K·K window in one channel).</summary>
    public int FanIn => Kind switch
    {
        LayerKind.Fc => InputShape.Size,
        LayerKind.Conv2d => InputShape.Channels * Kernel * Kernel,
        _ => Kernel * Kernel,
    };

    /// <summary>Distinct weights of a layer of this kind and these shapes, without overflow (validation bounds it); pools have none.</summary>
    public static long WeightsOf(LayerKind kind, Shape input, Shape output, int kernel) => kind switch
    {
        LayerKind.Fc => input.Elements * output.Elements,
        LayerKind.Conv2d => (long)output.Channels * input.Channels * kernel * kernel,
        _ => 0,
    };

    /// <summary>Distinct weights of the layer.</summary>
    public long WeightCount => WeightsOf(Kind, InputShape, OutputShape, Kernel);

    public int Neurons => OutputShape.Size;

    /// <summary>Input-output connections inside the image (padding taps excluded).</summary>
    public long Synapses { get; init; }
}

/// <summary>
/// How a layer sits on the lanes. Output neurons (fc) or output channels (conv2d) are dealt to lanes round-robin:
/// unit u goes to lane u mod lanes, local index u div lanes. When a lane's weights exceed its weight memory the
/// layer runs in output tiles: each tile loads its weights once and replays every timestep's input events.
/// </summary>
public sealed record LayerMapping(
    int Lanes,
    int UnitsPerLane,
    int NeuronsPerUnit,
    int WeightsPerUnit,
    int UnitsPerTile,
    int Tiles)
{
    /// <summary>Weights one lane holds for one tile.</summary>
    public int WeightWordsPerTile => UnitsPerTile * WeightsPerUnit;

    /// <summary>Membrane/accumulator words one lane holds for one tile.</summary>
    public int StateWordsPerTile => UnitsPerTile * NeuronsPerUnit;

    /// <summary>On a mesh dataflow each tile is a slice on its own core (weights loaded once, before the inference).</summary>
    public bool OnOwnCores { get; init; }

    /// <summary>True when one tile holds every unit, or every slice has its own core: weights stay resident across timesteps.</summary>
    public bool WeightsResident => OnOwnCores || Tiles == 1;
}

public static class Bits
{
    /// <summary>Bits needed to hold the values 0..maxValue (at least 1).</summary>
    public static int ForValues(long maxValue)
    {
        var bits = 1;
        while ((1L << bits) - 1 < maxValue)
        {
            bits++;
        }

        return bits;
    }

    /// <summary>Bits to address `count` distinct items (at least 1).</summary>
    public static int ForAddress(long count) => ForValues(Math.Max(1, count - 1));

    public static bool IsPowerOfTwo(long value) => value > 0 && (value & (value - 1)) == 0;
}

/// <summary>Spec positions by dotted key path, so a later stage's diagnostic points at the key that causes it.</summary>
public sealed record SpecLocations(string File, IReadOnlyDictionary<string, SourceSpan> Keys)
{
    public static SpecLocations None(string file) => new(file, new Dictionary<string, SourceSpan>());

    /// <summary>The position of <paramref name="key"/>, or of the whole file when the spec did not write it.</summary>
    public SourceSpan At(string key) => Keys.TryGetValue(key, out var span) ? span : SourceSpan.StartOf(File);
}
