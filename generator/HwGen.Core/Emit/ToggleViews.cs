// The toggle-counting part of the core harness view: the counted instances and buses, as the template prints them.

namespace HwGen.Emit;

public sealed record ToggleInstanceView(int Index, string Hierarchy);

public sealed record ToggleProbeView(int InstanceIndex, string Signal, string ClassEnum, string Member, int Width);

/// <summary>Buses the core harness counts toggles on (CoreToggleProbes) and the Verilator config that keeps them readable.</summary>
public sealed record ToggleCountingView(IReadOnlyList<ToggleInstanceView> Instances, IReadOnlyList<ToggleProbeView> Probes)
{
    public static ToggleCountingView For(string topModule, IReadOnlyList<ToggleProbe> probes)
    {
        var instances = ToggleProbes.Instances(probes).ToList();
        return new ToggleCountingView(
            instances.Select((path, i) => new ToggleInstanceView(i, ToggleProbes.HierarchyOf(topModule, path))).ToList(),
            probes.Select(p => new ToggleProbeView(instances.IndexOf(p.Path), p.Signal, p.Class.ToString(), p.RootMember(topModule), p.Width)).ToList());
    }
}
