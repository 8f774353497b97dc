// Closed-form per-synapse models of Yan et al. v1 (energy-models.md section 2), every constant overridable.
using System.Globalization;

namespace HwGen.Energy;

/// <summary>
/// The constants of the v1 closed forms: Horowitz 45 nm energies (pJ) and the model parameters ρ, N, R, E_ev.
/// Names as in energy-models.md: E_add, E_mul, E_sram, E_dram, rho, N, R, E_ev.
/// </summary>
public sealed record YanV1Constants(double EAdd, double EMul, double ESram, double EDram, double Rho, double N, double R, double EEv)
{
    public static YanV1Constants Default { get; } = new(0.03, 0.2, 20, 2000, 0.45, 2395, 216, 64.32);

    public static IReadOnlyList<string> Names { get; } = ["E_add", "E_mul", "E_sram", "E_dram", "rho", "N", "R", "E_ev"];

    public double this[string name] => name switch
    {
        "E_add" => EAdd,
        "E_mul" => EMul,
        "E_sram" => ESram,
        "E_dram" => EDram,
        "rho" => Rho,
        "N" => N,
        "R" => R,
        "E_ev" => EEv,
        _ => throw new ArgumentException(UnknownMessage(name)),
    };

    public static bool IsName(string name) => Names.Contains(name, StringComparer.Ordinal);

    public static string UnknownMessage(string name) =>
        $"unknown constant '{name}'; the v1 models have {string.Join(", ", Names)}.";

    public YanV1Constants With(string name, double value)
    {
        if (!double.IsFinite(value) || value < 0 || (name is "N" or "R" && value <= 0))
        {
            throw new ArgumentException($"constant {name} must be a finite number >= 0 (N and R > 0), found {value.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        return name switch
        {
            "E_add" => this with { EAdd = value },
            "E_mul" => this with { EMul = value },
            "E_sram" => this with { ESram = value },
            "E_dram" => this with { EDram = value },
            "rho" => this with { Rho = value },
            "N" => this with { N = value },
            "R" => this with { R = value },
            "E_ev" => this with { EEv = value },
            _ => throw new ArgumentException(UnknownMessage(name)),
        };
    }
}

public enum YanV1Architecture
{
    /// <summary>DRAM → SRAM buffer → PEs.</summary>
    Classical,

    /// <summary>Weights resident in the PE fabric; no DRAM term.</summary>
    Spatial,
}

/// <summary>A v1 closed-form model: per-synapse energy per inference of the SNN (affine in s_r) and of the 8-bit ANN.</summary>
public sealed record YanV1Model(YanV1Architecture Architecture, YanV1Constants Constants)
{
    public const string ClassicalName = "yan2024-v1-classical";
    public const string SpatialName = "yan2024-v1-spatial";

    public static IReadOnlyList<string> Names { get; } = [ClassicalName, SpatialName];

    public string Name => Architecture == YanV1Architecture.Classical ? ClassicalName : SpatialName;

    public static YanV1Model? ByName(string name) => name switch
    {
        ClassicalName => new YanV1Model(YanV1Architecture.Classical, YanV1Constants.Default),
        SpatialName => new YanV1Model(YanV1Architecture.Spatial, YanV1Constants.Default),
        _ => null,
    };

    /// <summary>E_SNN(s_r) = A + B·s_r: the part independent of the spike rate, pJ per synapse.</summary>
    public double SnnFixedPj(int timesteps)
    {
        var c = Constants;
        double t = timesteps;
        return Architecture == YanV1Architecture.Spatial
            ? 2 * t * (c.ESram + c.EAdd) / c.N
            : t * (c.EEv + c.EAdd) / c.N + 2 * (c.EDram + c.ESram) * t / (c.R * (1 + t));
    }

    /// <summary>E_SNN(s_r) = A + B·s_r: the slope B, pJ per synapse per unit spike rate.</summary>
    public double SnnSlopePj(int timesteps)
    {
        var c = Constants;
        return Architecture == YanV1Architecture.Spatial
            ? timesteps * (c.ESram + c.EAdd)
            : timesteps * (c.EEv + c.EAdd / c.N);
    }

    public double SnnEnergyPj(int timesteps, double spikeRate) => SnnFixedPj(timesteps) + SnnSlopePj(timesteps) * spikeRate;

    /// <summary>The ANN side (8-bit, best case skipping zero activations through ρ), pJ per synapse.</summary>
    public double AnnEnergyPj()
    {
        var c = Constants;
        return Architecture == YanV1Architecture.Spatial
            ? c.Rho * (c.ESram + c.EMul + c.EAdd)
            : c.Rho * (4 * c.ESram + c.EMul + c.EAdd) + (c.EDram + c.ESram) / c.R;
    }

    public BreakEvenPoint BreakEven(int timesteps) =>
        BreakEvenPoint.Solve(timesteps, SnnFixedPj(timesteps), SnnSlopePj(timesteps), AnnEnergyPj());
}
