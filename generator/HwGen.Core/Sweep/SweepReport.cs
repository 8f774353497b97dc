// Writes a complete sweep's summary (summary.md, summary.json), its tables (breakeven.csv, disagreements.csv) and its
// plots from the stored records, so a merged Slurm sweep and a local run give the same files.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HwGen.Sweep;

/// <summary>The builds a sweep folder's RTL points used, from its evaluation log.</summary>
public sealed record BuildUse(int SnnBuildsUsed, int QnnBuildsUsed, int VerilatorBuildsRun, int CacheHits);

public sealed record SweepSummary(SweepMarker Marker, IReadOnlyList<PointRecord> Records, SweepAnalysisResult Analysis, BuildUse Builds, IReadOnlyList<string> Files)
{
    public int Ok => Records.Count(r => r.Status == PointStatus.Ok);

    public int CheckFailed => Records.Count(r => r.Status == PointStatus.CheckFailed);

    public int Errors => Records.Count(r => r.Status == PointStatus.Error);
}

public static partial class SweepReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static BuildUse Builds(IReadOnlyList<PointRecord> records, IReadOnlyList<LoggedRun> log)
    {
        var rtl = records.Where(r => r.Measured is not null).ToList();
        var builds = log.SelectMany(r => r.Builds).ToList();
        return new BuildUse(
            rtl.Select(r => r.Measured!.SnnBuild).Distinct(StringComparer.Ordinal).Count(),
            rtl.Select(r => r.Measured!.QnnBuild).Distinct(StringComparer.Ordinal).Count(),
            builds.Count(b => !b.FromCache),
            builds.Count(b => b.FromCache));
    }

    /// <summary>Analyses the records and writes every summary file and plot into <paramref name="folder"/>.</summary>
    public static SweepSummary Write(SweepMarker marker, IReadOnlyList<PointRecord> records, IReadOnlyList<LoggedRun> log, string folder, bool plots = true)
    {
        var analysis = SweepAnalysis.Analyze(marker.Axes, records);
        var builds = Builds(records, log);
        var files = new List<string>();
        void Text(string name, string text)
        {
            SweepFolder.WriteAtomically(Path.Combine(folder, name), text);
            files.Add(name);
        }

        Text("breakeven.csv", BreakEvenCsv(analysis));
        Text("disagreements.csv", DisagreementsCsv(marker, analysis));
        if (plots)
        {
            files.AddRange(WritePlots(marker, analysis, folder));
        }

        var summary = new SweepSummary(marker, records, analysis, builds, files);
        Text("summary.json", Json(summary));
        Text("summary.md", Markdown(summary));
        return summary;
    }

    private static IEnumerable<string> WritePlots(SweepMarker marker, SweepAnalysisResult a, string folder)
    {
        var plotFolder = Path.Combine(folder, "plots");
        Directory.CreateDirectory(plotFolder);
        var jobs = new List<(string Name, Action<string> Render)>();
        foreach (var f in a.Figures)
        {
            jobs.Add(($"energy-vs-spike-rate{Slug(f.Group)}", path => SweepPlots.Save(marker.Name, f, path)));
        }

        foreach (var m in a.Maps)
        {
            jobs.Add(($"ratio-map{Slug(m.Label)}", path => SweepPlots.Save(marker.Name, m, a.RateAxis!, path)));
        }

        if (a.TimestepsAxis is not null)
        {
            foreach (var g in a.BreakEven.GroupBy(b => b.Group))
            {
                var presets = a.Series.Where(s => s.Group == g.Key).SelectMany(s => s.Presets).Distinct().Order(StringComparer.Ordinal).ToList();
                presets = presets.Count > 0 ? presets : a.Presets.ToList();

                var rows = g.ToList();
                jobs.Add(($"breakeven-vs-timesteps{Slug(g.Key)}", path => SweepPlots.Save(marker.Name, g.Key, rows, presets, path)));
            }
        }

        var names = new List<string>();
        var renders = jobs.SelectMany(j => new[] { ".png", ".svg" }.Select(ext => (Name: "plots/" + j.Name + ext, j.Render))).ToList();
        Parallel.ForEach(renders, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
        {
            var target = Path.Combine(folder, job.Name);
            var temp = Path.Combine(plotFolder, "." + Path.GetFileName(target) + ".hwgen-" + Environment.ProcessId.ToString(Inv) + Path.GetExtension(target));
            job.Render(temp);
            File.Move(temp, target, overwrite: true);
        });
        return renders.Select(r => r.Name).Order(StringComparer.Ordinal);
    }

    /// <summary>A file-name suffix for a group label ("" for the only group).</summary>
    private static string Slug(string label)
    {
        if (label.Length == 0)
        {
            return string.Empty;
        }

        var slug = SlugPattern().Replace(label.Replace(", ", "_", StringComparison.Ordinal), "-").Trim('-');
        return "-" + (slug.Length > 100 ? slug[..100] : slug);
    }

    [GeneratedRegex("[^A-Za-z0-9._=+-]+")]
    private static partial Regex SlugPattern();

    private static string BreakEvenCsv(SweepAnalysisResult a)
    {
        var sb = new StringBuilder("group,timesteps,analytical_breakeven,measured_breakeven,closed_form_breakeven,analytical_points,measured_points\n");
        foreach (var b in a.BreakEven)
        {
            sb.Append(Inv, $"{Csv(b.Group)},{b.Timesteps},{Cell(b.Analytical)},{Cell(b.Measured)},{(b.ClosedForm is { } c ? SweepAnalysis.Describe(c) : string.Empty)},{b.AnalyticalPoints},{b.MeasuredPoints}\n");
        }

        return sb.ToString();
    }

    private static string Cell(Crossing c) => c.Kind switch
    {
        CrossingKind.Crossing => PointRecord.Number(c.SpikeRate),
        CrossingKind.BelowRange => "below " + PointRecord.Number(c.LowestRate),
        CrossingKind.AboveRange => "above " + PointRecord.Number(c.HighestRate),
        _ => string.Empty,
    };

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string DisagreementsCsv(SweepMarker marker, SweepAnalysisResult a)
    {
        var sb = new StringBuilder("point," + string.Join(",", marker.AxisKeys.Select(Csv)) + ",expected_ratio,expected_verdict,exact_ratio,exact_verdict,measured_ratio,measured_verdict\n");
        foreach (var p in a.Disagreements)
        {
            var x = p.Analytical!;
            var m = p.Measured!;
            sb.Append(Inv, $"{p.Point},{string.Join(",", p.Values.Select(Csv))},{PointRecord.Number(x.SnnPj / x.QnnPj)},{Lower(x.Verdict)},{PointRecord.Number(m.ExactSnnPj / m.ExactQnnPj)},{Lower(m.ExactVerdict)},{PointRecord.Number(m.SnnPj / m.QnnPj)},{Lower(m.Verdict)}\n");
        }

        return sb.ToString();
    }

    private static string Lower(Verdict v) => v.ToString().ToLowerInvariant();

    public static string BuildsLine(SweepMarker marker, BuildUse use)
    {
        var b = marker.Builds;
        return string.Create(Inv,
            $"{b.RtlPoints} RTL points: {b.Configurations} distinct hardware configurations ({b.SnnConfigurations} SNN at each point's own T, {b.QnnConfigurations} QNN twin); {use.SnnBuildsUsed + use.QnnBuildsUsed} builds used ({use.SnnBuildsUsed} SNN, {use.QnnBuildsUsed} QNN; planned {b.SnnBuilds} + {b.QnnBuilds}); Verilator ran {use.VerilatorBuildsRun} builds in this folder's runs, {use.CacheHits} twin runs reused a cached build");
    }

    private static string Markdown(SweepSummary s)
    {
        var m = s.Marker;
        var a = s.Analysis;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# HwGen sweep: {m.Name}\n\n");
        sb.Append(Inv, $"- Sweep file: {m.SweepFile}; base spec: {m.BaseSpec}; fingerprint {m.Fingerprint[..16]}\n");
        sb.Append(Inv, $"- Axes: {string.Join(", ", m.Axes.Select(x => $"`{x.Key}`"))}\n");
        sb.Append(Inv, $"- Analytical model: {PointEvaluator.AnalyticalModel} (expected mode at each point's spec statistics; 'exact' is the same model on the run's traces)\n");
        sb.Append(Inv, $"- Measured model: {PointEvaluator.MeasuredModel}\n");
        sb.Append(Inv, $"- ERT presets: {string.Join(", ", s.Records.Where(r => r.Analytical is not null).Select(r => r.Analytical!.Preset).Distinct().Order(StringComparer.Ordinal))}\n");
        sb.Append(Inv, $"- Points: {s.Records.Count} of {m.Points} recorded: {s.Ok} ok, {s.CheckFailed} check-failed, {s.Errors} errors\n");
        sb.Append(Inv, $"- Builds: {BuildsLine(m, s.Builds)}\n\n");

        sb.Append("## Break-even spike rate per T\n\n");
        if (a.RateAxis is null)
        {
            sb.Append("No spike-rate axis: the closed-form break-even of the analytical engine at each point (every layer at the same s_r).\n\n");
        }
        else
        {
            sb.Append(Inv, $"Where E_SNN/E_QNN crosses 1 along `{a.RateAxis}`, interpolated linearly between neighbouring points (analytical: against the spec's network spike rate; measured: against the run's). '< x' / '> x': no crossing within the swept rates.\n\n");
        }

        sb.Append("| group | T | analytical | measured | closed form | points (analytical / measured) |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var b in a.BreakEven)
        {
            sb.Append(Inv, $"| {(b.Group.Length == 0 ? "all" : b.Group)} | {b.Timesteps} | {b.Analytical} | {b.Measured} | {(b.ClosedForm is { } c ? SweepAnalysis.Describe(c) : "")} | {b.AnalyticalPoints} / {b.MeasuredPoints} |\n");
        }

        sb.Append("\n## Where the measured verdict differs from the analytical one\n\n");
        var rtl = s.Records.Count(r => r.Status == PointStatus.Ok && r.Measured is not null);
        if (rtl == 0)
        {
            sb.Append("No RTL point: nothing measured.\n");
        }
        else if (a.Disagreements.Count == 0)
        {
            sb.Append(Inv, $"None: at all {rtl} RTL points the measured verdict (lower measured energy) equals the analytical one (expected and exact mode).\n");
        }
        else
        {
            sb.Append(Inv, $"{a.Disagreements.Count} of {rtl} RTL points (ratio = E_SNN / E_QNN; the verdict names the cheaper design):\n\n");
            sb.Append("| point | " + string.Join(" | ", m.AxisKeys) + " | expected ratio | verdict | exact ratio | verdict | measured ratio | verdict |\n");
            sb.Append("|---:|" + string.Concat(m.AxisKeys.Select(_ => "---|")) + "---:|---|---:|---|---:|---|\n");
            foreach (var p in a.Disagreements)
            {
                var x = p.Analytical!;
                var mm = p.Measured!;
                sb.Append(Inv, $"| {p.Point} | {string.Join(" | ", p.Values)} | {x.SnnPj / x.QnnPj:0.####} | {Lower(x.Verdict)} | {mm.ExactSnnPj / mm.ExactQnnPj:0.####} | {Lower(mm.ExactVerdict)} | {mm.SnnPj / mm.QnnPj:0.####} | {Lower(mm.Verdict)} |\n");
            }
        }

        var failed = s.Records.Where(r => r.Status != PointStatus.Ok).ToList();
        if (failed.Count > 0)
        {
            sb.Append("\n## Points that failed\n\n| point | status | error |\n|---:|---|---|\n");
            foreach (var r in failed)
            {
                sb.Append(Inv, $"| {r.Point} | {PointRecord.StatusText(r.Status)} | {(r.Error ?? "").Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }
        }

        if (s.Files.Any(f => f.StartsWith("plots/", StringComparison.Ordinal)))
        {
            sb.Append("\n## Plots\n\n");
            foreach (var f in s.Files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
            {
                sb.Append(Inv, $"- [{f}]({f}) (and .svg)\n");
            }
        }

        return sb.ToString();
    }

    private static string Json(SweepSummary s)
    {
        var m = s.Marker;
        var o = new JsonObject
        {
            ["sweep"] = m.Name,
            ["fingerprint"] = m.Fingerprint,
            ["analytical_model"] = PointEvaluator.AnalyticalModel,
            ["measured_model"] = PointEvaluator.MeasuredModel,
            ["points"] = m.Points,
            ["recorded"] = s.Records.Count,
            ["ok"] = s.Ok,
            ["check_failed"] = s.CheckFailed,
            ["errors"] = s.Errors,
            ["builds"] = new JsonObject
            {
                ["rtl_points"] = m.Builds.RtlPoints,
                ["hardware_configurations"] = m.Builds.Configurations,
                ["snn_configurations"] = m.Builds.SnnConfigurations,
                ["qnn_configurations"] = m.Builds.QnnConfigurations,
                ["snn_builds_used"] = s.Builds.SnnBuildsUsed,
                ["qnn_builds_used"] = s.Builds.QnnBuildsUsed,
            },
            ["breakeven"] = new JsonArray(s.Analysis.BreakEven.Select(b => (JsonNode)new JsonObject
            {
                ["group"] = b.Group,
                ["timesteps"] = b.Timesteps,
                ["analytical"] = b.Analytical.ToString(),
                ["measured"] = b.Measured.ToString(),
                ["closed_form"] = b.ClosedForm is { } c ? SweepAnalysis.Describe(c) : null,
            }).ToArray()),
            ["disagreements"] = new JsonArray(s.Analysis.Disagreements.Select(p => (JsonNode)p.Point).ToArray()),
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
