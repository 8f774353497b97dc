// Builds the layer list of a HardwareModel in code, as the spec loader would: shapes chained, fc inputs flattened,
// synapses and lane mapping from LayerGeometry. Shared by the test factories of every stage.
using HwGen.Model;

namespace HwGen.Tests;

/// <summary>One layer as a test writes it. <paramref name="PoolBefore"/> halves the input height and width first.</summary>
internal sealed record LayerRequest(
    LayerKind Kind,
    int Outputs,
    int Kernel = 1,
    int Stride = 1,
    int Padding = 0,
    double SpikeRate = 0.1,
    double QnnSparsity = 0.6,
    bool PoolBefore = false,
    string? Name = null);

internal static class ModelLayers
{
    public static List<LayerModel> Build(Shape input, IReadOnlyList<LayerRequest> requests, int lanes, int weightWords, int stateWords)
    {
        var layers = new List<LayerModel>();
        var shape = input;
        for (var i = 0; i < requests.Count; i++)
        {
            var l = requests[i];
            if (l.PoolBefore)
            {
                shape = new Shape(shape.Channels, shape.Height / 2, shape.Width / 2);
            }

            if (l.Kind == LayerKind.Fc)
            {
                shape = new Shape(shape.Size, 1, 1);
            }

            var output = LayerGeometry.OutputShape(l.Kind, shape, l.Outputs, l.Kernel, l.Stride, l.Padding)
                ?? throw new ArgumentException($"layer {i} does not fit its input {shape}");
            var mapping = LayerGeometry.Map(l.Kind, shape, output, l.Kernel, lanes, weightWords, stateWords)
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
