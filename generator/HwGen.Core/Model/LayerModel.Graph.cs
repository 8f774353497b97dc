// What the workload graph adds to a layer: the pooling kinds (no weights, one channel per unit) and the residual edge.
namespace HwGen.Model;

public sealed partial record LayerModel
{
    /// <summary>The shortcut whose output this layer adds into its membranes (SNN) or accumulators (QNN); null without one.</summary>
    public Shortcut? Residual { get; init; }

    /// <summary>True for <c>maxpool</c> and <c>avgpool</c>: no weights, each output channel reads its own input channel only.</summary>
    public bool IsPool => LayerGeometry.IsPool(Kind);

    /// <summary>fc: output neurons; conv2d and pools: output channels (the units dealt round-robin to the lanes).</summary>
    public int Units => Kind == LayerKind.Fc ? OutputShape.Size : OutputShape.Channels;

    /// <summary>
    /// The average pool's fixed divisor: the window area K·K, whatever part of the window lies in the padding
    /// (padding counts as zeros). It is the pool neuron's threshold (docs/hardware.md, "Pooling").
    /// </summary>
    public int PoolDivisor => Kernel * Kernel;
}

/// <summary>
/// A residual edge: the output tensor of layer <see cref="Source"/> (or the network input, <see cref="NetworkInput"/>),
/// whose events are added, per timestep and neuron, into the state of the layer that names it (the ResNet convention:
/// the shortcut joins before the block's last activation).
/// </summary>
public sealed record Shortcut(int Source, string Name)
{
    /// <summary>The <see cref="Source"/> of a shortcut from the network input.</summary>
    public const int NetworkInput = -1;

    /// <summary>The name a spec writes for the network input (<c>residual: input</c>); no layer may use it.</summary>
    public const string InputName = "input";

    /// <summary>Index of the source tensor in <see cref="WorkloadModel.Tensors"/> (the input is tensor 0).</summary>
    public int TensorIndex => Source + 1;
}
