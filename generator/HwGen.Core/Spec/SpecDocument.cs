// The spec as written (version 1): every value located, nothing validated beyond its YAML type.
namespace HwGen.Spec;

public sealed record SpecDocument(
    string File,
    Diagnostics.SourceSpan Span,
    Located<long>? Version,
    Located<string>? Name,
    Located<string>? Description,
    TechnologySpec? Technology,
    MemorySpec? Memory,
    NocSpec? Noc,
    CoreSpec? Core,
    Located<string>? Dataflow,
    NeuronSpec? Neuron,
    TwinSpec? Twin,
    WorkloadSpec? Workload);

public sealed record TechnologySpec(Diagnostics.SourceSpan Span, Located<string>? Preset, IReadOnlyList<OverrideSpec> Overrides);

public sealed record OverrideSpec(Diagnostics.SourceSpan Span, Located<string>? Component, Located<string>? Action, Located<double>? EnergyPj);

public sealed record MemorySpec(Diagnostics.SourceSpan Span, DramSpec? Dram, GlobalBufferSpec? GlobalBuffer, LaneMemorySpec? LaneMemory);

public sealed record DramSpec(Diagnostics.SourceSpan Span, Located<long>? WordBits, Located<double>? ReadEnergyPj, Located<double>? WriteEnergyPj);

public sealed record GlobalBufferSpec(
    Diagnostics.SourceSpan Span,
    Located<long>? CapacityKib,
    Located<long>? WordBits,
    Located<long>? Banks,
    Located<double>? ReadEnergyPj,
    Located<double>? WriteEnergyPj);

public sealed record LaneMemorySpec(
    Diagnostics.SourceSpan Span,
    Located<long>? WeightWords,
    Located<long>? StateWords,
    Located<double>? WeightReadEnergyPj,
    Located<double>? WeightWriteEnergyPj,
    Located<double>? StateReadEnergyPj,
    Located<double>? StateWriteEnergyPj);

public sealed record NocSpec(
    Diagnostics.SourceSpan Span,
    Located<string>? Topology,
    Located<long>? MeshX,
    Located<long>? MeshY,
    Located<long>? LinkBits,
    Located<double>? SparseEnergyPjPerBitHop,
    Located<double>? DenseEnergyPjPerBitHop,
    Located<double>? HopsPerTransfer,
    Located<long>? BufferDepth)
{
    /// <summary>Keys written in the section, so a wrongly typed key is not also reported missing.</summary>
    public IReadOnlySet<string> Written { get; init; } = new HashSet<string>();
}

public sealed record CoreSpec(Diagnostics.SourceSpan Span, Located<long>? Lanes, Located<long>? InputQueueDepth, Located<long>? OutputQueueDepth,
    Located<double>? ClockMhz = null, Located<bool>? OperandIsolation = null);

public sealed record NeuronSpec(
    Diagnostics.SourceSpan Span,
    Located<string>? Model,
    Located<long>? Timesteps,
    Located<long>? Levels,
    Located<long>? Threshold,
    Located<long>? LeakShift,
    Located<long>? WeightBits,
    Located<long>? MembraneBits,
    Located<long>? AccumulatorBits,
    Located<long>? ActivationBits)
{
    /// <summary>Keys written in the section, so a wrongly typed key is not also reported missing.</summary>
    public IReadOnlySet<string> Written { get; init; } = new HashSet<string>();
}

/// <summary><c>activation_bits</c> is either the word <c>auto</c> (null here, with its span) or an integer.</summary>
public sealed record TwinSpec(Diagnostics.SourceSpan Span, Located<long>? ActivationBits, Located<bool>? ZeroSkipping);

public sealed record WorkloadSpec(Diagnostics.SourceSpan Span, InputSpec? Input, StimulusSpec? Stimulus, IReadOnlyList<LayerSpec> Layers, Diagnostics.SourceSpan? LayersSpan)
{
    /// <summary>The optional labelled test set (<c>workload.test_set</c>) the run evaluates accuracy on.</summary>
    public TestSetSpec? TestSet { get; init; }
}

/// <summary><c>workload.test_set</c>: a dataset HwGen reads itself, or N inputs and labels in .npy files.</summary>
public sealed record TestSetSpec(
    Diagnostics.SourceSpan Span,
    Located<string>? Dataset,
    Located<string>? InputsFile,
    Located<string>? LabelsFile,
    Located<long>? Images,
    Located<long>? RtlSample)
{
    /// <summary>Keys written in the section, so a source with a wrong value is not also reported missing.</summary>
    public IReadOnlySet<string> Written { get; init; } = new HashSet<string>();
}

public sealed record InputSpec(Diagnostics.SourceSpan Span, Located<long>? Channels, Located<long>? Height, Located<long>? Width);

public sealed record StimulusSpec(Diagnostics.SourceSpan Span, Located<ulong>? Seed, Located<double>? InputSpikeRate, Located<string>? InputFile);

public sealed record LayerSpec(
    Diagnostics.SourceSpan Span,
    Located<string>? Name,
    Located<string>? Type,
    Located<long>? Outputs,
    Located<long>? OutChannels,
    Located<long>? Kernel,
    Located<long>? Stride,
    Located<long>? Padding,
    Located<long[]>? Input,
    Located<double>? SpikeRate,
    Located<double>? QnnSparsity,
    Located<string>? WeightsFile,
    Located<string>? NocEncoding,
    Located<string>? Residual)
{
    /// <summary>Keys written in the layer, so a wrongly typed key is not also reported missing.</summary>
    public IReadOnlySet<string> Written { get; init; } = new HashSet<string>();
}
