// The activity statistics the expected-mode model is evaluated at: the input spike rate and, per layer, the output
// spike rate s_r and the QNN twin's sparsity γ. They come from the spec (its expectations) or from a run (measured).
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>One layer's statistics.</summary>
public readonly record struct LayerActivityStatistics(double SpikeRate, double QnnSparsity);

/// <summary>Statistics of a whole workload; <see cref="Source"/> says where they come from ("spec" or "run").</summary>
public sealed record WorkloadStatistics(string Source, double InputSpikeRate, IReadOnlyList<LayerActivityStatistics> Layers)
{
    /// <summary>The spec's expectations: <c>workload.stimulus.input_spike_rate</c>, each layer's <c>spike_rate</c> and <c>qnn_sparsity</c>.</summary>
    public static WorkloadStatistics FromSpec(HardwareModel model) => new(
        "spec",
        model.Workload.Stimulus.InputSpikeRate,
        model.Layers.Select(l => new LayerActivityStatistics(l.SpikeRate, l.QnnSparsity)).ToList());

    /// <summary>
    /// What a run did: the input spike rate of layer 0's events over neurons × T, each layer's output spikes over
    /// neurons × T (SNN trace), and the fraction of zero activations the QNN twin produced.
    /// </summary>
    public static WorkloadStatistics FromRun(HardwareModel model, NetworkTrace snn, NetworkTrace qnn)
    {
        var timesteps = model.Neuron.Timesteps;
        var inputEvents = snn.Layers[0].Inputs.Sum(step => step.Count);
        var inputRate = (double)inputEvents / ((double)model.Workload.Input.Size * timesteps);
        var spiking = TraceStatistics.Measure(model, snn);
        var layers = model.Layers.Select((layer, l) =>
        {
            var nonZero = qnn.Layers[l].Outputs[0].Count(e => e.Value != 0);
            return new LayerActivityStatistics(spiking[l].SpikeRate, 1 - (double)nonZero / layer.Neurons);
        }).ToList();
        return new WorkloadStatistics("run", inputRate, layers);
    }
}
