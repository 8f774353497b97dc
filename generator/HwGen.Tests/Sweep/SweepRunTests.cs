// Sweeps that simulate: one build per twin for a 50-point spike-rate sweep (and none on a rerun), one SNN build shared
// across T, resume after an interrupt and after a kill with identical results and no point run twice, shard/merge
// equality with an unsharded run, and refused merges of doubled or missing points.
using System.Diagnostics;
using HwGen.Diagnostics;
using HwGen.Sweep;

namespace HwGen.Tests.Sweep;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public sealed class SweepRunTests
{
    [Test]
    public void A_fifty_point_spike_rate_sweep_builds_each_twin_once_and_a_rerun_builds_nothing()
    {
        var folder = SweepFiles.Scratch("fifty");
        var cache = Path.Combine(folder, "cache");
        var plan = SweepFiles.Plan(SweepFiles.Write(folder, SweepFiles.RtlRates(50, "fifty")));
        Assert.That(plan.Builds, Is.EqualTo(new BuildPlan(50, 1, 1, 1, 1)));

        var result = SweepRunner.Run(plan, new SweepRunOptions(Path.Combine(folder, "out"), 2, CacheRoot: cache));
        Assert.That(result.Records.Select(r => r.Status), Is.All.EqualTo(PointStatus.Ok), string.Join("\n", result.Records.Select(r => r.Error)));
        var builds = SweepFolder.ReadLog(result.Folder).SelectMany(r => r.Builds).ToList();
        Assert.That(builds, Has.Count.EqualTo(100), "two twins per point");
        Assert.That(builds.Where(b => !b.FromCache).Select(b => b.Twin).Order(), Is.EqualTo(new[] { "qnn", "snn" }), "Verilator ran once per twin");
        Assert.That(builds.Select(b => b.Hash).Distinct().Count(), Is.EqualTo(2));
        Assert.That(result.Records.Select(r => r.Measured!.SnnBuild).Distinct().Count(), Is.EqualTo(1));
        Assert.That(result.Records.Select(r => r.Measured!.QnnBuild).Distinct().Count(), Is.EqualTo(1));

        // Measured means measured: the record holds the run stage's measured energy of the point's run folder.
        var report = File.ReadAllText(Path.Combine(result.Folder, "points", "p0007", "report", "report.json"));
        Assert.That(report, Does.Contain(PointRecord.Number(result.Records[7].Measured!.SnnPj)[..10]));
        // A point's report has its text, JSON and exports; its figures only with --point-figures (below).
        var pointReport = Path.Combine(result.Folder, "points", "p0007", "report");
        Assert.That(Directory.GetFiles(pointReport).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "report.json", "report.md" }));
        Assert.That(File.ReadAllText(Path.Combine(pointReport, "report.md")), Does.Not.Contain(".png"));

        // Another sweep of the same hardware, in another folder, finds both builds in the content-hash cache.
        var again = SweepFiles.Plan(SweepFiles.Write(SweepFiles.Scratch("fifty-again"), SweepFiles.RtlRates(3, "again")));
        var rerun = SweepRunner.Run(again, new SweepRunOptions(Path.Combine(folder, "again"), 1, CacheRoot: cache, PointFigures: true));
        Assert.That(SweepFolder.ReadLog(rerun.Folder).SelectMany(r => r.Builds).Count(b => !b.FromCache), Is.Zero);
        var drawn = Path.Combine(rerun.Folder, "points", "p0001", "report");
        Assert.That(Directory.GetFiles(drawn).Select(Path.GetFileName).Order(), Is.EqualTo(new[]
        {
            "component-breakdown.png", "component-breakdown.svg", "energy-vs-spike-rate.png", "energy-vs-spike-rate.svg", "report.json", "report.md",
        }));
    }

    [Test]
    public void Points_that_differ_only_in_T_share_one_spiking_build_at_the_largest_T()
    {
        var folder = SweepFiles.Scratch("timesteps");
        var plan = SweepFiles.Plan(SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: timesteps
            spec: base.yaml
            mode: rtl
            axes:
              - key: neuron.timesteps
                values: [1, 2, 3, 4]
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.1, 0.4]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.9, 0.6]
            """));
        // SNN: 4 configurations (one per T), 1 build at T = 4; QNN: widths 1, 2, 2, 3 bits.
        Assert.That(plan.Builds, Is.EqualTo(new BuildPlan(8, 4, 1, 3, 3)));
        var result = SweepRunner.Run(plan, new SweepRunOptions(Path.Combine(folder, "out"), 2, CacheRoot: Path.Combine(folder, "cache")));
        Assert.That(result.Records.Select(r => r.Status), Is.All.EqualTo(PointStatus.Ok), "every T runs bit for bit on the T = 4 build");
        Assert.That(result.Records.Select(r => r.Measured!.SnnBuildTimesteps), Is.All.EqualTo(4));
        Assert.That(SweepFolder.ReadLog(result.Folder).SelectMany(r => r.Builds).Count(b => !b.FromCache), Is.EqualTo(4), "1 SNN + 3 QNN builds");
        var summary = SweepReport.Write(SweepMarker.For(plan, null), result.Records, SweepFolder.ReadLog(result.Folder), result.Folder, plots: false);
        Assert.That(SweepReport.BuildsLine(summary.Marker, summary.Builds), Does.StartWith(
            "8 RTL points: 7 distinct hardware configurations (4 SNN at each point's own T, 3 QNN twin); 4 builds used (1 SNN, 3 QNN; planned 1 + 3)"));
    }

    [Test]
    public void An_interrupted_and_a_killed_sweep_resume_to_the_same_results_without_running_a_point_twice()
    {
        var folder = SweepFiles.Scratch("resume");
        var path = SweepFiles.Write(folder, SweepFiles.RtlRates(8, "resume"));
        var output = Path.Combine(folder, "out");
        var points = Path.Combine(output, SweepFolder.PointsJson);

        // Ctrl-C after two points: exit 130, the finished points stay.
        var first = StopAfter(folder, output, points, 2, "-INT");
        Assert.That(first.Code, Is.EqualTo(130), first.Error);
        Assert.That(first.Error, Does.Contain("interrupted; every finished point is in"));
        var afterFirst = Lines(points);
        Assert.That(afterFirst, Is.InRange(2, 7));

        // Killed outright (no clean-up at all) two points later.
        var second = StopAfter(folder, output, points, afterFirst + 2, "-KILL");
        Assert.That(second.Code, Is.Not.Zero);
        var afterSecond = Lines(points);
        Assert.That(afterSecond, Is.GreaterThanOrEqualTo(afterFirst + 2));

        var third = SweepFiles.RunCli(folder, null, "sweep", path, "-o", output, "-j", "1");
        Assert.That(third.Code, Is.Zero, third.Error);
        Assert.That(third.Out, Does.Contain(System.FormattableString.Invariant($"({8 - afterSecond} evaluated now, {afterSecond} already done)")));

        // No point finished twice, and the results equal those of one uninterrupted run.
        var finished = SweepFolder.ReadLog(output).Where(r => r.Status == "ok").Select(r => r.Point).ToList();
        Assert.That(finished.Order(), Is.EqualTo(Enumerable.Range(0, 8)));
        var clean = Path.Combine(folder, "clean");
        var reference = SweepFiles.RunCli(folder, null, "sweep", path, "-o", clean, "-j", "2");
        Assert.That(reference.Code, Is.Zero, reference.Error);
        Assert.That(SweepFiles.Results(output), Is.EqualTo(SweepFiles.Results(clean)));
    }

    private static int Lines(string file) => File.Exists(file) ? File.ReadAllLines(file).Count(l => l.EndsWith('}')) : 0;

    /// <summary>Starts the CLI on the sweep and sends <paramref name="signal"/> once <paramref name="points"/> results are on disk.</summary>
    private static (int Code, string Error) StopAfter(string folder, string output, string file, int points, string signal)
    {
        using var process = Process.Start(SweepFiles.Cli(folder, "sweep", Path.Combine(folder, "sweep.yaml"), "-o", output, "-j", "1"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (Lines(file) < points && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(20);
        }

        Assert.That(process.HasExited, Is.False, "the sweep is still running when it is stopped");
        using (var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "the sweep stops");
        return (process.ExitCode, stderr.Result);
    }

    [Test]
    public void Shards_merged_equal_an_unsharded_run_byte_for_byte()
    {
        var folder = SweepFiles.Scratch("shards");
        var plan = SweepFiles.Plan(SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: shards
            spec: base.yaml
            axes:
              - key: mode
                values: [analytical, rtl]
              - key: neuron.timesteps
                values: [2, 4]
              - zip:
                  - key: workload.layers[*].spike_rate
                    values: [0.1, 0.3, 0.5]
                  - key: workload.layers[*].qnn_sparsity
                    values: [0.9, 0.7, 0.5]
            """));
        var whole = SweepRunner.Run(plan, new SweepRunOptions(Path.Combine(folder, "whole"), 2));
        SweepReport.Write(SweepMarker.For(plan, null), whole.Records, SweepFolder.ReadLog(whole.Folder), whole.Folder);

        var sharded = Path.Combine(folder, "sharded");
        for (var i = 0; i < 3; i++)
        {
            var slice = SweepRunner.Run(plan, new SweepRunOptions(sharded, 1, new Shard(i, 3)));
            Assert.That(slice.Records.Select(r => r.Point), Is.EqualTo(Enumerable.Range(0, 12).Where(p => p % 3 == i)));
        }

        var bag = new DiagnosticBag();
        var merged = SweepMerge.Read(SweepMerge.SlicesOf(sharded), bag);
        Assert.That(bag.Items, Is.Empty);
        SweepMerge.Write(merged!, sharded);
        Assert.That(SweepFiles.Results(sharded), Is.EqualTo(SweepFiles.Results(whole.Folder)));
        Assert.That(File.Exists(Path.Combine(sharded, "plots", "ratio-map-mode=rtl.png")), Is.True);

        // A slice given twice doubles its points; a slice left out leaves its points missing.
        var slices = SweepMerge.SlicesOf(sharded);
        var copy = Path.Combine(folder, "copy-of-0");
        CopyFolder(slices[0], copy);
        var doubled = new DiagnosticBag();
        Assert.That(SweepMerge.Read([slices[0], copy, slices[1], slices[2]], doubled), Is.Null);
        Assert.That(doubled.Sorted()[0].ToString(), Is.EqualTo(
            $"{SweepPlanner.DisplayPath(copy)}/points.jsonl:1:1: error HW1051: point 0 is recorded twice: here and in {SweepPlanner.DisplayPath(slices[0])}/points.jsonl:1:1"));
        var missing = new DiagnosticBag();
        Assert.That(SweepMerge.Read([slices[0], slices[2]], missing), Is.Null);
        Assert.That(missing.Sorted().Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"{SweepPlanner.DisplayPath(slices[0])}/sweep.json:1:1: error HW1052: 4 of 12 points have no result in any slice: 1, 4, 7, 10",
        }));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Test]
    public void A_folder_of_another_sweep_or_with_foreign_files_is_refused()
    {
        var folder = SweepFiles.Scratch("foreign");
        var planA = SweepFiles.Plan(SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: a
            spec: base.yaml
            axes:
              - key: neuron.timesteps
                values: [4, 5]
            """));
        var output = Path.Combine(folder, "out");
        SweepRunner.Run(planA, new SweepRunOptions(output, 1));
        var planB = SweepFiles.Plan(SweepFiles.Write(folder, """
            hwgen_sweep: 1
            name: a
            spec: base.yaml
            axes:
              - key: neuron.timesteps
                values: [4, 6]
            """));
        var other = Assert.Throws<IOException>(() => SweepRunner.Run(planB, new SweepRunOptions(output, 1)))!;
        Assert.That(other.Message, Does.StartWith($"sweep folder '{output}' holds sweep 'a' ("));
        var user = Path.Combine(folder, "user");
        Directory.CreateDirectory(user);
        File.WriteAllText(Path.Combine(user, "notes.txt"), "mine");
        var refused = Assert.Throws<IOException>(() => SweepRunner.Run(planA, new SweepRunOptions(user, 1)))!;
        Assert.That(refused.Message, Is.EqualTo($"sweep folder '{user}' is not empty and holds no sweep.json of an earlier hwgen sweep; refusing to write into it"));
        Assert.That(File.ReadAllText(Path.Combine(user, "notes.txt")), Is.EqualTo("mine"));
    }
}
