// The optional waveform of a window of core cycles: a --trace build variant of the same harness writes a VCD of
// main-loop cycles [first, end) only (GTKWave). Tracing costs far more than counting, so it is never the default.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Emit;

namespace HwGen.Sim;

public static class VcdTrace
{
    /// <summary>The --trace variant of a design's build (its own cache entry).</summary>
    public static VerilatorExecutable Build(RtlFileSet set, string? cacheRoot = null)
    {
        var args = VerilatorBuild.Arguments(set).ToList();
        args.InsertRange(args.IndexOf("-Mdir"), ["--trace", "-CFLAGS", "-DHWGEN_TRACE"]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(set.ContentHash + "\0trace")));
        return VerilatorBuildFiles.Ensure(set.Files, hash, args, "harness", cacheRoot);
    }

    /// <summary>Runs <paramref name="input"/> and writes <paramref name="vcdPath"/> with core cycles [first, end).</summary>
    public static RtlRunResult Run(RtlFileSet set, RtlRunInput input, long first, long end, string workFolder, string vcdPath, string? cacheRoot = null)
    {
        if (first < 0 || end <= first)
        {
            throw new ArgumentException($"the VCD window [{first}, {end}) is empty");
        }

        var executable = Build(set, cacheRoot);
        Directory.CreateDirectory(workFolder);
        var data = Path.Combine(workFolder, "run.dat");
        var results = Path.Combine(workFolder, "results.txt");
        File.WriteAllText(data, HarnessFiles.RunData(set.Design, input));
        if (File.Exists(results))
        {
            File.Delete(results);
        }

        var run = Toolchain.Run(executable.Path,
            [data, results, Path.GetFullPath(vcdPath), first.ToString(CultureInfo.InvariantCulture), end.ToString(CultureInfo.InvariantCulture)], workFolder);
        if (!File.Exists(results))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the harness exited with {run.ExitCode} and wrote no results: {run.CombinedOutput.Trim()}"));
        }

        return HarnessFiles.ParseResults(set.Design, input, File.ReadAllText(results));
    }
}
