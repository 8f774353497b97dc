// Results of the analytical engine: per-design energies by action and component, bit-ops, layer and network comparisons.
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>Counts and pJ per action of one design in one layer (or summed over layers).</summary>
public sealed class DesignEnergy
{
    private ActionVector counts;
    private ActionVector energyPj;

    private DesignEnergy(ActionVector counts, ActionVector energyPj)
    {
        this.counts = counts;
        this.energyPj = energyPj;
        TotalPj = 0;
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            TotalPj += energyPj[i];
        }
    }

    public ref readonly ActionVector Counts => ref counts;

    public ref readonly ActionVector EnergyPj => ref energyPj;

    public double TotalPj { get; }

    public static DesignEnergy Of(in ActionVector counts, in ActionVector prices)
    {
        var energy = default(ActionVector);
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            energy[i] = counts[i] == 0 ? 0 : counts[i] * prices[i];
        }

        return new DesignEnergy(counts, energy);
    }

    public static DesignEnergy Sum(IEnumerable<DesignEnergy> parts)
    {
        var counts = default(ActionVector);
        var energy = default(ActionVector);
        foreach (var part in parts)
        {
            counts.AddScaled(part.counts, 1);
            energy.AddScaled(part.energyPj, 1);
        }

        return new DesignEnergy(counts, energy);
    }

    /// <summary>pJ per component (dram, global_buffer, ..., noc), in the order of <see cref="Actions.All"/>.</summary>
    public IReadOnlyList<ComponentEnergy> ByComponent()
    {
        var result = new List<ComponentEnergy>();
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            var component = ActionIndex.Key(i).Component;
            var at = result.FindIndex(c => c.Component == component);
            if (at < 0)
            {
                result.Add(new ComponentEnergy(component, energyPj[i]));
            }
            else
            {
                result[at] = result[at] with { EnergyPj = result[at].EnergyPj + energyPj[i] };
            }
        }

        return result;
    }

    /// <summary>The actions that carry most of the energy, largest first, with their share of the total.</summary>
    public IReadOnlyList<DominantTerm> DominantTerms(int count = 3)
    {
        var terms = new List<DominantTerm>();
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            if (energyPj[i] > 0)
            {
                terms.Add(new DominantTerm(ActionIndex.Key(i), energyPj[i], TotalPj > 0 ? energyPj[i] / TotalPj : 0));
            }
        }

        return terms.OrderByDescending(t => t.EnergyPj).ThenBy(t => t.Action).Take(count).ToArray();
    }
}

public sealed record ComponentEnergy(string Component, double EnergyPj);

public sealed record DominantTerm(ActionKey Action, double EnergyPj, double Share);

/// <summary>
/// Bit Budget bit-operations (Shen et al.): Σ MACs·b_w·b_s·T (SNN dense), events·fan-out·b_w·b_s (SNN event-driven),
/// MACs·b_w·b_a (QNN dense), non-zero activations·fan-out·b_w·b_a (QNN with zero skipping). A metric, not an energy.
/// </summary>
public sealed record BitOperations(double SnnDense, double SnnEvents, double QnnDense, double QnnNonZero)
{
    public static BitOperations Sum(IEnumerable<BitOperations> parts) => parts.Aggregate(
        new BitOperations(0, 0, 0, 0),
        (a, b) => new BitOperations(a.SnnDense + b.SnnDense, a.SnnEvents + b.SnnEvents, a.QnnDense + b.QnnDense, a.QnnNonZero + b.QnnNonZero));
}

public sealed record LayerComparison(LayerModel Layer, DesignEnergy Snn, DesignEnergy Qnn, BitOperations BitOps)
{
    /// <summary>E_SNN / E_QNN (below 1: the SNN wins).</summary>
    public double Ratio => Snn.TotalPj / Qnn.TotalPj;
}

/// <summary>A whole analysis: which model and constants produced it, and every layer.</summary>
public sealed record NetworkComparison(
    HardwareModel Model,
    EnergyReferenceTable Table,
    int Timesteps,
    int TwinActivationBits,
    ActionPrices SnnPrices,
    ActionPrices QnnPrices,
    IReadOnlyList<LayerComparison> Layers)
{
    public DesignEnergy Snn => DesignEnergy.Sum(Layers.Select(l => l.Snn));

    public DesignEnergy Qnn => DesignEnergy.Sum(Layers.Select(l => l.Qnn));

    public BitOperations BitOps => BitOperations.Sum(Layers.Select(l => l.BitOps));

    public double Ratio => Snn.TotalPj / Qnn.TotalPj;
}

public enum BreakEvenKind
{
    /// <summary>The curves cross at a spike rate in (0, 1].</summary>
    Crossing,

    /// <summary>The SNN loses even at s_r = 0.</summary>
    Never,

    /// <summary>The SNN wins even at s_r = 1.</summary>
    Always,
}

/// <summary>
/// The break-even spike rate at one T for E_SNN(s) = A + B·s against a constant E_QNN. <see cref="RawSpikeRate"/>
/// is (E_QNN − A) / B before classification: ≤ 0 means never, > 1 means always.
/// </summary>
public readonly record struct BreakEvenPoint(int Timesteps, BreakEvenKind Kind, double SpikeRate, double RawSpikeRate, double SnnAtZeroPj, double SnnSlopePj, double QnnPj)
{
    public static BreakEvenPoint Solve(int timesteps, double snnAtZero, double snnSlope, double qnn)
    {
        var raw = snnSlope > 0
            ? (qnn - snnAtZero) / snnSlope
            : snnAtZero >= qnn ? double.NegativeInfinity : double.PositiveInfinity;
        var kind = raw <= 0 ? BreakEvenKind.Never : raw > 1 ? BreakEvenKind.Always : BreakEvenKind.Crossing;
        return new BreakEvenPoint(timesteps, kind, kind == BreakEvenKind.Crossing ? raw : double.NaN, raw, snnAtZero, snnSlope, qnn);
    }

    /// <summary>"never", "always" or the spike rate (invariant culture).</summary>
    public string Describe(string format = "G6") => Describe(RawSpikeRate, format);

    public static string Describe(double raw, string format = "G6") =>
        raw <= 0 ? "never" : raw > 1 ? "always" : raw.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
