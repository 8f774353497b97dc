// Runs one generated twin under Verilator: build (cached), write run data, execute the harness, read the results.
using System.Globalization;
using HwGen.Emit;

namespace HwGen.Sim;

public static class VerilatorSimulation
{
    /// <summary>Runs <paramref name="input"/> on the design; <paramref name="workFolder"/> receives run.dat and results.txt.</summary>
    public static (RtlRunResult Result, VerilatorExecutable Executable) Run(RtlFileSet set, RtlRunInput input, string workFolder, string? cacheRoot = null, long cycleLimit = 0)
    {
        var executable = VerilatorBuild.Ensure(set, cacheRoot);
        workFolder = Path.GetFullPath(workFolder);
        Directory.CreateDirectory(workFolder);
        var data = Path.Combine(workFolder, "run.dat");
        var results = Path.Combine(workFolder, "results.txt");
        File.WriteAllText(data, HarnessFiles.RunData(set.Design, input, cycleLimit));
        if (File.Exists(results))
        {
            File.Delete(results);
        }

        var run = Toolchain.Run(executable.Path, [data, results], workFolder);
        if (!File.Exists(results))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the harness exited with {run.ExitCode} and wrote no results: {run.CombinedOutput.Trim()}"));
        }

        return (HarnessFiles.ParseResults(set.Design, input, File.ReadAllText(results)), executable);
    }
}
