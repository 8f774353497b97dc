// The generated Yosys 0.23 scripts, one per target. They read the twin's rtl/ folder and write into synth/<target>/,
// both relative to the folder they run in, so a script kept in an output folder reruns there as it ran here.
using System.Text;

namespace HwGen.Synth;

/// <summary>What to synthesise for.</summary>
public enum SynthTarget
{
    /// <summary>OSU 0.18 µm standard cells (Liberty area in µm²); memories stay sram_1r1w macros.</summary>
    Osu018,

    /// <summary>Lattice iCE40 (LUT4, flip-flops, block RAM, DSP), then nextpnr-ice40 place-and-route.</summary>
    Ice40,

    /// <summary>Yosys's internal gate library; memories stay inferred memory cells.</summary>
    Generic,
}

public static class SynthScripts
{
    public const string ScriptFile = "synth.ys";
    public const string LogFile = "yosys.log";
    public const string NetlistJson = "netlist.json";
    public const string NetlistVerilog = "netlist.v";
    public const string StatText = "stat.txt";
    public const string CmosText = "stat-cmos.txt";

    /// <summary>The behavioural memory model: a macro (blackbox) for osu018, inferred memory elsewhere.</summary>
    public const string MemoryModule = "sram_1r1w";

    public static string Name(SynthTarget target) => target switch
    {
        SynthTarget.Osu018 => "osu018",
        SynthTarget.Ice40 => "ice40",
        SynthTarget.Generic => "generic",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    public static SynthTarget Parse(string name) => name switch
    {
        "osu018" => SynthTarget.Osu018,
        "ice40" => SynthTarget.Ice40,
        "generic" => SynthTarget.Generic,
        _ => throw new ArgumentException($"unknown target '{name}'; expected osu018, ice40 or generic"),
    };

    /// <summary>The folder of a target's files below the twin folder: synth/&lt;target&gt;.</summary>
    public static string Folder(SynthTarget target) => "synth/" + Name(target);

    /// <summary>The library file's name inside the osu018 folder (a copy travels with the script).</summary>
    public const string LibertyCopy = "osu018_stdcells.lib";

    /// <summary>
    /// The script for <paramref name="target"/> over <paramref name="verilogFiles"/> (rtl/*.v paths), top
    /// <paramref name="top"/>. The hierarchy is kept (no flatten), so every cell belongs to the module that holds it.
    /// </summary>
    public static string For(SynthTarget target, string top, IEnumerable<string> verilogFiles, string label)
    {
        var files = verilogFiles.Order(StringComparer.Ordinal).ToList();
        var memory = files.Where(f => Path.GetFileNameWithoutExtension(f) == MemoryModule).ToList();
        var logic = files.Except(memory).ToList();
        var dir = Folder(target);
        var sb = new StringBuilder();
        sb.Append($"# HwGen synthesis of {label} for {Name(target)} (Yosys 0.23). Run from the twin folder: yosys -s {dir}/{ScriptFile}\n");
        switch (target)
        {
            case SynthTarget.Osu018:
                var lib = $"{dir}/{LibertyCopy}";
                if (memory.Count > 0)
                {
                    sb.Append("# Memories stay macros: sram_1r1w is read as a blackbox (priced per access, simulated by its RTL model).\n");
                    sb.Append($"read_verilog -lib {string.Join(' ', memory)}\n");
                }

                sb.Append($"read_verilog {string.Join(' ', logic)}\n");
                sb.Append($"hierarchy -check -top {top}\n");
                sb.Append($"synth -top {top}\n");
                sb.Append($"dfflibmap -liberty {lib}\n");
                sb.Append($"abc -liberty {lib}\n");
                sb.Append("opt_clean -purge\n");
                sb.Append($"tee -q -o {dir}/{StatText} stat -liberty {lib}\n");
                break;
            case SynthTarget.Ice40:
                sb.Append($"read_verilog {string.Join(' ', files)}\n");
                sb.Append($"synth_ice40 -top {top} -noflatten\n");
                sb.Append($"tee -q -o {dir}/{StatText} stat\n");
                break;
            case SynthTarget.Generic:
                sb.Append("# synth without memory_map: memories stay inferred $mem_v2 cells (block RAM on a real target).\n");
                sb.Append($"read_verilog {string.Join(' ', files)}\n");
                sb.Append($"synth -top {top} -run :fine\n");
                sb.Append("opt -fast -full\ntechmap\nopt -fast\nabc -fast\nopt -fast\nopt_clean -purge\n");
                sb.Append($"tee -q -o {dir}/{StatText} stat\n");
                sb.Append($"tee -q -o {dir}/{CmosText} stat -tech cmos\n");
                break;
        }

        sb.Append($"write_json {dir}/{NetlistJson}\n");
        sb.Append($"write_verilog -noattr {dir}/{NetlistVerilog}\n");
        return sb.ToString();
    }
}
