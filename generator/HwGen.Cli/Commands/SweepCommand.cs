// `hwgen sweep SWEEP.yaml [-j N] [-o DIR] [--shard i/N]`: every point of a design-space sweep, in parallel, resumable;
// `hwgen sweep submit` (Slurm job arrays) and `hwgen sweep merge` (joining slices) are its subcommands.
using System.CommandLine;
using System.Globalization;
using HwGen.Diagnostics;
using HwGen.Sim;
using HwGen.Sweep;
using HwGen.Synth;

namespace HwGen.Cli.Commands;

public static class SweepCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("SWEEP") { Description = "Sweep file (docs/sweep.md)." };
        var jobs = JobsOption();
        var output = OutputOption();
        var figures = PointFiguresOption();
        var shard = new Option<string?>("--shard") { Description = "Run one slice INDEX/COUNT (0-based, e.g. 0/4) into DIR/shards/INDEX-of-COUNT; read from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT when not given." };
        var command = new Command("sweep", """
            Runs every point of a design-space sweep: axes over any spec key (dotted paths with list indices),
            crossed as a grid or zipped, each point analytical, RTL with measured energy, or gate-level (the
            RTL run and both twins' synthesised netlists). Every point's spec is validated before anything runs. Points run in parallel (-j); results are appended to
            DIR/points.csv and DIR/points.jsonl as each point finishes; a rerun skips finished points; a
            failing point is recorded with its error. When every point is done: summary.md, breakeven.csv,
            disagreements.csv and plots/ (PNG and SVG).
            Exit 0 when every point is ok, 1 when a point failed, 2 on invalid input, 3 when a tool is
            missing, 130 when interrupted (rerun the same command to resume).

            Examples:
              hwgen sweep hwconfigs/sweeps/paper-breakeven-45nm.yaml
              hwgen sweep hwconfigs/sweeps/lanes-buffer.yaml -j 2 -o sweep-out/lanes
              hwgen sweep hwconfigs/sweeps/paper-breakeven-45nm.yaml --shard 1/4
              hwgen sweep submit hwconfigs/sweeps/lanes-buffer.yaml --slurm --partition short --time 01:00:00
              hwgen sweep merge sweep-out/lanes-buffer
            """)
        {
            file,
            jobs,
            output,
            shard,
            figures,
        };
        command.Subcommands.Add(SweepSubmitCommand.Create(console));
        command.Subcommands.Add(SweepMergeCommand.Create(console));
        command.SetAction(parse => CommandFailures.Guard(console, "sweep", () =>
        {
            var slice = ShardOf(parse.GetValue(shard), out var problem);
            if (problem is not null)
            {
                return CommandFailures.Invalid(console, "sweep", problem);
            }

            var j = parse.GetValue(jobs);
            if (j < 1)
            {
                return CommandFailures.Invalid(console, "sweep", $"-j {j}: give at least 1");
            }

            var plan = PlanOrReport(parse.GetValue(file)!, console, j);
            if (plan is null)
            {
                return ExitCodes.InvalidInput;
            }

            var folder = parse.GetValue(output) ?? DefaultFolder(plan);
            return Run(plan, folder, j, slice, parse.GetValue(figures), console);
        }));
        return command;
    }

    internal static Option<int> JobsOption() => new("--jobs", "-j")
    {
        Description = "Simulations at once: points run in parallel, and a point's twins share what is left (default: the number of cores).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    internal static Option<bool> PointFiguresOption() => new("--point-figures")
    {
        Description = "Also draw each RTL point's report figures (PNG and SVG, as hwgen run does); without it a point's report has its text, JSON and exports, and the sweep draws its own figures.",
    };

    internal static Option<string?> OutputOption() => new("--output", "-o") { Description = "Sweep folder (default: sweep-out/<sweep name>)." };

    internal static string DefaultFolder(SweepPlan plan) => Path.Combine("sweep-out", plan.Definition.Name);

    /// <summary>The slice to run: --shard, else Slurm's array variables, else the whole sweep.</summary>
    internal static Shard? ShardOf(string? option, out string? problem)
    {
        problem = null;
        if (option is not null)
        {
            return Shard.Parse(option, out problem);
        }

        var id = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID");
        var count = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_COUNT");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(count))
        {
            return null;
        }

        var min = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_MIN");
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(string.IsNullOrEmpty(min) ? "0" : min, NumberStyles.None, CultureInfo.InvariantCulture, out var first))
        {
            problem = $"SLURM_ARRAY_TASK_ID '{id}' / SLURM_ARRAY_TASK_MIN '{min}' are not task numbers";
            return null;
        }

        return Shard.Parse(string.Create(CultureInfo.InvariantCulture, $"{i - first}/{count}"), out problem);
    }

    /// <summary>Plans the sweep, printing every diagnostic; null when it has errors.</summary>
    internal static SweepPlan? PlanOrReport(string path, CliConsole console, int? jobs = null)
    {
        var bag = new DiagnosticBag();
        var plan = SweepPlanner.Plan(path, bag, jobs);
        foreach (var d in bag.Sorted())
        {
            console.Error.WriteLine(d.ToString());
        }

        return plan;
    }

    private static int Run(SweepPlan plan, string folder, int jobs, Shard? shard, bool figures, CliConsole console)
    {
        if (plan.Builds.RtlPoints > 0)
        {
            Toolchain.Require("verilator");
        }

        if (plan.Points.Any(p => p.Mode == PointMode.GateLevel))
        {
            // Gate-level points synthesise each twin to OSU 0.18 um cells: refuse before any point runs.
            TechLibrary.RequireYosys();
            TechLibrary.RequireOsu018();
        }

        var mine = plan.Points.Count(p => shard is not { } s || s.Contains(p.Index));
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hwgen sweep: {plan.Definition.Name}: {plan.Points.Count} points{(shard is { } sh ? $", slice {sh}: {mine}" : string.Empty)}, -j {jobs}, folder {SweepRunner.SliceFolder(folder, shard)}"));
        if (plan.Builds.RtlPoints > 0)
        {
            console.Error.WriteLine($"hwgen sweep: {plan.Builds.RtlPoints} RTL points need {plan.Builds.Builds} builds ({plan.Builds.SnnBuilds} SNN, {plan.Builds.QnnBuilds} QNN) for {plan.Builds.Configurations} distinct hardware configurations");
        }

        SweepRunResult result;
        try
        {
            var display = new SweepProgressDisplay(console, mine);
            result = display.Run(progress => SweepRunner.Run(plan, new SweepRunOptions(folder, jobs, shard, null, figures), progress));
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"hwgen sweep: interrupted; every finished point is in {SweepRunner.SliceFolder(folder, shard)}; run the same command again to resume");
            throw;
        }

        if (shard is null)
        {
            var marker = SweepMarker.For(plan, null);
            var summary = SweepReport.Write(marker, result.Records, SweepFolder.ReadLog(result.Folder), result.Folder);
            PrintSummary(summary, result, result.Folder, console);
        }
        else
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"slice {shard}: {result.Records.Count} points recorded ({result.Evaluated} evaluated now, {result.Skipped} already done), {result.Failed} failed; join the slices with: hwgen sweep merge {folder}"));
        }

        return result.Failed == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    internal static void PrintSummary(SweepSummary summary, SweepRunResult? run, string folder, CliConsole console)
    {
        var m = summary.Marker;
        var o = console.Out;
        o.WriteLine($"sweep {m.Name}: {summary.Records.Count} points: {summary.Ok} ok, {summary.CheckFailed} check-failed, {summary.Errors} errors"
            + (run is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({run.Evaluated} evaluated now, {run.Skipped} already done)")));
        o.WriteLine($"analytical model: {SweepPlots.ShortName(PointEvaluator.AnalyticalModel)}; measured model: {SweepPlots.ShortName(PointEvaluator.MeasuredModel)}");
        if (m.Builds.RtlPoints > 0)
        {
            o.WriteLine("builds: " + SweepReport.BuildsLine(m, summary.Builds));
        }

        var a = summary.Analysis;
        if (a.BreakEven.Count > 0)
        {
            var rows = new List<string[]> { new[] { "group", "T", "analytical s_r*", "measured s_r*", "closed form" } };
            rows.AddRange(a.BreakEven.Take(40).Select(b => new[]
            {
                b.Group.Length == 0 ? "all" : b.Group, b.Timesteps.ToString(CultureInfo.InvariantCulture), b.Analytical.ToString(), b.Measured.ToString(),
                b.ClosedForm is { } c ? SweepAnalysis.Describe(c) : string.Empty,
            }));
            o.Write(Report.TextTable.Render(rows));
            if (a.BreakEven.Count > 40)
            {
                o.WriteLine($"... {a.BreakEven.Count - 40} more rows in breakeven.csv");
            }
        }

        var measured = summary.Records.Count(r => r.Status == PointStatus.Ok && r.Measured is not null);
        if (measured > 0)
        {
            o.WriteLine($"measured vs analytical verdicts differ at {a.Disagreements.Count} of {measured} RTL points (disagreements.csv)");
        }

        foreach (var r in summary.Records.Where(r => r.Status != PointStatus.Ok).Take(10))
        {
            console.Error.WriteLine($"hwgen sweep: point {r.Point} {PointRecord.StatusText(r.Status)}: {r.Error}");
        }

        o.WriteLine($"summary: {Path.Combine(folder, "summary.md")}");
    }
}
