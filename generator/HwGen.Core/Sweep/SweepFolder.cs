// A sweep's output folder: sweep.json names the sweep (its fingerprint) and the slice; points.jsonl and points.csv grow
// by one line per finished point (flushed at once, so a crash loses at most the points in flight); runs.jsonl logs every
// evaluation with its time and builds. A folder is used only when it is free, empty, or holds this same sweep (then it
// resumes); hwgen never deletes or replaces a file it did not write there.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HwGen.Sweep;

/// <summary>One slice of a sharded sweep: the points whose number is <see cref="Index"/> modulo <see cref="Count"/>.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public bool Contains(int point) => point % Count == Index;

    /// <summary>The slice's folder name below the sweep folder's shards/.</summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture, $"{Index}-of-{Count}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses "i/N" (0 ≤ i &lt; N); null with a reason otherwise.</summary>
    public static Shard? Parse(string text, out string? problem)
    {
        problem = null;
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            problem = $"'{text}' is not a shard; write INDEX/COUNT, e.g. 0/4 (indices start at 0, as Slurm's array task ids)";
            return null;
        }

        if (n < 1 || i >= n)
        {
            problem = $"shard '{text}': the index must be 0 to {Math.Max(0, n - 1)} and the count at least 1";
            return null;
        }

        return new Shard(i, n);
    }
}

/// <summary>An axis as sweep.json records it: its key and its grid dimension (zipped axes share one).</summary>
public sealed record MarkerAxis(string Key, int Dimension);

/// <summary>
/// What sweep.json says: the sweep, its fingerprint and point count, its axes, the builds its RTL points need, and which
/// slice the folder holds.
/// </summary>
public sealed record SweepMarker(string Name, string SweepFile, string BaseSpec, string Fingerprint, int Points, IReadOnlyList<MarkerAxis> Axes, BuildPlan Builds, Shard? Shard)
{
    public IReadOnlyList<string> AxisKeys => Axes.Select(a => a.Key).ToList();

    public const string FileName = "sweep.json";
    public const string Kind = "hwgen-sweep";

    public static SweepMarker For(SweepPlan plan, Shard? shard) => new(plan.Definition.Name, plan.Definition.File, plan.Definition.SpecDisplay,
        plan.Fingerprint, (int)plan.Definition.PointCount, plan.Definition.Axes.Select(a => new MarkerAxis(a.Key, a.Dimension)).ToList(), plan.Builds, shard);

    public string Json()
    {
        var o = new JsonObject
        {
            ["generator"] = "hwgen",
            ["kind"] = Kind,
            ["format"] = 1,
            ["name"] = Name,
            ["sweep_file"] = SweepFile,
            ["base_spec"] = BaseSpec,
            ["fingerprint"] = Fingerprint,
            ["points"] = Points,
            ["axes"] = new JsonArray(Axes.Select(a => (JsonNode)new JsonObject { ["key"] = a.Key, ["dimension"] = a.Dimension }).ToArray()),
            ["builds"] = new JsonObject
            {
                ["rtl_points"] = Builds.RtlPoints,
                ["snn_configurations"] = Builds.SnnConfigurations,
                ["snn_builds"] = Builds.SnnBuilds,
                ["qnn_configurations"] = Builds.QnnConfigurations,
                ["qnn_builds"] = Builds.QnnBuilds,
            },
            ["shard"] = Shard?.ToString(),
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>The marker of <paramref name="folder"/>, or null when it has none hwgen wrote.</summary>
    public static SweepMarker? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject o || (string?)o["generator"] != "hwgen" || (string?)o["kind"] != Kind)
            {
                return null;
            }

            Shard? shard = o["shard"] is JsonValue s && Sweep.Shard.Parse((string)s!, out _) is { } parsed ? parsed : null;
            return new SweepMarker((string)o["name"]!, (string)o["sweep_file"]!, (string)o["base_spec"]!, (string)o["fingerprint"]!, (int)o["points"]!,
                ((JsonArray)o["axes"]!).Select(a => new MarkerAxis((string)a!["key"]!, (int)a["dimension"]!)).ToList(),
                new BuildPlan((int)o["builds"]!["rtl_points"]!, (int)o["builds"]!["snn_configurations"]!, (int)o["builds"]!["snn_builds"]!,
                    (int)o["builds"]!["qnn_configurations"]!, (int)o["builds"]!["qnn_builds"]!),
                shard);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException or InvalidCastException or IOException)
        {
            return null;
        }
    }
}

public sealed class SweepFolder
{
    public const string PointsJson = "points.jsonl";
    public const string PointsCsv = "points.csv";
    public const string RunsLog = "runs.jsonl";
    public const string PointsFolder = "points";
    public const string ShardsFolder = "shards";

    private readonly object gate = new();
    private readonly IReadOnlyList<string> axes;

    private SweepFolder(string path, SweepMarker marker, IReadOnlyList<PointRecord> finished)
    {
        Path = path;
        Marker = marker;
        axes = marker.AxisKeys;
        Finished = finished;
    }

    public string Path { get; }

    public SweepMarker Marker { get; }

    /// <summary>The points this folder already holds results of (ok or check-failed), when it was opened.</summary>
    public IReadOnlyList<PointRecord> Finished { get; }

    /// <summary>The run folder of an RTL point.</summary>
    public string PointFolder(int point, int points) =>
        System.IO.Path.Combine(Path, PointsFolder, "p" + point.ToString(new string('0', Math.Max(4, points.ToString(CultureInfo.InvariantCulture).Length)), CultureInfo.InvariantCulture));

    /// <summary>
    /// Opens <paramref name="folder"/> for <paramref name="marker"/>'s sweep: creates it when free or empty, resumes it
    /// when it holds the same sweep and slice; refuses anything else with an IOException naming the folder.
    /// </summary>
    public static SweepFolder Open(string folder, SweepMarker marker)
    {
        var full = System.IO.Path.GetFullPath(folder);
        CheckUsable(folder, marker);
        try
        {
            Directory.CreateDirectory(full);
            if (SweepMarker.Read(full) is null)
            {
                WriteAtomically(System.IO.Path.Combine(full, SweepMarker.FileName), marker.Json());
            }

            var finished = LoadAndCompact(full, marker.AxisKeys);
            return new SweepFolder(full, marker, finished);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IOException($"cannot write sweep folder '{folder}': {ex.Message}", ex);
        }
    }

    /// <summary>Throws IOException unless <paramref name="folder"/> is free, empty, or a folder of this sweep and slice.</summary>
    public static void CheckUsable(string folder, SweepMarker marker)
    {
        var full = System.IO.Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new IOException($"sweep folder '{folder}' is a file; give a folder path");
        }

        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any())
        {
            return;
        }

        var existing = SweepMarker.Read(full)
            ?? throw new IOException($"sweep folder '{folder}' is not empty and holds no {SweepMarker.FileName} of an earlier hwgen sweep; refusing to write into it");
        if (existing.Fingerprint != marker.Fingerprint)
        {
            throw new IOException($"sweep folder '{folder}' holds sweep '{existing.Name}' ({existing.SweepFile}, fingerprint {existing.Fingerprint[..12]}), not this one (fingerprint {marker.Fingerprint[..12]}): its points or base spec differ; give another -o (a sweep never replaces results)");
        }

        if (existing.Shard != marker.Shard)
        {
            throw new IOException($"sweep folder '{folder}' holds {(existing.Shard is { } s ? "slice " + s : "the whole sweep")}, not {(marker.Shard is { } m ? "slice " + m : "the whole sweep")}");
        }
    }

    /// <summary>
    /// Reads the results so far, keeps the last good record of every point (a torn last line and error records are
    /// dropped: those points run again) and rewrites both files to exactly these records.
    /// </summary>
    private static List<PointRecord> LoadAndCompact(string folder, IReadOnlyList<string> axes)
    {
        var records = ReadRecords(System.IO.Path.Combine(folder, PointsJson), axes, out var torn);
        var kept = records.Where(r => r.Status != PointStatus.Error).GroupBy(r => r.Point).Select(g => g.Last()).ToList();
        if (torn || kept.Count != records.Count || !File.Exists(System.IO.Path.Combine(folder, PointsCsv)))
        {
            WriteRecords(folder, axes, kept);
        }

        return kept;
    }

    /// <summary>Every complete record of a points.jsonl in file order; <paramref name="torn"/> when a line is not a record.</summary>
    public static List<PointRecord> ReadRecords(string file, IReadOnlyList<string> axes, out bool torn)
    {
        torn = false;
        var records = new List<PointRecord>();
        if (!File.Exists(file))
        {
            return records;
        }

        var text = File.ReadAllText(file);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var complete = i < lines.Length - 1;
            if (lines[i].Length == 0)
            {
                continue;
            }

            if (complete && PointRecord.TryParse(lines[i], axes) is { } record)
            {
                records.Add(record);
            }
            else
            {
                torn = true;
            }
        }

        return records;
    }

    /// <summary>Writes points.jsonl and points.csv with exactly <paramref name="records"/> in the given order (atomically).</summary>
    public static void WriteRecords(string folder, IReadOnlyList<string> axes, IReadOnlyList<PointRecord> records)
    {
        var json = new StringBuilder();
        var csv = new StringBuilder(PointRecord.CsvHeader(axes));
        foreach (var r in records)
        {
            json.Append(r.JsonLine(axes));
            csv.Append(r.CsvRow());
        }

        WriteAtomically(System.IO.Path.Combine(folder, PointsJson), json.ToString());
        WriteAtomically(System.IO.Path.Combine(folder, PointsCsv), csv.ToString());
    }

    /// <summary>Appends one finished point to both result files and its evaluation to the log, flushed before returning.</summary>
    public void Append(PointOutcome outcome)
    {
        var line = outcome.Record.JsonLine(axes);
        var row = outcome.Record.CsvRow();
        var log = LogLine(outcome);
        lock (gate)
        {
            if (!File.Exists(System.IO.Path.Combine(Path, PointsCsv)))
            {
                AppendText(PointsCsv, PointRecord.CsvHeader(axes));
            }

            AppendText(PointsJson, line);
            AppendText(PointsCsv, row);
            AppendText(RunsLog, log);
        }
    }

    /// <summary>Rewrites the result files in point order once every point of the folder is done.</summary>
    public void Finish(IReadOnlyList<PointRecord> records)
    {
        lock (gate)
        {
            WriteRecords(Path, axes, records.OrderBy(r => r.Point).ToList());
        }
    }

    private void AppendText(string name, string text)
    {
        using var stream = new FileStream(System.IO.Path.Combine(Path, name), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush();
    }

    private string LogLine(PointOutcome outcome)
    {
        var o = new JsonObject
        {
            ["point"] = outcome.Record.Point,
            ["status"] = PointRecord.StatusText(outcome.Record.Status),
            ["shard"] = Marker.Shard?.ToString(),
            ["seconds"] = Math.Round(outcome.Seconds, 4),
            ["builds"] = new JsonArray(outcome.Builds.Select(b => (JsonNode)new JsonObject
            {
                ["twin"] = b.Twin,
                ["hash"] = b.Hash,
                ["from_cache"] = b.FromCache,
                ["build_seconds"] = Math.Round(b.BuildSeconds, 3),
            }).ToArray()),
        };
        return o.ToJsonString() + "\n";
    }

    /// <summary>The evaluations logged in a folder's runs.jsonl (every run, resumed ones included).</summary>
    public static IReadOnlyList<LoggedRun> ReadLog(string folder)
    {
        var path = System.IO.Path.Combine(folder, RunsLog);
        if (!File.Exists(path))
        {
            return [];
        }

        var runs = new List<LoggedRun>();
        foreach (var line in File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonNode.Parse(line) is JsonObject o)
                {
                    runs.Add(new LoggedRun((int)o["point"]!, (string)o["status"]!, (double)o["seconds"]!,
                        ((JsonArray)o["builds"]!).Select(b => new PointBuild((string)b!["twin"]!, (string)b["hash"]!, (bool)b["from_cache"]!, (double)b["build_seconds"]!)).ToList()));
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
            {
                // A torn last line of an interrupted run: not an evaluation that finished.
            }
        }

        return runs;
    }

    public static void WriteAtomically(string path, string text)
    {
        var temp = path + ".hwgen-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllBytes(temp, Encoding.UTF8.GetBytes(text));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>One logged evaluation of a point.</summary>
public sealed record LoggedRun(int Point, string Status, double Seconds, IReadOnlyList<PointBuild> Builds);
