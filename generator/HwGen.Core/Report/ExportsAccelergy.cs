// Accelergy-style exports: ERT.yaml (energy per action of every component, with the arguments it is priced at) and
// action_counts.yaml (how often each action happened), so the numbers can be read by Accelergy/Timeloop tooling.
using System.Globalization;
using System.Text;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Report;

/// <summary>One priced action of the export: the action, the arguments it is priced at, pJ per action.</summary>
public sealed record PricedAction(ActionKey Action, EnergyArguments Arguments, double EnergyPj);

public static class AccelergyExport
{
    public const string Version = "0.4";

    /// <summary>Every action of <paramref name="prices"/> at the design's widths, in the order of Actions.All.</summary>
    public static IReadOnlyList<PricedAction> PricedActions(ActionPrices prices, DesignWidths widths) =>
        Enumerable.Range(0, ActionIndex.Count)
            .Select(i => new PricedAction(ActionIndex.Key(i), widths.ArgumentsFor(i), prices.Energies[i]))
            .ToList();

    /// <summary>
    /// <c>ERT: {version: 0.4, tables: [{name: &lt;system&gt;.&lt;component&gt;, actions: [{name, arguments, energy}]}]}</c>,
    /// components in first-seen order, energies in pJ.
    /// </summary>
    public static string EnergyReferenceTable(string system, IEnumerable<PricedAction> actions)
    {
        var sb = new StringBuilder();
        sb.Append("ERT:\n");
        sb.Append("  version: ").Append(Version).Append('\n');
        sb.Append("  tables:\n");
        foreach (var component in actions.GroupBy(a => a.Action.Component))
        {
            sb.Append("    - name: ").Append(system).Append('.').Append(component.Key).Append('\n');
            sb.Append("      actions:\n");
            foreach (var action in component)
            {
                sb.Append("        - name: ").Append(action.Action.Action).Append('\n');
                sb.Append("          arguments: ").Append(Arguments(action.Arguments)).Append('\n');
                sb.Append("          energy: ").Append(Number(action.EnergyPj)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>action_counts: {version: 0.4, local: [{name: &lt;system&gt;.&lt;component&gt;, action_counts: [{name, counts}]}]}</c>,
    /// the non-zero counts, components and actions in ordinal order.
    /// </summary>
    public static string ActionCounts(string system, ActionCounts counts)
    {
        var sb = new StringBuilder();
        sb.Append("action_counts:\n");
        sb.Append("  version: ").Append(Version).Append('\n');
        sb.Append("  local:\n");
        foreach (var component in counts.NonZero.GroupBy(kv => kv.Key.Component))
        {
            sb.Append("    - name: ").Append(system).Append('.').Append(component.Key).Append('\n');
            sb.Append("      action_counts:\n");
            foreach (var (key, count) in component)
            {
                sb.Append("        - name: ").Append(key.Action).Append('\n');
                sb.Append("          counts: ").Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Arguments(EnergyArguments a)
    {
        var parts = new List<string>();
        void Add(string name, long value)
        {
            if (value > 0)
            {
                parts.Add($"{name}: {value.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        Add("bits", a.Bits);
        Add("weight_bits", a.WeightBits);
        Add("activation_bits", a.ActivationBits);
        Add("word_bits", a.WordBits);
        Add("capacity_bits", a.CapacityBits);
        return parts.Count == 0 ? "null" : "{" + string.Join(", ", parts) + "}";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
