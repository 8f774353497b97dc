// A twin's OSU 0.18 um netlist as a Verilator file set for the same harness as its RTL: the netlist (one wire per net),
// the cells' functions as Verilog modules (Yosys read_liberty without -lib: Verilator 5.006 rejects the UDP models
// of osu018_stdcells.v), the behavioural sram_1r1w behind the memory macros, the harness rendered with one
// toggle probe per net, and the Verilator config that keeps those nets readable.
using HwGen.Emit;
using HwGen.Diagnostics;
using HwGen.Sim;

namespace HwGen.Synth;

public sealed record GateLevelDesign(RtlFileSet Set, GateNetlist Netlist, GateSimulationFiles Simulation, YosysRun Synthesis)
{
    /// <summary>
    /// The RTL's memory-port probes (<see cref="CoreToggleProbes.Sram"/>) on the netlist's sram_1r1w macros: the same
    /// access, data and flipped-bit counters, read from the macros' behavioural model in the netlist simulation.
    /// </summary>
    public IReadOnlyList<ToggleProbe> MacroProbes { get; init; } = [];

    /// <summary>Each macro's hierarchy in the netlist simulation → its hierarchy in the RTL (the names the measured model prices).</summary>
    public IReadOnlyDictionary<string, string> RtlHierarchyOfMacro { get; init; } = new Dictionary<string, string>();
}

public static class GateLevelBuild
{
    public const string NetlistFile = "rtl/gate_netlist.v";
    public const string CellModelFile = "rtl/osu018_cells.v";

    public static GateLevelDesign Create(RtlFileSet rtl, string label, string? cacheRoot = null)
    {
        var synthesis = YosysRunner.Run(rtl, SynthTarget.Osu018, label, cacheRoot);
        var netlist = GateNetlist.Build(synthesis.ReadNetlist(), TechLibrary.Osu018Liberty);
        var simulation = GateSimulationNetlist.Write(netlist);
        var top = rtl.Design.TopModule;
        var (macroProbes, rtlHierarchy) = MacroProbes(rtl, netlist);
        var probes = simulation.Probes.Concat(macroProbes).ToList();
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in rtl.Files)
        {
            if (!path.StartsWith("rtl/", StringComparison.Ordinal) || path == $"rtl/{YosysNetlist.MacroModule}.v")
            {
                files[path] = text;
            }
        }

        files[NetlistFile] = simulation.Netlist;
        files[CellModelFile] = CellModels(netlist.Cells.Where(c => !c.IsMacro).Select(c => c.Cell.Type).Distinct().Order(StringComparer.Ordinal).ToList(), cacheRoot);
        var view = RtlViewBuilder.Build(rtl.Design) with { Toggles = ToggleCountingView.For(top, probes) };
        files["harness/harness_main.cpp"] = TemplateRenderer.Render("harness_main.cpp.sbn", view);
        files["build/" + RtlGenerator.ToggleProbeFile] = PublicConfig(probes, netlist);
        files["build/" + RtlGenerator.WaiverFile] = Waivers;
        return new GateLevelDesign(new RtlFileSet(rtl.Design, files), netlist, simulation, synthesis)
        {
            MacroProbes = macroProbes,
            RtlHierarchyOfMacro = rtlHierarchy,
        };
    }

    /// <summary>
    /// The RTL's probes of every sram_1r1w instance, moved to the macro's instance path in the simulation netlist (cell
    /// names sanitised: <c>buffer.bank[0].memory</c> becomes <c>buffer.bank_0__memory</c>); the nets they read are the
    /// behavioural model's own (we, wa, wd, re, ra, rd, mem), which the netlist instantiates behind each macro.
    /// </summary>
    public static (IReadOnlyList<ToggleProbe> Probes, IReadOnlyDictionary<string, string> RtlHierarchy) MacroProbes(RtlFileSet rtl, GateNetlist netlist)
    {
        static string Join(string path, string leaf) => path.Length == 0 ? leaf : path + "." + leaf;
        var simPaths = GateSimulationNetlist.SimPaths(netlist.Source);
        var macros = netlist.Cells.Where(c => c.IsMacro)
            .ToDictionary(c => Join(c.InstancePath, c.Cell.Name.TrimStart('\\')), c => Join(simPaths[c.InstancePath], GateSimulationNetlist.Sanitize(c.Cell.Name)), StringComparer.Ordinal);
        var top = rtl.Design.TopModule;
        var probes = new List<ToggleProbe>();
        var hierarchy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in rtl.Probes.Where(p => p.Module == CoreToggleProbes.SramModule))
        {
            if (!macros.TryGetValue(p.Path, out var path))
            {
                throw new InvalidOperationException($"the RTL probes memory {p.Path}, which the netlist has no macro for (macros: {string.Join(", ", macros.Keys)})");
            }

            NetRef? Move(NetRef? n) => n is null ? null : n with { Path = path };
            probes.Add(p with { Path = path, Enable = Move(p.Enable), Address = Move(p.Address), Data = Move(p.Data), Array = Move(p.Array), Gate = Move(p.Gate) });
            hierarchy[ToggleProbes.HierarchyOf(top, path)] = p.Hierarchy(top);
        }

        return (probes, hierarchy);
    }

    /// <summary>
    /// Lint waivers: the netlist and the cell models are generated; their unused cell outputs and one-module-per-file
    /// layout are expected. The behavioural memory model keeps the RTL's -Wall cleanliness.
    /// </summary>
    public const string Waivers = "`verilator_config\n// Generated gate-level files: unused cell outputs, many modules per file and cell-model internals are expected.\n"
        + "lint_off -file \"*" + NetlistFile + "\"\nlint_off -file \"*" + CellModelFile + "\"\n";

    /// <summary>public_flat_rd per counted net; every netlist module inlined so all counted nets are members of the root class.</summary>
    private static string PublicConfig(IReadOnlyList<ToggleProbe> probes, GateNetlist netlist)
    {
        var text = ToggleProbes.PublicConfig(probes);
        var probed = probes.Select(p => p.Module).ToHashSet(StringComparer.Ordinal);
        var rest = netlist.Instances.Select(i => GateSimulationNetlist.ModuleName(i.Module)).Distinct().Where(m => !probed.Contains(m) && !IsTop(m, netlist)).Order(StringComparer.Ordinal);
        return text + string.Concat(rest.Select(m => $"inline -module \"{m}\"\n"));
    }

    private static bool IsTop(string module, GateNetlist netlist) => module == GateSimulationNetlist.ModuleName(netlist.Source.Top);

    /// <summary>The Verilog models of the used cells, as Yosys imports their Liberty functions (cached).</summary>
    public static string CellModels(IReadOnlyList<string> cells, string? cacheRoot = null)
    {
        var library = TechLibrary.RequireOsu018();
        var liberty = File.ReadAllText(library.Liberty);
        var script = $"read_liberty {SynthScripts.LibertyCopy}\nselect {string.Join(' ', cells)}\nwrite_verilog -noattr -selected cells.v\n";
        var (folder, _) = SynthCache.Ensure(SynthCache.Hash("hwgen-cells-1", YosysRunner.Version, script, liberty), temp =>
        {
            File.WriteAllText(Path.Combine(temp, SynthScripts.LibertyCopy), liberty);
            File.WriteAllText(Path.Combine(temp, "cells.ys"), script);
            var run = Toolchain.Run(TechLibrary.RequireYosys(), ["-q", "-s", "cells.ys"], temp);
            if (!run.Succeeded)
            {
                throw DiagnosticBag.Fail(b => b.SynthToolFailed("yosys", $"importing the cell functions of {library.LibertyFileName}", run.CombinedOutput.Trim()));
            }
        }, cacheRoot);
        return "// The OSU 0.18 um cells' Liberty functions as Verilog modules (Yosys read_liberty, without -lib).\n" + File.ReadAllText(Path.Combine(folder, "cells.v"));
    }
}
