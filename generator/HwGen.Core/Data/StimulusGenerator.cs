// Seeded synthetic network data: input spikes at the spec's rate and weights scaled so that layers fire at their
// spec rates. The distributions are documented in docs/spec.md ("Data files") and fixed: same seed, same bytes.
using HwGen.Model;
using HwGen.Golden;

namespace HwGen.Data;

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
    public static NetworkData Generate(HardwareModel model, StimulusKind kind = StimulusKind.Typical) =>
        Complete(model, kind, null, null, null);

    /// <summary>
    /// Network data with every part not given generated: the input from stream 0, each missing layer's weights from
    /// stream 1 + l. Typical weights are calibrated on the events that really reach the layer: layer by layer, the
    /// spiking design (or, for a QNN-only spec, the QNN) runs on the data so far, and the measured mean input level
    /// enters <see cref="MeanWeight"/>. So a layer's generated weights depend on the data before it, never on later layers.
    /// </summary>
    public static NetworkData Complete(
        HardwareModel model,
        StimulusKind kind,
        IReadOnlyList<int[]?>? givenWeights,
        int[][]? givenLevels,
        int[]? givenActivations)
    {
        var spiking = model.HasSpikingDesign;
        var levels = spiking ? givenLevels ?? InputLevels(model, kind) : null;
        var activations = levels is not null
            ? NetworkData.TwinActivations(levels, model.Twin.MaxActivation)
            : givenActivations ?? InputActivations(model, kind);
        var events = levels is not null ? GoldenModel.SpikeInputEvents(levels) : GoldenModel.QnnInputEvents(model, activations);
        var design = spiking ? DesignKind.Snn : DesignKind.Qnn;
        var steps = spiking ? model.Neuron.Timesteps : model.Twin.MaxActivation;
        var weights = new List<int[]>();
        var lastGenerated = -1;
        for (var l = 0; l < model.Layers.Count; l++)
        {
            lastGenerated = givenWeights?[l] is null ? l : lastGenerated;
        }

        foreach (var layer in model.Layers)
        {
            var layerWeights = givenWeights?[layer.Index];
            if (layerWeights is null)
            {
                layerWeights = kind == StimulusKind.Saturation
                    ? SaturationWeights(model, layer)
                    : Weights(model, layer, MeanInputLevel(events, layer.InputShape.Size, steps));
            }

            weights.Add(layerWeights);
            if (kind == StimulusKind.Typical && layer.Index < lastGenerated)
            {
                events = GoldenModel.RunLayer(model, layer, design, layerWeights, events);
            }
        }

        return levels is not null ? new NetworkData(weights, levels, activations) : NetworkData.ForQnn(weights, activations);
    }

    /// <summary>Σ event values / (neurons · steps): the mean level (spiking) or mean activation / (2^b_a − 1) (QNN).</summary>
    private static double MeanInputLevel(List<SpikeEvent>[] events, int neurons, int steps)
    {
        long sum = 0;
        foreach (var step in events)
        {
            foreach (var e in step)
            {
                sum += e.Value;
            }
        }

        return sum / ((double)neurons * steps);
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
    /// Mean weight m of a layer (the mean over its units of their mean weights), chosen so the layer fires near its
    /// spec rate. Unit u (fc neuron, conv2d channel) gets its own mean m·g_u with a gain g_u uniform in [0, 2], so the
    /// drives of the neurons spread out. A neuron with reset by subtraction starting at 0 emits floor(D / θ) spikes
    /// over T steps for a total drive D; with D/θ uniform in [0, M] the expected count is E(M) (see
    /// <see cref="ExpectedSpikes"/>). m solves E(M) = T·s_out with M = 2·T·z·F·m / θ, where s_out is the layer's
    /// spike_rate, z the mean input level per input neuron and timestep (the input spike rate times the mean level),
    /// F the average in-image fan-in (synapses / neurons). For a QNN-only spec T is 2^b_a − 1 and z the mean input
    /// activation over 2^b_a − 1 (the activation plays the spike count). 0 when the input is silent.
    /// </summary>
    public static double MeanWeight(HardwareModel model, LayerModel layer, double meanInputLevel)
    {
        var synapses = LayerGeometry.Synapses(layer.Kind, layer.InputShape, layer.OutputShape, layer.Kernel, layer.Stride, layer.Padding);
        var fanIn = (double)synapses / layer.Neurons;
        var timesteps = model.HasSpikingDesign ? model.Neuron.Timesteps : model.Twin.MaxActivation;
        var drivePerWeight = 2.0 * timesteps * meanInputLevel * fanIn / model.Neuron.Threshold;
        return drivePerWeight <= 0 ? 0 : DriveForSpikes(timesteps * layer.SpikeRate) / drivePerWeight;
    }

    /// <summary>
    /// E(M) = E[floor(y)] for y uniform in [0, M]: (n(n−1)/2 + n(M−n)) / M with n = floor(M); increasing in M.
    /// </summary>
    public static double ExpectedSpikes(double m)
    {
        if (m <= 0)
        {
            return 0;
        }

        var n = Math.Floor(m);
        return (n * (n - 1) / 2 + n * (m - n)) / m;
    }

    /// <summary>The M with E(M) = <paramref name="spikes"/>, by 200 bisection steps (plain IEEE arithmetic: reproducible).</summary>
    public static double DriveForSpikes(double spikes)
    {
        if (spikes <= 0)
        {
            return 0;
        }

        // E(M) ≥ M/2 − 1, so M = 2·spikes + 2 is above the root.
        double low = 0, high = 2 * spikes + 2;
        for (var step = 0; step < 200; step++)
        {
            var middle = (low + high) / 2;
            if (ExpectedSpikes(middle) < spikes)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>
    /// Weights of one layer in its layout order, from stream 1 + layer index. Typical: per unit, one draw for its
    /// gain g_u = 2U and mean m_u = m·g_u; then per weight x = m_u + a_u·(2U − 1) with a_u = max(1, 2·m_u) (about a
    /// quarter of the weights are negative), rounded stochastically (floor(x) + 1 with probability frac(x), keeping
    /// the mean) and clamped to the weight_bits range. Units are drawn in order, each unit's gain before its weights.
    /// </summary>
    public static int[] Weights(HardwareModel model, LayerModel layer, double meanInputLevel)
    {
        var weightMax = (int)((1L << (model.Neuron.WeightBits - 1)) - 1);
        var weightMin = (int)-(1L << (model.Neuron.WeightBits - 1));
        var weights = new int[layer.WeightCount];
        var layerMean = MeanWeight(model, layer, meanInputLevel);
        var perUnitWeights = layer.Mapping.WeightsPerUnit;
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, 1 + (ulong)layer.Index);
        var mean = 0.0;
        var spread = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (i % perUnitWeights == 0)
            {
                mean = layerMean * 2.0 * random.NextDouble();
                spread = Math.Max(1.0, 2.0 * mean);
            }

            var x = mean + spread * (2.0 * random.NextDouble() - 1.0);
            var floor = Math.Floor(x);
            var value = floor + (random.NextDouble() < x - floor ? 1.0 : 0.0);
            weights[i] = (int)Math.Clamp(value, weightMin, weightMax);
        }

        return weights;
    }

    /// <summary>Saturation weights: unit u has every weight at the largest value when u is even, at the most negative when odd.</summary>
    public static int[] SaturationWeights(HardwareModel model, LayerModel layer)
    {
        var weightMax = (int)((1L << (model.Neuron.WeightBits - 1)) - 1);
        var weightMin = (int)-(1L << (model.Neuron.WeightBits - 1));
        var weights = new int[layer.WeightCount];
        var perUnit = layer.Mapping.WeightsPerUnit;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = i / perUnit % 2 == 0 ? weightMax : weightMin;
        }

        return weights;
    }
}
