// Measured energy of one RTL run: every component row is a list of named terms (quantity × pJ per unit, with its
// source), summed; beside each row the ERT energy of the same measured counts and the effects that separate the two.
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Energy;

/// <summary>What a term counts. Only <see cref="FixedPerAccess"/> and the DRAM burst and row terms are count × constant.</summary>
public enum TermKind
{
    /// <summary>The part of an access that costs the same whatever the data (decoder, sense amplifiers, I/O): count × pJ.</summary>
    FixedPerAccess,

    /// <summary>Address bits that changed between consecutive accesses of one port.</summary>
    AddressToggles,

    /// <summary>Data bits that changed on a port between consecutive accesses (read data out, write data in).</summary>
    DataToggles,

    /// <summary>Stored bits a write actually flipped (old word at the write address against the new one).</summary>
    StoredBitFlips,

    /// <summary>Bit toggles on a unit's inputs and outputs in cycles where its action fires.</summary>
    InActionToggles,

    /// <summary>Bit toggles on a unit's inputs and outputs in cycles where its action does not fire (unisolated operands).</summary>
    IdleToggles,

    /// <summary>Flip-flop output toggles.</summary>
    RegisterToggles,

    /// <summary>Clock energy of flip-flops, per flip-flop per cycle.</summary>
    Clock,

    /// <summary>Leakage, per cycle.</summary>
    Leakage,

    /// <summary>DRAM bursts (count × pJ).</summary>
    DramBurst,

    /// <summary>DRAM row activations (count × pJ).</summary>
    DramRowActivation,

    /// <summary>DRAM data-bus bits transferred as zero (static termination).</summary>
    DramBusZeros,

    /// <summary>DRAM data-bus 0→1 transitions (dynamic I/O energy).</summary>
    DramBusRises,

    /// <summary>NoC link bit toggles.</summary>
    LinkToggles,
}

/// <summary>
/// One term of a row: <paramref name="Quantity"/> <paramref name="Unit"/> × <paramref name="PjPerUnit"/>.
/// <paramref name="ExpectedPj"/> is what the same number of actions costs in this term on random data (the figure the
/// ERT stands for); the terms without an ERT counterpart (idle toggles, registers, clock, leakage) expect 0.
/// </summary>
public sealed record EnergyTerm(string Name, TermKind Kind, double Quantity, string Unit, double PjPerUnit, string Source, double ExpectedPj = 0)
{
    public double EnergyPj => Quantity * PjPerUnit;

    /// <summary>Where the term's figure is used outside the data it comes from (e.g. SRAM leakage beyond the largest reference capacity); null otherwise.</summary>
    public string? Caveat { get; init; }

    /// <summary>
    /// True when the term varies with what the simulation did beyond the action counts (data and address toggles,
    /// idle switching, cycles): everything except count × constant.
    /// </summary>
    public bool VariesWithActivity => Kind is not (TermKind.FixedPerAccess or TermKind.DramBurst or TermKind.DramRowActivation);

    /// <summary>True when the term counts bit toggles (of ports, stored bits, units, flip-flops, links, the DRAM bus), not accesses or cycles.</summary>
    public bool IsToggles => Kind is TermKind.AddressToggles or TermKind.DataToggles or TermKind.StoredBitFlips or TermKind.InActionToggles
        or TermKind.IdleToggles or TermKind.RegisterToggles or TermKind.LinkToggles or TermKind.DramBusRises;
}

/// <summary>The named effects that separate measured from ERT energy; every row's difference is their sum.</summary>
public enum EffectKind
{
    /// <summary>The measured model prices the memory at its own capacity and width, the ERT at another memory's.</summary>
    CapacityScaling,

    /// <summary>Data and address toggles above or below what random data gives for the same actions.</summary>
    DataDependentSwitching,

    /// <summary>Switching of a unit's inputs and outputs in cycles where its action does not fire.</summary>
    IdleSwitching,

    /// <summary>Flip-flop toggles: the ERT has no register entry.</summary>
    RegisterSwitching,

    /// <summary>Clock energy of every flip-flop on every cycle.</summary>
    Clock,

    /// <summary>Leakage over the run's cycles.</summary>
    Leakage,

    /// <summary>DRAM bursts and row activations of the run's address stream against a sequential stream's share.</summary>
    AccessPattern,
}

/// <summary>How a component row's measured energy was obtained, for readers of report.json.</summary>
public enum MeasuredEnergyBasis
{
    /// <summary>At least one term varies with the run's activity (toggles, cycles).</summary>
    Activity,

    /// <summary>Measured count × a constant only (the model again).</summary>
    PerAccess,
}

/// <summary>
/// One row of one layer: an action (or a component without an action, such as the clock) with its measured count, the
/// ERT energy of that count and the measured terms.
/// </summary>
public sealed record ComponentMeasuredEnergy(ActionKey Action, long Count, double ErtEnergyPj, IReadOnlyList<EnergyTerm> Terms)
{
    public double MeasuredEnergyPj => Terms.Sum(t => t.EnergyPj);

    /// <summary>The part of the measured energy that varies with the run's activity beyond the action counts.</summary>
    public double ActivityEnergyPj => Terms.Where(t => t.VariesWithActivity).Sum(t => t.EnergyPj);

    public MeasuredEnergyBasis Basis => Terms.Any(t => t.VariesWithActivity) ? MeasuredEnergyBasis.Activity : MeasuredEnergyBasis.PerAccess;

    /// <summary>Bit toggles in this row's toggle terms (address, data, flips, unit and register toggles).</summary>
    public long Toggles => (long)Terms.Where(t => t.Kind is TermKind.AddressToggles or TermKind.DataToggles or TermKind.StoredBitFlips
        or TermKind.InActionToggles or TermKind.IdleToggles or TermKind.RegisterToggles or TermKind.LinkToggles).Sum(t => t.Quantity);

    /// <summary>True for a row of one of the ERT's actions (the others have no ERT energy).</summary>
    public bool IsAction => ActionIndex.Of(Action) >= 0;

    /// <summary>(measured − ERT) / ERT in percent; null when the ERT energy is zero.</summary>
    public double? DifferencePercent => ErtEnergyPj == 0 ? null : (MeasuredEnergyPj - ErtEnergyPj) / ErtEnergyPj * 100;

    /// <summary>measured − ERT split into named effects; they add up to the difference exactly.</summary>
    public IReadOnlyList<(EffectKind Effect, double Pj)> Effects
    {
        get
        {
            var effects = new Dictionary<EffectKind, double>();
            void Add(EffectKind kind, double pj) => effects[kind] = effects.GetValueOrDefault(kind) + pj;

            // The ERT stands for the expected (random-data) value of every term; what the expectations add to beyond the
            // ERT is the memory priced at its own size.
            Add(EffectKind.CapacityScaling, Terms.Sum(t => t.ExpectedPj) - ErtEnergyPj);
            foreach (var t in Terms)
            {
                Add(EffectOf(t.Kind), t.EnergyPj - t.ExpectedPj);
            }

            // Rounding leaves parts of a millionth of a femtojoule where an effect is absent: they are no effect.
            var noise = 1e-9 * Math.Max(Math.Abs(ErtEnergyPj), Math.Abs(MeasuredEnergyPj));
            return effects.Where(kv => Math.Abs(kv.Value) > noise).Select(kv => (kv.Key, kv.Value)).OrderBy(e => e.Key).ToList();
        }
    }

    private static EffectKind EffectOf(TermKind kind) => kind switch
    {
        TermKind.IdleToggles => EffectKind.IdleSwitching,
        TermKind.RegisterToggles => EffectKind.RegisterSwitching,
        TermKind.Clock => EffectKind.Clock,
        TermKind.Leakage => EffectKind.Leakage,
        TermKind.DramBurst or TermKind.DramRowActivation => EffectKind.AccessPattern,
        _ => EffectKind.DataDependentSwitching,
    };
}

/// <summary>One layer's (or one timestep's) measured energy; <paramref name="RegisterToggles"/> counts the register-class buses.</summary>
public sealed record LayerMeasuredEnergy(int Layer, IReadOnlyList<ComponentMeasuredEnergy> Components, long RegisterToggles)
{
    public double MeasuredEnergyPj => Components.Sum(c => c.MeasuredEnergyPj);

    public double ErtEnergyPj => Components.Sum(c => c.ErtEnergyPj);

    public double ActivityEnergyPj => Components.Sum(c => c.ActivityEnergyPj);
}

public static class MeasuredEnergy
{
    /// <summary>The name of the measured model and its version, as every report states it.</summary>
    public const string ModelName = "hwgen-measured-v2";

    /// <summary>
    /// Toggles per transmitted bit on a link carrying random data (each bit differs from the one before it with
    /// probability 1/2). The ERT's energy per bit × hop is read as the average over such data, so one link toggle costs
    /// that energy ÷ 1/2; traffic that switches fewer wires than random data costs less than its bit count says.
    /// </summary>
    public const double RandomDataLinkToggleRate = 0.5;

    /// <summary>
    /// A mesh design's measured energy: the NoC actions from the link toggles each layer's flits caused, by class
    /// (<paramref name="linkToggles"/>), at the ERT's energy per bit × hop ÷ <see cref="RandomDataLinkToggleRate"/>;
    /// every other action its measured count × the ERT (the mesh cores' lanes and memories are not toggle-probed).
    /// </summary>
    public static IReadOnlyList<LayerMeasuredEnergy> PriceMesh(ActionPrices prices, IReadOnlyList<ActionCounts> counts, IReadOnlyList<NocLinkToggles> linkToggles)
    {
        var layers = new List<LayerMeasuredEnergy>();
        for (var l = 0; l < counts.Count; l++)
        {
            var components = new List<ComponentMeasuredEnergy>();
            for (var i = 0; i < ActionIndex.Count; i++)
            {
                var action = ActionIndex.Key(i);
                var count = counts[l][action];
                var price = prices.Energies[i];
                var ert = count * price;
                if (action == Actions.NocSparseBitHop || action == Actions.NocDenseBitHop)
                {
                    var toggles = l < linkToggles.Count ? (action == Actions.NocSparseBitHop ? linkToggles[l].Sparse : linkToggles[l].Dense) : 0;
                    if (count != 0 || toggles != 0)
                    {
                        components.Add(new ComponentMeasuredEnergy(action, count, ert,
                            [new EnergyTerm("link toggles", TermKind.LinkToggles, toggles, "toggles", price / RandomDataLinkToggleRate,
                                "ERT energy per bit x hop / 0.5 (the toggle rate of random data)", ert)]));
                    }
                }
                else if (count != 0)
                {
                    components.Add(new ComponentMeasuredEnergy(action, count, ert,
                        [new EnergyTerm("accesses", TermKind.FixedPerAccess, count, "actions", price, "ERT energy per action", ert)]));
                }
            }

            layers.Add(new LayerMeasuredEnergy(l, components, 0));
        }

        return layers;
    }

    /// <summary>Fraction of the measured energy that varies with the run's activity beyond the action counts.</summary>
    public static double MeasuredShare(IEnumerable<LayerMeasuredEnergy> layers)
    {
        var list = layers.ToList();
        var total = list.Sum(l => l.MeasuredEnergyPj);
        return total == 0 ? 0 : list.Sum(l => l.ActivityEnergyPj) / total;
    }

    /// <summary>
    /// The measured energy by where its quantity comes from: "toggles" (bit toggles of ports, stored bits, units,
    /// flip-flops and the DRAM bus), "data_bits" (DRAM bus bits returned as zero: termination), "cycles" (clock and
    /// leakage: time), "accesses" (count × constant: fixed parts, DRAM bursts and rows).
    /// </summary>
    public static IReadOnlyList<(string Basis, double Pj)> EnergyByBasis(IEnumerable<LayerMeasuredEnergy> layers)
    {
        var terms = layers.SelectMany(l => l.Components).SelectMany(c => c.Terms).ToList();
        return
        [
            ("toggles", terms.Where(t => t.IsToggles).Sum(t => t.EnergyPj)),
            ("data_bits", terms.Where(t => t.Kind == TermKind.DramBusZeros).Sum(t => t.EnergyPj)),
            ("cycles", terms.Where(t => t.Kind is TermKind.Clock or TermKind.Leakage).Sum(t => t.EnergyPj)),
            ("accesses", terms.Where(t => !t.VariesWithActivity).Sum(t => t.EnergyPj)),
        ];
    }
}
