// Names the buses a harness counts toggles on: which instance, which signal, which class, how wide; renders the
// Verilator config that keeps them readable (public_flat_rd) and the C++ lines that register them with toggle_counter.h.
using System.Globalization;
using System.Text;
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>The signal classes a bus is priced by (same names as toggle_counter.h writes).</summary>
public enum SignalClass
{
    Register,
    Arithmetic,
    MemoryPort,
    Queue,
    NocLink,
}

/// <summary>
/// One counted bus. <paramref name="Path"/> is the instance path below the top module (e.g. <c>lane0.datapath</c>,
/// empty for the top itself); <paramref name="Module"/> the module that declares <paramref name="Signal"/>;
/// <paramref name="PricedAs"/> the calibration entry whose energy per toggle prices it (null: counted, not priced).
/// </summary>
public sealed record ToggleProbe(string Path, string Module, string Signal, SignalClass Class, int Width, ActionKey? PricedAs = null)
{
    /// <summary>The hierarchy as coverage.dat writes it: <c>TOP.&lt;top&gt;.&lt;path&gt;</c>.</summary>
    public string Hierarchy(string topModule) => ToggleProbes.HierarchyOf(topModule, Path);

    /// <summary>The member of <c>V&lt;top&gt;___024root</c> that holds the signal once it is public_flat_rd.</summary>
    public string RootMember(string topModule)
    {
        var sb = new StringBuilder(topModule);
        if (Path.Length > 0)
        {
            foreach (var part in Path.Split('.'))
            {
                sb.Append("__DOT__").Append(part);
            }
        }

        return sb.Append("__DOT__").Append(Signal).ToString();
    }
}

public static class ToggleProbes
{
    /// <summary>The buses a design's harness counts: the neural core's (classical) or the mesh's links and injections.</summary>
    public static IReadOnlyList<ToggleProbe> Of(RtlDesign design) => design.Mesh is null ? CoreToggleProbes.For(design) : MeshToggleProbes.For(design);

    /// <summary>The class name in results files and calibration data (snake_case).</summary>
    public static string ClassName(SignalClass signalClass) => signalClass switch
    {
        SignalClass.Register => "register",
        SignalClass.Arithmetic => "arithmetic",
        SignalClass.MemoryPort => "memory_port",
        SignalClass.Queue => "queue",
        SignalClass.NocLink => "noc_link",
        _ => throw new ArgumentOutOfRangeException(nameof(signalClass)),
    };

    public static SignalClass ParseClass(string name) => name switch
    {
        "register" => SignalClass.Register,
        "arithmetic" => SignalClass.Arithmetic,
        "memory_port" => SignalClass.MemoryPort,
        "queue" => SignalClass.Queue,
        "noc_link" => SignalClass.NocLink,
        _ => throw new FormatException($"unknown signal class '{name}'; expected register, arithmetic, memory_port, queue or noc_link"),
    };

    /// <summary>
    /// A Verilator configuration file marking every probed signal public_flat_rd: Verilator keeps those nets as
    /// members of the root class (instead of optimising them away) without any change to the RTL.
    /// </summary>
    public static string PublicConfig(IEnumerable<ToggleProbe> probes)
    {
        var sb = new StringBuilder("`verilator_config\n");
        sb.Append("// Buses the harness counts toggles on: kept as readable members of the root class.\n");
        foreach (var (module, signal) in probes.Select(p => (p.Module, p.Signal)).Distinct()
                     .OrderBy(p => p.Module, StringComparer.Ordinal).ThenBy(p => p.Signal, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"public_flat_rd -module \"{module}\" -var \"{signal}\"\n");
        }

        // Verilator keeps a module with many instances as its own class; inlining every probed module puts all
        // probed nets in the root class, where the harness addresses them by their flattened names.
        sb.Append("// Probed modules are inlined so their nets are members of the root class at any instance count.\n");
        foreach (var module in probes.Select(p => p.Module).Distinct().Order(StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"inline -module \"{module}\"\n");
        }

        return sb.ToString();
    }

    /// <summary>An instance path below the top as coverage.dat names it: <c>TOP.&lt;top&gt;[.&lt;path&gt;]</c>.</summary>
    public static string HierarchyOf(string topModule, string path) => path.Length == 0 ? $"TOP.{topModule}" : $"TOP.{topModule}.{path}";

    /// <summary>Distinct instance paths in first-seen order (the counter's instance table).</summary>
    public static IReadOnlyList<string> Instances(IEnumerable<ToggleProbe> probes) => probes.Select(p => p.Path).Distinct().ToList();
}

/// <summary>Toggles of one bus over a run (or window), as a harness writes them: "toggle HIER SIGNAL CLASS WIDTH COUNT".</summary>
public sealed record MeasuredToggles(string Hierarchy, string Signal, SignalClass Class, int Width, long Count)
{
    public const string LineKey = "toggle";

    /// <summary>Parses the fields after the key; null when the line is not a toggle line.</summary>
    public static MeasuredToggles? TryParse(string[] fields)
    {
        if (fields.Length != 6 || fields[0] != LineKey)
        {
            return null;
        }

        return new MeasuredToggles(fields[1], fields[2], ToggleProbes.ParseClass(fields[3]),
            int.Parse(fields[4], CultureInfo.InvariantCulture), long.Parse(fields[5], CultureInfo.InvariantCulture));
    }
}
