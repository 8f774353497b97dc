// Runs one generated twin under Verilator: build (cached), write run data, execute the harness, read the results.
using System.Globalization;
using HwGen.Diagnostics;
using HwGen.Emit;

namespace HwGen.Sim;

public static class VerilatorSimulation
{
    /// <summary>Runs <paramref name="input"/> on the design; <paramref name="workFolder"/> receives run.dat and results.txt.</summary>
    public static (RtlRunResult Result, VerilatorExecutable Executable) Run(RtlFileSet set, RtlRunInput input, string workFolder, string? cacheRoot = null, long cycleLimit = 0)
    {
        var executable = VerilatorBuild.Ensure(set, cacheRoot);
        return (Execute(executable, set, input, workFolder, cycleLimit), executable);
    }

    /// <summary>Parses a harness progress line (<c>hwgen-progress LAYER CYCLES</c>); false for anything else.</summary>
    public static bool TryParseProgress(string line, out int layer, out long cycles)
    {
        layer = 0;
        cycles = 0;
        var parts = line.Split(' ');
        return parts.Length == 3 && parts[0] + " " == Toolchain.ProgressPrefix
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out layer)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out cycles);
    }

    /// <summary>
    /// Runs a built harness (the plain build or a variant) on <paramref name="input"/>: writes run.dat, passes
    /// <paramref name="extraArguments"/> after the data and results paths, and parses results.txt. Every file in
    /// <paramref name="extraOutputs"/> is removed first and must exist afterwards.
    /// </summary>
    public static RtlRunResult Execute(
        VerilatorExecutable executable,
        RtlFileSet set,
        RtlRunInput input,
        string workFolder,
        long cycleLimit = 0,
        IReadOnlyList<string>? extraArguments = null,
        IReadOnlyList<string>? extraOutputs = null,
        Action<int, long>? onProgress = null)
    {
        workFolder = Path.GetFullPath(workFolder);
        Directory.CreateDirectory(workFolder);
        var data = Path.Combine(workFolder, "run.dat");
        var results = Path.Combine(workFolder, "results.txt");
        File.WriteAllText(data, HarnessFiles.RunData(set.Design, input, cycleLimit));
        var outputs = (extraOutputs ?? []).Prepend(results).ToList();
        foreach (var file in outputs.Where(File.Exists))
        {
            File.Delete(file);
        }

        Action<string>? progressLine = onProgress is null
            ? null
            : line =>
            {
                if (TryParseProgress(line, out var layer, out var cycles))
                {
                    onProgress(layer, cycles);
                }
            };
        // No wall-clock limit: the harness stops itself at its cycle limit (run.dat), and Ctrl-C or SIGTERM stops it at
        // once; a full-size mesh twin runs for longer than the ten minutes other tools get (docs/performance.md).
        var run = Toolchain.Run(executable.Path, [data, results, .. extraArguments ?? []], workFolder, timeout: Timeout.InfiniteTimeSpan,
            onErrorLine: progressLine);
        if (outputs.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw DiagnosticBag.Fail(b => b.HarnessFailed("harness", run.ExitCode, Path.GetFileName(missing), run.CombinedOutput.Trim()));
        }

        try
        {
            return HarnessFiles.ParseResults(set.Design, input, File.ReadAllText(results));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw DiagnosticBag.Fail(b => b.HarnessOutputMalformed(Path.GetFileName(results), ex.Message));
        }
    }
}
