// Per-module and total figures of one synthesis: cells by type, flip-flops, area (osu018, from Yosys `stat -liberty`),
// FPGA resources (ice40), memory bits (generic), macros; and on iCE40 where each memory landed.
using System.Globalization;
using System.Text.RegularExpressions;
using HwGen.Synth.Liberty;

namespace HwGen.Synth;

/// <summary>A blackbox instantiated by a module (osu018 memory macros) and how often.</summary>
public sealed record MacroUse(string Type, long Count);

/// <summary>
/// One module of the hierarchy: its own cells (instances of other modules and macros excluded) and how often it is
/// instantiated; totals multiply the two.
/// </summary>
public sealed record ModuleStatistics(
    string Module,
    string BaseName,
    long Instances,
    IReadOnlyDictionary<string, long> CellsByType,
    long Cells,
    long FlipFlops,
    double? AreaUm2,
    long MemoryBits,
    IReadOnlyList<MacroUse> Macros)
{
    public long Luts => Count(Ice40Cells.Lut);

    public long BlockRams => Count(Ice40Cells.BlockRam);

    public long Dsps => Count(Ice40Cells.Dsp);

    private long Count(Func<string, bool> kind) => CellsByType.Where(c => kind(c.Key)).Sum(c => c.Value);
}

/// <summary>The whole twin (every module times its instance count).</summary>
public sealed record SynthTotals(
    long Cells,
    IReadOnlyDictionary<string, long> CellsByType,
    long FlipFlops,
    double? AreaUm2,
    long MemoryBits,
    IReadOnlyList<MacroUse> Macros)
{
    public long Luts => CellsByType.Where(c => Ice40Cells.Lut(c.Key)).Sum(c => c.Value);

    public long BlockRams => CellsByType.Where(c => Ice40Cells.BlockRam(c.Key)).Sum(c => c.Value);

    public long Dsps => CellsByType.Where(c => Ice40Cells.Dsp(c.Key)).Sum(c => c.Value);

    public long Carries => CellsByType.Where(c => c.Key == "SB_CARRY").Sum(c => c.Value);
}

/// <summary>Where one memory instance landed on iCE40: block RAMs, or logic (flip-flops and LUTs).</summary>
public sealed record MemoryMapping(string Instance, string Module, int Words, int Bits, long BlockRams, long FlipFlops, long Luts)
{
    public bool InBlockRam => BlockRams > 0;
}

/// <summary>The iCE40 primitive families.</summary>
public static class Ice40Cells
{
    public static bool Lut(string type) => type == "SB_LUT4";

    public static bool FlipFlop(string type) => type.StartsWith("SB_DFF", StringComparison.Ordinal);

    public static bool BlockRam(string type) => type.StartsWith("SB_RAM40", StringComparison.Ordinal);

    public static bool Dsp(string type) => type == "SB_MAC16";
}

public static partial class SynthStatistics
{
    /// <summary>Per module (hierarchy order) and in total.</summary>
    public static (IReadOnlyList<ModuleStatistics> Modules, SynthTotals Total) Of(YosysRun run, YosysNetlist netlist, LibertyLibrary? liberty)
    {
        var areas = run.Target == SynthTarget.Osu018 ? ParseAreas(File.ReadAllText(run.File(SynthScripts.StatText))) : null;
        var modules = new List<ModuleStatistics>();
        foreach (var (module, instances) in netlist.Hierarchy())
        {
            var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var macros = new SortedDictionary<string, long>(StringComparer.Ordinal);
            long flipFlops = 0, memoryBits = 0;
            foreach (var cell in module.Cells)
            {
                if (netlist.IsModule(cell.Type))
                {
                    continue;
                }

                if (netlist.IsMacro(cell.Type))
                {
                    var name = NetlistModule.Display(netlist.Modules[cell.Type].BaseName, cell.Parameters);
                    macros[name] = macros.GetValueOrDefault(name) + 1;
                    continue;
                }

                byType[cell.Type] = byType.GetValueOrDefault(cell.Type) + 1;
                if (IsFlipFlop(run.Target, cell.Type, liberty))
                {
                    flipFlops++;
                }

                if (cell.Type == "$mem_v2" && cell.Parameters.TryGetValue("WIDTH", out var w) && cell.Parameters.TryGetValue("SIZE", out var s))
                {
                    memoryBits += long.Parse(YosysNetlist.ParameterValue(w), CultureInfo.InvariantCulture) * long.Parse(YosysNetlist.ParameterValue(s), CultureInfo.InvariantCulture);
                }
            }

            double? area = areas is null ? null : areas.TryGetValue(module.Name, out var a) ? a : 0;
            modules.Add(new ModuleStatistics(module.DisplayName, module.BaseName, instances, byType, byType.Values.Sum(), flipFlops, area, memoryBits,
                macros.Select(m => new MacroUse(m.Key, m.Value)).ToList()));
        }

        var totalTypes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var totalMacros = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            foreach (var (type, count) in m.CellsByType)
            {
                totalTypes[type] = totalTypes.GetValueOrDefault(type) + (count * m.Instances);
            }

            foreach (var macro in m.Macros)
            {
                totalMacros[macro.Type] = totalMacros.GetValueOrDefault(macro.Type) + (macro.Count * m.Instances);
            }
        }

        var total = new SynthTotals(
            modules.Sum(m => m.Cells * m.Instances),
            totalTypes,
            modules.Sum(m => m.FlipFlops * m.Instances),
            areas is null ? null : modules.Sum(m => m.AreaUm2!.Value * m.Instances),
            modules.Sum(m => m.MemoryBits * m.Instances),
            totalMacros.Select(m => new MacroUse(m.Key, m.Value)).ToList());
        return (modules, total);
    }

    /// <summary>On iCE40: each instance of the memory module, and the block RAMs or logic it became.</summary>
    public static IReadOnlyList<MemoryMapping> Memories(YosysNetlist netlist, IReadOnlyList<ModuleStatistics> modules)
    {
        var byName = modules.ToDictionary(m => m.Module, StringComparer.Ordinal);
        return netlist.Instances()
            .Where(i => i.Module.BaseName == SynthScripts.MemoryModule)
            .Select(i =>
            {
                var stats = byName[i.Module.DisplayName];
                var words = int.Parse(YosysNetlist.ParameterValue(i.Module.Parameters.GetValueOrDefault("DEPTH", "0")), CultureInfo.InvariantCulture);
                var bits = int.Parse(YosysNetlist.ParameterValue(i.Module.Parameters.GetValueOrDefault("WIDTH", "0")), CultureInfo.InvariantCulture);
                return new MemoryMapping(i.Path, i.Module.DisplayName, words, bits, stats.BlockRams, stats.FlipFlops, stats.Luts);
            })
            .ToList();
    }

    public static bool IsFlipFlop(SynthTarget target, string type, LibertyLibrary? liberty) => target switch
    {
        SynthTarget.Osu018 => liberty is not null && liberty.Cells.TryGetValue(type, out var cell) && cell.IsSequential,
        SynthTarget.Ice40 => Ice40Cells.FlipFlop(type),
        _ => GenericFlipFlop().IsMatch(type),
    };

    /// <summary>"Chip area for module '\name': 123.000000" lines of `stat -liberty`, by module name.</summary>
    public static IReadOnlyDictionary<string, double> ParseAreas(string statText)
    {
        var areas = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in AreaLine().Matches(statText))
        {
            var name = m.Groups[1].Value;
            areas[name.StartsWith('\\') ? name[1..] : name] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return areas;
    }

    [GeneratedRegex(@"^\$_(S?DFFS?R?E?|DFFE|SDFFC?E|ALDFFE?|DLATCH|DLATCHSR|SR)_", RegexOptions.CultureInvariant)]
    private static partial Regex GenericFlipFlop();

    [GeneratedRegex(@"Chip area for module '([^']+)': ([0-9.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex AreaLine();
}
