// Renders the gate-level part of a run: report/gate-level.md and report/gate-level.json, and the per-twin
// `gate_level` object added to report.json (and to `run --json`).
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HwGen.Energy;
using HwGen.Synth;

namespace HwGen.Report;

public static class GateLevelReportWriter
{
    public const string MarkdownFile = "gate-level.md";
    public const string JsonFile = "gate-level.json";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes gate-level.md and gate-level.json and adds `gate_level` to each twin of report.json.</summary>
    public static void Write(RunResult run, string folder)
    {
        var report = Path.Combine(folder, "report");
        Directory.CreateDirectory(report);
        File.WriteAllText(Path.Combine(report, MarkdownFile), Markdown(run));
        var json = new JsonObject { ["spec"] = run.Model.Name, ["twins"] = new JsonArray(run.GateLevel!.Select(g => (JsonNode)TwinJson(g)).ToArray()), ["ratios"] = Ratios(run) };
        File.WriteAllText(Path.Combine(report, JsonFile), Formatting.ToJsonText(json));
        File.WriteAllText(Path.Combine(report, GateCorrections.FileName), Corrections(run).ToYaml());
        var path = Path.Combine(report, "report.json");
        if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject main)
        {
            AddTo(main, run);
            File.WriteAllText(path, Formatting.ToJsonText(main));
        }
    }

    /// <summary>The per-class gate/RTL factors of both twins, with the design each was measured on (report/gate-corrections.yaml).</summary>
    public static GateCorrections Corrections(RunResult run)
    {
        var first = run.GateLevel![0];
        return new GateCorrections(run.Model.Name, run.Provenance.SpecLabel, run.Provenance.ErtPreset, MeasuredEnergy.ModelName, TechLibrary.Osu018Liberty.FileName,
            first.Scale.Factor, run.GateLevel.Select(g => new GateCorrectionTwin(g.Twin, g.DesignSha256, g.Cycles, g.Factors)).ToList());
    }

    /// <summary>Adds `gate_level` to every twin of a run's JSON (report.json, `run --json`).</summary>
    public static void AddTo(JsonObject runJson, RunResult run)
    {
        if (run.GateLevel is null)
        {
            return;
        }

        // report.json keeps each twin under its name ("snn", "qnn").
        foreach (var gate in run.GateLevel)
        {
            if (runJson[gate.Twin] is JsonObject twin)
            {
                twin["gate_level"] = TwinJson(gate);
            }
        }

        runJson["gate_level_ratios"] = Ratios(run);
    }

    public static JsonObject TwinJson(GateLevelTwinResult g)
    {
        var e = g.Energy;
        return new JsonObject
        {
            ["golden_match"] = g.GoldenMatch,
            ["rtl_match"] = g.RtlMatch,
            ["rtl_differences"] = new JsonArray(g.RtlMismatches.Select(m => (JsonNode)m.ToString()).Concat(g.RtlDifferences.Select(d => (JsonNode)d)).ToArray()),
            ["cycles"] = g.Cycles,
            ["clocked_cycles"] = e.ClockedCycles,
            ["energy_pj"] = g.EnergyPj,
            ["energy_basis"] = $"logic: gate-level dynamic energy scaled to {g.Scale.TargetNm} nm; memories (sram_1r1w macros: accesses and leakage) and DRAM: {MeasuredEnergy.ModelName}'s memory and DRAM terms from the netlist simulation's own port activity, cycles and DRAM counters",
            ["logic_pj_scaled"] = g.LogicPjScaled,
            ["logic_pj_180nm"] = e.DynamicPj,
            ["leakage_pj_180nm"] = e.LeakagePj,
            ["macros_pj"] = g.MacroPj,
            ["macro_leakage_pj"] = g.MacroLeakagePj,
            ["dram_pj"] = g.DramPj,
            ["design_sha256"] = g.DesignSha256,
            ["memories"] = new JsonArray(g.Memories.Select(m => (JsonNode)new JsonObject
            {
                ["action"] = m.Action.ToString(),
                ["count"] = m.Count,
                ["gate_pj"] = m.GatePj,
                ["rtl_count"] = m.RtlCount,
                ["rtl_measured_pj"] = m.RtlPj,
            }).ToArray()),
            ["correction_factors"] = new JsonArray(g.Factors.Select(f => (JsonNode)new JsonObject
            {
                ["class"] = f.Class,
                ["gate_pj"] = f.GatePj,
                ["rtl_measured_pj"] = f.RtlMeasuredPj,
                ["factor"] = f.Factor,
            }).ToArray()),
            ["scaling"] = new JsonObject
            {
                ["factor"] = g.Scale.Factor,
                ["description"] = g.Scale.Describe(),
                ["source"] = NodeScaling.Source,
            },
            ["model"] = e.Model,
            ["cells"] = g.Cells,
            ["counted_nets"] = g.CountedNets,
            ["net_toggles"] = e.NetToggles,
            ["classes"] = new JsonArray(g.Classes.Select(c => (JsonNode)new JsonObject { ["class"] = c.Class, ["pj_180nm"] = c.Pj180, ["pj_scaled"] = c.PjScaled }).ToArray()),
            ["modules"] = new JsonArray(e.Rows.Select(r => (JsonNode)new JsonObject
            {
                ["module"] = r.Module,
                ["class"] = GateLevelRun.ClassName(r.Class),
                ["internal_pj_180nm"] = r.InternalPj,
                ["switching_pj_180nm"] = r.SwitchingPj,
                ["leakage_pj_180nm"] = r.LeakagePj,
            }).ToArray()),
            ["module_comparison"] = new JsonArray(g.Modules.Select(c => (JsonNode)new JsonObject
            {
                ["module"] = c.Module,
                ["class"] = c.Class,
                ["gate_pj"] = c.GatePj,
                ["rtl_measured_pj"] = c.RtlMeasuredPj,
                ["analytical_pj"] = c.AnalyticalPj,
                ["gate_over_rtl"] = c.GateOverRtl,
                ["gate_over_analytical"] = c.GateOverAnalytical,
            }).ToArray()),
            ["comparison"] = new JsonArray(g.Comparison.Select(c => (JsonNode)new JsonObject
            {
                ["class"] = c.Class,
                ["gate_pj"] = c.GatePj,
                ["rtl_measured_pj"] = c.RtlMeasuredPj,
                ["analytical_pj"] = c.AnalyticalPj,
                ["gate_over_rtl"] = c.GateOverRtl,
                ["gate_over_analytical"] = c.GateOverAnalytical,
                ["note"] = c.Note,
            }).ToArray()),
            ["not_counted"] = new JsonObject
            {
                ["primary_input_loads_pj_180nm"] = e.PrimaryInputLoadPj,
                ["macro_driven_loads_pj_180nm"] = e.MacroDrivenLoadPj,
            },
            ["simulation"] = new JsonObject
            {
                ["wall_seconds"] = g.Outcome.Rtl.WallSeconds,
                ["cycles_per_second"] = g.SimulationCyclesPerSecond,
                ["build_seconds"] = g.BuildTime.TotalSeconds,
                ["build_cached"] = g.BuildFromCache,
                ["synthesis_seconds"] = g.SynthesisTime.TotalSeconds,
            },
        };
    }

    private static JsonObject Ratios(RunResult run)
    {
        var snn = run.GateLevel!.First(g => g.Twin == run.Snn.Name);
        var qnn = run.GateLevel!.First(g => g.Twin == run.Qnn.Name);
        return new JsonObject
        {
            ["snn_over_qnn_gate_level"] = qnn.EnergyPj > 0 ? snn.EnergyPj / qnn.EnergyPj : null,
            ["snn_over_qnn_rtl_measured"] = run.Qnn.MeasuredEnergyPj > 0 ? run.Snn.MeasuredEnergyPj / run.Qnn.MeasuredEnergyPj : null,
            ["snn_over_qnn_analytical"] = run.Qnn.AnalyticalEnergyPj > 0 ? run.Snn.AnalyticalEnergyPj / run.Qnn.AnalyticalEnergyPj : null,
        };
    }

    private static string Pj(double v) => v.ToString("0.###", Inv);

    private static string Ratio(double? v) => v is { } r ? r.ToString("0.###", Inv) : "n/a";

    public static string Markdown(RunResult run)
    {
        var sb = new StringBuilder();
        var first = run.GateLevel![0];
        sb.Append(Inv, $"# Gate-level energy: {run.Model.Name}\n\n");
        sb.Append(Inv, $"- Netlist: Yosys 0.23 `synth; dfflibmap; abc -liberty` to {TechLibrary.Osu018Liberty.FileName} (OSU 0.18 um, {TechLibrary.Osu018Liberty.NominalVoltage:0.0#} V), hierarchy kept, memories as `sram_1r1w` macros simulated by their RTL model.\n");
        sb.Append(Inv, $"- Simulation: Verilator, the run's harness and stimulus; every cell-output net counted once per cycle (zero delay: no glitches).\n");
        sb.Append(Inv, $"- Energy model: {first.Energy.Model}.\n");
        sb.Append(Inv, $"- Scaling to the ERT's node ({run.Provenance.ErtPreset}, {run.Provenance.TechnologyNm} nm): {first.Scale.Describe()}; source: {NodeScaling.Source}. Leakage is reported at 0.18 um only.\n");
        sb.Append(Inv, $"- Memory macros and DRAM: {MeasuredEnergy.ModelName}'s memory terms (fixed, address-bit, data-bit and flipped-stored-bit parts of each access at the memory's own size; SRAM leakage per cycle) and DRAM terms (bursts, rows, bus zeros and rises), counted on the netlist simulation's own macro ports, cycles and DRAM port; the RTL's figure beside each.\n");
        sb.Append(Inv, $"- Correction factors: `{GateCorrections.FileName}` (per twin and class, gate-level over {MeasuredEnergy.ModelName} on this run, with the design's SHA-256); apply them to a later run of the same design with `hwgen run SPEC --apply-corrections report/{GateCorrections.FileName}`.\n");
        sb.Append(Inv, $"- RTL measured: {RunReportWriter.MeasuredModel}; analytical: {RunReportWriter.AnalyticalModel}.\n\n");
        sb.Append("## Verdict\n\n| twin | golden match | RTL match | cycles | gate-level pJ (ERT node) | RTL measured pJ | analytical pJ |\n|---|---|---|---:|---:|---:|---:|\n");
        foreach (var g in run.GateLevel)
        {
            var t = run.Twins.First(x => x.Name == g.Twin);
            sb.Append(Inv, $"| {g.Twin} | {(g.GoldenMatch ? "yes" : "NO")} | {(g.RtlMatch ? "yes" : "NO")} | {g.Cycles} | {Pj(g.EnergyPj)} | {Pj(t.MeasuredEnergyPj)} | {Pj(t.AnalyticalEnergyPj)} |\n");
        }

        var ratios = Ratios(run);
        sb.Append(Inv, $"\nSNN/QNN energy ratio: gate level {Ratio(ratios["snn_over_qnn_gate_level"]?.GetValue<double>())}, RTL measured {Ratio(ratios["snn_over_qnn_rtl_measured"]?.GetValue<double>())}, analytical {Ratio(ratios["snn_over_qnn_analytical"]?.GetValue<double>())}.\n\n");

        foreach (var g in run.GateLevel)
        {
            sb.Append(Inv, $"## {g.Twin}\n\n");
            sb.Append(Inv, $"{g.Cells} cells, {g.CountedNets} counted nets, {g.Energy.NetToggles} net toggles over {g.Energy.ClockedCycles} clocked cycles; simulation {g.SimulationCyclesPerSecond:0} cycles/s.\n\n");
            sb.Append("### Per class (gate/RTL is the correction factor for a measured RTL figure of the class)\n\n");
            sb.Append("| class | gate-level pJ | RTL measured pJ | analytical pJ | gate/RTL | gate/analytical | note |\n|---|---:|---:|---:|---:|---:|---|\n");
            foreach (var c in g.Comparison)
            {
                sb.Append(Inv, $"| {c.Class} | {Pj(c.GatePj)} | {(c.RtlMeasuredPj is { } r ? Pj(r) : "n/a")} | {(c.AnalyticalPj is { } a ? Pj(a) : "n/a")} | {Ratio(c.GateOverRtl)} | {Ratio(c.GateOverAnalytical)} | {c.Note} |\n");
            }

            sb.Append("\n### Memory macros and DRAM, from the netlist's own activity\n\n| row | netlist count | netlist pJ | RTL count | RTL measured pJ |\n|---|---:|---:|---:|---:|\n");
            foreach (var m in g.Memories)
            {
                sb.Append(Inv, $"| {m.Action} | {m.Count} | {Pj(m.GatePj)} | {m.RtlCount} | {Pj(m.RtlPj)} |\n");
            }

            sb.Append(Inv, $"\nNot counted (driven off the core or by the memory macros, part of their access energy): primary-input loads {Pj(g.Energy.PrimaryInputLoadPj)} pJ, macro-driven loads {Pj(g.Energy.MacroDrivenLoadPj)} pJ (0.18 um).\n\n");
            sb.Append(Inv, $"### Per module and class, the three methods (pJ at the ERT's node)\n\nRTL measured: the {MeasuredEnergy.ModelName} terms of the module's instances (unit toggles, queue rows, flip-flop toggles, each instance's flip-flops' clock); analytical: where the ERT prices the module.\n\n");
            sb.Append("| module | class | gate-level pJ | RTL measured pJ | analytical pJ | gate/RTL | gate/analytical |\n|---|---|---:|---:|---:|---:|---:|\n");
            foreach (var c in g.Modules)
            {
                sb.Append(Inv, $"| {c.Module} | {c.Class} | {Pj(c.GatePj)} | {(c.RtlMeasuredPj is { } r ? Pj(r) : "n/a")} | {(c.AnalyticalPj is { } a ? Pj(a) : "n/a")} | {Ratio(c.GateOverRtl)} | {Ratio(c.GateOverAnalytical)} |\n");
            }

            sb.Append("\n### Per module and class at 0.18 um\n\n| module | class | internal pJ | switching pJ | leakage pJ |\n|---|---|---:|---:|---:|\n");
            foreach (var r in g.Energy.Rows)
            {
                sb.Append(Inv, $"| {r.Module} | {GateLevelRun.ClassName(r.Class)} | {Pj(r.InternalPj)} | {Pj(r.SwitchingPj)} | {r.LeakagePj:0.#####} |\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
