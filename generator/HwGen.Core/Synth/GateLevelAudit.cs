// The gate-level coverage audit: the netlist rerun in a --coverage-toggle build of the same harness, and every counted
// net's toggles from the harness set beside Verilator's. Nets in the combinational fan-out of a primary input are
// listed apart: the harness changes inputs between evaluations (the DRAM data after the clock edge, the host port
// before it), so coverage also sees the value such a net takes between the edge and the new inputs, which the
// harness's one sample per cycle (the hardware's settled value) does not count (docs/measurement.md).
using HwGen.Measure;
using HwGen.Sim;

namespace HwGen.Synth;

public sealed record GateLevelAuditResult(ToggleAuditResult Settled, ToggleAuditResult InputCone, RtlRunResult Run);

public static class GateLevelAudit
{
    public static readonly IReadOnlyList<string> CoverageFlags = ["--coverage-toggle", "-CFLAGS", "-DHWGEN_COVERAGE", .. GateLevelRun.BuildFlags];

    public static GateLevelAuditResult Run(GateLevelDesign design, RtlRunInput input, string workFolder, string? cacheRoot = null)
    {
        var build = VerilatorBuild.EnsureVariant(design.Set, "gate-level-coverage-O0", CoverageFlags, cacheRoot, GateLevelRun.BuildTimeout);
        var coverage = Path.Combine(Path.GetFullPath(workFolder), "coverage.dat");
        var result = VerilatorSimulation.Execute(build, design.Set, input, workFolder, extraArguments: [coverage], extraOutputs: [coverage]);
        if (result.Cycles > ToggleAudit.MaxAuditCycles)
        {
            throw new InvalidOperationException($"the run took {result.Cycles} cycles; coverage counters are exact up to {ToggleAudit.MaxAuditCycles}");
        }

        var points = CoverageFile.ParseToggles(File.ReadAllText(coverage), "coverage.dat");
        var cone = InputCone(design.Netlist);
        // The netlist's net probes only: the harness also counts the register probes of the measured model, which in a
        // netlist are the flip-flop cells' internal state (DS0000 of the cell models), not nets of the netlist.
        var nets = result.Toggles.Where(t => design.Simulation.NetOfProbe.ContainsKey((t.Hierarchy, t.Signal))).ToList();
        var settled = nets.Where(t => !cone.Contains(design.Simulation.NetOfProbe[(t.Hierarchy, t.Signal)].Id)).ToList();
        var inCone = nets.Where(t => cone.Contains(design.Simulation.NetOfProbe[(t.Hierarchy, t.Signal)].Id)).ToList();
        return new GateLevelAuditResult(ToggleAudit.Compare(settled, points), ToggleAudit.Compare(inCone, points), result);
    }

    /// <summary>Net ids reached from a primary input (the clock excluded) through combinational cells.</summary>
    public static HashSet<int> InputCone(GateNetlist netlist)
    {
        var cone = new HashSet<int>();
        var work = new Queue<GateNet>(netlist.Nets.Where(n => n.DriverKind == DriverKind.PrimaryInput && !n.IsClock));
        foreach (var net in work)
        {
            cone.Add(net.Id);
        }

        var outputsOf = new Dictionary<int, List<GateNet>>();
        foreach (var net in netlist.Nets.Where(n => n.DriverKind == DriverKind.Cell))
        {
            var cell = net.Driver!.Cell!;
            if (!outputsOf.TryGetValue(cell.Index, out var list))
            {
                list = [];
                outputsOf[cell.Index] = list;
            }

            list.Add(net);
        }

        while (work.Count > 0)
        {
            var net = work.Dequeue();
            foreach (var load in net.Loads.Where(l => l.Cell is { IsMacro: false } c && !c.Library!.IsSequential))
            {
                foreach (var output in outputsOf.GetValueOrDefault(load.Cell!.Index, []))
                {
                    if (cone.Add(output.Id))
                    {
                        work.Enqueue(output);
                    }
                }
            }
        }

        return cone;
    }
}
