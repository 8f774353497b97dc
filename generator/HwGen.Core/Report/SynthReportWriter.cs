// Renders a SynthReport: synth.md for people (SNN and QNN twin side by side per target), synth.json for programs.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HwGen.Synth;

namespace HwGen.Report;

public static class SynthReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The row a module takes in the side-by-side tables: the two datapaths share one row.</summary>
    public static string RowKey(ModuleStatistics m) => m.BaseName.EndsWith("_lane_datapath", StringComparison.Ordinal) ? "lane datapath" : m.Module;

    public static JsonObject Json(SynthReport report, ArithmeticCheck? check = null)
    {
        var twins = new JsonArray();
        foreach (var run in report.Runs)
        {
            twins.Add(TwinJson(run));
        }

        var json = new JsonObject
        {
            ["spec"] = report.SpecName,
            ["yosys"] = report.YosysVersion,
            ["liberty"] = report.LibertyFile,
            ["twins"] = twins,
            ["warnings"] = new JsonArray(report.Warnings.Select(w => (JsonNode)w.ToString()).ToArray()),
        };
        if (check is not null)
        {
            json["ert_arithmetic_check"] = ArithmeticJson(check);
        }

        return json;
    }

    private static JsonObject TwinJson(TwinSynthesis run)
    {
        var target = run.Target;
        var modules = new JsonArray();
        foreach (var m in run.Modules)
        {
            var o = new JsonObject
            {
                ["module"] = m.Module,
                ["instances"] = m.Instances,
                ["cells"] = m.Cells,
                ["flip_flops"] = m.FlipFlops,
                ["cells_by_type"] = Types(m.CellsByType),
            };
            AddTargetFields(o, target, m.AreaUm2, m.Luts, m.BlockRams, m.Dsps, m.MemoryBits, m.Macros);
            modules.Add(o);
        }

        var t = run.Total;
        var total = new JsonObject
        {
            ["cells"] = t.Cells,
            ["flip_flops"] = t.FlipFlops,
            ["cells_by_type"] = Types(t.CellsByType),
        };
        AddTargetFields(total, target, t.AreaUm2, t.Luts, t.BlockRams, t.Dsps, t.MemoryBits, t.Macros);
        if (target == SynthTarget.Ice40)
        {
            total["carries"] = t.Carries;
            total["fmax_mhz"] = run.PlaceAndRoute is { } p && double.IsFinite(p.FmaxMhz) ? p.FmaxMhz : null;
            total["part"] = run.PlaceAndRoute?.Part.Name;
        }

        var json = new JsonObject
        {
            ["twin"] = run.Twin,
            ["target"] = SynthScripts.Name(target),
            ["synthesis_seconds"] = Math.Round(run.Elapsed.TotalSeconds, 1),
            ["modules"] = modules,
            ["total"] = total,
        };
        if (target == SynthTarget.Ice40)
        {
            json["memories"] = new JsonArray(run.Memories.Select(m => (JsonNode)new JsonObject
            {
                ["instance"] = m.Instance,
                ["words"] = m.Words,
                ["bits"] = m.Bits,
                ["block_rams"] = m.BlockRams,
                ["in_block_ram"] = m.InBlockRam,
            }).ToArray());
            if (run.PlaceAndRoute is { } pnr)
            {
                json["place_and_route"] = new JsonObject
                {
                    ["part"] = pnr.Part.Name,
                    ["package"] = pnr.Part.Package,
                    ["fmax_mhz"] = double.IsFinite(pnr.FmaxMhz) ? pnr.FmaxMhz : null,
                    ["logic_cells"] = pnr.LogicCellsUsed,
                    ["logic_cells_available"] = pnr.Part.LogicCells,
                    ["block_rams"] = pnr.BlockRamsUsed,
                    ["dsps"] = pnr.DspsUsed,
                    ["seconds"] = Math.Round(pnr.Elapsed.TotalSeconds, 1),
                    ["wrapper"] = $"{Ice40PlaceAndRoute.WrapperFile}: inputs from a shift register, outputs XOR-reduced (four pins)",
                };
            }
            else if (run.Refusal is { } refusal)
            {
                json["place_and_route"] = new JsonObject
                {
                    ["fits"] = false,
                    ["needed"] = refusal.Needed,
                    ["largest_part"] = refusal.Largest.Describe(),
                };
            }
        }

        return json;
    }

    private static void AddTargetFields(JsonObject o, SynthTarget target, double? area, long luts, long brams, long dsps, long memoryBits, IReadOnlyList<MacroUse> macros)
    {
        switch (target)
        {
            case SynthTarget.Osu018:
                o["area_um2"] = area;
                o["macros"] = new JsonArray(macros.Select(m => (JsonNode)new JsonObject { ["type"] = m.Type, ["count"] = m.Count }).ToArray());
                break;
            case SynthTarget.Ice40:
                o["luts"] = luts;
                o["block_rams"] = brams;
                o["dsps"] = dsps;
                break;
            default:
                o["memory_bits"] = memoryBits;
                break;
        }
    }

    private static JsonObject Types(IReadOnlyDictionary<string, long> types)
    {
        var o = new JsonObject();
        foreach (var (type, count) in types)
        {
            o[type] = count;
        }

        return o;
    }

    public static string Markdown(SynthReport report, ArithmeticCheck? check = null)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"# HwGen synthesis: {report.SpecName}\n\n");
        sb.Append(Inv, $"- Tool: {report.YosysVersion}; scripts in `<twin>/synth/<target>/synth.ys` (run from the twin folder).\n");
        if (report.LibertyFile is { } lib)
        {
            sb.Append(Inv, $"- Cells: {lib} (OSU 0.18 um, Debian qflow-tech-osu018); area in um^2 from Yosys `stat -liberty`; memories kept as `sram_1r1w` macros (no area in the Liberty).\n");
        }

        sb.Append("- Each module's own cells (submodules and macros excluded) and its instance count; totals multiply the two.\n\n");
        foreach (var target in report.Runs.Select(r => r.Target).Distinct())
        {
            var runs = report.For(target).ToList();
            sb.Append(Inv, $"## {SynthScripts.Name(target)}\n\n");
            sb.Append(SideBySide(runs, target));
            foreach (var run in runs)
            {
                sb.Append(Inv, $"\n{run.Twin}: {Summary(run)}; synthesis {run.Elapsed.TotalSeconds:0.0} s{(run.FromCache ? " (cached)" : string.Empty)}\n");
                if (target == SynthTarget.Ice40)
                {
                    foreach (var memory in run.Memories)
                    {
                        sb.Append(Inv, $"- memory {memory.Instance} ({memory.Words} x {memory.Bits}): {(memory.InBlockRam ? $"{memory.BlockRams} block RAM(s)" : $"NOT in block RAM ({memory.FlipFlops} flip-flops, {memory.Luts} LUTs)")}\n");
                    }

                    if (run.PlaceAndRoute is { } p)
                    {
                        sb.Append(Inv, $"- place-and-route: {p.Part.Describe()}, {p.LogicCellsUsed} logic cells, {p.BlockRamsUsed} block RAMs, {p.DspsUsed} DSPs used; Fmax {p.FmaxMhz:0.##} MHz (nextpnr-ice40, seed 1, target {Ice40PlaceAndRoute.TargetMhz} MHz, {p.Elapsed.TotalSeconds:0} s; the core inside {Ice40PlaceAndRoute.WrapperFile})\n");
                    }
                    else if (run.Refusal is { } r)
                    {
                        sb.Append(Inv, $"- place-and-route: no iCE40 part fits (needs {r.Needed}; largest: {r.Largest.Describe()})\n");
                    }
                }
            }

            sb.Append('\n');
        }

        if (check is not null)
        {
            sb.Append(ArithmeticMarkdown(check));
        }

        if (report.Warnings.Count > 0)
        {
            sb.Append("## Warnings\n\n");
            foreach (var w in report.Warnings)
            {
                sb.Append("- ").Append(w).Append('\n');
            }
        }

        return sb.ToString();
    }

    public static string Summary(TwinSynthesis run) => run.Target switch
    {
        SynthTarget.Osu018 => string.Create(Inv, $"{run.Total.Cells} cells, {run.Total.AreaUm2:0} um^2, {run.Total.FlipFlops} flip-flops, {run.Total.Macros.Sum(m => m.Count)} memory macros"),
        SynthTarget.Ice40 => string.Create(Inv, $"{run.Total.Luts} LUTs, {run.Total.FlipFlops} flip-flops, {run.Total.BlockRams} block RAMs, {run.Total.Dsps} DSPs, {run.Total.Carries} carries"),
        _ => string.Create(Inv, $"{run.Total.Cells} cells, {run.Total.FlipFlops} flip-flops, {run.Total.MemoryBits} memory bits"),
    };

    /// <summary>
    /// Row keys of one twin's modules: the datapaths share a row, and the k-th event_fifo of one twin sits beside the
    /// k-th of the other (the same queue at the twin's event width).
    /// </summary>
    private static IReadOnlyList<string> RowKeys(TwinSynthesis run)
    {
        // A parameterised module (its display name carries its size) pairs with the same occurrence in the other twin.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return run.Modules.Select(m =>
        {
            if (m.Module == m.BaseName || RowKey(m) != m.Module)
            {
                return RowKey(m);
            }

            seen[m.BaseName] = seen.GetValueOrDefault(m.BaseName) + 1;
            return $"{m.BaseName} #{seen[m.BaseName]}";
        }).ToList();
    }

    private static string SideBySide(IReadOnlyList<TwinSynthesis> runs, SynthTarget target)
    {
        var keyed = runs.Select(r => RowKeys(r).Zip(r.Modules).ToList()).ToList();
        var keys = keyed.SelectMany(k => k.Select(x => x.First)).Distinct().ToList();
        var metric = target switch
        {
            SynthTarget.Osu018 => "cells / um^2",
            SynthTarget.Ice40 => "LUTs / FFs / BRAM / DSP",
            _ => "cells / FFs",
        };
        var sb = new StringBuilder($"| module | {string.Join(" | ", runs.Select(r => $"{r.Twin}: instances x ({metric})"))} |\n");
        sb.Append("|---|").Append(string.Concat(runs.Select(_ => "---:|"))).Append('\n');
        foreach (var key in keys)
        {
            var label = key.Contains(" #", StringComparison.Ordinal)
                ? string.Join(" / ", keyed.Select(k => k.FirstOrDefault(x => x.First == key).Second?.Module).Where(n => n is not null).Distinct())
                : key;
            sb.Append("| ").Append(label).Append(" |");
            for (var i = 0; i < runs.Count; i++)
            {
                var m = keyed[i].FirstOrDefault(x => x.First == key).Second;
                sb.Append(' ').Append(m is null ? "-" : $"{m.Instances} x ({Cell(m, target)})").Append(" |");
            }

            sb.Append('\n');
        }

        sb.Append("| **total** |");
        foreach (var run in runs)
        {
            var t = run.Total;
            sb.Append(' ').Append(target switch
            {
                SynthTarget.Osu018 => string.Create(Inv, $"{t.Cells} / {t.AreaUm2:0}"),
                SynthTarget.Ice40 => string.Create(Inv, $"{t.Luts} / {t.FlipFlops} / {t.BlockRams} / {t.Dsps}"),
                _ => string.Create(Inv, $"{t.Cells} / {t.FlipFlops}"),
            }).Append(" |");
        }

        return sb.Append('\n').ToString();
    }

    private static string Cell(ModuleStatistics m, SynthTarget target) => target switch
    {
        SynthTarget.Osu018 => string.Create(Inv, $"{m.Cells} / {m.AreaUm2:0}"),
        SynthTarget.Ice40 => string.Create(Inv, $"{m.Luts} / {m.FlipFlops} / {m.BlockRams} / {m.Dsps}"),
        _ => string.Create(Inv, $"{m.Cells} / {m.FlipFlops}"),
    };

    public static JsonObject ArithmeticJson(ArithmeticCheck check) => new()
    {
        ["liberty"] = check.Liberty,
        ["vectors"] = check.Vectors,
        ["seed"] = check.Seed,
        ["scaling"] = check.Scaling.Describe(),
        ["scaling_factor"] = check.Scaling.Factor,
        ["ert"] = check.Preset,
        ["units"] = new JsonArray(check.Units.Select(u => (JsonNode)new JsonObject
        {
            ["unit"] = u.Name,
            ["cells"] = u.Cells,
            ["energy_pj_180nm"] = u.EnergyPj180,
            ["energy_pj_scaled"] = u.EnergyPjScaled,
            ["ert_pj"] = u.ErtPj,
            ["ert_entry"] = u.ErtEntry,
            ["difference"] = u.ErtPj == 0 ? null : (u.EnergyPjScaled - u.ErtPj) / u.ErtPj,
        }).ToArray()),
    };

    public static string ArithmeticMarkdown(ArithmeticCheck check)
    {
        var sb = new StringBuilder("## The ERT's arithmetic entries against synthesised units\n\n");
        sb.Append(Inv, $"Each unit is synthesised to {check.Liberty} cells and evaluated (zero delay, HwGen's cell-function simulator) on {check.Vectors} seeded random operand pairs (seed {check.Seed}); ");
        sb.Append(Inv, $"energy per operation from the Liberty (internal energy, 1/2 C V^2 on pin loads, no wire load, glitches not modelled), scaled by {check.Scaling.Describe()}; ERT {check.Preset}.\n\n");
        sb.Append("| unit | cells | pJ/op at 0.18 um | pJ/op scaled | ERT pJ | ERT entry | difference |\n|---|---:|---:|---:|---:|---|---:|\n");
        foreach (var u in check.Units)
        {
            sb.Append(Inv, $"| {u.Name} | {u.Cells} | {u.EnergyPj180:0.####} | {u.EnergyPjScaled:0.#####} | {u.ErtPj:0.###} | {u.ErtEntry} | {(u.ErtPj == 0 ? "n/a" : ((u.EnergyPjScaled - u.ErtPj) / u.ErtPj).ToString("+0%;-0%;0%", Inv))} |\n");
        }

        return sb.Append('\n').ToString();
    }
}
