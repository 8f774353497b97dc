// Scales 0.18 um gate-level energies to the node of an energy reference table with the published model of
// Stillmaker & Baas, "Scaling equations for the accurate prediction of CMOS device performance from 180 nm to 7 nm",
// Integration, the VLSI Journal 58 (2017) 74-81: energy per operation at a node and supply voltage is
// a*V^2 + b*V + c with per-node coefficients fitted to HSPICE simulations (PTM/ITRS models).
using System.Globalization;

namespace HwGen.Synth;

/// <summary>One node's energy polynomial (coefficients of V^2, V, 1) from the paper's table.</summary>
public sealed record EnergyPolynomial(string Node, double A, double B, double C)
{
    public double At(double vdd) => (A * vdd * vdd) + (B * vdd) + C;
}

/// <summary>A scaling from one node and voltage to another: the ratio of the two polynomials.</summary>
public sealed record NodeScale(EnergyPolynomial From, double FromVdd, EnergyPolynomial To, double ToVdd, string ToVddSource, double TargetNm)
{
    public double Factor => To.At(ToVdd) / From.At(FromVdd);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"Stillmaker & Baas 2017 energy factor {Factor:0.00000} ({From.Node} nm at {FromVdd:0.0##} V -> {To.Node} at {ToVdd:0.0##} V, {ToVddSource})");
}

public static class NodeScaling
{
    public const string Source = "A. Stillmaker, B. Baas, Scaling equations for the accurate prediction of CMOS device performance from 180 nm to 7 nm, Integration 58 (2017) 74-81, table of energy coefficients";

    /// <summary>
    /// The paper's energy coefficients for the nodes HwGen scales between (180 nm bulk; 45 nm and 20 nm high-performance),
    /// as tabulated with the paper by the UCLA NanoCAD Lab's MIT-licensed nodeScale tool; that table's 32 nm HP and 65 nm
    /// rows match the coefficients the authors' corrigendum prints (0.8367, -0.4341, 0.1701 and 3.755, -4.398, 1.975).
    /// </summary>
    public static readonly IReadOnlyList<EnergyPolynomial> Table =
    [
        new("180", 0, 24.64, -17.98),
        new("HP45", 1.018, -0.3107, 0.1539),
        new("HP32", 0.8367, -0.4341, 0.1701),
        new("HP20", 0.373, -0.1582, 0.04104),
    ];

    /// <summary>The supply of Horowitz's 45 nm figures (ISSCC 2014, "45nm 0.9V"), the source of the 45 nm ERTs.</summary>
    public const double Horowitz45Vdd = 0.9;

    /// <summary>
    /// The 22 nm ERTs (Yan et al. v2+) state no supply voltage. The paper has no 22 nm node; its nearest is 20 nm,
    /// taken at 0.8 V (an assumption, printed wherever the factor is used).
    /// </summary>
    public const double Assumed20Vdd = 0.8;

    /// <summary>The scaling from a library at <paramref name="fromNm"/> nm and <paramref name="fromVdd"/> V to an ERT's node; null when the paper has no row for it.</summary>
    public static NodeScale? ToErtNode(double fromNm, double fromVdd, double ertNm)
    {
        var from = fromNm == 180 ? Table[0] : null;
        (EnergyPolynomial Row, double Vdd, string Why)? to = ertNm switch
        {
            45 => (Table[1], Horowitz45Vdd, "the 0.9 V of Horowitz's 45 nm table"),
            22 => (Table[3], Assumed20Vdd, "the paper's nearest node to 22 nm, at an assumed 0.8 V"),
            _ => null,
        };
        return from is null || to is null ? null : new NodeScale(from, fromVdd, to.Value.Row, to.Value.Vdd, to.Value.Why, ertNm);
    }

    public const string Nodes = "180, 130, 90, 65, 45, 32, 20, 16, 14, 10, 7 (HwGen scales to 45 and, through 20, to 22)";
}
