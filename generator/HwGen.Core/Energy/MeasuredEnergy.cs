// Measured energy of one RTL run: calibrated toggle energy for the arithmetic units + per-access ERT energy for
// memories, queues, DRAM and NoC, per layer and component; beside it the ERT energy of the same measured counts.
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Energy;

/// <summary>How a component's measured energy was obtained.</summary>
public enum MeasuredEnergyBasis
{
    /// <summary>Measured bit toggles of its buses × calibrated energy per toggle.</summary>
    Toggles,

    /// <summary>Measured action count × ERT energy per action (memories, queues, DRAM, NoC; actions without a microbenchmark).</summary>
    PerAccess,

    /// <summary>
    /// Measured bit toggles of the inter-router links (mesh dataflows) × the ERT's energy per bit × hop ÷
    /// <see cref="MeasuredEnergy.RandomDataLinkToggleRate"/>: a wire's energy is spent when it switches.
    /// </summary>
    LinkToggles,
}

/// <summary>
/// One action of one layer: its measured count, the ERT energy of that count, and the measured energy
/// (toggle-based or per access). <paramref name="Toggles"/> is the toggles of the buses priced as this action.
/// </summary>
public sealed record ComponentMeasuredEnergy(ActionKey Action, long Count, long Toggles, double ErtEnergyPj, double MeasuredEnergyPj, MeasuredEnergyBasis Basis)
{
    /// <summary>(measured − ERT) / ERT in percent; null when the ERT energy is zero.</summary>
    public double? DifferencePercent => ErtEnergyPj == 0 ? null : (MeasuredEnergyPj - ErtEnergyPj) / ErtEnergyPj * 100;
}

/// <summary>One layer's measured energy; register toggles are counted but not priced (no ERT has a flip-flop entry).</summary>
public sealed record LayerMeasuredEnergy(int Layer, IReadOnlyList<ComponentMeasuredEnergy> Components, long RegisterToggles)
{
    public double MeasuredEnergyPj => Components.Sum(c => c.MeasuredEnergyPj);

    public double ErtEnergyPj => Components.Sum(c => c.ErtEnergyPj);
}

public static class MeasuredEnergy
{
    /// <summary>
    /// Toggles per transmitted bit on a link carrying random data (each bit differs from the one before it with
    /// probability 1/2). The ERT's energy per bit × hop is read as the average over such data, so one link toggle costs
    /// that energy ÷ 1/2; traffic that switches fewer wires than random data costs less than its bit count says.
    /// </summary>
    public const double RandomDataLinkToggleRate = 0.5;

    /// <summary>
    /// <see cref="Compute"/> for a mesh design: its NoC actions priced from the link toggles each layer's flits caused
    /// (<paramref name="linkToggles"/>, per layer), by class, instead of per bit × hop.
    /// </summary>
    public static IReadOnlyList<LayerMeasuredEnergy> WithLinkToggles(IReadOnlyList<LayerMeasuredEnergy> layers, ActionPrices prices,
        IReadOnlyList<NocLinkToggles> linkToggles)
    {
        if (linkToggles.Count == 0)
        {
            return layers;
        }

        return layers.Select(layer =>
        {
            var toggles = linkToggles[layer.Layer];
            var components = layer.Components.Where(c => c.Action != Actions.NocSparseBitHop && c.Action != Actions.NocDenseBitHop).ToList();
            foreach (var (action, count) in new[] { (Actions.NocSparseBitHop, toggles.Sparse), (Actions.NocDenseBitHop, toggles.Dense) })
            {
                var row = layer.Components.FirstOrDefault(c => c.Action == action);
                if (row is null && count == 0)
                {
                    continue;
                }

                var price = prices.Energies[ActionIndex.Of(action)];
                components.Add(new ComponentMeasuredEnergy(action, row?.Count ?? 0, count, row?.ErtEnergyPj ?? 0,
                    count * price / RandomDataLinkToggleRate, MeasuredEnergyBasis.LinkToggles));
            }

            return layer with { Components = components };
        }).ToList();
    }

    /// <summary>
    /// Prices the timesteps of one layer (<see cref="Sim.RtlRunResult.StepCounts"/> and <c>StepToggles</c> of that layer):
    /// the same rule as <see cref="Compute"/>, one window per timestep; <see cref="LayerMeasuredEnergy.Layer"/> then holds
    /// the timestep. Weight loading belongs to no timestep, so the timesteps add up to at most the layer.
    /// </summary>
    public static IReadOnlyList<LayerMeasuredEnergy> ComputeTimesteps(
        string preset,
        ActionPrices prices,
        ToggleCalibration calibration,
        string topModule,
        IReadOnlyList<ToggleProbe> probes,
        IReadOnlyList<ActionCounts> stepCounts,
        IReadOnlyList<IReadOnlyList<MeasuredToggles>> stepToggles) =>
        Compute(preset, prices, calibration, topModule, probes, stepCounts, stepToggles);

    /// <summary>
    /// Prices one run. <paramref name="prices"/> are the design's ERT prices (from the spec's preset);
    /// <paramref name="calibration"/> must be of the same preset. A bus's toggles are priced by the calibration entry
    /// named in its probe (<see cref="ToggleProbe.PricedAs"/>) when that entry is toggle-priced.
    /// </summary>
    public static IReadOnlyList<LayerMeasuredEnergy> Compute(
        string preset,
        ActionPrices prices,
        ToggleCalibration calibration,
        string topModule,
        IReadOnlyList<ToggleProbe> probes,
        IReadOnlyList<ActionCounts> layerCounts,
        IReadOnlyList<IReadOnlyList<MeasuredToggles>> layerToggles)
    {
        if (calibration.Preset != preset)
        {
            throw new EnergyTableException($"the calibration is of ERT preset '{calibration.Preset}' but the design is priced with '{preset}'.");
        }

        if (layerToggles.Count != layerCounts.Count)
        {
            throw new ArgumentException($"{layerCounts.Count} layers of counts but {layerToggles.Count} of toggles");
        }

        // Which action prices each counted bus, by (hierarchy, signal); null for register-class and per-access buses.
        var pricedBy = new Dictionary<(string, string), ActionKey?>();
        var registers = new HashSet<(string, string)>();
        foreach (var p in probes)
        {
            var key = (p.Hierarchy(topModule), p.Signal);
            var toggled = p.PricedAs is { } action && calibration.Entries.Any(e => e.Action == action && e.EnergyPerTogglePj is not null);
            pricedBy[key] = toggled ? p.PricedAs : null;
            if (p.Class == SignalClass.Register)
            {
                registers.Add(key);
            }
        }

        var layers = new List<LayerMeasuredEnergy>();
        for (var l = 0; l < layerCounts.Count; l++)
        {
            var togglesByAction = new Dictionary<ActionKey, long>();
            long registerToggles = 0;
            foreach (var t in layerToggles[l])
            {
                var key = (t.Hierarchy, t.Signal);
                if (!pricedBy.TryGetValue(key, out var action))
                {
                    throw new ArgumentException($"the run counted {t.Hierarchy}.{t.Signal}, which is not one of the design's probes");
                }

                if (action is { } a)
                {
                    togglesByAction[a] = togglesByAction.GetValueOrDefault(a) + t.Count;
                }

                if (registers.Contains(key))
                {
                    registerToggles += t.Count;
                }
            }

            var components = new List<ComponentMeasuredEnergy>();
            for (var i = 0; i < ActionIndex.Count; i++)
            {
                var action = ActionIndex.Key(i);
                var count = layerCounts[l][action];
                var ert = count * prices.Energies[i];
                if (togglesByAction.TryGetValue(action, out var toggles))
                {
                    var perToggle = calibration.Entry(action).EnergyPerTogglePj!.Value;
                    components.Add(new ComponentMeasuredEnergy(action, count, toggles, ert, toggles * perToggle, MeasuredEnergyBasis.Toggles));
                }
                else if (count != 0)
                {
                    components.Add(new ComponentMeasuredEnergy(action, count, 0, ert, ert, MeasuredEnergyBasis.PerAccess));
                }
            }

            layers.Add(new LayerMeasuredEnergy(l, components, registerToggles));
        }

        return layers;
    }
}
