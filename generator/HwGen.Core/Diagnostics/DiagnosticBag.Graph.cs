// The catalogue, workload-graph part (HW034x): residual edges between layers and the names they use.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void ResidualUnknownLayer(SourceSpan at, string path, string name, IReadOnlyCollection<string> allowed) =>
        Error("HW0340", at, $"'{path}' is '{name}'{NearMiss.Hint(name, allowed)}, which names no earlier layer; allowed: {string.Join(", ", allowed)}");

    public void ResidualNotEarlier(SourceSpan at, string path, string layer, string name, int sourceIndex, int index) =>
        Error("HW0341", at, sourceIndex == index
            ? $"'{path}' is '{name}': layer '{layer}' would add its own output to itself, a cycle; a shortcut comes from an earlier layer or 'input'"
            : $"'{path}' is '{name}', layer {sourceIndex}, which runs after layer '{layer}' (layer {index}): the edge would close a cycle; a shortcut comes from an earlier layer or 'input'");

    public void ResidualShapeMismatch(SourceSpan at, string path, string layer, string name, string sourceShape, string outputShape) =>
        Error("HW0342", at, $"'{path}' is '{name}', whose output is {sourceShape}, but layer '{layer}' outputs {outputShape}; a shortcut is added neuron by neuron and needs the same shape");

    public void ReservedLayerName(SourceSpan at, string path) =>
        Error("HW0343", at, $"'{path}' is 'input', which is reserved: 'residual: input' names the network input");

    public void BufferCannotHoldShortcut(SourceSpan at, string layer, string source, long neededWords, long capacityWords) =>
        Error("HW0311", at, $"layer '{layer}': the global buffer holds {capacityWords} event words but the layer's inputs, outputs and the shortcut from '{source}' need up to {neededWords} (every neuron firing every timestep)");
}
