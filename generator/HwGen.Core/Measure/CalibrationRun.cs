// Runs the calibration bench under Verilator: builds it (cached; the audit variant with --coverage-toggle), drives
// seeded random operands for N cycles and reads back the action and toggle counts.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Measure;

/// <summary>What one bench run measured: actions per instance (from the strobes) and toggles per bus.</summary>
public sealed record CalibrationMeasurement(
    ulong Seed,
    long Cycles,
    IReadOnlyDictionary<(string Hierarchy, ActionKey Action), long> Actions,
    IReadOnlyList<MeasuredToggles> Toggles)
{
    public long ActionCount(string hierarchy, ActionKey action) =>
        Actions.TryGetValue((hierarchy, action), out var n) ? n : throw new KeyNotFoundException($"the bench reported no {action} for {hierarchy}");

    public long ToggleCount(string hierarchy, string signal) =>
        Toggles.FirstOrDefault(t => t.Hierarchy == hierarchy && t.Signal == signal)?.Count
        ?? throw new KeyNotFoundException($"the bench reported no toggles for {hierarchy}.{signal}");
}

/// <summary>
/// The bench's operands: uniform random (what calibrates), or correlated membrane-like values (each unit's state follows
/// its own result, weights are small: the validation's structurally different data).
/// </summary>
public enum OperandDistribution
{
    Random,
    Correlated,
}

public static class CalibrationRun
{
    /// <summary>Builds (or reuses) the bench; <paramref name="coverage"/> selects the --coverage-toggle audit build.</summary>
    public static VerilatorExecutable Build(CalibrationBenchFiles bench, bool coverage, string? cacheRoot = null)
    {
        var hash = bench.ContentHash;
        if (coverage)
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash + "\0coverage-toggle")));
        }

        return VerilatorBuildFiles.Ensure(bench.Files, hash, bench.VerilatorArguments(coverage), "calibration", cacheRoot);
    }

    /// <summary>
    /// Runs <paramref name="cycles"/> cycles of random operands from <paramref name="seed"/>. With
    /// <paramref name="coverageFile"/>, runs the audit build and has it write coverage.dat there.
    /// </summary>
    public static CalibrationMeasurement Run(CalibrationBenchFiles bench, ulong seed, long cycles, string workFolder,
        string? coverageFile = null, string? cacheRoot = null, OperandDistribution distribution = OperandDistribution.Random)
    {
        var executable = Build(bench, coverageFile is not null, cacheRoot);
        Directory.CreateDirectory(workFolder);
        var results = Path.Combine(workFolder, "calibration-results.txt");
        if (File.Exists(results))
        {
            File.Delete(results);
        }

        var args = new List<string>
        {
            seed.ToString(CultureInfo.InvariantCulture), cycles.ToString(CultureInfo.InvariantCulture), results,
            distribution == OperandDistribution.Correlated ? "correlated" : "random",
        };
        if (coverageFile is not null)
        {
            args.Add(coverageFile);
        }

        var run = Toolchain.Run(executable.Path, args, workFolder);
        if (!run.Succeeded || !File.Exists(results))
        {
            throw DiagnosticBag.Fail(b => b.HarnessFailed("calibration harness", run.ExitCode, Path.GetFileName(results), run.CombinedOutput.Trim()));
        }

        try
        {
            return ParseResults(File.ReadAllText(results));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw DiagnosticBag.Fail(b => b.HarnessOutputMalformed(Path.GetFileName(results), ex.Message));
        }
    }

    public static CalibrationMeasurement ParseResults(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != "hwgen-calibration-results 1")
        {
            throw new FormatException("calibration results: expected header 'hwgen-calibration-results 1'");
        }

        ulong seed = 0;
        long cycles = 0;
        var ended = false;
        var actions = new Dictionary<(string, ActionKey), long>();
        var toggles = new List<MeasuredToggles>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ');
            switch (f[0])
            {
                case "seed": seed = ulong.Parse(f[1], CultureInfo.InvariantCulture); break;
                case "cycles": cycles = long.Parse(f[1], CultureInfo.InvariantCulture); break;
                case "action":
                    var dot = f[2].IndexOf('.', StringComparison.Ordinal);
                    actions[(f[1], new ActionKey(f[2][..dot], f[2][(dot + 1)..]))] = long.Parse(f[3], CultureInfo.InvariantCulture);
                    break;
                case MeasuredToggles.LineKey:
                    toggles.Add(MeasuredToggles.TryParse(f) ?? throw new FormatException($"calibration results: malformed line '{line}'"));
                    break;
                case "end": ended = true; break;
                default: throw new FormatException($"calibration results: unknown line '{line}'");
            }
        }

        if (!ended)
        {
            throw new FormatException("calibration results: truncated (no 'end' line)");
        }

        return new CalibrationMeasurement(seed, cycles, actions, toggles);
    }
}
