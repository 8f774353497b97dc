// The workload as a graph: pooling windows, the reserved name of the network input and residual edges, each
// validated at the key that decides it (docs/spec.md, "The workload graph").
using HwGen.Diagnostics;
using HwGen.Spec;

namespace HwGen.Model;

public sealed partial class ModelBuilder
{
    private static LayerKind KindOf(string type) => type switch
    {
        "fc" => LayerKind.Fc,
        "maxpool" => LayerKind.MaxPool,
        "avgpool" => LayerKind.AvgPool,
        _ => LayerKind.Conv2d,
    };

    /// <summary>A layer may not take the name the residual key uses for the network input.</summary>
    private void CheckReservedName(LayerSpec spec, int index)
    {
        if (spec.Name is { } name && name.Value == Shortcut.InputName)
        {
            bag.ReservedLayerName(name.Span, $"workload.layers[{index}].name");
        }
    }

    /// <summary>
    /// A pool's window: kernel (required, 1..15), stride (default: the kernel, 1..15) and padding (0..kernel/2, so no
    /// window lies wholly in the padding). Keys of the weighted layers are refused. Null when the window is incomplete.
    /// </summary>
    private (int Kernel, int Stride, int Padding)? PoolWindow(LayerSpec spec, string path)
    {
        foreach (var (value, key, condition) in new[]
        {
            (spec.Outputs?.Span, "outputs", "for 'fc' layers"),
            (spec.OutChannels?.Span, "out_channels", "for 'conv2d' layers (a pool keeps the channels of its input)"),
            (spec.WeightsFile?.Span, "weights_file", "for 'fc' and 'conv2d' layers (a pool has no weights)"),
        })
        {
            if (value is { } at)
            {
                bag.KeyNotAllowedFor(at, $"{path}.{key}", condition);
            }
        }

        if (spec.Kernel is null)
        {
            if (!spec.Written.Contains("kernel"))
            {
                bag.MissingKey(spec.Span, $"'{path}' (type {spec.Type!.Value.Value})", "kernel");
            }

            return null;
        }

        var kernel = Int(spec.Kernel, $"{path}.kernel", 1, 15, 1);
        var stride = Int(spec.Stride, $"{path}.stride", 1, 15, kernel);
        var padding = Int(spec.Padding, $"{path}.padding", 0, kernel / 2, 0);
        return (kernel, stride, padding);
    }

    /// <summary>
    /// Resolves <c>residual</c>: the network input or an earlier layer (a later one or the layer itself would close a
    /// cycle), of the layer's output shape, only on a layer with synapses. On the classical core the buffer then holds the
    /// shortcut's events too while the layer runs (HW0311); a mesh core's event buffer is checked by the mapping
    /// (HW0321). An invalid edge is reported and dropped, so the later layers are still checked.
    /// </summary>
    private LayerModel WithResidual(LayerSpec spec, LayerModel layer, Shape networkInput, IReadOnlyList<LayerModel> earlier,
        IReadOnlyList<LayerSpec> all, MemoryModel memory, NeuronModel neuron, Dataflow dataflow)
    {
        if (spec.Residual is not { } residual)
        {
            return layer;
        }

        var path = $"workload.layers[{layer.Index}].residual";
        if (layer.IsPool)
        {
            bag.KeyNotAllowedFor(residual.Span, path, "for 'fc' and 'conv2d' layers (a shortcut joins a layer's synaptic input)");
            return layer;
        }

        var name = residual.Value;

        Shape source;
        int sourceIndex;
        if (name == Shortcut.InputName)
        {
            (source, sourceIndex) = (networkInput, Shortcut.NetworkInput);
        }
        else if (earlier.FirstOrDefault(l => l.Name == name) is { } found)
        {
            (source, sourceIndex) = (found.OutputShape, found.Index);
        }
        else
        {
            var later = Enumerable.Range(layer.Index, all.Count - layer.Index).FirstOrDefault(i => all[i].Name?.Value == name, -1);
            if (later >= 0)
            {
                bag.ResidualNotEarlier(residual.Span, path, layer.Name, name, later, layer.Index);
            }
            else
            {
                bag.ResidualUnknownLayer(residual.Span, path, name, earlier.Select(l => l.Name).Prepend(Shortcut.InputName).ToList());
            }

            return layer;
        }

        if (source != layer.OutputShape)
        {
            bag.ResidualShapeMismatch(residual.Span, path, layer.Name, name, source.ToString(), layer.OutputShape.ToString());
            return layer;
        }

        var steps = neuron.Kind == NeuronKind.Qnn ? 1 : neuron.Timesteps;
        var eventWords = (layer.InputShape.Elements + layer.OutputShape.Elements) * steps;
        var withShortcut = eventWords + source.Elements * steps;
        if (dataflow == Dataflow.Classical && eventWords <= memory.GlobalBuffer.CapacityWords && withShortcut > memory.GlobalBuffer.CapacityWords)
        {
            bag.BufferCannotHoldShortcut(spec.Span, layer.Name, name, withShortcut, memory.GlobalBuffer.CapacityWords);
        }

        return layer with { Residual = new Shortcut(sourceIndex, name) };
    }
}
