// The numbers behind the energy plots, computed apart from rendering so tests can check them without pixels: the
// curves, the ratios, the stacks, and the choices a reader sees (energy unit, legend entries, colour and axis ticks).
using System.Globalization;
using HwGen.Energy;

namespace HwGen.Report;

/// <summary>
/// An SI-prefixed energy unit for an axis: the largest of fJ, pJ, nJ, µJ, mJ, J in which the largest value is at least 1,
/// so tick labels read 1 to 999 with at most a few decimals (1.6 mJ, not 1,600,000,000 pJ). pJ when every value is 0.
/// </summary>
public sealed record EnergyScale(string Unit, double PicojoulesPerUnit)
{
    private static readonly EnergyScale[] Ladder =
        [new("fJ", 1e-3), new("pJ", 1), new("nJ", 1e3), new("µJ", 1e6), new("mJ", 1e9), new("J", 1e12)];

    public static EnergyScale Picojoules => Ladder[1];

    public static EnergyScale For(double largestPj)
    {
        if (!double.IsFinite(largestPj) || largestPj <= 0)
        {
            return Picojoules;
        }

        var chosen = Ladder[0];
        foreach (var scale in Ladder)
        {
            chosen = largestPj >= scale.PicojoulesPerUnit ? scale : chosen;
        }

        return chosen;
    }

    /// <summary>A value in pJ expressed in this unit.</summary>
    public double FromPj(double pj) => pj / PicojoulesPerUnit;

    public double[] FromPj(IEnumerable<double> pj) => pj.Select(FromPj).ToArray();
}

/// <summary>
/// Energy against spike rate for the SNN and its baseline (flat), with the break-even crossing. Values in pJ per
/// <see cref="EnergyBasis"/>; <see cref="Scale"/> is the unit the axis shows them in.
/// </summary>
public sealed record EnergyCurve(string Caption, string EnergyBasis, double[] SpikeRates, double[] SnnPj, double[] QnnPj, BreakEvenPoint Crossing)
{
    /// <summary>Legend text of the flat line: the QNN twin of a spec, the ANN of a v1 reference model.</summary>
    public string BaselineLabel { get; init; } = "QNN twin";

    /// <summary>A further title line: how the curve was evaluated (empty when the caption says it all).</summary>
    public string Note { get; init; } = string.Empty;

    public EnergyScale Scale => EnergyScale.For(SnnPj.Concat(QnnPj).DefaultIfEmpty(0).Max());

    public string EnergyAxisLabel => $"energy ({Scale.Unit} {EnergyBasis})";

    /// <summary>Points s_r = 0, 1/steps, ..., 1.</summary>
    public static double[] Grid(int steps) => Enumerable.Range(0, steps + 1).Select(i => (double)i / steps).ToArray();

    public static EnergyCurve ForReference(YanV1Model model, int timesteps, int steps = 100)
    {
        var rates = Grid(steps);
        var ann = model.AnnEnergyPj();
        return new EnergyCurve($"{model.Name}, T = {timesteps}{ReferenceAnalysis.CaptionConstants(model)}", "per synapse", rates,
            rates.Select(s => model.SnnEnergyPj(timesteps, s)).ToArray(), rates.Select(_ => ann).ToArray(), model.BreakEven(timesteps))
        {
            BaselineLabel = "ANN (E_ANN)",
        };
    }

    public static EnergyCurve ForSpec(AnalyticalEnergyModel engine, int timesteps, int steps = 100)
    {
        var rates = Grid(steps);
        var qnn = engine.QnnNetworkEnergy(timesteps);
        var model = engine.Model;
        return new EnergyCurve($"{model.Name}: {SpecAnalysis.ModelName}, ERT {engine.Table.Preset}, T = {timesteps}", "per inference", rates,
            rates.Select(s => engine.SnnNetworkEnergy(timesteps, s)).ToArray(), rates.Select(_ => qnn).ToArray(), engine.BreakEven(timesteps))
        {
            Note = string.Create(CultureInfo.InvariantCulture,
                $"expected mode: every layer fires at s_r, input at {model.Workload.Stimulus.InputSpikeRate:0.###}; QNN twin {engine.TwinActivationBits(timesteps)}-bit"),
        };
    }
}

/// <summary>
/// E_SNN / E_baseline over T (rows) × spike rate (columns), with the break-even rate of each T. The colour shows
/// log10 of the ratio on a diverging scale centred on 1 (break-even).
/// </summary>
public sealed record RatioHeatmap(string Caption, int[] Timesteps, double[] SpikeRates, double[,] Ratio, BreakEvenPoint[] BreakEven)
{
    /// <summary>Ratios on the colour bar: 1-2-5 steps when they are at most this many, else 1-3 steps, else decades.</summary>
    private const int MaxColorTicks = 9;

    /// <summary>The design the SNN is compared with: "QNN" (spec) or "ANN" (v1 reference model).</summary>
    public string Baseline { get; init; } = "QNN";

    public string ColorBarLabel => $"E_SNN / E_{Baseline} (log scale; below 1 the SNN costs less)";

    /// <summary>The colour range is ±this in log10(ratio): the largest |log10 ratio| of the map, at least log10 2.</summary>
    public double ColorLimit
    {
        get
        {
            var limit = Math.Log10(2);
            foreach (var ratio in Ratio)
            {
                var log = Math.Abs(Math.Log10(ratio));
                limit = double.IsFinite(log) ? Math.Max(limit, log) : limit;
            }

            return limit;
        }
    }

    /// <summary>Colour-bar ticks: (log10 of the ratio, the ratio as text), 1 always among them.</summary>
    public IReadOnlyList<(double Log10, string Label)> ColorTicks
    {
        get
        {
            var limit = ColorLimit + 1e-9;
            var steps = new List<double>();
            var first = (int)Math.Floor(-limit) - 1;
            var last = (int)Math.Ceiling(limit) + 1;
            foreach (var mantissas in new[] { new[] { 1.0, 2.0, 5.0 }, new[] { 1.0, 3.0 }, new[] { 1.0 } })
            {
                steps.Clear();
                for (var decade = first; decade <= last; decade++)
                {
                    foreach (var m in mantissas)
                    {
                        var log = Math.Log10(m) + decade;
                        if (Math.Abs(log) <= limit)
                        {
                            steps.Add(log);
                        }
                    }
                }

                if (steps.Count <= MaxColorTicks)
                {
                    break;
                }
            }

            return steps.Select(log => (log, RatioText(Math.Pow(10, log)))).ToArray();
        }
    }

    /// <summary>T values labelled on the axis: the first T, then multiples of a 1-2-5 step keeping at most 16 labels.</summary>
    public int[] TimestepTicks
    {
        get
        {
            var step = 1;
            for (var k = 1; Timesteps.Length > 16 * step; k++)
            {
                step = new[] { 1, 2, 5 }[k % 3] * (int)Math.Pow(10, k / 3);
            }

            return Timesteps.Where((t, i) => i == 0 || t % step == 0 && t - Timesteps[0] >= step / 2.0).ToArray();
        }
    }

    private static string RatioText(double ratio) =>
        ratio >= 1e5 || ratio < 1e-4 ? ratio.ToString("0e0", CultureInfo.InvariantCulture) : ratio.ToString("0.####", CultureInfo.InvariantCulture);

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

        return new RatioHeatmap($"{model.Name}: E_SNN / E_ANN{ReferenceAnalysis.CaptionConstants(model)}", timesteps.ToArray(), rates, ratio, timesteps.Select(model.BreakEven).ToArray())
        {
            Baseline = "ANN",
        };
    }

    public static RatioHeatmap ForSpec(AnalyticalEnergyModel engine, IReadOnlyList<int> timesteps, int steps = 50)
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
    /// <summary>A further title line: which counts the energies come from (expected or exact mode).</summary>
    public string Note { get; init; } = string.Empty;

    /// <summary>The components the legend lists: those with energy in some layer of either design, in stacking order.</summary>
    public string[] Legend => Components.Where((_, c) => Enumerable.Range(0, Layers.Length).Any(l => SnnPj[l, c] > 0 || QnnPj[l, c] > 0)).ToArray();

    /// <summary>The energy axis unit: chosen for the tallest stack.</summary>
    public EnergyScale Scale
    {
        get
        {
            var tallest = 0.0;
            for (var l = 0; l < Layers.Length; l++)
            {
                tallest = Math.Max(tallest, Math.Max(Total(SnnPj, l), Total(QnnPj, l)));
            }

            return EnergyScale.For(tallest);
        }
    }

    public string EnergyAxisLabel => $"energy ({Scale.Unit} per inference)";

    private double Total(double[,] values, int layer) => Enumerable.Range(0, Components.Length).Sum(c => Math.Max(0, values[layer, c]));

    /// <param name="comparison">Energies of both designs per layer.</param>
    /// <param name="exactData">For exact-mode counts, where the traced data came from (<see cref="SpecAnalysis.DataSource"/>); null for expected mode.</param>
    public static ComponentBreakdown For(NetworkComparison comparison, string? exactData = null)
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
            layers, components, snn, qnn)
        {
            Note = exactData is null
                ? $"expected mode (the spec's spike rates); QNN twin {comparison.TwinActivationBits}-bit"
                : $"exact mode (golden traces; {exactData}); QNN twin {comparison.TwinActivationBits}-bit",
        };
    }
}
