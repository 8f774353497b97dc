// The numbers behind the energy plots, computed apart from rendering so tests can check them without pixels.
using HwGen.Energy;

namespace HwGen.Report;

/// <summary>Energy against spike rate for the SNN and its twin (flat), with the break-even crossing.</summary>
public sealed record EnergyCurve(string Caption, string EnergyUnit, double[] SpikeRates, double[] SnnPj, double[] QnnPj, BreakEvenPoint Crossing)
{
    /// <summary>Points s_r = 0, 1/steps, ..., 1.</summary>
    public static double[] Grid(int steps) => Enumerable.Range(0, steps + 1).Select(i => (double)i / steps).ToArray();

    public static EnergyCurve ForReference(YanV1Model model, int timesteps, int steps = 100)
    {
        var rates = Grid(steps);
        var ann = model.AnnEnergyPj();
        return new EnergyCurve($"{model.Name}, T = {timesteps}{ReferenceAnalysis.CaptionConstants(model)}", "pJ per synapse", rates,
            rates.Select(s => model.SnnEnergyPj(timesteps, s)).ToArray(), rates.Select(_ => ann).ToArray(), model.BreakEven(timesteps));
    }

    public static EnergyCurve ForSpec(SpecEnergyModel engine, int timesteps, int steps = 100)
    {
        var rates = Grid(steps);
        var qnn = engine.QnnNetworkEnergy(timesteps);
        return new EnergyCurve($"{engine.Model.Name}: {SpecAnalysis.ModelName}, ERT {engine.Table.Preset}, T = {timesteps}", "pJ per inference", rates,
            rates.Select(s => engine.SnnNetworkEnergy(timesteps, s)).ToArray(), rates.Select(_ => qnn).ToArray(), engine.BreakEven(timesteps));
    }
}

/// <summary>E_SNN / E_QNN over T (rows) × spike rate (columns), with the break-even rate of each T.</summary>
public sealed record RatioHeatmap(string Caption, int[] Timesteps, double[] SpikeRates, double[,] Ratio, BreakEvenPoint[] BreakEven)
{
    public static RatioHeatmap ForReference(YanV1Model model, IReadOnlyList<int> timesteps, int steps = 50)
    {
        var rates = EnergyCurve.Grid(steps);
        var ratio = new double[timesteps.Count, rates.Length];
        for (var t = 0; t < timesteps.Count; t++)
        {
            for (var s = 0; s < rates.Length; s++)
            {
                ratio[t, s] = model.SnnEnergyPj(timesteps[t], rates[s]) / model.AnnEnergyPj();
            }
        }

        return new RatioHeatmap($"{model.Name}: E_SNN / E_ANN{ReferenceAnalysis.CaptionConstants(model)}", timesteps.ToArray(), rates, ratio, timesteps.Select(model.BreakEven).ToArray());
    }

    public static RatioHeatmap ForSpec(SpecEnergyModel engine, IReadOnlyList<int> timesteps, int steps = 50)
    {
        var rates = EnergyCurve.Grid(steps);
        var ratio = new double[timesteps.Count, rates.Length];
        for (var t = 0; t < timesteps.Count; t++)
        {
            var qnn = engine.QnnNetworkEnergy(timesteps[t]);
            for (var s = 0; s < rates.Length; s++)
            {
                ratio[t, s] = engine.SnnNetworkEnergy(timesteps[t], rates[s]) / qnn;
            }
        }

        return new RatioHeatmap($"{engine.Model.Name}: {SpecAnalysis.ModelName}, ERT {engine.Table.Preset}: E_SNN / E_QNN", timesteps.ToArray(), rates, ratio,
            timesteps.Select(engine.BreakEven).ToArray());
    }
}

/// <summary>pJ per layer and component for both designs (the stacks of a stacked bar chart).</summary>
public sealed record ComponentBreakdown(string Caption, string[] Layers, string[] Components, double[,] SnnPj, double[,] QnnPj)
{
    public static ComponentBreakdown For(NetworkComparison comparison)
    {
        var components = comparison.Snn.ByComponent().Select(c => c.Component).ToArray();
        var layers = comparison.Layers.Select(l => l.Layer.Name).ToArray();
        var snn = new double[layers.Length, components.Length];
        var qnn = new double[layers.Length, components.Length];
        for (var l = 0; l < layers.Length; l++)
        {
            var snnParts = comparison.Layers[l].Snn.ByComponent();
            var qnnParts = comparison.Layers[l].Qnn.ByComponent();
            for (var c = 0; c < components.Length; c++)
            {
                snn[l, c] = snnParts[c].EnergyPj;
                qnn[l, c] = qnnParts[c].EnergyPj;
            }
        }

        return new ComponentBreakdown($"{comparison.Model.Name}: {SpecAnalysis.ModelName}, ERT {comparison.Table.Preset}, T = {comparison.Timesteps}: bars SNN | QNN",
            layers, components, snn, qnn);
    }
}
