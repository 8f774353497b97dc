// Everything about one layer that the counts need and that does not change with T, spike rates or energies: computed once.
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>The static, per-layer quantities of the counting contract (docs/hardware.md), precomputed for the hot path.</summary>
public readonly struct LayerCostProfile
{
    public LayerCostProfile(HardwareModel model, LayerModel layer)
    {
        Index = layer.Index;
        IsFirst = layer.Index == 0;
        IsLast = layer.Index == model.Layers.Count - 1;
        InputNeurons = layer.InputShape.Size;
        Neurons = layer.Neurons;
        Units = layer.Units;
        IsPool = layer.IsPool;
        IsMaxPool = layer.Kind == LayerKind.MaxPool;
        ShortcutSource = layer.Residual?.Source;
        Tiles = layer.Mapping.Tiles;
        Weights = layer.WeightCount;
        var weightBits = Weights * model.Neuron.WeightBits;
        DramWeightWords = CeilDiv(weightBits, model.Memory.Dram.WordBits);
        BufferWeightWords = CeilDiv(weightBits, model.Memory.GlobalBuffer.WordBits);
        Synapses = layer.Synapses > 0
            ? layer.Synapses
            : LayerGeometry.Synapses(layer.Kind, layer.InputShape, layer.OutputShape, layer.Kernel, layer.Stride, layer.Padding);

        // An event at a uniformly chosen input position reaches, on average, Synapses / N_in neurons: border
        // positions reach fewer outputs because padding taps are not connections.
        ReachPerEvent = (double)Synapses / InputNeurons;
    }

    public int Index { get; }

    public bool IsFirst { get; }

    public bool IsLast { get; }

    /// <summary>N_in: input neurons (input activations of the QNN).</summary>
    public int InputNeurons { get; }

    /// <summary>Σ_k N_k: output neurons of the layer.</summary>
    public int Neurons { get; }

    /// <summary>fc: output neurons; conv2d: output channels.</summary>
    public int Units { get; }

    public int Tiles { get; }

    /// <summary>maxpool or avgpool: no weights, updates without weight reads (docs/hardware.md, "Pooling").</summary>
    public bool IsPool { get; }

    /// <summary>A max pool: its updates are compares; an average pool's are adds.</summary>
    public bool IsMaxPool { get; }

    /// <summary>The layer the residual edge names (−1: the network input), or null without one.</summary>
    public int? ShortcutSource { get; }

    /// <summary>W: distinct weights.</summary>
    public long Weights { get; }

    /// <summary>ceil(W·b_w / dram.word_bits).</summary>
    public long DramWeightWords { get; }

    /// <summary>ceil(W·b_w / global_buffer.word_bits): weight staging words.</summary>
    public long BufferWeightWords { get; }

    /// <summary>In-image connections: the MACs of a dense pass.</summary>
    public long Synapses { get; }

    /// <summary>Expected neurons an input event reaches (fc: every output; conv2d: averaged over input positions).</summary>
    public double ReachPerEvent { get; }



    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
