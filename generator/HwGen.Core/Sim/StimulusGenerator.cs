// Seeded synthetic network data: input spikes at the spec's rate and weights scaled so that layers fire at their
// spec rates. The distributions are documented in docs/spec.md ("Data files") and fixed: same seed, same bytes.
using HwGen.Model;

namespace HwGen.Sim;

/// <summary>What the generated data is for.</summary>
public enum StimulusKind
{
    /// <summary>Input at the spec's spike rate; weights drawn so each layer fires near its spec spike rate.</summary>
    Typical,

    /// <summary>
    /// Every input at its largest level on every timestep; unit u (output neuron of fc, output channel of conv2d)
    /// has all weights at the largest positive value when u is even and at the most negative value when u is odd,
    /// so membranes and accumulators run into both saturation bounds.
    /// </summary>
    Saturation,
}

public static class StimulusGenerator
{
    /// <summary>Stream of the input stimulus; layer l uses stream 1 + l (see <see cref="Xoshiro256StarStar.ForStream"/>).</summary>
    public const ulong InputStream = 0;

    /// <summary>Weights and input for every layer of the model, drawn from <c>workload.stimulus.seed</c>.</summary>
    public static NetworkData Generate(HardwareModel model, StimulusKind kind = StimulusKind.Typical)
    {
        var weights = model.Layers.Select(layer => Weights(model, layer, kind)).ToList();
        return model.HasSpikingDesign
            ? NetworkData.ForSpiking(weights, InputLevels(model, kind), model.Twin.MaxActivation)
            : NetworkData.ForQnn(weights, InputActivations(model, kind));
    }

    /// <summary>
    /// Spike levels [t][neuron] for a spiking spec. Each input neuron fires on each timestep independently with
    /// probability <c>input_spike_rate</c> (one uniform draw per neuron per timestep, timestep-major); a firing
    /// neuron's level is 1 (binary) or uniform in 1..L (one more draw). The expected event rate is the spec rate.
    /// </summary>
    public static int[][] InputLevels(HardwareModel model, StimulusKind kind = StimulusKind.Typical)
    {
        var neurons = model.Workload.Input.Size;
        var maxLevel = NetworkData.MaxLevel(model.Neuron);
        var rate = model.Workload.Stimulus.InputSpikeRate;
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, InputStream);
        var levels = new int[model.Neuron.Timesteps][];
        for (var t = 0; t < levels.Length; t++)
        {
            var step = levels[t] = new int[neurons];
            for (var i = 0; i < neurons; i++)
            {
                if (kind == StimulusKind.Saturation)
                {
                    step[i] = maxLevel;
                }
                else if (random.NextDouble() < rate)
                {
                    step[i] = maxLevel == 1 ? 1 : 1 + (int)random.NextBelow(maxLevel);
                }
            }
        }

        return levels;
    }

    /// <summary>
    /// Activations for a QNN-only spec: per input neuron, the number of successes in 2^b_a − 1 draws of probability
    /// <c>input_spike_rate</c>, so the mean normalised activation a / (2^b_a − 1) equals the rate.
    /// </summary>
    public static int[] InputActivations(HardwareModel model, StimulusKind kind = StimulusKind.Typical)
    {
        var max = model.Twin.MaxActivation;
        var rate = model.Workload.Stimulus.InputSpikeRate;
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, InputStream);
        var activations = new int[model.Workload.Input.Size];
        for (var i = 0; i < activations.Length; i++)
        {
            if (kind == StimulusKind.Saturation)
            {
                activations[i] = max;
                continue;
            }

            for (var draw = 0; draw < max; draw++)
            {
                if (random.NextDouble() < rate)
                {
                    activations[i]++;
                }
            }
        }

        return activations;
    }

    /// <summary>
    /// Mean weight m = θ · (s_out + 1/(2T)) / (s_in · F · z̄) that makes a layer fire near its spec rate: s_out is
    /// the layer's spike_rate, s_in the rate of its input (layer 0: input_spike_rate; else the previous layer's
    /// spike_rate), F the average in-image fan-in (synapses / neurons), z̄ the mean input level ((L+1)/2 for the
    /// multi-level input of layer 0, else 1), T the timesteps. An integrate-and-fire neuron with reset by
    /// subtraction, starting at 0, emits floor(total drive / θ) spikes over T steps: the rate is the mean drive per
    /// step over θ, less half a spike over T lost to the floor, hence the 1/(2T). 0 when the input is silent.
    /// </summary>
    public static double MeanWeight(HardwareModel model, LayerModel layer)
    {
        var inputRate = layer.Index == 0 ? model.Workload.Stimulus.InputSpikeRate : model.Layers[layer.Index - 1].SpikeRate;
        var synapses = LayerGeometry.Synapses(layer.Kind, layer.InputShape, layer.OutputShape, layer.Kernel, layer.Stride, layer.Padding);
        var fanIn = (double)synapses / layer.Neurons;
        var meanLevel = layer.Index == 0 && model.Neuron.Kind == NeuronKind.MultiLevel ? (model.Neuron.Levels + 1) / 2.0 : 1.0;
        var drive = inputRate * fanIn * meanLevel;
        var timesteps = model.HasSpikingDesign ? model.Neuron.Timesteps : model.Twin.MaxActivation;
        return drive <= 0 ? 0 : model.Neuron.Threshold * (layer.SpikeRate + 0.5 / timesteps) / drive;
    }

    /// <summary>
    /// Weights of one layer in its layout order, from stream 1 + layer index. Typical: x = m + a·(2U − 1) with
    /// a = max(1, 2m) (so about a quarter of the weights are negative), rounded stochastically
    /// (floor(x) + 1 with probability frac(x), keeping the mean m) and clamped to the weight_bits range.
    /// </summary>
    public static int[] Weights(HardwareModel model, LayerModel layer, StimulusKind kind = StimulusKind.Typical)
    {
        var weightMax = (int)((1L << (model.Neuron.WeightBits - 1)) - 1);
        var weightMin = (int)-(1L << (model.Neuron.WeightBits - 1));
        var weights = new int[layer.WeightCount];
        if (kind == StimulusKind.Saturation)
        {
            var perUnit = layer.Mapping.WeightsPerUnit;
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = i / perUnit % 2 == 0 ? weightMax : weightMin;
            }

            return weights;
        }

        var mean = MeanWeight(model, layer);
        var spread = Math.Max(1.0, 2.0 * mean);
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, 1 + (ulong)layer.Index);
        for (var i = 0; i < weights.Length; i++)
        {
            var x = mean + spread * (2.0 * random.NextDouble() - 1.0);
            var floor = Math.Floor(x);
            var value = floor + (random.NextDouble() < x - floor ? 1.0 : 0.0);
            weights[i] = (int)Math.Clamp(value, weightMin, weightMax);
        }

        return weights;
    }
}
