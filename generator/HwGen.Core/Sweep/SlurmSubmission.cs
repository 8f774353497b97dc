// A sweep as a Slurm job array: one task per slice, each running `hwgen sweep SWEEP --shard` (from Slurm's array
// variables) into the sweep folder's shards/, all tasks sharing one Verilator build cache (its per-hash file lock makes a
// configuration build once however many tasks need it).
using System.Globalization;
using System.Text;
using HwGen.Sim;

namespace HwGen.Sweep;

/// <summary>The job array: tasks, CPUs per task (the tasks' -j), partition, time limit, whether to wait, and --point-figures.</summary>
public sealed record SlurmOptions(int Tasks, int CpusPerTask, string? Partition, string? Time, bool Wait, bool PointFigures = false);

/// <summary>The submitted array: the script, its job id, and (with --wait) whether sbatch reported success.</summary>
public sealed record SlurmJob(string Script, string JobId, bool Waited);

public static class SlurmSubmission
{
    public const string ScriptName = "slurm-job.sh";

    /// <summary>
    /// The job script. <paramref name="command"/> is the hwgen command line (executable and leading arguments) the tasks
    /// run; <paramref name="cacheRoot"/> the shared cache (HWGEN_CACHE).
    /// </summary>
    public static string Script(SweepPlan plan, string sweepFile, string folder, SlurmOptions options, IReadOnlyList<string> command, string cacheRoot)
    {
        var sb = new StringBuilder("#!/bin/sh\n");
        sb.Append(CultureInfo.InvariantCulture, $"# hwgen sweep '{plan.Definition.Name}' as a Slurm job array: task i runs slice i/{options.Tasks} into {Quote(Path.Combine(folder, SweepFolder.ShardsFolder))}.\n");
        sb.Append("# Written by hwgen sweep submit; join the slices afterwards with: hwgen sweep merge ").Append(Quote(folder)).Append('\n');
        sb.Append("#SBATCH --job-name=").Append(("hwgen-sweep-" + plan.Definition.Name)[..Math.Min(64, 12 + plan.Definition.Name.Length)]).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{options.Tasks - 1}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={options.CpusPerTask}\n");
        sb.Append("#SBATCH --output=").Append(Path.Combine(folder, SweepFolder.ShardsFolder, "slurm-%A_%a.out")).Append('\n');
        if (options.Partition is { } partition)
        {
            sb.Append("#SBATCH --partition=").Append(partition).Append('\n');
        }

        if (options.Time is { } time)
        {
            sb.Append("#SBATCH --time=").Append(time).Append('\n');
        }

        sb.Append("set -e\n");
        sb.Append("export HWGEN_CACHE=").Append(Quote(cacheRoot)).Append('\n');
        sb.Append("exec");
        foreach (var part in command)
        {
            sb.Append(' ').Append(Quote(part));
        }

        sb.Append(CultureInfo.InvariantCulture, $" sweep {Quote(Path.GetFullPath(sweepFile))} -o {Quote(folder)} -j {options.CpusPerTask}{(options.PointFigures ? " --point-figures" : string.Empty)}\n");
        return sb.ToString();
    }

    /// <summary>Writes the script into the sweep folder and submits it with sbatch; throws ToolMissingException without sbatch.</summary>
    public static SlurmJob Submit(SweepPlan plan, string sweepFile, string folder, SlurmOptions options, IReadOnlyList<string> command)
    {
        var sbatch = Toolchain.Require("sbatch");
        var full = Path.GetFullPath(folder);
        var marker = SweepMarker.For(plan, null);
        SweepFolder.CheckUsable(folder, marker);
        Directory.CreateDirectory(Path.Combine(full, SweepFolder.ShardsFolder));
        if (SweepMarker.Read(full) is null)
        {
            SweepFolder.WriteAtomically(Path.Combine(full, SweepMarker.FileName), marker.Json());
        }

        var cacheRoot = Path.GetDirectoryName(VerilatorBuild.DefaultCacheRoot)!;
        var script = Path.Combine(full, ScriptName);
        SweepFolder.WriteAtomically(script, Script(plan, sweepFile, full, options, command, cacheRoot));
        var arguments = new List<string> { "--parsable" };
        if (options.Wait)
        {
            arguments.Add("--wait");
        }

        arguments.Add(script);
        var run = Toolchain.Run(sbatch, arguments, full, timeout: options.Wait ? TimeSpan.FromDays(20) : TimeSpan.FromMinutes(2));
        if (!options.Wait && run.ExitCode != 0)
        {
            throw new InvalidOperationException($"sbatch exited with {run.ExitCode}: {run.CombinedOutput.Trim()}");
        }

        var id = run.StandardOutput.Trim().Split('\n')[0].Split(';')[0].Trim();
        if (id.Length == 0)
        {
            throw new InvalidOperationException($"sbatch printed no job id (exit {run.ExitCode}): {run.CombinedOutput.Trim()}");
        }

        return new SlurmJob(script, id, options.Wait);
    }

    /// <summary>A shell word: single-quoted unless it is plainly safe.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:+,@".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
