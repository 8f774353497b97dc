// OpenSTA switching activity from measured toggles: one `set_power_activity` line per counted bus (transitions per
// clock cycle of one bit) and a -global line with the mean over every counted bit, for power analysis of a netlist.
using System.Globalization;
using System.Text;
using HwGen.Emit;

namespace HwGen.Report;

public static class OpenStaActivityExport
{
    /// <summary>
    /// <paramref name="toggles"/> over <paramref name="cycles"/> clock cycles; hierarchies <c>TOP.&lt;top&gt;.a.b</c> become
    /// pin paths <c>a/b/&lt;signal&gt;</c>. Activity = toggles / (cycles × width); duty 0.5 (toggles do not tell the level).
    /// </summary>
    public static string PowerActivity(string topModule, IReadOnlyList<MeasuredToggles> toggles, long cycles, string source)
    {
        if (cycles <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cycles), "the activity of zero cycles is undefined");
        }

        var sb = new StringBuilder();
        sb.Append("# OpenSTA switching activity of ").Append(topModule).Append(" from HwGen harness toggle counts: ")
            .Append(source).Append(", ").Append(cycles.ToString(CultureInfo.InvariantCulture)).Append(" cycles.\n");
        sb.Append("# activity = toggles / (cycles x bus width): transitions per clock cycle of one bit; duty 0.5 is assumed.\n");
        var bits = toggles.Sum(t => (long)t.Width);
        var total = toggles.Sum(t => t.Count);
        if (bits > 0)
        {
            sb.Append("set_power_activity -global -activity ").Append(Activity(total, cycles, bits)).Append(" -duty 0.5\n");
        }

        var prefix = $"TOP.{topModule}";
        foreach (var t in toggles)
        {
            var path = t.Hierarchy == prefix
                ? string.Empty
                : t.Hierarchy.StartsWith(prefix + ".", StringComparison.Ordinal)
                    ? t.Hierarchy[(prefix.Length + 1)..].Replace('.', '/') + "/"
                    : throw new ArgumentException($"bus {t.Hierarchy}.{t.Signal} is not inside {prefix}");
            var pins = t.Width == 1 ? path + t.Signal : path + t.Signal + "[*]";
            sb.Append("set_power_activity -pins [get_pins {").Append(pins).Append("}] -activity ")
                .Append(Activity(t.Count, cycles, t.Width)).Append(" -duty 0.5\n");
        }

        return sb.ToString();
    }

    private static string Activity(long toggles, long cycles, long bits) =>
        ((double)toggles / ((double)cycles * bits)).ToString("0.#########", CultureInfo.InvariantCulture);
}
