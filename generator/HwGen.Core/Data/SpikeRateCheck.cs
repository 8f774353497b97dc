// The spike rates a run really produced against the spec's: one tolerance, which the stimulus generator calibrates to
// and beyond which simulate, run and analyze --exact warn (docs/spec.md, "Generated data").
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Data;

/// <summary>
/// A layer whose measured rate is outside the tolerance of its <c>spike_rate</c>. A plain record: the caller prints
/// it (<see cref="ToString"/>) or puts its fields into JSON. Rates are events / (neurons · T) for a spiking design; for
/// a QNN-only spec the mean activation / (neurons · (2^b_a − 1)), the activation playing the spike count.
/// </summary>
public sealed record SpikeRateWarning(
    Diagnostics.SourceSpan At,
    int LayerIndex,
    string Layer,
    double SpecRate,
    double MeasuredRate,
    long Activity,
    long Slots,
    long InputEvents,
    bool DataFromFile)
{
    /// <summary>The spec key the warning is about.</summary>
    public string Key => $"workload.layers[{LayerIndex}].spike_rate";

    /// <summary>Accepted rates: spike_rate ± the allowance of <see cref="SpikeRateCheck.Allowance"/>, as a rate.</summary>
    public double ToleranceRate => SpikeRateCheck.Allowance(SpecRate * Slots) / Slots;

    /// <summary>Why the layer misses its rate.</summary>
    public string Cause => InputEvents == 0
        ? "it receives no input event"
        : DataFromFile
            ? "its weights come from the spec's weights_file"
            : Activity == 0 ? "no weight scale makes it fire on the events that reach it" : "no weight scale brings it closer";

    /// <summary>The catalogue's warning (HW0910), located at the layer's spike_rate.</summary>
    public Diagnostics.Diagnostic Diagnostic =>
        Diagnostics.DiagnosticBag.One(b => b.SpikeRateOffTarget(At, Key, SpecRate, Layer, MeasuredRate, Activity, Slots, ToleranceRate, Cause));

    public string Code => Diagnostic.Code;

    public string Message => Diagnostic.Message;

    public override string ToString() => Diagnostic.ToString();
}

public static class SpikeRateCheck
{
    /// <summary>Relative tolerance of a layer's measured activity against its spec rate.</summary>
    public const double RelativeTolerance = 0.25;

    /// <summary>
    /// Allowed distance of the measured activity (events, or activation units) from the expected <paramref name="expected"/>
    /// = spike_rate · slots: 25 % of it, but never less than one event, so a small layer is held to the nearest count.
    /// </summary>
    public static double Allowance(double expected) => Math.Max(RelativeTolerance * expected, 1.0);

    /// <summary>
    /// True when <paramref name="measured"/> is within <see cref="Allowance"/> of <paramref name="expected"/>, and a
    /// layer that should fire (expected &gt; 0) fires at least once.
    /// </summary>
    public static bool Accepts(double measured, double expected) =>
        Math.Abs(measured - expected) <= Allowance(expected) && (expected <= 0 || measured > 0);

    /// <summary>
    /// The activity of a layer's outputs: spike events of a spiking design (a multi-level spike is one event), the
    /// sum of the activations of a QNN-only design.
    /// </summary>
    public static long Activity(IReadOnlyList<IReadOnlyList<SpikeEvent>> outputs, DesignKind design)
    {
        long activity = 0;
        foreach (var step in outputs)
        {
            if (design == DesignKind.Snn)
            {
                activity += step.Count;
                continue;
            }

            foreach (var e in step)
            {
                activity += e.Value;
            }
        }

        return activity;
    }

    /// <summary>Neuron-steps a layer's activity is spread over: neurons · T, or neurons · (2^b_a − 1) for a QNN-only spec.</summary>
    public static long Slots(HardwareModel model, LayerModel layer) =>
        (long)layer.Neurons * (model.HasSpikingDesign ? model.Neuron.Timesteps : model.Twin.MaxActivation);

    /// <summary>
    /// The layers of <paramref name="trace"/> outside the tolerance. Checks the design the rates describe: the spiking
    /// design, or the QNN of a QNN-only spec; the twin of a spiking spec follows qnn_sparsity and is not checked.
    /// </summary>
    public static IReadOnlyList<SpikeRateWarning> Check(HardwareModel model, NetworkTrace trace)
    {
        var checkedDesign = model.HasSpikingDesign ? DesignKind.Snn : DesignKind.Qnn;
        if (trace.Design != checkedDesign)
        {
            return [];
        }

        var warnings = new List<SpikeRateWarning>();
        // A pool's rate follows from its input: it has no weights to calibrate, so it is not checked.
        foreach (var layer in model.Layers.Where(l => !l.IsPool))
        {
            var activity = Activity(trace.Layers[layer.Index].Outputs, trace.Design);
            var slots = Slots(model, layer);
            if (!Accepts(activity, layer.SpikeRate * slots))
            {
                var inputEvents = trace.Layers[layer.Index].Inputs.Sum(step => (long)step.Count);
                warnings.Add(new SpikeRateWarning(model.Locations.At($"workload.layers[{layer.Index}].spike_rate"), layer.Index, layer.Name, layer.SpikeRate,
                    activity / (double)slots, activity, slots, inputEvents, layer.WeightFile is not null));
            }
        }

        return warnings;
    }
}
