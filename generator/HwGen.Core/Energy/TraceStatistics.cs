// Spike statistics measured from a run: per layer, the spike rate s_r and the sparsity γ of the rate-coded twin activations.
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>Measured statistics of one layer's outputs.</summary>
public readonly record struct LayerStatistics(int LayerIndex, double SpikeRate, double TwinSparsity)
{
    /// <summary>(1−γ)/T ≤ s_r ≤ 1−γ: a non-zero level v fires v ∈ 1..T spikes.</summary>
    public bool WithinBounds(int timesteps, double tolerance = 1e-12) =>
        SpikeRate >= (1 - TwinSparsity) / timesteps - tolerance && SpikeRate <= 1 - TwinSparsity + tolerance;
}

public static class TraceStatistics
{
    /// <summary>
    /// From a binary SNN trace: s_r = Σ spikes / (neurons · T); γ = the fraction of neurons that never fired, which
    /// is the fraction of zero activations of the rate code the twin sees.
    /// </summary>
    public static IReadOnlyList<LayerStatistics> Measure(HardwareModel model, NetworkTrace trace)
    {
        if (trace.Design != DesignKind.Snn)
        {
            throw new ArgumentException("spike statistics are measured on an SNN trace.");
        }

        var timesteps = model.Neuron.Timesteps;
        var result = new List<LayerStatistics>();
        for (var l = 0; l < trace.Layers.Count; l++)
        {
            var neurons = model.Layers[l].Neurons;
            var fired = new bool[neurons];
            long spikes = 0;
            foreach (var timestep in trace.Layers[l].Outputs)
            {
                foreach (var spike in timestep)
                {
                    spikes += spike.Value;
                    fired[spike.Address] = true;
                }
            }

            var silent = fired.Count(f => !f);
            result.Add(new LayerStatistics(l, (double)spikes / ((double)neurons * timesteps), (double)silent / neurons));
        }

        return result;
    }
}
