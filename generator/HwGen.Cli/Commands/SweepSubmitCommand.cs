// `hwgen sweep submit SWEEP --slurm [--partition P] [--time T] [--tasks N] [--wait]`: validates every point, writes a
// Slurm job-array script into the sweep folder and submits it; the tasks share the Verilator build cache.
using System.CommandLine;
using System.Globalization;
using HwGen.Sweep;

namespace HwGen.Cli.Commands;

public static class SweepSubmitCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("SWEEP") { Description = "Sweep file (docs/sweep.md)." };
        var slurm = new Option<bool>("--slurm") { Description = "Submit to Slurm with sbatch (the scheduler hwgen supports)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition)." };
        var time = new Option<string?>("--time") { Description = "Time limit per task (sbatch --time), e.g. 01:00:00." };
        var tasks = new Option<int?>("--tasks") { Description = "Array tasks, one slice each (default: the number of points, at most 8)." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Points at once in each task, and its --cpus-per-task.", DefaultValueFactory = _ => 1 };
        var figures = SweepCommand.PointFiguresOption();
        var wait = new Option<bool>("--wait") { Description = "Wait until every task has finished (sbatch --wait), then merge the slices." };
        var output = SweepCommand.OutputOption();
        var command = new Command("submit", """
            Validates every point, writes DIR/slurm-job.sh (a job array: task i runs slice i of the sweep into
            DIR/shards/i-of-N, all sharing one Verilator build cache) and submits it with sbatch. Join the slices
            with 'hwgen sweep merge DIR' once the tasks are done, or pass --wait.

            Examples:
              hwgen sweep submit hwconfigs/sweeps/lanes-buffer.yaml --slurm --partition short --time 01:00:00
              hwgen sweep submit hwconfigs/sweeps/paper-breakeven-45nm.yaml --slurm --tasks 4 --wait
            """)
        {
            file, slurm, partition, time, tasks, jobs, wait, output, figures,
        };
        command.SetAction(parse => CommandFailures.Guard(console, "sweep submit", () =>
        {
            if (!parse.GetValue(slurm))
            {
                return CommandFailures.Invalid(console, "sweep submit", "give --slurm: Slurm is the scheduler hwgen submits to");
            }

            var j = parse.GetValue(jobs);
            if (j < 1)
            {
                return CommandFailures.Invalid(console, "sweep submit", $"-j {j}: give at least 1");
            }

            var plan = SweepCommand.PlanOrReport(parse.GetValue(file)!, console);
            if (plan is null)
            {
                return ExitCodes.InvalidInput;
            }

            var n = parse.GetValue(tasks) ?? Math.Min(8, plan.Points.Count);
            if (n < 1 || n > plan.Points.Count)
            {
                return CommandFailures.Invalid(console, "sweep submit", $"--tasks {n}: give 1 to {plan.Points.Count} (the number of points)");
            }

            var folder = parse.GetValue(output) ?? SweepCommand.DefaultFolder(plan);
            var options = new SlurmOptions(n, j, parse.GetValue(partition), parse.GetValue(time), parse.GetValue(wait), parse.GetValue(figures));
            var job = SlurmSubmission.Submit(plan, parse.GetValue(file)!, folder, options, SelfCommand());
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"submitted Slurm job {job.JobId}: {n} tasks over {plan.Points.Count} points ({job.Script})"));
            if (!options.Wait)
            {
                console.Out.WriteLine($"when the tasks are done: hwgen sweep merge {folder}");
                return ExitCodes.Success;
            }

            return SweepMergeCommand.MergeInto([folder], folder, console);
        }));
        return command;
    }

    /// <summary>How this hwgen is started again: its apphost, or dotnet with its assembly.</summary>
    internal static IReadOnlyList<string> SelfCommand()
    {
        var process = Environment.ProcessPath ?? "hwgen";
        var assembly = typeof(SweepSubmitCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && assembly.Length > 0 ? [process, assembly] : [process];
    }
}
