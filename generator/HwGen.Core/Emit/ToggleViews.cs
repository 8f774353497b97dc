// The toggle-counting part of a harness view: the counted instances and, per probe kind, what the template registers
// with toggle_counter.h (root-class members, widths, slices).
using HwGen.Model;

namespace HwGen.Emit;

public sealed record ToggleInstanceView(int Index, string Hierarchy);

public sealed record ToggleProbeView(int InstanceIndex, string Signal, string ClassEnum, string Member, int Width, int Low);

public sealed record GatedProbeView(int InstanceIndex, string Signal, string ClassEnum, string Member, int Width, int Low, string GateMember);

public sealed record AccessProbeView(int InstanceIndex, string Signal, string ClassEnum, string EnableMember, string AddressMember, int AddressBits,
    string DataMember, int DataBits);

public sealed record FlipsProbeView(int InstanceIndex, string Signal, string ClassEnum, string EnableMember, string AddressMember, int AddressBits,
    string DataMember, int DataBits, string ArrayMember);

/// <summary>The probes a harness registers, by kind (counters the harness bumps itself are registered by the template).</summary>
public sealed record ToggleCountingView(
    IReadOnlyList<ToggleInstanceView> Instances,
    IReadOnlyList<ToggleProbeView> Probes,
    IReadOnlyList<GatedProbeView> Gated,
    IReadOnlyList<AccessProbeView> AddressAccesses,
    IReadOnlyList<AccessProbeView> Accesses,
    IReadOnlyList<FlipsProbeView> Flips)
{
    public static ToggleCountingView For(string topModule, IReadOnlyList<ToggleProbe> probes)
    {
        // Counters have no net; the template registers them where it bumps them, under the top's instance.
        var instances = ToggleProbes.Instances(probes.Where(p => p.Kind != ProbeKind.Counter)).ToList();
        int Index(ToggleProbe p) => instances.IndexOf(p.Path);
        string Member(NetRef? n) => n?.RootMember(topModule) ?? throw new ArgumentException("a probe lacks a net it needs");
        string Class(ToggleProbe p) => p.Class.ToString();
        return new ToggleCountingView(
            instances.Select((path, i) => new ToggleInstanceView(i, ToggleProbes.HierarchyOf(topModule, path))).ToList(),
            probes.Where(p => p.Kind == ProbeKind.Net)
                .Select(p => new ToggleProbeView(Index(p), p.Signal, Class(p), p.RootMember(topModule), p.Width, p.Low)).ToList(),
            probes.Where(p => p.Kind == ProbeKind.Gated)
                .Select(p => new GatedProbeView(Index(p), p.Signal, Class(p), p.RootMember(topModule), p.Width, p.Low, Member(p.Gate))).ToList(),
            probes.Where(p => p.Kind == ProbeKind.Access && p.Data is null)
                .Select(p => new AccessProbeView(Index(p), p.Signal, Class(p), Member(p.Enable), Member(p.Address), p.AddressBits, string.Empty, 0)).ToList(),
            probes.Where(p => p.Kind == ProbeKind.Access && p.Data is not null)
                .Select(p => new AccessProbeView(Index(p), p.Signal, Class(p), Member(p.Enable), Member(p.Address), p.AddressBits, Member(p.Data), p.DataBits)).ToList(),
            probes.Where(p => p.Kind == ProbeKind.WriteFlips)
                .Select(p => new FlipsProbeView(Index(p), p.Signal, Class(p), Member(p.Enable), Member(p.Address), p.AddressBits, Member(p.Data), p.DataBits,
                    Member(p.Array))).ToList());
    }
}

/// <summary>The counters the core harness bumps itself, on the top's hierarchy (their names carry ':').</summary>
public static class HarnessCounters
{
    /// <summary>Cycles after reset, in the same windows as the toggles (clock and leakage terms).</summary>
    public const string Cycles = "clk:cycles";

    /// <summary>DRAM bursts: a read whose burst (address × word bits / burst bits) differs from the previous read's.</summary>
    public const string DramBursts = "dram:bursts";

    /// <summary>DRAM row activations: a read whose row differs from the previous read's.</summary>
    public const string DramRows = "dram:rows";

    /// <summary>Bits of the DRAM words returned on the data bus that are zero (static termination).</summary>
    public const string DramZeros = "dram_rdata:zeros";

    /// <summary>0→1 transitions of the DRAM data bus between consecutive words returned.</summary>
    public const string DramRises = "dram_rdata:rises";

    /// <summary>The counters of a core harness, as probes of kind Counter on the top.</summary>
    public static IReadOnlyList<ToggleProbe> For(string topModule, int dramWordBits) =>
    [
        new(string.Empty, topModule, Cycles, SignalClass.Register, 64) { Kind = ProbeKind.Counter },
        new(string.Empty, topModule, DramBursts, SignalClass.MemoryPort, 64) { Kind = ProbeKind.Counter },
        new(string.Empty, topModule, DramRows, SignalClass.MemoryPort, 64) { Kind = ProbeKind.Counter },
        new(string.Empty, topModule, DramZeros, SignalClass.MemoryPort, dramWordBits) { Kind = ProbeKind.Counter },
        new(string.Empty, topModule, DramRises, SignalClass.MemoryPort, dramWordBits) { Kind = ProbeKind.Counter },
    ];
}
