// The toggle-counting part of a harness view: the counted instances and, per probe kind, what the template registers
// with toggle_counter.h (root-class members, widths, slices).
using HwGen.Model;

namespace HwGen.Emit;

public sealed record ToggleInstanceView(int Index, string Hierarchy);

public sealed record ToggleProbeView(int InstanceIndex, string Signal, string ClassEnum, string Member, int Width, int Low);

/// <summary>A gated probe; <paramref name="Index"/> is its place among the gated probes, <paramref name="NetIndex"/> its net's among <see cref="ToggleCountingView.GatedNets"/>.</summary>
public sealed record GatedProbeView(int InstanceIndex, string Signal, string ClassEnum, string Member, int Width, int Low, string GateMember)
{
    public int Index { get; init; }

    public int NetIndex { get; init; }

    /// <summary>The C++ literal of the slice's bits after the shift by <see cref="Low"/>.</summary>
    public string Mask => ToggleCountingView.MaskLiteral(Width);
}

/// <summary>An access port; <paramref name="Index"/> is its place among the harness's ports (address-only and with data alike).</summary>
public sealed record AccessProbeView(int InstanceIndex, string Signal, string ClassEnum, string EnableMember, string AddressMember, int AddressBits,
    string DataMember, int DataBits)
{
    public int Index { get; init; }

    public string AddressMask => ToggleCountingView.MaskLiteral(AddressBits);

    public string DataMask => ToggleCountingView.MaskLiteral(DataBits);

    /// <summary>The write flips of an array at this port (same enable, address and data), counted with its access; null when none.</summary>
    public FlipsProbeView? Flips { get; init; }
}

/// <summary>A write port of an array; <see cref="Index"/> is its place among the write-flip probes.</summary>
public sealed record FlipsProbeView(int InstanceIndex, string Signal, string ClassEnum, string EnableMember, string AddressMember, int AddressBits,
    string DataMember, int DataBits, string ArrayMember)
{
    public int Index { get; init; }

    public string AddressMask => ToggleCountingView.MaskLiteral(AddressBits);

    public string DataMask => ToggleCountingView.MaskLiteral(DataBits);

    /// <summary>True when an access probe of the same port counts these flips with its access (<see cref="AccessProbeView.Flips"/>).</summary>
    public bool WithAccess { get; init; }

    /// <summary>With <see cref="WithAccess"/>: the index of that access probe.</summary>
    public int PortIndex { get; init; } = -1;
}

/// <summary>A net read by gated probes: its previous value is kept by the harness's counting code.</summary>
public sealed record GatedNetView(int Index, string Member);

/// <summary>The gated probes of one gate, checked once per cycle.</summary>
public sealed record GateView(string GateMember, IReadOnlyList<GatedProbeView> Probes);

/// <summary>The probes a harness registers, by kind (counters the harness bumps itself are registered by the template).</summary>
public sealed record ToggleCountingView(
    IReadOnlyList<ToggleInstanceView> Instances,
    IReadOnlyList<ToggleProbeView> Probes,
    IReadOnlyList<GatedProbeView> Gated,
    IReadOnlyList<AccessProbeView> AddressAccesses,
    IReadOnlyList<AccessProbeView> Accesses,
    IReadOnlyList<FlipsProbeView> Flips)
{
    /// <summary>Every access port, address-only first, in the order the harness registers them.</summary>
    public IReadOnlyList<AccessProbeView> Ports => [.. AddressAccesses, .. Accesses];

    /// <summary>The write-flip probes no access probe counts (the harness checks their enable on their own).</summary>
    public IReadOnlyList<FlipsProbeView> Stores => Flips.Where(f => !f.WithAccess).ToList();

    /// <summary>The distinct nets of the gated probes.</summary>
    public IReadOnlyList<GatedNetView> GatedNets => Gated.DistinctBy(g => g.NetIndex).Select(g => new GatedNetView(g.NetIndex, g.Member)).ToList();

    /// <summary>The gated probes by gate, gates in order of first use.</summary>
    public IReadOnlyList<GateView> Gates => Gated.GroupBy(g => g.GateMember).Select(g => new GateView(g.Key, g.ToList())).ToList();

    /// <summary>The C++ literal of the low <paramref name="bits"/> bits set (1 to 64), e.g. <c>0x3ffULL</c>.</summary>
    public static string MaskLiteral(int bits) => bits <= 0 ? "0x0ULL"
        : bits >= 64 ? "0xffffffffffffffffULL"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"0x{(1UL << bits) - 1:x}ULL");

    public static ToggleCountingView For(string topModule, IReadOnlyList<ToggleProbe> probes)
    {
        // Counters have no net; the template registers them where it bumps them, under the top's instance.
        var instances = ToggleProbes.Instances(probes.Where(p => p.Kind != ProbeKind.Counter)).ToList();
        int Index(ToggleProbe p) => instances.IndexOf(p.Path);
        string Member(NetRef? n) => n?.RootMember(topModule) ?? throw new ArgumentException("a probe lacks a net it needs");
        string Class(ToggleProbe p) => p.Class.ToString();
        var gatedProbes = probes.Where(p => p.Kind == ProbeKind.Gated).ToList();
        var gatedNets = gatedProbes.Select(p => p.RootMember(topModule)).Distinct().ToList();
        var gated = gatedProbes
            .Select((p, i) => new GatedProbeView(Index(p), p.Signal, Class(p), p.RootMember(topModule), p.Width, p.Low, Member(p.Gate))
            {
                Index = i, NetIndex = gatedNets.IndexOf(p.RootMember(topModule)),
            }).ToList();
        var flips = probes.Where(p => p.Kind == ProbeKind.WriteFlips)
            .Select((p, i) => new FlipsProbeView(Index(p), p.Signal, Class(p), Member(p.Enable), Member(p.Address), p.AddressBits, Member(p.Data), p.DataBits,
                Member(p.Array)) { Index = i }).ToList();
        var addressAccesses = probes.Where(p => p.Kind == ProbeKind.Access && p.Data is null)
            .Select(p => new AccessProbeView(Index(p), p.Signal, Class(p), Member(p.Enable), Member(p.Address), p.AddressBits, string.Empty, 0)).ToList();
        var dataAccesses = probes.Where(p => p.Kind == ProbeKind.Access && p.Data is not null)
            .Select(p => new AccessProbeView(Index(p), p.Signal, Class(p), Member(p.Enable), Member(p.Address), p.AddressBits, Member(p.Data), p.DataBits)).ToList();
        // Numbered in registration order; a write port's flips join the access of the same enable, address and data.
        var ports = addressAccesses.Concat(dataAccesses).Select((a, i) => a with { Index = i }).ToList();
        var attached = new HashSet<int>();
        for (var i = 0; i < ports.Count; i++)
        {
            var a = ports[i];
            var f = flips.FirstOrDefault(f => !attached.Contains(f.Index) && a.DataBits > 0 && f.EnableMember == a.EnableMember && f.AddressMember == a.AddressMember
                && f.AddressBits == a.AddressBits && f.DataMember == a.DataMember && f.DataBits == a.DataBits);
            if (f is not null)
            {
                attached.Add(f.Index);
                var joined = f with { WithAccess = true, PortIndex = i };
                ports[i] = a with { Flips = joined };
                flips[flips.IndexOf(f)] = joined;
            }
        }

        return new ToggleCountingView(
            instances.Select((path, i) => new ToggleInstanceView(i, ToggleProbes.HierarchyOf(topModule, path))).ToList(),
            probes.Where(p => p.Kind == ProbeKind.Net)
                .Select(p => new ToggleProbeView(Index(p), p.Signal, Class(p), p.RootMember(topModule), p.Width, p.Low)).ToList(),
            gated,
            ports.Take(addressAccesses.Count).ToList(),
            ports.Skip(addressAccesses.Count).ToList(),
            flips);
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
