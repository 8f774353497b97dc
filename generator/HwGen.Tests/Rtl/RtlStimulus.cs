// Deterministic hand-made data for the RTL tests: weights and input events from a seed, a rate and a weight bias.
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Tests.Rtl;

public static class RtlStimulus
{
    /// <summary>Signed weights per layer; <paramref name="bias"/> shifts the draw towards positive values (for saturation).</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Weights(HardwareModel model, int seed, double bias = 0.0)
    {
        var random = new Random(seed);
        var bits = model.Neuron.WeightBits;
        var min = -(1 << (bits - 1));
        var max = (1 << (bits - 1)) - 1;
        return model.Layers.Select(l => (IReadOnlyList<int>)Enumerable.Range(0, (int)l.WeightCount)
            .Select(_ => Math.Clamp((int)Math.Round(min + (max - min) * Math.Min(1.0, random.NextDouble() + bias)), min, max)).ToList()).ToList();
    }

    /// <summary>Input events per timestep in ascending address: each input fires with <paramref name="rate"/>, level 1..maxValue.</summary>
    public static IReadOnlyList<IReadOnlyList<SpikeEvent>> Events(int inputs, int timesteps, double rate, int maxValue, int seed, bool everyInput = false)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, timesteps).Select(_ => (IReadOnlyList<SpikeEvent>)Enumerable.Range(0, inputs)
            .Select(a => (a, fires: random.NextDouble() < rate, level: random.Next(1, maxValue + 1)))
            .Where(e => e.fires || everyInput)
            .Select(e => new SpikeEvent(e.a, e.fires ? e.level : 0)).ToList()).ToList();
    }
}
