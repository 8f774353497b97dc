// The analytical energy engine for one spec: count formulas × priced actions, per layer, for the SNN and its QNN twin.
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>
/// Evaluates a spec's spiking design and QNN twin layer by layer. Construction resolves every price once; the
/// per-layer evaluations are allocation-free and only read precomputed profiles.
/// </summary>
public sealed class AnalyticalEnergyModel
{
    /// <summary>Twin activation widths priced ahead of time for sweeps (b_a = 1..16, and the spec's own width).</summary>
    public const int SweptActivationBits = 16;

    private readonly LayerCostProfile[] layers;
    private readonly ActionPrices?[] qnnPrices;
    private readonly DesignContext snnDesign;
    private readonly DesignContext[] qnnDesigns;
    private readonly double[] inputSpikeRates;
    private readonly double[] outputSpikeRates;
    private readonly double[] outputSparsities;
    private readonly NocLayerProfile[] snnNoc;
    private readonly NocLayerProfile[][] qnnNoc;
    private readonly double[] shortcutSpikeRates;
    private readonly double[] shortcutSparsities;

    /// <summary>
    /// The engine for <paramref name="model"/> priced by <paramref name="table"/>; expected mode evaluates at
    /// <paramref name="statistics"/> (default: the spec's own expectations).
    /// </summary>
    public AnalyticalEnergyModel(HardwareModel model, EnergyReferenceTable table, ActionVector? priceFactors = null, WorkloadStatistics? statistics = null)
    {
        if (!model.HasSpikingDesign)
        {
            throw new ArgumentException($"spec '{model.Name}' describes a QNN only; the analysis compares a spiking design with its QNN twin.");
        }

        // A mesh dataflow's auto encodings and hybrid crossovers follow from this table's NoC prices.
        model = NocEncodingResolver.Resolve(model, table);
        Model = model;
        Table = table;
        layers = model.Layers.Select(l => new LayerCostProfile(model, l)).ToArray();
        var factors = priceFactors ?? Ones();
        SnnPrices = ActionPrices.Resolve(model, table, spiking: true, activationBits: 0).Scaled(factors);
        snnDesign = DesignContext.Snn(model);
        var maxBits = Math.Max(SweptActivationBits, model.Twin.ActivationBits);
        qnnPrices = new ActionPrices?[maxBits + 1];
        qnnDesigns = new DesignContext[maxBits + 1];
        qnnNoc = new NocLayerProfile[maxBits + 1][];
        for (var bits = 1; bits <= maxBits; bits++)
        {
            qnnPrices[bits] = ActionPrices.Resolve(model, table, spiking: false, activationBits: bits).Scaled(factors);
            qnnDesigns[bits] = DesignContext.Qnn(model, bits);
            qnnNoc[bits] = NocProfiles(model, model.DesignAt(DesignKind.Qnn, model.Neuron.Timesteps, bits));
        }

        snnNoc = NocProfiles(model, model.Design(DesignKind.Snn));

        inputSpikeRates = new double[layers.Length];
        outputSpikeRates = new double[layers.Length];
        outputSparsities = new double[layers.Length];
        shortcutSpikeRates = new double[layers.Length];
        shortcutSparsities = new double[layers.Length];
        Statistics = statistics ?? WorkloadStatistics.FromSpec(model);
        if (Statistics.Layers.Count != layers.Length)
        {
            throw new ArgumentException($"statistics for {Statistics.Layers.Count} layers, the spec has {layers.Length}", nameof(statistics));
        }

        for (var i = 0; i < layers.Length; i++)
        {
            inputSpikeRates[i] = i == 0 ? Statistics.InputSpikeRate : Statistics.Layers[i - 1].SpikeRate;
            outputSpikeRates[i] = Statistics.Layers[i].SpikeRate;
            outputSparsities[i] = Statistics.Layers[i].QnnSparsity;
        }

        for (var i = 0; i < layers.Length; i++)
        {
            if (layers[i].ShortcutSource is { } source)
            {
                shortcutSpikeRates[i] = source < 0 ? Statistics.InputSpikeRate : outputSpikeRates[source];
                shortcutSparsities[i] = source < 0 ? InputSparsity(Statistics.InputSpikeRate, model.Neuron.Timesteps) : outputSparsities[source];
            }
        }
    }

    /// <summary>The spec's model (with its NoC encodings resolved on a mesh dataflow).</summary>
    public HardwareModel Model { get; }

    /// <summary>The statistics expected mode evaluates at (the spec's, or a run's).</summary>
    public WorkloadStatistics Statistics { get; }

    public EnergyReferenceTable Table { get; }

    public ActionPrices SnnPrices { get; }

    public int LayerCount => layers.Length;

    public ref readonly LayerCostProfile Layer(int index) => ref layers[index];

    public static ActionVector Ones()
    {
        var ones = default(ActionVector);
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            ones[i] = 1;
        }

        return ones;
    }

    /// <summary>
    /// The twin's activation width at T: the spec's width at the spec's T; ceil(log2(L·T+1)) at any other T
    /// (a sweep over T keeps the twin capacity-matched; L = 1 for binary spikes).
    /// </summary>
    public int TwinActivationBits(int timesteps)
    {
        var bits = timesteps == Model.Neuron.Timesteps ? Model.Twin.ActivationBits : TwinModel.CapacityMatchedBits(Model.Neuron.Levels, timesteps);
        return bits < qnnPrices.Length
            ? bits
            : throw new ArgumentOutOfRangeException(nameof(timesteps), $"T = {timesteps} needs {bits}-bit twin activations; sweeps support at most {SweptActivationBits}.");
    }

    public ActionPrices QnnPrices(int activationBits) => qnnPrices[activationBits]!;

    /// <summary>
    /// γ of the twin's input: an input neuron is zero when it received no spike in T timesteps; with independent
    /// spikes at rate s_in that happens with probability (1 − s_in)^T.
    /// </summary>
    public static double InputSparsity(double inputSpikeRate, int timesteps) => Math.Pow(1 - inputSpikeRate, timesteps);

    /// <summary>Energy of one SNN layer at the given spike rates (expected mode), pJ; fills the counts. No allocation.</summary>
    public double SnnLayerEnergy(int layer, int timesteps, double inputSpikeRate, double outputSpikeRate, ref ActionVector counts, double shortcutSpikeRate = 0)
    {
        ref readonly var profile = ref layers[layer];
        var activity = LayerActivity.ExpectedSnn(profile, timesteps, inputSpikeRate, outputSpikeRate, shortcutSpikeRate);
        if (snnNoc.Length > 0)
        {
            var (sparse, dense) = snnNoc[layer].ExpectedBitHops(activity.OutputEvents, timesteps);
            activity = activity with { NocSparseBitHops = sparse, NocDenseBitHops = dense };
        }

        CountFormulas.Count(profile, snnDesign, activity, ref counts);
        return counts.Dot(SnnPrices.Energies);
    }

    /// <summary>Energy of one twin layer at the given sparsities (expected mode), pJ; fills the counts. No allocation.</summary>
    public double QnnLayerEnergy(int layer, int activationBits, double inputSparsity, double outputSparsity, ref ActionVector counts, double shortcutSparsity = 1)
    {
        ref readonly var profile = ref layers[layer];
        ref readonly var design = ref qnnDesigns[activationBits];
        var activity = LayerActivity.ExpectedQnn(profile, design.ZeroSkipping, inputSparsity, outputSparsity, shortcutSparsity);
        var noc = qnnNoc[activationBits];
        if (noc.Length > 0)
        {
            var (sparse, dense) = noc[layer].ExpectedBitHops(activity.OutputEvents, 1);
            activity = activity with { NocSparseBitHops = sparse, NocDenseBitHops = dense };
        }

        CountFormulas.Count(profile, design, activity, ref counts);
        return counts.Dot(qnnPrices[activationBits]!.Energies);
    }

    /// <summary>The spec's own statistics: the layer's input spike rate (stimulus rate for layer 0, else the previous layer's).</summary>
    public double SpecInputSpikeRate(int layer) => inputSpikeRates[layer];

    public double SpecOutputSpikeRate(int layer) => outputSpikeRates[layer];

    public double SpecOutputSparsity(int layer) => outputSparsities[layer];

    /// <summary>γ of a layer's twin input at T: derived from the stimulus for layer 0, the previous layer's qnn_sparsity after.</summary>
    public double SpecInputSparsity(int layer, int timesteps) =>
        layer == 0 ? InputSparsity(inputSpikeRates[0], timesteps) : outputSparsities[layer - 1];

    /// <summary>γ of a residual layer's shortcut at T: from the stimulus for a shortcut from the input, the source layer's qnn_sparsity otherwise.</summary>
    public double SpecShortcutSparsity(int layer, int timesteps) =>
        layers[layer].ShortcutSource is < 0 ? InputSparsity(inputSpikeRates[0], timesteps) : shortcutSparsities[layer];

    /// <summary>Whole-network SNN energy when every layer fires at <paramref name="spikeRate"/> (the input keeps the stimulus rate).</summary>
    public double SnnNetworkEnergy(int timesteps, double spikeRate)
    {
        var counts = default(ActionVector);
        var total = 0.0;
        for (var i = 0; i < layers.Length; i++)
        {
            var shortcutRate = layers[i].ShortcutSource is < 0 ? inputSpikeRates[0] : spikeRate;
            total += SnnLayerEnergy(i, timesteps, i == 0 ? inputSpikeRates[0] : spikeRate, spikeRate, ref counts, shortcutRate);
        }

        return total;
    }

    /// <summary>Whole-network twin energy at T with the spec's sparsities.</summary>
    public double QnnNetworkEnergy(int timesteps)
    {
        var bits = TwinActivationBits(timesteps);
        var counts = default(ActionVector);
        var total = 0.0;
        for (var i = 0; i < layers.Length; i++)
        {
            total += QnnLayerEnergy(i, bits, SpecInputSparsity(i, timesteps), outputSparsities[i], ref counts, SpecShortcutSparsity(i, timesteps));
        }

        return total;
    }

    /// <summary>
    /// The spike rate, the same at every layer, where the SNN costs as much as its twin. E_SNN is affine in s_r
    /// (every count is linear in the event counts), so the crossing is solved exactly from E(0) and E(1).
    /// </summary>
    public BreakEvenPoint BreakEven(int timesteps)
    {
        var atZero = SnnNetworkEnergy(timesteps, 0);
        var atOne = SnnNetworkEnergy(timesteps, 1);
        return BreakEvenPoint.Solve(timesteps, atZero, atOne - atZero, QnnNetworkEnergy(timesteps));
    }

    /// <summary>Expected-mode analysis at the spec's T and statistics: per layer, both designs, counts, energies, bit-ops.</summary>
    public NetworkComparison Analyze()
    {
        var timesteps = Model.Neuron.Timesteps;
        var bits = TwinActivationBits(timesteps);
        var result = new List<LayerComparison>(layers.Length);
        for (var i = 0; i < layers.Length; i++)
        {
            var snnCounts = default(ActionVector);
            var qnnCounts = default(ActionVector);
            SnnLayerEnergy(i, timesteps, inputSpikeRates[i], outputSpikeRates[i], ref snnCounts, shortcutSpikeRates[i]);
            QnnLayerEnergy(i, bits, SpecInputSparsity(i, timesteps), outputSparsities[i], ref qnnCounts, SpecShortcutSparsity(i, timesteps));
            result.Add(Compare(i, timesteps, bits, snnCounts, qnnCounts));
        }

        return new NetworkComparison(Model, Table, timesteps, bits, SnnPrices, QnnPrices(bits), result);
    }

    /// <summary>Exact-mode counts of one design from a trace (the counts the golden model and the RTL must report).</summary>
    public IReadOnlyList<ActionCounts> ExactCounts(NetworkTrace trace) =>
        ExactVectors(trace).Select(v => v.ToActionCounts()).ToArray();

    /// <summary>Exact-mode counts as vectors (NoC bit-hops may be fractional on a mesh's average hop count).</summary>
    public IReadOnlyList<ActionVector> ExactVectors(NetworkTrace trace)
    {
        if (trace.Layers.Count != layers.Length)
        {
            throw new ArgumentException($"the trace has {trace.Layers.Count} layers, the spec {layers.Length}.");
        }

        var timesteps = Model.Neuron.Timesteps;
        var design = trace.Design == DesignKind.Snn ? snnDesign : qnnDesigns[TwinActivationBits(timesteps)];
        var noc = Model.IsMesh ? ExactNocCounts(trace) : null;
        var result = new ActionVector[layers.Length];
        for (var i = 0; i < layers.Length; i++)
        {
            var activity = LayerActivity.FromTrace(Model.Layers[i], trace.Layers[i], trace.Design, timesteps);
            if (noc is not null)
            {
                activity = activity with { NocSparseBitHops = noc[i].SparseBitHops, NocDenseBitHops = noc[i].DenseBitHops };
            }

            CountFormulas.Count(layers[i], design, activity, ref result[i]);
        }

        return result;
    }

    /// <summary>
    /// Exact NoC counts of a mesh dataflow's trace, per layer (its output traffic): flits, link hops, router buffer
    /// passes and bits × hops, by formula from the mapping (the golden model and the RTL count them flit by flit).
    /// </summary>
    public IReadOnlyList<NocLayerCounts> ExactNocCounts(NetworkTrace trace)
    {
        var mesh = Model.RequireMesh();
        var profiles = trace.Design == DesignKind.Snn ? snnNoc : qnnNoc[TwinActivationBits(Model.Neuron.Timesteps)];
        return trace.Layers.Select(l => profiles[l.LayerIndex].Exact(mesh.Slices[l.LayerIndex], l.Outputs)).ToArray();
    }

    /// <summary>Per-layer NoC profiles of one twin at its widths (none for the classical dataflow).</summary>
    private static NocLayerProfile[] NocProfiles(HardwareModel model, TwinDesign twin)
    {
        if (model.Mesh is not { } mesh)
        {
            return [];
        }

        var encodings = model.EncodingsOf(twin.Kind);
        return model.Layers.Select(l => NocLayerProfile.Of(mesh, twin, l.Index, encodings[l.Index],
            twin.IsSpiking ? l.SpikeRate : twin.ZeroSkipping ? 1 - l.QnnSparsity : 1, model.Noc.HopsPerTransfer)).ToArray();
    }

    /// <summary>Exact-mode comparison from an SNN trace and the twin's trace of the same data.</summary>
    public NetworkComparison AnalyzeExact(NetworkTrace snnTrace, NetworkTrace qnnTrace)
    {
        if (snnTrace.Design != DesignKind.Snn || qnnTrace.Design != DesignKind.Qnn)
        {
            throw new ArgumentException("AnalyzeExact needs an SNN trace and a QNN trace.");
        }

        var timesteps = Model.Neuron.Timesteps;
        var bits = TwinActivationBits(timesteps);
        var snn = ExactVectors(snnTrace);
        var qnn = ExactVectors(qnnTrace);
        var result = new List<LayerComparison>(layers.Length);
        for (var i = 0; i < layers.Length; i++)
        {
            result.Add(Compare(i, timesteps, bits, snn[i], qnn[i]));
        }

        return new NetworkComparison(Model, Table, timesteps, bits, SnnPrices, QnnPrices(bits), result);
    }

    private LayerComparison Compare(int index, int timesteps, int bits, in ActionVector snnCounts, in ActionVector qnnCounts)
    {
        ref readonly var profile = ref layers[index];
        var payload = Model.Design(DesignKind.Snn).ValueBits;
        // A pool has no weights: no bit operations.
        var weightBits = profile.IsPool ? 0 : Model.Neuron.WeightBits;
        var bitOps = new BitOperations(
            SnnDense: (double)profile.Synapses * weightBits * payload * timesteps,
            SnnEvents: snnCounts[ActionIndex.WeightMemoryRead] * weightBits * payload,
            QnnDense: (double)profile.Synapses * weightBits * bits,
            QnnNonZero: qnnCounts[ActionIndex.WeightMemoryRead] * weightBits * bits);
        return new LayerComparison(
            Model.Layers[index],
            DesignEnergy.Of(snnCounts, SnnPrices.Energies),
            DesignEnergy.Of(qnnCounts, QnnPrices(bits).Energies),
            bitOps);
    }
}
