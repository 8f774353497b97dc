// The data a run needs: the weights of every layer and the input of layer 0 (spike levels and the twin's activations).
using HwGen.Model;

namespace HwGen.Golden;

/// <summary>
/// Weights per layer (fc layout [out][in], conv2d layout [co][ci][ky][kx], flattened in C order) and the network input.
/// <see cref="InputLevels"/> holds, per timestep and input neuron, a spike level 0..L (spiking designs only; null for a
/// QNN-only spec). <see cref="InputActivations"/> holds the QNN input: for a spiking spec the twin's data (the sum of
/// the levels over T, clamped to the activation range), for a QNN-only spec the activations themselves.
/// </summary>
public sealed class NetworkData
{
    public NetworkData(IReadOnlyList<int[]> weights, int[][]? inputLevels, int[] inputActivations)
    {
        Weights = weights;
        InputLevels = inputLevels;
        InputActivations = inputActivations;
    }

    public IReadOnlyList<int[]> Weights { get; }

    public int[][]? InputLevels { get; }

    public int[] InputActivations { get; }

    /// <summary>Data for a spiking spec: the twin's activations are derived from the levels.</summary>
    public static NetworkData ForSpiking(IReadOnlyList<int[]> weights, int[][] inputLevels, int maxActivation) =>
        new(weights, inputLevels, TwinActivations(inputLevels, maxActivation));

    /// <summary>Data for a QNN-only spec.</summary>
    public static NetworkData ForQnn(IReadOnlyList<int[]> weights, int[] inputActivations) =>
        new(weights, null, inputActivations);

    /// <summary>
    /// The twin's data: per input neuron, the sum of its levels over the timesteps. A sum beyond the activation
    /// range (only possible when activation_bits is set below ceil(log2(L·T+1))) is clamped, like requantisation.
    /// </summary>
    public static int[] TwinActivations(int[][] inputLevels, int maxActivation)
    {
        var neurons = inputLevels.Length == 0 ? 0 : inputLevels[0].Length;
        var sums = new int[neurons];
        foreach (var step in inputLevels)
        {
            for (var i = 0; i < neurons; i++)
            {
                sums[i] += step[i];
            }
        }

        for (var i = 0; i < neurons; i++)
        {
            sums[i] = Math.Min(sums[i], maxActivation);
        }

        return sums;
    }

    /// <summary>Largest spike level of the spiking design: 1 for binary spikes, L for multi-level ones.</summary>
    public static int MaxLevel(NeuronModel neuron) => neuron.Kind == NeuronKind.MultiLevel ? neuron.Levels : 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency between this data and the model.</summary>
    public void Validate(HardwareModel model)
    {
        if (Weights.Count != model.Layers.Count)
        {
            throw new ArgumentException($"network data has weights for {Weights.Count} layers, the spec has {model.Layers.Count}");
        }

        var weightMax = (1L << (model.Neuron.WeightBits - 1)) - 1;
        var weightMin = -(1L << (model.Neuron.WeightBits - 1));
        foreach (var layer in model.Layers)
        {
            var weights = Weights[layer.Index];
            if (weights.LongLength != layer.WeightCount)
            {
                throw new ArgumentException($"layer {layer.Index} '{layer.Name}': expected {layer.WeightCount} weights, found {weights.LongLength}");
            }

            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] < weightMin || weights[i] > weightMax)
                {
                    throw new ArgumentException(
                        $"layer {layer.Index} '{layer.Name}': weight {i} is {weights[i]}, outside {weightMin}..{weightMax} (weight_bits {model.Neuron.WeightBits})");
                }
            }
        }

        var inputs = model.Workload.Input.Size;
        if (model.HasSpikingDesign)
        {
            if (InputLevels is null || InputLevels.Length != model.Neuron.Timesteps)
            {
                throw new ArgumentException($"a spiking spec needs input levels for {model.Neuron.Timesteps} timesteps, found {InputLevels?.Length ?? 0}");
            }

            var maxLevel = MaxLevel(model.Neuron);
            for (var t = 0; t < InputLevels.Length; t++)
            {
                var step = InputLevels[t];
                if (step.Length != inputs)
                {
                    throw new ArgumentException($"timestep {t}: expected {inputs} input levels, found {step.Length}");
                }

                for (var i = 0; i < step.Length; i++)
                {
                    if (step[i] < 0 || step[i] > maxLevel)
                    {
                        throw new ArgumentException($"timestep {t}, input {i}: level {step[i]} outside 0..{maxLevel}");
                    }
                }
            }
        }

        if (InputActivations.Length != inputs)
        {
            throw new ArgumentException($"expected {inputs} input activations, found {InputActivations.Length}");
        }

        var maxActivation = model.Twin.MaxActivation;
        for (var i = 0; i < InputActivations.Length; i++)
        {
            if (InputActivations[i] < 0 || InputActivations[i] > maxActivation)
            {
                throw new ArgumentException($"input {i}: activation {InputActivations[i]} outside 0..{maxActivation}");
            }
        }
    }
}
