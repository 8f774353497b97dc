// Seeded synthetic network data: input spikes at the spec's rate and weights calibrated on the golden model so that
// layers fire at their spec rates. The distributions are documented in docs/spec.md ("Data files"): same seed, same bytes.
using HwGen.Golden;
using HwGen.Model;

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
    /// spiking design (or, for a QNN-only spec, the QNN) runs on the data so far; <see cref="MeanWeight"/> gives the
    /// first weight scale, and <see cref="CalibratedWeights"/> rescales it until the golden model's output rate is within
    /// <see cref="SpikeRateCheck"/>'s tolerance of the layer's spike_rate. So a layer's generated weights depend on the
    /// data before it, never on later layers.
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
            lastGenerated = givenWeights?[l] is null && !model.Layers[l].IsPool ? l : lastGenerated;
        }

        // Every tensor so far (the input, then each layer's output), for the shortcuts of residual layers.
        var tensors = new List<List<SpikeEvent>[]> { events };
        foreach (var layer in model.Layers)
        {
            var layerWeights = givenWeights?[layer.Index];
            var shortcut = layer.Residual is { } residual ? tensors[residual.TensorIndex] : null;
            List<SpikeEvent>[]? outputs = null;
            if (layer.IsPool)
            {
                // A pool has no weights: nothing to draw or calibrate.
                layerWeights = [];
            }
            else if (layerWeights is null && kind == StimulusKind.Saturation)
            {
                layerWeights = SaturationWeights(model, layer);
            }
            else if (layerWeights is null)
            {
                (layerWeights, outputs) = CalibratedWeights(model, layer, design, MeanInputLevel(events, layer.InputShape.Size, steps), events, shortcut);
            }

            weights.Add(layerWeights);
            if (kind == StimulusKind.Typical && layer.Index < lastGenerated)
            {
                events = outputs ?? GoldenModel.RunLayer(model, layer, design, layerWeights, events, shortcut);
                tensors.Add(events);
            }
        }

        return levels is not null ? new NetworkData(weights, levels, activations) : NetworkData.ForQnn(weights, activations);
    }

    /// <summary>
    /// Weights of a generated layer and the events they make it emit. The weight scale c multiplies the layer mean of
    /// <see cref="MeanWeight"/> (c = 1 first); while the golden model's output activity k (events; activation units for
    /// a QNN-only spec) is outside <see cref="SpikeRateCheck.Accepts"/> of K = spike_rate · slots, c doubles (k too low)
    /// or halves (k too high) up to 24 times, then bisects geometrically between the last two scales up to 24 times.
    /// The first accepted scale wins; if none is, the scale with the smallest |k − K| (a firing one preferred when
    /// K &gt; 0). Every step redraws the weights from the layer's own stream, so the result depends on the seed only.
    /// </summary>
    private static (int[] Weights, List<SpikeEvent>[] Outputs) CalibratedWeights(
        HardwareModel model, LayerModel layer, DesignKind design, double meanInputLevel, List<SpikeEvent>[] inputs, List<SpikeEvent>[]? shortcut)
    {
        var layerMean = MeanWeight(model, layer, meanInputLevel);
        var expected = layer.SpikeRate * SpikeRateCheck.Slots(model, layer);
        (int[] Weights, List<SpikeEvent>[] Outputs, long Activity) Try(double scale)
        {
            var weights = DrawWeights(model, layer, layerMean * scale);
            var outputs = GoldenModel.RunLayer(model, layer, design, weights, inputs, shortcut);
            return (weights, outputs, SpikeRateCheck.Activity(outputs, design));
        }

        var best = Try(1.0);
        if (SpikeRateCheck.Accepts(best.Activity, expected) || layerMean <= 0)
        {
            // A silent input cannot make the layer fire at any scale.
            return (best.Weights, best.Outputs);
        }

        bool Better((int[] Weights, List<SpikeEvent>[] Outputs, long Activity) candidate)
        {
            var firing = expected <= 0 || candidate.Activity > 0;
            var bestFiring = expected <= 0 || best.Activity > 0;
            return firing != bestFiring ? firing : Math.Abs(candidate.Activity - expected) < Math.Abs(best.Activity - expected);
        }

        const int steps = 24;
        var low = best.Activity < expected;
        double inside = 1.0, outside = 1.0;
        var previous = best.Weights;
        var bracketed = false;
        for (var step = 0; step < steps && !bracketed; step++)
        {
            inside = outside;
            outside = low ? outside * 2 : outside / 2;
            var attempt = Try(outside);
            if (SpikeRateCheck.Accepts(attempt.Activity, expected))
            {
                return (attempt.Weights, attempt.Outputs);
            }

            best = Better(attempt) ? attempt : best;
            bracketed = low ? attempt.Activity > expected : attempt.Activity < expected;
            if (!bracketed && attempt.Weights.AsSpan().SequenceEqual(previous))
            {
                // Every weight is clamped (growing) or down to the ±1 noise (shrinking): no scale changes the layer further.
                break;
            }

            previous = attempt.Weights;
        }

        for (var step = 0; step < steps && bracketed; step++)
        {
            var middle = Math.Sqrt(inside * outside);
            var attempt = Try(middle);
            if (SpikeRateCheck.Accepts(attempt.Activity, expected))
            {
                return (attempt.Weights, attempt.Outputs);
            }

            best = Better(attempt) ? attempt : best;
            if ((attempt.Activity < expected) == low)
            {
                inside = middle;
            }
            else
            {
                outside = middle;
            }
        }

        return (best.Weights, best.Outputs);
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
    /// Spike levels [t][neuron] for a spiking spec. Exactly <see cref="InputEventCount"/>(input_spike_rate, T·N) of the
    /// T·N neuron-steps fire, chosen by selection sampling: visiting them timestep-major, a step with r steps left and
    /// n events still to place fires when an integer drawn uniformly below r is below n. A firing neuron's level is 1
    /// (binary) or uniform in 1..L (one more draw). So the input event rate is the spec's rate, rounded to one event.
    /// </summary>
    public static int[][] InputLevels(HardwareModel model, StimulusKind kind = StimulusKind.Typical)
    {
        var neurons = model.Workload.Input.Size;
        var maxLevel = NetworkData.MaxLevel(model.Neuron);
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, InputStream);
        var levels = new int[model.Neuron.Timesteps][];
        var selection = new Selection(random, (long)neurons * levels.Length, model.Workload.Stimulus.InputSpikeRate);
        for (var t = 0; t < levels.Length; t++)
        {
            var step = levels[t] = new int[neurons];
            for (var i = 0; i < neurons; i++)
            {
                if (kind == StimulusKind.Saturation)
                {
                    step[i] = maxLevel;
                }
                else if (selection.Next())
                {
                    step[i] = maxLevel == 1 ? 1 : 1 + (int)random.NextBelow(maxLevel);
                }
            }
        }

        return levels;
    }

    /// <summary>
    /// Activations for a QNN-only spec: each input neuron has 2^b_a − 1 unit slots (neuron-major); exactly
    /// <see cref="InputEventCount"/>(input_spike_rate, N·(2^b_a − 1)) of them are chosen by the selection sampling of
    /// <see cref="InputLevels"/>, and a neuron's activation is the number of its chosen slots. So the mean normalised
    /// activation a / (2^b_a − 1) is the rate, rounded to one unit.
    /// </summary>
    public static int[] InputActivations(HardwareModel model, StimulusKind kind = StimulusKind.Typical)
    {
        var max = model.Twin.MaxActivation;
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, InputStream);
        var activations = new int[model.Workload.Input.Size];
        var selection = new Selection(random, (long)activations.Length * max, model.Workload.Stimulus.InputSpikeRate);
        for (var i = 0; i < activations.Length; i++)
        {
            if (kind == StimulusKind.Saturation)
            {
                activations[i] = max;
                continue;
            }

            for (var unit = 0; unit < max; unit++)
            {
                if (selection.Next())
                {
                    activations[i]++;
                }
            }
        }

        return activations;
    }

    /// <summary>Events of a generated input: round(rate · slots), half away from zero, and at least one when rate &gt; 0.</summary>
    public static long InputEventCount(double rate, long slots) =>
        rate <= 0 || slots == 0 ? 0 : Math.Clamp((long)Math.Round(rate * slots, MidpointRounding.AwayFromZero), 1, slots);

    /// <summary>Selection sampling (Knuth's algorithm S): exactly n of M slots, visited in order, each subset equally likely.</summary>
    private sealed class Selection(Xoshiro256StarStar random, long slots, double rate)
    {
        private long remaining = slots;
        private long needed = InputEventCount(rate, slots);

        public bool Next()
        {
            var chosen = needed > 0 && random.NextBelow(remaining) < needed;
            remaining--;
            needed -= chosen ? 1 : 0;
            return chosen;
        }
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
    /// gain g_u = 2U and mean m_u = m·g_u; then per weight x = m_u + a_u·(2U − 1) with
    /// a_u = max(1, min(2·m_u, w_max − m_u)) (about a quarter of the weights are negative while 3·m_u ≤ w_max), rounded
    /// stochastically (floor(x) + 1 with probability frac(x), keeping the mean) and clamped to the weight_bits range
    /// [w_min, w_max]. Units are drawn in order, each unit's gain before its weights.
    /// </summary>
    public static int[] Weights(HardwareModel model, LayerModel layer, double meanInputLevel) =>
        DrawWeights(model, layer, MeanWeight(model, layer, meanInputLevel));

    /// <summary>The weights of <see cref="Weights"/> for a given layer mean m.</summary>
    private static int[] DrawWeights(HardwareModel model, LayerModel layer, double layerMean)
    {
        var weightMax = (int)((1L << (model.Neuron.WeightBits - 1)) - 1);
        var weightMin = (int)-(1L << (model.Neuron.WeightBits - 1));
        var weights = new int[layer.WeightCount];
        var perUnitWeights = layer.Mapping.WeightsPerUnit;
        var random = Xoshiro256StarStar.ForStream(model.Workload.Stimulus.Seed, 1 + (ulong)layer.Index);
        var mean = 0.0;
        var spread = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (i % perUnitWeights == 0)
            {
                mean = layerMean * 2.0 * random.NextDouble();
                // The spread stops short of the largest weight, so a large mean raises the weights instead of clamping them.
                spread = Math.Max(1.0, Math.Min(2.0 * mean, weightMax - mean));
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
