// OpenSTA switching activity from measured toggles: one `set_power_activity` line per counted bus that is a pin of the
// hierarchical netlist (a port of a module instance) or an input port of the top, and a list of the counted nets that
// are neither. No -global line: in OpenSTA a global activity overrides every per-pin one.
using System.Globalization;
using System.Text;
using HwGen.Emit;

namespace HwGen.Report;

public static class OpenStaActivityExport
{
    /// <summary>
    /// <paramref name="toggles"/> over <paramref name="cycles"/> clock cycles; hierarchies <c>TOP.&lt;top&gt;.a.b</c> become
    /// pin paths <c>a/b/&lt;signal&gt;</c>. Activity = toggles / (cycles × width); duty 0.5 (toggles do not tell the level).
    /// <paramref name="ports"/> lists every instance's ports (the pins a hierarchical netlist keeps); counted values
    /// that are no nets (access counters, in-action parts, slices: names with ':') are left out.
    /// </summary>
    public static string PowerActivity(string topModule, IReadOnlyList<MeasuredToggles> toggles, long cycles, string source, IReadOnlyList<InstancePort> ports)
    {
        if (cycles <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cycles), "the activity of zero cycles is undefined");
        }

        var sb = new StringBuilder();
        sb.Append("# OpenSTA switching activity of ").Append(topModule).Append(" from HwGen harness toggle counts: ")
            .Append(source).Append(", ").Append(cycles.ToString(CultureInfo.InvariantCulture)).Append(" cycles.\n");
        sb.Append("# activity = toggles / (cycles x bus width): transitions per clock cycle of one bit; duty 0.5 is assumed.\n");
        sb.Append("# Only pins of the hierarchical netlist (ports of module instances) and input ports of the top are set; no -global\n");
        sb.Append("# activity (it would override every per-pin line). Synthesise without flattening to keep these pins.\n");
        var prefix = $"TOP.{topModule}";
        var portSet = ports.Select(p => (p.Path, p.Name)).ToHashSet();
        var topInputs = ports.Where(p => p.Path.Length == 0 && p.IsInput).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var notPins = new List<string>();
        foreach (var t in toggles.Where(t => !t.Signal.Contains(':', StringComparison.Ordinal)))
        {
            var instance = t.Hierarchy == prefix
                ? string.Empty
                : t.Hierarchy.StartsWith(prefix + ".", StringComparison.Ordinal)
                    ? t.Hierarchy[(prefix.Length + 1)..]
                    : throw new ArgumentException($"bus {t.Hierarchy}.{t.Signal} is not inside {prefix}");
            var name = t.Width == 1 ? t.Signal : t.Signal + "[*]";
            var activity = Activity(t.Count, cycles, t.Width);
            if (instance.Length == 0 && topInputs.Contains(t.Signal))
            {
                sb.Append("set_power_activity -input_ports [get_ports {").Append(name).Append("}] -activity ").Append(activity).Append(" -duty 0.5\n");
            }
            else if (instance.Length > 0 && portSet.Contains((instance, t.Signal)))
            {
                sb.Append("set_power_activity -pins [get_pins {").Append(PinPath(instance)).Append('/').Append(name).Append("}] -activity ")
                    .Append(activity).Append(" -duty 0.5\n");
            }
            else
            {
                notPins.Add((instance.Length == 0 ? string.Empty : PinPath(instance) + "/") + t.Signal + " (" + activity + ")");
            }
        }

        if (notPins.Count > 0)
        {
            sb.Append("# Counted nets that are no pin of the netlist (internal wires and registers; their activity, not settable here):\n");
            foreach (var line in notPins)
            {
                sb.Append("#   ").Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>An instance path as a netlist names it: levels joined by '/', a generate block's <c>bank[0].memory</c> kept whole.</summary>
    public static string PinPath(string instance)
    {
        var parts = instance.Split('.');
        var levels = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            levels.Add(parts[i].EndsWith(']') && i + 1 < parts.Length ? parts[i] + "." + parts[++i] : parts[i]);
        }

        return string.Join('/', levels);
    }

    private static string Activity(long toggles, long cycles, long bits) =>
        ((double)toggles / ((double)cycles * bits)).ToString("0.#########", CultureInfo.InvariantCulture);
}
