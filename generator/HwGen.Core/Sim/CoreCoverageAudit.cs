// The coverage audit of a generated core: a --coverage-toggle build variant of the same harness writes coverage.dat
// for the counted part of the run, and its per-instance toggles are set beside the harness's XOR/popcount counts.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Emit;

namespace HwGen.Sim;

public static class CoreCoverageAudit
{
    /// <summary>The --coverage-toggle variant of a design's build (its own cache entry; much slower to build and run).</summary>
    public static VerilatorExecutable Build(RtlFileSet set, string? cacheRoot = null)
    {
        var args = VerilatorBuild.Arguments(set).ToList();
        args.InsertRange(args.IndexOf("-Mdir"), ["--coverage-toggle", "-CFLAGS", "-DHWGEN_COVERAGE"]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(set.ContentHash + "\0coverage-toggle")));
        return VerilatorBuildFiles.Ensure(set.Files, hash, args, "harness", cacheRoot);
    }

    /// <summary>Runs <paramref name="input"/> in the audit build and compares its coverage.dat with its toggle counts.</summary>
    public static (RtlRunResult Result, ToggleAuditResult Audit) Run(RtlFileSet set, RtlRunInput input, string workFolder, string? cacheRoot = null)
    {
        var executable = Build(set, cacheRoot);
        Directory.CreateDirectory(workFolder);
        var data = Path.Combine(workFolder, "run.dat");
        var results = Path.Combine(workFolder, "results.txt");
        var coverage = Path.Combine(workFolder, "coverage.dat");
        File.WriteAllText(data, HarnessFiles.RunData(set.Design, input));
        foreach (var file in new[] { results, coverage })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }

        var run = Toolchain.Run(executable.Path, [data, results, coverage], workFolder);
        if (!File.Exists(results) || !File.Exists(coverage))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the audit harness exited with {run.ExitCode} and wrote no results or no coverage: {run.CombinedOutput.Trim()}"));
        }

        var result = HarnessFiles.ParseResults(set.Design, input, File.ReadAllText(results));
        if (result.Cycles > ToggleAudit.MaxAuditCycles)
        {
            throw new InvalidOperationException($"the run took {result.Cycles} cycles; coverage counters are exact up to {ToggleAudit.MaxAuditCycles}");
        }

        return (result, ToggleAudit.Compare(result.Toggles, CoverageFile.ParseToggles(File.ReadAllText(coverage), "coverage.dat")));
    }
}
