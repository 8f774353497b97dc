// The coverage audit of a generated core: a --coverage-toggle build variant of the same harness writes coverage.dat
// for the counted part of the run, and its per-instance toggles are set beside the harness's XOR/popcount counts.
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Sim;

namespace HwGen.Measure;

public static class CoreCoverageAudit
{
    /// <summary>The --coverage-toggle variant of a design's build (its own cache entry; much slower to build and run).</summary>
    public static VerilatorExecutable Build(RtlFileSet set, string? cacheRoot = null) =>
        VerilatorBuild.EnsureVariant(set, "coverage-toggle", ["--coverage-toggle", "-CFLAGS", "-DHWGEN_COVERAGE"], cacheRoot);

    /// <summary>Runs <paramref name="input"/> in the audit build and compares its coverage.dat with its toggle counts.</summary>
    public static (RtlRunResult Result, ToggleAuditResult Audit) Run(RtlFileSet set, RtlRunInput input, string workFolder, string? cacheRoot = null)
    {
        var coverage = Path.Combine(Path.GetFullPath(workFolder), "coverage.dat");
        var result = VerilatorSimulation.Execute(Build(set, cacheRoot), set, input, workFolder, extraArguments: [coverage], extraOutputs: [coverage]);
        if (result.Cycles > ToggleAudit.MaxAuditCycles)
        {
            throw DiagnosticBag.Fail(b => b.InvalidOption(
                $"--audit-coverage: the run took {result.Cycles} cycles; Verilator's 32-bit coverage counters are exact up to {ToggleAudit.MaxAuditCycles}"));
        }

        return (result, ToggleAudit.Compare(result.Toggles, CoverageFile.ParseToggles(File.ReadAllText(coverage), "coverage.dat")));
    }
}
