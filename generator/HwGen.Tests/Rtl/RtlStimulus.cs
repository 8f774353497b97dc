// Deterministic hand-made data for the RTL tests: weights and inputs from a seed, a rate and a weight bias.
using HwGen.Model;

namespace HwGen.Tests.Rtl;

public static class RtlStimulus
{
    /// <summary>Signed weights per layer; <paramref name="bias"/> shifts the draw towards positive (or negative) values to force saturation.</summary>
    public static IReadOnlyList<int[]> Weights(HardwareModel model, int seed, double bias = 0.0)
    {
        var random = new Random(seed);
        var bits = model.Neuron.WeightBits;
        var min = -(1 << (bits - 1));
        var max = (1 << (bits - 1)) - 1;
        return model.Layers.Select(l => Enumerable.Range(0, (int)l.WeightCount)
            .Select(_ => Math.Clamp((int)Math.Round(min + (max - min) * Math.Clamp(random.NextDouble() + bias, 0.0, 1.0)), min, max)).ToArray()).ToList();
    }

    /// <summary>Per timestep and input neuron a value 0..maxValue: non-zero with probability <paramref name="rate"/>.</summary>
    public static int[][] Values(int inputs, int timesteps, double rate, int maxValue, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, timesteps).Select(_ => Enumerable.Range(0, inputs)
            .Select(_ => (fires: random.NextDouble() < rate, level: random.Next(1, maxValue + 1)))
            .Select(e => e.fires ? e.level : 0).ToArray()).ToArray();
    }
}
