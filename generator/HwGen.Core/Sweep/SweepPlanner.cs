// Turns a sweep file into its points before anything runs: every point's spec is set up from the base spec and the axis
// values, validated by the spec's own reader and model builder, and (RTL points) rendered; a point that makes an invalid
// spec is reported at the sweep-file location of the axis value that makes it invalid. RTL points that differ only in
// data, statistics or T share one build of the spiking design, rendered at the largest T among them.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Spec;

namespace HwGen.Sweep;

/// <summary>The RTL of one point: the spiking design's file set (possibly built for a larger T) and the QNN twin's.</summary>
public sealed record PointRtl(RtlFileSet Snn, RtlFileSet Qnn, string SnnHardware)
{
    public int SnnBuildTimesteps => Snn.Design.Timesteps;

    public IReadOnlyList<RtlFileSet> Twins => [Snn, Qnn];
}

/// <summary>One point: its number, the index of its value on every axis, its mode, its validated spec and its identity.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<int> ValueIndices, PointMode Mode, HardwareModel Model, string Key)
{
    public PointRtl? Rtl { get; init; }

    /// <summary>
    /// Points with the same key differ only in statistics, T or the twin's width, so one analytical engine (its prices
    /// resolved once) evaluates them all: the values of the axes that set anything else.
    /// </summary>
    public string EngineKey { get; init; } = string.Empty;

    /// <summary>
    /// Points of the classical dataflow with the same key have the same RTL (both twins): the values of every axis but
    /// those that set only data, spike rates or sparsities (and the mode), which the classical core's RTL never reads.
    /// Empty for a mesh point: its slice mapping and packet encodings follow the spike rates, so it is rendered itself.
    /// </summary>
    public string RenderKey { get; init; } = string.Empty;
}

/// <summary>
/// What the RTL points need: hardware configurations (distinct RTL at each point's own T) and the builds that serve
/// them once points differing only in T share the spiking design's build.
/// </summary>
public sealed record BuildPlan(int RtlPoints, int SnnConfigurations, int SnnBuilds, int QnnConfigurations, int QnnBuilds)
{
    public int Configurations => SnnConfigurations + QnnConfigurations;

    public int Builds => SnnBuilds + QnnBuilds;
}

public sealed record SweepPlan(SweepDefinition Definition, string BaseDirectory, IReadOnlyList<SweepPoint> Points, string Fingerprint, BuildPlan Builds)
{
    /// <summary>The value text of <paramref name="point"/> on every axis, in axis order.</summary>
    public IReadOnlyList<string> ValuesOf(SweepPoint point) =>
        Definition.Axes.Select((a, i) => a.Values[point.ValueIndices[i]].Text).ToList();
}

public static class SweepPlanner
{
    private const int ShownPoints = 6;

    /// <summary>
    /// Reads and plans a sweep file; null when it or any point has errors (all in <paramref name="bag"/>). The points'
    /// RTL is rendered on up to <paramref name="jobs"/> threads (default: every core): a sweep's -j is its whole budget
    /// of concurrent work, planning included.
    /// </summary>
    public static SweepPlan? Plan(string sweepFile, DiagnosticBag bag, int? jobs = null)
    {
        var display = DisplayPath(sweepFile);
        var definition = SweepReader.ReadFile(sweepFile, display, bag);
        var plan = definition is null ? null : Plan(definition, bag, jobs);
        return bag.HasErrors ? null : plan;
    }

    public static SweepPlan? Plan(SweepDefinition definition, DiagnosticBag bag, int? jobs = null)
    {
        var baseDisplay = DisplayPath(definition.SpecFile);
        byte[] baseBytes;
        try
        {
            if (!File.Exists(definition.SpecFile))
            {
                bag.BaseSpecMissing(definition.SpecSpan, definition.SpecDisplay, Directory.Exists(definition.SpecFile) ? "it is a directory" : "no such file");
                return null;
            }

            baseBytes = File.ReadAllBytes(definition.SpecFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bag.BaseSpecMissing(definition.SpecSpan, definition.SpecDisplay, ex.Message);
            return null;
        }

        var baseDirectory = Path.GetDirectoryName(definition.SpecFile) ?? ".";
        var treeBag = new DiagnosticBag();
        var baseTree = YamlTreeReader.Read(baseBytes, baseDisplay, treeBag);
        if (baseTree is null || treeBag.HasErrors)
        {
            foreach (var d in treeBag.Sorted())
            {
                bag.Include(d);
            }

            bag.BaseSpecInvalid(definition.SpecSpan, definition.SpecDisplay, treeBag.Items.Count(d => d.IsError));
            return null;
        }

        // An axis key that cannot be followed in the base spec is reported once; the other axes are still checked point by point.
        var broken = new HashSet<int>();
        for (var a = 0; a < definition.Axes.Count; a++)
        {
            if (definition.Axes[a].Path is { } path && path.Apply(baseTree, definition.Axes[a].Values[0].Node, bag) is null)
            {
                broken.Add(a);
            }
        }

        var loader = new PointLoader(definition, baseTree, baseDisplay, baseDirectory, broken);
        var sizes = definition.DimensionSizes;
        var count = (int)definition.PointCount;
        var points = new List<SweepPoint>(count);
        var problems = new ProblemGroups(definition, loader);
        var baseHash = Convert.ToHexStringLower(SHA256.HashData(baseBytes));
        for (var p = 0; p < count; p++)
        {
            var dims = new int[sizes.Count];
            var rest = p;
            for (var d = sizes.Count - 1; d >= 0; d--)
            {
                dims[d] = rest % sizes[d];
                rest /= sizes[d];
            }

            var indices = definition.Axes.Select(a => dims[a.Dimension]).ToArray();
            var mode = definition.Mode;
            for (var a = 0; a < definition.Axes.Count; a++)
            {
                if (definition.Axes[a].IsMode)
                {
                    mode = PointModes.Parse(definition.Axes[a].Values[indices[a]].Text) ?? PointMode.Analytical;
                }
            }

            var (model, diagnostics) = loader.Load(indices, mode);
            problems.Add(p, indices, diagnostics);
            if (model is not null)
            {
                var engineKey = string.Join(",", definition.Axes.Select((a, i) => IsStatistics(a) ? "*" : indices[i].ToString(CultureInfo.InvariantCulture)));
                var renderKey = model.IsMesh ? string.Empty
                    : string.Join(",", definition.Axes.Select((a, i) => IsDataOrRates(a) ? "*" : indices[i].ToString(CultureInfo.InvariantCulture)));
                points.Add(new SweepPoint(p, indices, mode, model, PointKey(baseHash, definition, indices, mode)) { EngineKey = engineKey, RenderKey = renderKey });
            }
        }

        problems.Report(bag);
        if (bag.HasErrors)
        {
            return null;
        }

        var (withRtl, builds) = PlanBuilds(points, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs ?? Environment.ProcessorCount) });
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", withRtl.Select(x => x.Key)))));
        return new SweepPlan(definition, baseDirectory, withRtl, fingerprint, builds);
    }

    /// <summary>Axes that change only what the analytical engine takes as arguments: rates, sparsities, T, twin width, data.</summary>
    private static bool IsStatistics(SweepAxis axis) => IsDataOrRates(axis) || axis.Path is { Text: "neuron.timesteps" or "twin.activation_bits" };

    /// <summary>The points rendered together: those of one render key, or a mesh point alone.</summary>
    private static string RenderGroup(SweepPoint p) => p.RenderKey.Length > 0 ? p.RenderKey : "point " + p.Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Axes that change only the run's data and expected statistics (or the mode): not the classical core's RTL.</summary>
    private static bool IsDataOrRates(SweepAxis axis) => axis.IsMode
        || axis.Path is { } p && p.Last is "spike_rate" or "qnn_sparsity" or "input_spike_rate" or "seed" or "input_file" or "weights_file";

    /// <summary>
    /// The identity of a point for resuming and merging: the base spec's bytes, the mode and every axis key and value
    /// (not where the files are, so a rerun from another folder still resumes).
    /// </summary>
    private static string PointKey(string baseHash, SweepDefinition definition, IReadOnlyList<int> indices, PointMode mode)
    {
        var text = new StringBuilder("hwgen-sweep-point 1\n").Append(baseHash).Append('\n').Append(mode).Append('\n');
        for (var a = 0; a < definition.Axes.Count; a++)
        {
            text.Append(definition.Axes[a].Key).Append('=').Append(definition.Axes[a].Values[indices[a]].Text).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Renders every RTL point's twins. The spiking design's hardware apart from T is its RTL rendered at T = 1; points
    /// with the same such hardware share one build at the largest T among them (a build's T is a maximum the run data
    /// may go below, docs/rtl.md). The QNN twin's width follows T, so it is rendered at each point's own T.
    /// </summary>
    private static (List<SweepPoint> Points, BuildPlan Builds) PlanBuilds(List<SweepPoint> points, ParallelOptions parallel)
    {
        var rtl = points.Where(p => p.Mode.IsSimulated()).ToList();
        // Per point, the spiking hardware apart from T and the twin at the point's own T: rendered once per render key
        // (classical points differing only in data and rates; every mesh point on its own). The renders are independent:
        // on as many threads as the sweep may use (the plan is the same whatever the order).
        var representatives = new List<SweepPoint>();
        var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var slotOfPoint = new int[rtl.Count];
        for (var i = 0; i < rtl.Count; i++)
        {
            var key = RenderGroup(rtl[i]);
            if (!slotOf.TryGetValue(key, out var slot))
            {
                slot = slotOf[key] = representatives.Count;
                representatives.Add(rtl[i]);
            }

            slotOfPoint[i] = slot;
        }

        var rendered = new (string Hardware, RtlFileSet Qnn)[representatives.Count];
        try
        {
            Parallel.For(0, representatives.Count, parallel, i => rendered[i] = (
                RtlGenerator.Render(RtlDesign.Create(WithSnnTimesteps(representatives[i].Model, 1), DesignKind.Snn)).ContentHash,
                RtlGenerator.Render(RtlDesign.Create(representatives[i].Model, DesignKind.Qnn))));
        }
        catch (AggregateException e)
        {
            // A point's design refused (a located DiagnosticException, say) reaches the caller as itself, as it did serially.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        var hardware = rtl.Select((p, i) => (p.Index, rendered[slotOfPoint[i]].Hardware)).ToDictionary(x => x.Index, x => x.Hardware);
        var twins = rtl.Select((p, i) => (p.Index, rendered[slotOfPoint[i]].Qnn)).ToDictionary(x => x.Index, x => x.Qnn);

        var snnBuilds = new Dictionary<string, RtlFileSet>(StringComparer.Ordinal);
        foreach (var group in rtl.GroupBy(p => hardware[p.Index]))
        {
            var largest = group.MaxBy(p => p.Model.Neuron.Timesteps)!;
            snnBuilds[group.Key] = RtlGenerator.Render(RtlDesign.Create(largest.Model, DesignKind.Snn));
        }

        // Whether a point's spiking design at the shared build's T is that build (once per render key).
        var sameAtTimesteps = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool SameAtTimesteps(SweepPoint p, RtlFileSet build)
        {
            var group = RenderGroup(p);
            if (!sameAtTimesteps.TryGetValue(group, out var same))
            {
                same = sameAtTimesteps[group] =
                    RtlGenerator.Render(RtlDesign.Create(WithSnnTimesteps(p.Model, build.Design.Timesteps), DesignKind.Snn)).ContentHash == build.ContentHash;
            }

            return same;
        }

        var qnnSets = new Dictionary<string, RtlFileSet>(StringComparer.Ordinal);
        var result = new List<SweepPoint>(points.Count);
        foreach (var p in points)
        {
            if (!p.Mode.IsSimulated())
            {
                result.Add(p);
                continue;
            }

            var key = hardware[p.Index];
            var snn = snnBuilds[key];
            if (snn.Design.Timesteps != p.Model.Neuron.Timesteps && !SameAtTimesteps(p, snn))
            {
                // Not the same hardware at the shared T after all: this point gets a build of its own.
                key = key + "@" + p.Index.ToString(CultureInfo.InvariantCulture);
                snn = RtlGenerator.Render(RtlDesign.Create(p.Model, DesignKind.Snn));
                snnBuilds[key] = snn;
            }

            var qnn = twins[p.Index];
            qnn = qnnSets.TryGetValue(qnn.ContentHash, out var known) ? known : qnnSets[qnn.ContentHash] = qnn;
            result.Add(p with { Rtl = new PointRtl(snn, qnn, key) });
        }

        var withRtl = result.Where(p => p.Rtl is not null).ToList();
        var plan = new BuildPlan(
            withRtl.Count,
            withRtl.Select(p => (p.Rtl!.SnnHardware, p.Model.Neuron.Timesteps)).Distinct().Count(),
            withRtl.Select(p => p.Rtl!.Snn.ContentHash).Distinct(StringComparer.Ordinal).Count(),
            withRtl.Select(p => p.Rtl!.Qnn.ContentHash).Distinct(StringComparer.Ordinal).Count(),
            withRtl.Select(p => p.Rtl!.Qnn.ContentHash).Distinct(StringComparer.Ordinal).Count());
        return (result, plan);
    }


    /// <summary>The model with its spiking design at another T (the twin unchanged): what the RTL of that T would be.</summary>
    private static HardwareModel WithSnnTimesteps(HardwareModel model, int timesteps) => model with
    {
        Designs = model.Designs.Select(d => d.Kind == DesignKind.Snn ? model.DesignAt(DesignKind.Snn, timesteps, model.Twin.ActivationBits) : d).ToList(),
    };

    /// <summary>Paths in diagnostics as the user gave them, relative when under the working directory.</summary>
    public static string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative).Replace('\\', '/');
    }

    /// <summary>Sets up and validates one point's spec from the base tree and the point's axis values.</summary>
    internal sealed class PointLoader(SweepDefinition definition, YamlNode baseTree, string baseDisplay, string baseDirectory, IReadOnlySet<int> broken)
    {
        private readonly Dictionary<(int Axis, int Value), HashSet<(string, SourceSpan)>> single = [];
        private HashSet<string>? baseErrors;

        public SweepDefinition Definition => definition;

        public (HardwareModel? Model, IReadOnlyList<Diagnostic> Diagnostics) Load(IReadOnlyList<int> indices, PointMode mode)
        {
            var bag = new DiagnosticBag();
            var tree = baseTree;
            for (var a = 0; a < definition.Axes.Count && tree is not null; a++)
            {
                if (definition.Axes[a].Path is { } path && !broken.Contains(a))
                {
                    tree = path.Apply(tree, definition.Axes[a].Values[indices[a]].Node, bag);
                }
            }

            if (tree is null)
            {
                return (null, bag.Sorted());
            }

            var doc = SpecReader.Read(tree, baseDisplay, bag);
            var model = doc is null ? null : new ModelBuilder(bag, baseDirectory, ModelLoader.Presets).Build(doc);
            if (model is not null && !bag.HasErrors)
            {
                // A mesh point's auto encodings and hybrid crossovers, decided once from its preset's NoC prices.
                model = NocEncodingResolver.Resolve(model);
            }

            if (model is not null && !bag.HasErrors && mode.IsSimulated())
            {
                // What the run stage would refuse only after starting: no spiking design, a design the RTL generator refuses.
                if (!model.HasSpikingDesign)
                {
                    bag.RunNeedsSpikingDesign(model.Locations.At("neuron.model"));
                }
                else
                {
                    try
                    {
                        _ = RtlDesign.Create(model, DesignKind.Snn);
                        _ = RtlDesign.Create(model, DesignKind.Qnn);
                    }
                    catch (DiagnosticException ex)
                    {
                        foreach (var d in ex.Diagnostics)
                        {
                            bag.Include(d);
                        }
                    }
                }
            }

            return (bag.HasErrors ? null : model, bag.Sorted());
        }

        /// <summary>The errors of the base spec alone (the axes not applied), as text.</summary>
        public HashSet<string> BaseErrors => baseErrors ??= LoadBase();

        /// <summary>The errors (code and place) of the base spec with only axis <paramref name="axis"/> at its value <paramref name="value"/>.</summary>
        public HashSet<(string, SourceSpan)> ErrorsWithOnly(int axis, int value)
        {
            if (!single.TryGetValue((axis, value), out var errors))
            {
                var bag = new DiagnosticBag();
                var path = definition.Axes[axis].Path!;
                var tree = path.Apply(baseTree, definition.Axes[axis].Values[value].Node, bag);
                var doc = tree is null ? null : SpecReader.Read(tree, baseDisplay, bag);
                if (doc is not null)
                {
                    new ModelBuilder(bag, baseDirectory, ModelLoader.Presets).Build(doc);
                }

                errors = bag.Items.Where(d => d.IsError).Select(d => (d.Code, d.Span)).ToHashSet();
                single[(axis, value)] = errors;
            }

            return errors;
        }

        private HashSet<string> LoadBase()
        {
            var bag = new DiagnosticBag();
            var doc = SpecReader.Read(baseTree, baseDisplay, bag);
            if (doc is not null)
            {
                new ModelBuilder(bag, baseDirectory, ModelLoader.Presets).Build(doc);
            }

            return bag.Items.Where(d => d.IsError).Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Collects the points' problems and reports each distinct one once, at the axis value that causes it, with the
    /// points it affects: an axis value whose own node is where the spec reader found the problem; else the one axis
    /// whose value alone, set into the base spec, gives the same problem; else the point's combination of values.
    /// </summary>
    private sealed class ProblemGroups(SweepDefinition definition, PointLoader loader)
    {
        private readonly Dictionary<(SourceSpan Span, string Cause, string Detail, Severity Severity), List<int>> groups = [];
        private readonly List<(SourceSpan Span, string Cause, string Detail, Severity Severity)> order = [];
        private readonly List<Diagnostic> direct = [];
        private readonly HashSet<string> directSeen = new(StringComparer.Ordinal);
        private bool baseInvalid;

        public void Add(int point, IReadOnlyList<int> indices, IReadOnlyList<Diagnostic> diagnostics)
        {
            foreach (var d in diagnostics)
            {
                // Problems of an axis key path are the same in every point: reported once, as they are.
                if (d.Code is "HW1020" or "HW1021" or "HW1022" or "HW1023")
                {
                    if (directSeen.Add(d.ToString()))
                    {
                        direct.Add(d);
                    }

                    continue;
                }

                // A problem at an axis key itself (an unknown key the path adds) is the same in every point: reported once, as it is.
                var atKey = d.Span.File == definition.File && definition.Axes.All(a => a.Values.All(v => v.Span != d.Span));
                if (atKey || (d.IsError && d.Span.File != definition.File && loader.BaseErrors.Contains(d.ToString())))
                {
                    baseInvalid |= !atKey;
                    if (directSeen.Add(d.ToString()))
                    {
                        direct.Add(d);
                    }

                    continue;
                }

                var (span, cause) = Cause(d, indices);
                var detail = d.Span == span ? $"{(d.IsError ? "error" : "warning")} {d.Code}: {d.Message}" : d.ToString();
                var key = (span, cause, detail, d.Severity);
                if (!groups.TryGetValue(key, out var list))
                {
                    groups[key] = list = [];
                    order.Add(key);
                }

                list.Add(point);
            }
        }

        private (SourceSpan Span, string Cause) Cause(Diagnostic d, IReadOnlyList<int> indices)
        {
            var axes = definition.Axes;
            for (var a = 0; a < axes.Count; a++)
            {
                var value = axes[a].Values[indices[a]];
                if (d.Span.File == definition.File && (value.Span == d.Span || (axes[a].KeySpan.Line == d.Span.Line && value.Span != d.Span && IsInsideKey(axes[a], d.Span))))
                {
                    return (value.Span, Describe(a, indices[a]));
                }
            }

            if (d.IsError)
            {
                for (var a = 0; a < axes.Count; a++)
                {
                    if (!axes[a].IsMode && loader.ErrorsWithOnly(a, indices[a]).Contains((d.Code, d.Span)))
                    {
                        return (axes[a].Values[indices[a]].Span, Describe(a, indices[a]));
                    }
                }
            }

            return (axes[0].Values[indices[0]].Span, "the combination " + string.Join(", ", Enumerable.Range(0, axes.Count).Select(a => Describe(a, indices[a]))));
        }

        private static bool IsInsideKey(SweepAxis axis, SourceSpan span) =>
            span.Column >= axis.KeySpan.Column && span.Column <= axis.KeySpan.Column + axis.Key.Length + 1;

        private string Describe(int axis, int value) => $"'{definition.Axes[axis].Key}' = {definition.Axes[axis].Values[value].Text}";

        public void Report(DiagnosticBag bag)
        {
            foreach (var d in direct)
            {
                bag.Include(d);
            }

            if (baseInvalid)
            {
                bag.BaseSpecInvalid(definition.SpecSpan, definition.SpecDisplay, direct.Count(d => d.IsError && d.Span.File != definition.File));
            }

            foreach (var key in order)
            {
                var points = groups[key];
                var shown = string.Join(", ", points.Take(ShownPoints).Select(p => p.ToString(CultureInfo.InvariantCulture)));
                var list = points.Count <= ShownPoints ? shown : string.Create(CultureInfo.InvariantCulture, $"{shown} and {points.Count - ShownPoints} more");
                var label = points.Count == 1 ? "point " + list : "points " + list;
                if (key.Severity == Severity.Error)
                {
                    bag.PointInvalid(key.Span, key.Cause, points.Count, label, key.Detail);
                }
                else
                {
                    bag.PointWarning(key.Span, key.Cause, points.Count, key.Detail);
                }
            }
        }
    }
}
