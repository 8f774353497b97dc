// How often the SNN's per-timestep max pooling differs from max pooling of rates (what the QNN twin computes).
using HwGen.Model;

namespace HwGen.Golden;

/// <summary>
/// One max-pool layer of a spiking run: of its <see cref="Neurons"/> outputs, <see cref="Disagreeing"/> emitted a
/// level sum over the T timesteps (Σ_t max_window z_t) other than the largest input level sum of their window
/// (max_window Σ_t z_t, the max of rates). The first is never smaller; it is larger when different inputs of a window
/// spike in different timesteps.
/// </summary>
public sealed record MaxPoolAgreement(int LayerIndex, string LayerName, int Neurons, int Disagreeing, long PerTimestepLevels, long MaxOfRatesLevels)
{
    public double DisagreementRate => Neurons == 0 ? 0 : (double)Disagreeing / Neurons;

    /// <summary>Every max-pool layer of <paramref name="trace"/> (a spiking trace: the twin computes the max of rates itself).</summary>
    public static IReadOnlyList<MaxPoolAgreement> Measure(HardwareModel model, NetworkTrace trace)
    {
        var result = new List<MaxPoolAgreement>();
        foreach (var layer in model.Layers.Where(l => l.Kind == LayerKind.MaxPool))
        {
            var layerTrace = trace.Layers[layer.Index];
            var inputSums = new long[layer.InputShape.Size];
            foreach (var step in layerTrace.Inputs)
            {
                foreach (var e in step)
                {
                    inputSums[e.Address] += e.Value;
                }
            }

            var outputSums = new long[layer.Neurons];
            foreach (var step in layerTrace.Outputs)
            {
                foreach (var e in step)
                {
                    outputSums[e.Address] += e.Value;
                }
            }

            var (input, output) = (layer.InputShape, layer.OutputShape);
            var disagreeing = 0;
            long perStep = 0, ofRates = 0;
            for (var o = 0; o < layer.Neurons; o++)
            {
                var (c, oy, ox) = (o / (output.Height * output.Width), o / output.Width % output.Height, o % output.Width);
                long max = 0;
                for (var ky = 0; ky < layer.Kernel; ky++)
                {
                    var y = oy * layer.Stride - layer.Padding + ky;
                    for (var kx = 0; kx < layer.Kernel; kx++)
                    {
                        var x = ox * layer.Stride - layer.Padding + kx;
                        if (y >= 0 && y < input.Height && x >= 0 && x < input.Width)
                        {
                            max = Math.Max(max, inputSums[(c * input.Height + y) * input.Width + x]);
                        }
                    }
                }

                perStep += outputSums[o];
                ofRates += max;
                disagreeing += outputSums[o] != max ? 1 : 0;
            }

            result.Add(new MaxPoolAgreement(layer.Index, layer.Name, layer.Neurons, disagreeing, perStep, ofRates));
        }

        return result;
    }
}
