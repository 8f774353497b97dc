// Joins the slices of a sharded sweep into one sweep folder: every slice must belong to the same sweep, every point
// must be recorded exactly once across them; the merged points.csv/points.jsonl, tables and plots are then the same
// bytes an unsharded run writes.
using System.Globalization;
using HwGen.Diagnostics;

namespace HwGen.Sweep;

public sealed record MergeResult(SweepMarker Marker, IReadOnlyList<PointRecord> Records, IReadOnlyList<LoggedRun> Log, int Slices);

public static class SweepMerge
{
    /// <summary>The slices below a sweep folder's shards/, in name order (empty when it has none).</summary>
    public static IReadOnlyList<string> SlicesOf(string folder)
    {
        var shards = Path.Combine(folder, SweepFolder.ShardsFolder);
        return Directory.Exists(shards)
            ? Directory.EnumerateDirectories(shards).Where(d => SweepMarker.Read(d) is not null).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Reads and checks the slices; null (with diagnostics) when they are not exactly one sweep's points.</summary>
    public static MergeResult? Read(IReadOnlyList<string> slices, DiagnosticBag bag)
    {
        SweepMarker? first = null;
        string? firstSlice = null;
        var seen = new Dictionary<int, string>();
        var records = new List<PointRecord>();
        var log = new List<LoggedRun>();
        foreach (var slice in slices)
        {
            var display = SweepPlanner.DisplayPath(slice);
            var marker = SweepMarker.Read(slice);
            if (marker is null)
            {
                bag.NotASweepFolder(SourceSpan.StartOf(display + "/" + SweepMarker.FileName), display);
                continue;
            }

            if (first is null)
            {
                first = marker;
                firstSlice = display;
            }
            else if (marker.Fingerprint != first.Fingerprint)
            {
                bag.SliceOfAnotherSweep(SourceSpan.StartOf(display + "/" + SweepMarker.FileName), display, marker.Fingerprint, first.Fingerprint);
                continue;
            }

            var file = Path.Combine(slice, SweepFolder.PointsJson);
            var lines = File.Exists(file) ? File.ReadAllText(file).Split('\n') : [];
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length == 0 || i == lines.Length - 1 && !lines[i].EndsWith('}'))
                {
                    continue;
                }

                var record = PointRecord.TryParse(lines[i], marker.AxisKeys);
                if (record is null)
                {
                    continue;
                }

                var at = new SourceSpan(display + "/" + SweepFolder.PointsJson, i + 1, 1);
                if (seen.TryGetValue(record.Point, out var where))
                {
                    bag.PointDoubled(at, record.Point, where);
                    continue;
                }

                seen[record.Point] = at.ToString();
                records.Add(record);
            }

            log.AddRange(SweepFolder.ReadLog(slice));
        }

        if (first is null)
        {
            return null;
        }

        var missing = Enumerable.Range(0, first.Points).Where(p => !seen.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            var shown = string.Join(", ", missing.Take(20).Select(p => p.ToString(CultureInfo.InvariantCulture)));
            bag.PointsMissing(SourceSpan.StartOf(firstSlice + "/" + SweepMarker.FileName), missing.Count, first.Points,
                missing.Count > 20 ? shown + string.Create(CultureInfo.InvariantCulture, $" and {missing.Count - 20} more") : shown);
        }

        return bag.HasErrors ? null : new MergeResult(first with { Shard = null }, records.OrderBy(r => r.Point).ToList(), log, slices.Count);
    }

    /// <summary>Writes the merged results into <paramref name="output"/> (a free, empty, or the same sweep's folder).</summary>
    public static SweepSummary Write(MergeResult merged, string output)
    {
        SweepFolder.CheckUsable(output, merged.Marker);
        Directory.CreateDirectory(output);
        if (SweepMarker.Read(output) is null)
        {
            SweepFolder.WriteAtomically(Path.Combine(output, SweepMarker.FileName), merged.Marker.Json());
        }

        SweepFolder.WriteRecords(output, merged.Marker.AxisKeys, merged.Records);
        return SweepReport.Write(merged.Marker, merged.Records, merged.Log.Concat(SweepFolder.ReadLog(output)).ToList(), output);
    }
}
