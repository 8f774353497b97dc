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

/// <summary>What a probe counts.</summary>
public enum ProbeKind
{
    /// <summary>Bit toggles of a net (or of a slice of it, <see cref="ToggleProbe.Low"/>), every cycle.</summary>
    Net,

    /// <summary>The same toggles in the cycles where a gate bit is set (a unit's toggles while its action fires).</summary>
    Gated,

    /// <summary>An access port: address (and data) bits that differ from the previous access, in cycles with the enable set.</summary>
    Access,

    /// <summary>A write port of an array: the stored bits each write flips.</summary>
    WriteFlips,

    /// <summary>A counter the harness bumps itself (cycles, DRAM bursts): no net.</summary>
    Counter,
}

/// <summary>A net the harness reads: its instance path below the top, its module, its name; ports of the top are members as named.</summary>
public sealed record NetRef(string Path, string Module, string Name, bool IsPort = false)
{
    public string RootMember(string topModule) => IsPort ? Name : ToggleProbes.MemberName(topModule, Path, Name);
}

/// <summary>
/// One counted bus. <paramref name="Path"/> is the instance path below the top module (e.g. <c>lane0.datapath</c>,
/// empty for the top itself); <paramref name="Module"/> the module that declares <paramref name="Signal"/>;
/// <paramref name="PricedAs"/> the calibration entry whose energy per toggle prices it (null: counted, not priced).
/// A derived bus (a slice, a gated part, an access counter) has a name with ':' or '[': the coverage audit, which
/// compares nets, leaves it out.
/// </summary>
public sealed record ToggleProbe(string Path, string Module, string Signal, SignalClass Class, int Width, ActionKey? PricedAs = null)
{
    public ProbeKind Kind { get; init; } = ProbeKind.Net;

    /// <summary>The net a Net or Gated probe reads when <see cref="Signal"/> is a derived name (a slice).</summary>
    public string? Net { get; init; }

    /// <summary>The lowest bit of a slice.</summary>
    public int Low { get; init; }

    /// <summary>A word of a register array: the net is the array, the probe reads this word of it.</summary>
    public int? ArrayIndex { get; init; }

    /// <summary>Gated: the bit that says the unit's action fires this cycle.</summary>
    public NetRef? Gate { get; init; }

    /// <summary>Gated: the arithmetic unit the toggles belong to (adder, mac, comparator, subtractor).</summary>
    public string? Unit { get; init; }

    public NetRef? Enable { get; init; }

    public NetRef? Address { get; init; }

    public int AddressBits { get; init; }

    public NetRef? Data { get; init; }

    public int DataBits { get; init; }

    public NetRef? Array { get; init; }

    /// <summary>The hierarchy as coverage.dat writes it: <c>TOP.&lt;top&gt;.&lt;path&gt;</c>.</summary>
    public string Hierarchy(string topModule) => ToggleProbes.HierarchyOf(topModule, Path);

    /// <summary>The member of <c>V&lt;top&gt;___024root</c> that holds the net once it is public_flat_rd.</summary>
    public string RootMember(string topModule) => ToggleProbes.MemberName(topModule, Path, Net ?? Signal)
        + (ArrayIndex is { } w ? string.Create(CultureInfo.InvariantCulture, $"[{w}]") : string.Empty);

    /// <summary>True for a counted quantity that is not a whole net (the coverage audit compares nets only).</summary>
    public bool IsDerived => Kind != ProbeKind.Net || Signal.Contains(':', StringComparison.Ordinal) || Signal.Contains('[', StringComparison.Ordinal);

    /// <summary>The signal names its result lines carry: an access port writes an address and (with data) a data counter.</summary>
    public IReadOnlyList<string> ResultSignals => Kind == ProbeKind.Access
        ? Data is null ? [Signal + ":address"] : [Signal + ":address", Signal + ":data"]
        : [Signal];

    /// <summary>Every net this probe reads (for the config that keeps them readable).</summary>
    public IEnumerable<NetRef> Nets
    {
        get
        {
            if (Kind is ProbeKind.Net or ProbeKind.Gated)
            {
                yield return new NetRef(Path, Module, Net ?? Signal);
            }

            foreach (var net in new[] { Gate, Enable, Address, Data, Array })
            {
                if (net is not null)
                {
                    yield return net;
                }
            }
        }
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
        var nets = probes.SelectMany(p => p.Nets).Where(n => !n.IsPort).ToList();
        var sb = new StringBuilder("`verilator_config\n");
        sb.Append("// Buses the harness counts toggles on: kept as readable members of the root class.\n");
        foreach (var (module, signal) in nets.Select(n => (n.Module, n.Name)).Distinct()
                     .OrderBy(p => p.Module, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"public_flat_rd -module \"{module}\" -var \"{signal}\"\n");
        }

        // Verilator keeps a module with many instances as its own class; inlining every probed module puts all
        // probed nets in the root class, where the harness addresses them by their flattened names.
        sb.Append("// Probed modules are inlined so their nets are members of the root class at any instance count.\n");
        foreach (var module in nets.Select(n => n.Module).Distinct().Order(StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"inline -module \"{module}\"\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// The root-class member of a net: <c>&lt;top&gt;__DOT__&lt;instance&gt;...__DOT__&lt;name&gt;</c>, with Verilator's
    /// escapes of generate-block brackets (<c>bank[0]</c> becomes <c>bank__BRA__0__KET__</c>) and of a doubled underscore
    /// (<c>bank_0__memory</c> becomes <c>bank_0___05Fmemory</c>: the second underscore as its hex code, V3Ast's encodeName).
    /// </summary>
    public static string MemberName(string topModule, string path, string name)
    {
        static string Escape(string part)
        {
            var sb = new StringBuilder(part.Length);
            for (var i = 0; i < part.Length; i++)
            {
                switch (part[i])
                {
                    case '[':
                        sb.Append("__BRA__");
                        break;
                    case ']':
                        sb.Append("__KET__");
                        break;
                    case '_' when i + 1 < part.Length && part[i + 1] == '_':
                        sb.Append("___05F");
                        i++;
                        break;
                    default:
                        sb.Append(part[i]);
                        break;
                }
            }

            return sb.ToString();
        }

        var sb = new StringBuilder(topModule);
        if (path.Length > 0)
        {
            foreach (var part in path.Split('.'))
            {
                sb.Append("__DOT__").Append(Escape(part));
            }
        }

        return sb.Append("__DOT__").Append(Escape(name)).ToString();
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
