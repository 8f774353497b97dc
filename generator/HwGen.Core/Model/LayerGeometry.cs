// Pure functions that derive layer shapes, synapse counts and the lane mapping; shared by the loader and tests.
namespace HwGen.Model;

public static class LayerGeometry
{
    /// <summary>Output shape of a layer, or null when the kernel does not fit the padded input.</summary>
    public static Shape? OutputShape(LayerKind kind, Shape input, int outputs, int kernel, int stride, int padding)
    {
        if (kind == LayerKind.Fc)
        {
            return new Shape(outputs, 1, 1);
        }

        var h = (input.Height + 2 * padding - kernel) / stride + 1;
        var w = (input.Width + 2 * padding - kernel) / stride + 1;
        return input.Height + 2 * padding < kernel || input.Width + 2 * padding < kernel || h < 1 || w < 1
            ? null
            : new Shape(outputs, h, w);
    }

    /// <summary>Connections between in-image inputs and outputs (padding taps excluded).</summary>
    public static long Synapses(LayerKind kind, Shape input, Shape output, int kernel, int stride, int padding)
    {
        if (kind == LayerKind.Fc)
        {
            return input.Elements * output.Elements;
        }

        var rows = ValidTaps(input.Height, output.Height, kernel, stride, padding);
        var cols = ValidTaps(input.Width, output.Width, kernel, stride, padding);

        // A pool connects each output only to its own channel.
        var inputChannels = IsPool(kind) ? 1 : input.Channels;
        return (long)output.Channels * inputChannels * rows * cols;
    }

    /// <summary>Σ over output positions of the kernel taps that land inside the image, along one axis.</summary>
    private static long ValidTaps(int inSize, int outSize, int kernel, int stride, int padding)
    {
        long taps = 0;
        for (var o = 0; o < outSize; o++)
        {
            for (var k = 0; k < kernel; k++)
            {
                var i = o * stride - padding + k;
                if (i >= 0 && i < inSize)
                {
                    taps++;
                }
            }
        }

        return taps;
    }

    /// <summary>
    /// Deals units to lanes and tiles them to fit the lane memories; null when one unit does not fit
    /// (its weights exceed the weight memory or its neurons the state memory).
    /// </summary>
    public static LayerMapping? Map(LayerKind kind, Shape input, Shape output, int kernel, int lanes, int weightWords, int stateWords)
    {
        // In long: a unit's weights (an fc layer's whole input) may exceed an int before validation refuses the layer.
        var units = kind == LayerKind.Fc ? output.Elements : output.Channels;
        var (weightsPerUnit, neuronsPerUnit) = PerUnit(kind, input, output, kernel);
        var unitsPerLane = (units + lanes - 1) / lanes;
        var weightLimit = weightsPerUnit == 0 ? unitsPerLane : weightWords / weightsPerUnit;
        var unitsPerTile = Math.Min(unitsPerLane, Math.Min(weightLimit, stateWords / neuronsPerUnit));
        if (unitsPerTile < 1)
        {
            return null;
        }

        // A tile fits the lane memories, so every count below is at most their 2^22 words.
        var tiles = (unitsPerLane + unitsPerTile - 1) / unitsPerTile;
        return new LayerMapping(lanes, (int)unitsPerLane, (int)neuronsPerUnit, (int)weightsPerUnit, (int)unitsPerTile, (int)tiles);
    }

    /// <summary>What one unit (fc: an output neuron; conv2d and pools: an output channel) holds: its weights and its neurons.</summary>
    public static (long Weights, long Neurons) PerUnit(LayerKind kind, Shape input, Shape output, int kernel) => kind switch
    {
        LayerKind.Fc => (input.Elements, 1),
        LayerKind.Conv2d => ((long)input.Channels * kernel * kernel, (long)output.Height * output.Width),
        _ => (0, (long)output.Height * output.Width),
    };

    /// <summary>True for the layers without weights that pool each channel on its own.</summary>
    public static bool IsPool(LayerKind kind) => kind is LayerKind.MaxPool or LayerKind.AvgPool;
}
