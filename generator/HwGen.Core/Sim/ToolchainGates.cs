// The quality gates every generated design passes: Verilator -Wall lint, Yosys synthesis without latches, Icarus parse.
using System.Text.RegularExpressions;
using HwGen.Emit;

namespace HwGen.Sim;

/// <summary>Result of one gate: pass/fail plus the tool's log.</summary>
public sealed record GateResult(string Gate, bool Passed, string Log);

public static partial class ToolchainGates
{
    /// <summary>Writes the file set into <paramref name="folder"/> (if not there yet) and returns the folder.</summary>
    public static string Materialize(RtlFileSet set, string folder)
    {
        foreach (var (path, text) in set.Files)
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }

        return folder;
    }

    public static GateResult Lint(RtlFileSet set, string folder)
    {
        var args = new List<string> { "--lint-only", "-Wall", "--top-module", set.Design.TopModule, "build/" + RtlGenerator.WaiverFile };
        args.AddRange(set.VerilogFiles);
        var run = Toolchain.Run(Toolchain.Require("verilator"), args, folder);
        return new GateResult("verilator --lint-only -Wall", run.Succeeded && !run.CombinedOutput.Contains("%Warning", StringComparison.Ordinal), run.CombinedOutput);
    }

    public static GateResult Icarus(RtlFileSet set, string folder)
    {
        var args = new List<string> { "-g2012", "-o", Path.Combine(folder, "build", "icarus.vvp"), "-s", set.Design.TopModule };
        args.AddRange(set.VerilogFiles);
        var run = Toolchain.Run(Toolchain.Require("iverilog"), args, folder);
        return new GateResult("iverilog -g2012", run.Succeeded && run.CombinedOutput.Trim().Length == 0, run.CombinedOutput);
    }

    /// <summary>
    /// Yosys synthesis to generic gates: `synth` up to its fine stage, then the fine stage's logic mapping (techmap, abc)
    /// without `memory_map`, so memories stay inferred $mem cells (block RAM on a real target) instead of being expanded
    /// into flip-flops. Fails on errors and on any latch cell; returns the inferred memory cells.
    /// </summary>
    public static (GateResult Gate, IReadOnlyList<string> Memories) Yosys(RtlFileSet set, string folder)
    {
        var script = $"read_verilog {string.Join(' ', set.VerilogFiles)}; synth -flatten -top {set.Design.TopModule} -run begin:fine; opt -fast -full; techmap; opt -fast; abc -fast; opt -fast; stat; select -list t:$mem_v2";
        var run = Toolchain.Run(Toolchain.Require("yosys"), ["-q", "-p", script, "-l", "build/yosys.log"], folder);
        var log = File.Exists(Path.Combine(folder, "build", "yosys.log")) ? File.ReadAllText(Path.Combine(folder, "build", "yosys.log")) : run.CombinedOutput;
        var latch = LatchCell().IsMatch(log);
        var prefix = set.Design.TopModule + "/";
        var memories = log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..]).ToList();
        var passed = run.Succeeded && !latch && !log.Contains("ERROR", StringComparison.Ordinal);
        return (new GateResult("yosys synth -top " + set.Design.TopModule, passed, log), memories);
    }

    [GeneratedRegex(@"\$_?(dlatch|DLATCH)", RegexOptions.CultureInvariant)]
    private static partial Regex LatchCell();

}
