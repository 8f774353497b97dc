// Runs a planned sweep (or one slice of it) into its folder: up to -j points at once, each recorded the moment it
// finishes; points the folder already holds are skipped; a failing point is recorded with its error and the sweep goes
// on; an interrupt stops taking points, lets the tools of the points in flight be killed, and leaves every finished
// point on disk for the rerun.
using System.Collections.Concurrent;
using System.Diagnostics;
using HwGen.Diagnostics;

namespace HwGen.Sweep;

/// <summary>How a sweep runs: its folder, its -j budget, an optional slice, the build cache, and whether RTL points keep their report figures.</summary>
public sealed record SweepRunOptions(string Folder, int Jobs, Shard? Shard = null, string? CacheRoot = null, bool PointFigures = false);

/// <summary>What a sweep's progress display is told: counts so far and, per event, the point it concerns.</summary>
public readonly record struct SweepProgress(int Total, int Done, int Skipped, int Failed, int Running, int? Point = null, PointStatus? Status = null, string? Message = null);

/// <summary>The end of a run: every record of the folder (in point order), and what this invocation did.</summary>
public sealed record SweepRunResult(string Folder, IReadOnlyList<PointRecord> Records, int Evaluated, int Skipped, bool Complete)
{
    public int Failed => Records.Count(r => r.Status != PointStatus.Ok);
}

public static class SweepRunner
{
    /// <summary>The folder a sweep writes: DIR itself, or DIR/shards/i-of-N for a slice.</summary>
    public static string SliceFolder(string folder, Shard? shard) =>
        shard is { } s ? Path.Combine(folder, SweepFolder.ShardsFolder, s.FolderName) : folder;

    public static SweepRunResult Run(SweepPlan plan, SweepRunOptions options, IProgress<SweepProgress>? progress = null)
    {
        var marker = SweepMarker.For(plan, options.Shard);
        if (options.Shard is not null)
        {
            // The sweep folder above the slices belongs to the same sweep (merge writes the whole results there).
            SweepFolder.CheckUsable(options.Folder, SweepMarker.For(plan, null));
            Directory.CreateDirectory(options.Folder);
            if (SweepMarker.Read(options.Folder) is null)
            {
                SweepFolder.WriteAtomically(Path.Combine(options.Folder, SweepMarker.FileName), SweepMarker.For(plan, null).Json());
            }
        }

        var folder = SweepFolder.Open(SliceFolder(options.Folder, options.Shard), marker);
        var done = new ConcurrentDictionary<int, PointRecord>(folder.Finished.Where(r => Belongs(plan, r)).ToDictionary(r => r.Point));
        var mine = plan.Points.Where(p => options.Shard is not { } s || s.Contains(p.Index)).ToList();
        var engines = new PointEvaluator.EngineCache();
        var pending = new ConcurrentQueue<SweepPoint>(DispatchOrder(mine.Where(p => !done.ContainsKey(p.Index)).ToList(), engines, options.Jobs));
        var skipped = mine.Count - pending.Count;
        var total = mine.Count;
        int evaluated = 0, failed = done.Values.Count(r => r.Status != PointStatus.Ok), running = 0;
        var report = new object();
        void Report(int? point = null, PointStatus? status = null, string? message = null)
        {
            lock (report)
            {
                progress?.Report(new SweepProgress(total, done.Count, skipped, failed, running, point, status, message));
            }
        }

        Report(message: skipped > 0 ? $"resuming: {skipped} of {total} points already done" : null);
        // -j is the sweep's whole budget of concurrent work: the points at once, and within each point its twins' simulations
        // (one worker per job while there are enough points; a sweep of fewer points than jobs gives each point the rest).
        var workerCount = Math.Max(1, Math.Min(options.Jobs, Math.Max(1, pending.Count)));
        var share = Math.Max(1, options.Jobs / workerCount);
        Exception? fatal = null;
        var interrupted = false;
        void Work()
        {
            while (!Interruption.IsRequested && fatal is null && pending.TryDequeue(out var point))
            {
                Interlocked.Increment(ref running);
                Report(point.Index);
                try
                {
                    var outcome = Evaluate(plan, point, folder, options.CacheRoot, engines, share, options.PointFigures);
                    folder.Append(outcome);
                    done[point.Index] = outcome.Record;
                    Interlocked.Increment(ref evaluated);
                    if (outcome.Record.Status != PointStatus.Ok)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    Interlocked.Decrement(ref running);
                    Report(point.Index, outcome.Record.Status, outcome.Record.Error);
                }
                catch (OperationCanceledException)
                {
                    interrupted = true;
                    Interlocked.Decrement(ref running);
                    return;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The results cannot be written: stop, nothing more can be recorded.
                    fatal ??= ex;
                    Interlocked.Decrement(ref running);
                    return;
                }
            }
        }

        var workers = Enumerable.Range(0, workerCount)
            .Select(_ => new Thread(Work) { IsBackground = true, Name = "hwgen-sweep" }).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        if (fatal is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(fatal).Throw();
        }

        if (interrupted || Interruption.IsRequested)
        {
            throw new OperationCanceledException(Interruption.Token);
        }

        var records = done.Values.OrderBy(r => r.Point).ToList();
        folder.Finish(records);
        return new SweepRunResult(folder.Path, records, evaluated, skipped, records.Count == total);
    }

    /// <summary>
    /// The order the workers take the points in. With one worker, or without RTL points, point order. Otherwise the RTL
    /// points longest first by <see cref="PointEvaluator.ExpectedWork"/> (ties in point order), then the analytical ones:
    /// a long point taken last would run alone while the other workers idle. The result files do not depend on it (they
    /// are rewritten in point order when the sweep completes).
    /// </summary>
    public static IReadOnlyList<SweepPoint> DispatchOrder(IReadOnlyList<SweepPoint> points, PointEvaluator.EngineCache engines, int jobs)
    {
        if (jobs <= 1 || points.All(p => p.Mode == PointMode.Analytical))
        {
            return points;
        }

        return points
            .Select(p => (Point: p, Work: p.Mode == PointMode.Analytical ? -1 : PointEvaluator.ExpectedWork(p.Model, engines.For(p))))
            .OrderByDescending(x => x.Work)
            .ThenBy(x => x.Point.Index)
            .Select(x => x.Point)
            .ToList();
    }

    private static bool Belongs(SweepPlan plan, PointRecord record) =>
        record.Point < plan.Points.Count && plan.Points[record.Point].Key == record.Key;

    /// <summary>One point: analytical figures always; RTL points also through the run stage. Failures become the record's error.</summary>
    public static PointOutcome Evaluate(SweepPlan plan, SweepPoint point, SweepFolder folder, string? cacheRoot, PointEvaluator.EngineCache engines,
        int parallelism = 1, bool figures = false)
    {
        Interruption.ThrowIfRequested();
        var clock = Stopwatch.StartNew();
        var values = plan.ValuesOf(point);
        AnalyticalFigures? analytical = null;
        try
        {
            analytical = PointEvaluator.Analytical(point.Model, engines.For(point));
            if (point.Mode == PointMode.Analytical)
            {
                return new PointOutcome(new PointRecord(point.Index, point.Key, PointStatus.Ok, point.Mode, values, analytical, null, null), clock.Elapsed.TotalSeconds, []);
            }

            var (measured, passed, builds) = PointEvaluator.Rtl(plan, point, folder.PointFolder(point.Index, plan.Points.Count), cacheRoot, parallelism, figures);
            var status = passed ? PointStatus.Ok : PointStatus.CheckFailed;
            var error = passed ? null : point.Mode == PointMode.GateLevel
                ? "the RTL or a gate-level netlist differs from the golden model, the RTL run or the analytical counts; see the point's report"
                : "the RTL differs from the golden model or the analytical counts; see the point's report";
            return new PointOutcome(new PointRecord(point.Index, point.Key, status, point.Mode, values, analytical, measured, error), clock.Elapsed.TotalSeconds, builds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            var message = ex is DiagnosticException d ? string.Join("; ", d.Diagnostics.Select(x => x.ToString())) : ex.Message;
            var line = message.ReplaceLineEndings(" ").Trim();
            if (line.Length > 2000)
            {
                line = line[..2000] + "...";
            }

            return new PointOutcome(new PointRecord(point.Index, point.Key, PointStatus.Error, point.Mode, values, analytical, null, line),
                clock.Elapsed.TotalSeconds, []);
        }
    }
}
