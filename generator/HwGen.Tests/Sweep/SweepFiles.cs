// Sweep files and folders for the sweep tests: each test writes its sweep (and, where needed, its base spec) into its
// own scratch folder, so the tests never touch the source tree.
using System.Diagnostics;
using HwGen.Diagnostics;
using HwGen.Sweep;

namespace HwGen.Tests.Sweep;

public static class SweepFiles
{
    /// <summary>A fresh scratch folder below the test's work directory.</summary>
    public static string Scratch(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "sweep-tests", name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Writes <paramref name="text"/> as sweep.yaml in <paramref name="folder"/> with the default spec beside it as base.yaml.</summary>
    public static string Write(string folder, string text, string baseSpec = "default.yaml")
    {
        File.Copy(Path.Combine(RepoPaths.HwConfigs, baseSpec), Path.Combine(folder, "base.yaml"), overwrite: true);
        var path = Path.Combine(folder, "sweep.yaml");
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public static SweepPlan Plan(string path)
    {
        var bag = new DiagnosticBag();
        var plan = SweepPlanner.Plan(path, bag);
        Assert.That(bag.Sorted().Where(d => d.IsError).Select(d => d.ToString()), Is.Empty, "the sweep plans without errors");
        return plan!;
    }

    public static IReadOnlyList<string> Diagnostics(string path)
    {
        var bag = new DiagnosticBag();
        var plan = SweepPlanner.Plan(path, bag);
        Assert.That(plan, Is.Null, "an invalid sweep has no plan");
        return bag.Sorted().Select(d => d.ToString()).ToList();
    }

    /// <summary>The deterministic result files of a sweep folder, by name.</summary>
    public static IReadOnlyDictionary<string, byte[]> Results(string folder) =>
        new[] { SweepFolder.PointsCsv, SweepFolder.PointsJson, "breakeven.csv", "disagreements.csv", "summary.json" }
            .ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(folder, n)));

    /// <summary>The hwgen CLI of the test build, as a child process (for kills and for Slurm, which starts it itself).</summary>
    public static ProcessStartInfo Cli(string workingDirectory, params string[] args)
    {
        // Through env --default-signal (env execs, so the process id stays the CLI's): a shell without job control starts
        // background commands with SIGINT ignored, the CLI inherits that, and the interrupt tests need it delivered.
        var info = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--default-signal=INT,TERM");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hwgen.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>Runs the CLI to completion; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Error) RunCli(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = Cli(workingDirectory, args);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the hwgen process did not finish in 8 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A small RTL sweep on the default spec: <paramref name="rates"/> spike rates (the twin's sparsity following).</summary>
    public static string RtlRates(int rates, string name = "rates")
    {
        var values = Enumerable.Range(1, rates).Select(i => (0.6 * i / rates).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var sparsity = values.Select(v => (1 - double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture));
        return $$"""
            hwgen_sweep: 1
            name: {{name}}
            spec: base.yaml
            mode: rtl
            axes:
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [{{string.Join(", ", values)}}]
                  - key: workload.layers[*].qnn_sparsity
                    values: [{{string.Join(", ", sparsity)}}]
            """;
    }
}
