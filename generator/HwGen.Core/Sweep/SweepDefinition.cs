// The sweep file as written (docs/sweep.md), every key and value located: the base spec, the points' mode and the axes
// over spec keys, crossed as a grid or taken together (zipped).
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HwGen.Diagnostics;
using HwGen.Spec;

namespace HwGen.Sweep;

/// <summary>
/// How a point is evaluated: the analytical engine only; both twins simulated in RTL with measured energy; or the RTL
/// run and each twin's synthesised netlist simulated on the same data (`hwgen run --gate-level`).
/// </summary>
public enum PointMode
{
    Analytical,
    Rtl,
    GateLevel,
}

public static class PointModes
{
    /// <summary>The mode's text in sweep files and records.</summary>
    public static string Text(PointMode mode) => mode switch
    {
        PointMode.Rtl => "rtl",
        PointMode.GateLevel => "gate-level",
        _ => "analytical",
    };

    /// <summary>The mode a text names, or null.</summary>
    public static PointMode? Parse(string text) => text switch
    {
        "analytical" => PointMode.Analytical,
        "rtl" => PointMode.Rtl,
        "gate-level" => PointMode.GateLevel,
        _ => null,
    };

    /// <summary>The point goes through the run stage (RTL simulation, and for gate-level the netlists too).</summary>
    public static bool IsSimulated(this PointMode mode) => mode != PointMode.Analytical;
}

/// <summary>One value of an axis: the YAML node that is set into the spec, its text, and where the sweep file gives it.</summary>
public sealed record AxisValue(YamlNode Node, string Text, SourceSpan Span);

/// <summary>
/// One axis: a spec key path (or the pseudo-key <c>mode</c>) and its values. <see cref="Dimension"/> numbers the grid
/// dimension it belongs to; zipped axes share one.
/// </summary>
public sealed record SweepAxis(string Key, SourceSpan KeySpan, SpecKeyPath? Path, IReadOnlyList<AxisValue> Values, int Dimension)
{
    public bool IsMode => Path is null;

    /// <summary>The axis sets a spike rate (a layer's <c>spike_rate</c> or the stimulus rate): the x axis of the crossing plots.</summary>
    public bool IsSpikeRate => Path is { } p && (p.Last == "spike_rate" || p.Last == "input_spike_rate");

    public bool IsTimesteps => Path?.Text == "neuron.timesteps";
}

public sealed record SweepDefinition(
    string File,
    string Name,
    string? Description,
    string SpecFile,
    string SpecDisplay,
    SourceSpan SpecSpan,
    PointMode Mode,
    IReadOnlyList<SweepAxis> Axes)
{
    public int Dimensions => Axes.Count == 0 ? 0 : Axes.Max(a => a.Dimension) + 1;

    /// <summary>The number of values of each grid dimension.</summary>
    public IReadOnlyList<int> DimensionSizes => Enumerable.Range(0, Dimensions).Select(d => Axes.First(a => a.Dimension == d).Values.Count).ToList();

    public long PointCount => DimensionSizes.Aggregate(1L, (p, n) => p * n);
}

public static partial class SweepReader
{
    public const long MaxFileBytes = 1 << 20;
    public const long MaxPoints = 1_000_000;
    public static readonly string[] RootKeys = ["hwgen_sweep", "name", "description", "spec", "mode", "combine", "axes"];
    public static readonly string[] AxisKeys = ["key", "values", "range"];
    public static readonly string[] ZipKeys = ["zip"];
    public static readonly string[] RangeKeys = ["from", "to", "step", "count"];
    public static readonly string[] Modes = ["analytical", "rtl", "gate-level"];
    public static readonly string[] Combines = ["grid", "zip"];
    public const string ModeKey = "mode";
    private const int MaxRangeValues = 100_000;

    /// <summary>Reads a sweep file; null when it has errors (all reported in <paramref name="bag"/>).</summary>
    public static SweepDefinition? ReadFile(string path, string display, DiagnosticBag bag)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                bag.SweepNotReadable(display, Directory.Exists(path) ? "it is a directory" : "no such file");
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                bag.SweepTooLarge(SourceSpan.StartOf(display), info.Length, MaxFileBytes);
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bag.SweepNotReadable(display, ex.Message);
            return null;
        }

        return Read(bytes, display, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", bag);
    }

    public static SweepDefinition? Read(byte[] bytes, string file, string baseDirectory, DiagnosticBag bag)
    {
        // The YAML reader speaks of "the spec" in two of its messages: say "sweep file" there.
        var yaml = new DiagnosticBag();
        var tree = YamlTreeReader.Read(bytes, file, yaml);
        foreach (var d in yaml.Items)
        {
            switch (d.Code)
            {
                case "HW0006": bag.SweepEmpty(d.Span); break;
                case "HW0007": bag.SweepMultipleDocuments(d.Span); break;
                case "HW0002": bag.SweepTooLarge(d.Span, bytes.LongLength, MaxFileBytes); break;
                case "HW0102": bag.Include(d with { Code = "HW1017" }); break;
                default: bag.Include(d); break;
            }
        }

        if (tree is null || yaml.HasErrors)
        {
            return null;
        }

        if (tree is not YamlMapping root)
        {
            bag.SweepWrongType(tree.Span, "the sweep file", "a mapping (hwgen_sweep, name, spec, mode, axes)", SectionReader.Describe(tree));
            return null;
        }

        var keys = new Keys(root, "the sweep file", string.Empty, RootKeys, bag);
        if (keys.Scalar("hwgen_sweep", required: true) is { } version && !(version.IsPlain && version.Value == "1"))
        {
            bag.SweepUnsupportedVersion(version.Span, version.Value);
        }

        var name = keys.Text("name", required: true);
        if (name is { } n && (!NamePattern().IsMatch(n.Value) || n.Value.Length > 64))
        {
            bag.SweepInvalidName(n.Span, n.Value);
        }

        var description = keys.Text("description");
        var spec = keys.Text("spec", required: true);
        var mode = PointMode.Analytical;
        if (keys.Text("mode") is { } modeText)
        {
            mode = ParseMode(modeText, "mode", bag) ?? mode;
        }

        var zipAll = false;
        if (keys.Text("combine") is { } combine)
        {
            if (!Combines.Contains(combine.Value))
            {
                bag.SweepUnknownValue(combine.Span, "combine", combine.Value, Combines);
            }

            zipAll = combine.Value == "zip";
        }

        var axes = new List<SweepAxis>();
        if (keys.Node("axes", required: true) is { } axesNode)
        {
            if (axesNode is not YamlSequence list)
            {
                bag.SweepWrongType(axesNode.Span, "axes", "a list of axes ({key, values} or {key, range}, or {zip: [axes]})", SectionReader.Describe(axesNode));
            }
            else
            {
                ReadAxes(list, zipAll, axes, bag);
            }
        }

        // Axes refused above leave their dimension empty: number the remaining dimensions 0, 1, ... again.
        var dimensions = axes.Select(a => a.Dimension).Distinct().Order().ToList();
        axes = axes.Select(a => a with { Dimension = dimensions.IndexOf(a.Dimension) }).ToList();
        CheckOverlaps(axes, bag);
        if (name is null || spec is null || axes.Count == 0)
        {
            return null;
        }

        // With errors in other keys, the axes read so far are still planned, so that their points' problems are reported in the same run.

        var definition = new SweepDefinition(file, name.Value.Value, description?.Value, Path.GetFullPath(Path.Combine(baseDirectory, spec.Value.Value)),
            spec.Value.Value, spec.Value.Span, mode, axes);
        if (definition.PointCount > MaxPoints)
        {
            bag.TooManyPoints(root.Entries.First(e => e.Key.Value == "axes").Key.Span, definition.PointCount, MaxPoints);
            return null;
        }

        return definition;
    }

    private static PointMode? ParseMode(Located<string> text, string path, DiagnosticBag bag)
    {
        if (PointModes.Parse(text.Value) is { } mode)
        {
            return mode;
        }

        bag.SweepUnknownValue(text.Span, path, text.Value, Modes);
        return null;
    }

    private static void ReadAxes(YamlSequence list, bool zipAll, List<SweepAxis> axes, DiagnosticBag bag)
    {
        if (list.Items.Count == 0)
        {
            bag.SweepWrongType(list.Span, "axes", "a list of at least one axis", "an empty list");
            return;
        }

        var dimension = 0;
        for (var i = 0; i < list.Items.Count; i++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"axes[{i}]");
            if (list.Items[i] is not YamlMapping item)
            {
                bag.SweepWrongType(list.Items[i].Span, where, "an axis ({key, values} or {key, range}) or {zip: [axes]}", SectionReader.Describe(list.Items[i]));
                continue;
            }

            if (item.Entries.Any(e => e.Key.Value == "zip"))
            {
                var zip = new Keys(item, $"'{where}'", where, ZipKeys, bag).Node("zip", required: true);
                if (zip is not YamlSequence members || members.Items.Count == 0)
                {
                    bag.SweepWrongType(zip!.Span, where + ".zip", "a list of at least one axis", SectionReader.Describe(zip));
                    continue;
                }

                var group = new List<SweepAxis>();
                for (var j = 0; j < members.Items.Count; j++)
                {
                    var memberWhere = string.Create(CultureInfo.InvariantCulture, $"{where}.zip[{j}]");
                    if (members.Items[j] is not YamlMapping member)
                    {
                        bag.SweepWrongType(members.Items[j].Span, memberWhere, "an axis ({key, values} or {key, range})", SectionReader.Describe(members.Items[j]));
                        continue;
                    }

                    if (ReadAxis(member, memberWhere, zipAll ? 0 : dimension, bag) is { } axis)
                    {
                        group.Add(axis);
                    }
                }

                AddZipped(group, axes, bag);
                dimension++;
                continue;
            }

            if (ReadAxis(item, where, zipAll ? 0 : dimension, bag) is { } single)
            {
                AddZipped([single], axes, bag);
            }

            dimension++;
        }
    }

    /// <summary>Adds axes that share a dimension, checking that every axis of the dimension has as many values as its first.</summary>
    private static void AddZipped(IReadOnlyList<SweepAxis> group, List<SweepAxis> axes, DiagnosticBag bag)
    {
        foreach (var axis in group)
        {
            var first = axes.FirstOrDefault(a => a.Dimension == axis.Dimension);
            if (first is not null && first.Values.Count != axis.Values.Count)
            {
                bag.ZipLengthsDiffer(axis.KeySpan, axis.Key, axis.Values.Count, first.Key, first.Values.Count);
                continue;
            }

            axes.Add(axis);
        }
    }

    private static SweepAxis? ReadAxis(YamlMapping item, string where, int dimension, DiagnosticBag bag)
    {
        var keys = new Keys(item, $"'{where}'", where, AxisKeys, bag);
        var keyNode = keys.Scalar("key", required: true);
        if (keyNode is null)
        {
            return null;
        }

        var keyText = keyNode.Value;
        // Columns of path segments: past the opening quote of a quoted key.
        var keyStart = keyNode.IsPlain ? keyNode.Span : keyNode.Span with { Column = keyNode.Span.Column + 1 };
        SpecKeyPath? path = null;
        if (keyText != ModeKey)
        {
            path = SpecKeyPath.Parse(keyText, keyStart, bag);
            if (path is null)
            {
                return null;
            }
        }

        var valuesNode = keys.Node("values");
        var rangeNode = keys.Node("range");
        if ((valuesNode is null) == (rangeNode is null))
        {
            bag.AxisValuesOrRange(keyNode.Span, keyText);
            return null;
        }

        var values = new List<AxisValue>();
        if (valuesNode is not null)
        {
            if (valuesNode is not YamlSequence sequence)
            {
                bag.SweepWrongType(valuesNode.Span, where + ".values", "a list of values", SectionReader.Describe(valuesNode));
                return null;
            }

            if (sequence.Items.Count == 0)
            {
                bag.AxisNoValues(sequence.Span, keyText);
                return null;
            }

            values.AddRange(sequence.Items.Select(n => new AxisValue(n, TextOf(n), n.Span)));
        }
        else if (ReadRange(rangeNode!, where + ".range", keyText, bag) is { } range)
        {
            values.AddRange(range);
        }
        else
        {
            return null;
        }

        if (path is null)
        {
            // The pseudo-key `mode`: every value must be a mode.
            var ok = true;
            foreach (var v in values)
            {
                if (v.Node is not YamlScalar { IsNull: false } s)
                {
                    bag.SweepWrongType(v.Span, where + ".values", "a mode (analytical, rtl, gate-level)", SectionReader.Describe(v.Node));
                    ok = false;
                }
                else
                {
                    ok &= ParseMode(new Located<string>(s.Value, s.Span), "mode", bag) is not null;
                }
            }

            if (!ok)
            {
                return null;
            }
        }

        return new SweepAxis(keyText, keyNode.Span, path, values, dimension);
    }

    /// <summary>
    /// A linear range from..to by step, or count values from..to; computed in decimal so 0.05 steps stay exact, each
    /// value a plain scalar located at the range.
    /// </summary>
    private static List<AxisValue>? ReadRange(YamlNode node, string where, string axis, DiagnosticBag bag)
    {
        if (node is not YamlMapping mapping)
        {
            bag.SweepWrongType(node.Span, where, "a mapping {from, to, step} or {from, to, count}", SectionReader.Describe(node));
            return null;
        }

        var keys = new Keys(mapping, $"'{where}'", where, RangeKeys, bag);
        var from = keys.Decimal("from", required: true);
        var to = keys.Decimal("to", required: true);
        var step = keys.Decimal("step");
        var countNode = keys.Decimal("count");
        if (from is null || to is null)
        {
            return null;
        }

        if ((step is null) == (countNode is null))
        {
            bag.AxisBadRange(mapping.Span, axis, "give exactly one of 'step' and 'count'");
            return null;
        }

        var values = new List<decimal>();
        if (step is { } s)
        {
            if (s.Value == 0 || (to.Value.Value - from.Value.Value) * s.Value < 0)
            {
                bag.AxisBadRange(s.Span, axis, $"'step' {Show(s.Value)} never gets from {Show(from.Value.Value)} to {Show(to.Value.Value)}");
                return null;
            }

            var n = decimal.Floor((to.Value.Value - from.Value.Value) / s.Value) + 1;
            if (n > MaxRangeValues)
            {
                bag.AxisBadRange(s.Span, axis, $"the range has {Show(n)} values; at most {MaxRangeValues}");
                return null;
            }

            for (var i = 0; i < (int)n; i++)
            {
                values.Add(from.Value.Value + i * s.Value);
            }
        }
        else
        {
            var c = countNode!.Value;
            if (c.Value != decimal.Floor(c.Value) || c.Value < 2 || c.Value > MaxRangeValues)
            {
                bag.AxisBadRange(c.Span, axis, $"'count' is {Show(c.Value)}; it must be a whole number from 2 to {MaxRangeValues}");
                return null;
            }

            var n = (int)c.Value;
            for (var i = 0; i < n; i++)
            {
                values.Add(i == n - 1 ? to.Value.Value : from.Value.Value + (to.Value.Value - from.Value.Value) * i / (n - 1));
            }
        }

        return values.Select(v => Show(v)).Select(text => new AxisValue(new YamlScalar(mapping.Span, text, true), text, mapping.Span)).ToList();
    }

    /// <summary>A decimal as a plain YAML number: no exponent, no trailing zeros; whole numbers without a point.</summary>
    private static string Show(decimal value)
    {
        var text = value.ToString("0.############################", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    /// <summary>The value as one line: a scalar's text, a list or mapping in flow style.</summary>
    public static string TextOf(YamlNode node) => node switch
    {
        YamlScalar s => s.Value,
        YamlSequence q => "[" + string.Join(", ", q.Items.Select(TextOf)) + "]",
        YamlMapping m => "{" + string.Join(", ", m.Entries.Select(e => e.Key.Value + ": " + TextOf(e.Value))) + "}",
        _ => node.KindName,
    };

    private static void CheckOverlaps(List<SweepAxis> axes, DiagnosticBag bag)
    {
        for (var i = 0; i < axes.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var same = axes[i].IsMode && axes[j].IsMode;
                if (same || (axes[i].Path is { } a && axes[j].Path is { } b && a.Overlaps(b)))
                {
                    bag.AxisOverlap(axes[i].KeySpan, axes[i].Key, axes[j].Key, axes[j].KeySpan);
                    break;
                }
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();

    /// <summary>Typed, located reads of one mapping of the sweep file; unknown keys are reported at once.</summary>
    private sealed class Keys
    {
        private readonly YamlMapping mapping;
        private readonly string section;
        private readonly string prefix;
        private readonly DiagnosticBag bag;

        public Keys(YamlMapping mapping, string section, string prefix, IReadOnlyCollection<string> allowed, DiagnosticBag bag)
        {
            this.mapping = mapping;
            this.section = section;
            this.prefix = prefix;
            this.bag = bag;
            foreach (var entry in mapping.Entries.Where(e => !allowed.Contains(e.Key.Value)))
            {
                bag.SweepUnknownKey(entry.Key.Span, section, entry.Key.Value, allowed);
            }
        }

        private string PathOf(string key) => prefix.Length == 0 ? key : prefix + "." + key;

        public YamlNode? Node(string key, bool required = false)
        {
            var entry = mapping.Entries.FirstOrDefault(e => e.Key.Value == key);
            if (entry is null && required)
            {
                bag.SweepMissingKey(mapping.Span, section, key);
            }

            return entry?.Value;
        }

        public YamlScalar? Scalar(string key, bool required = false)
        {
            var node = Node(key, required);
            if (node is null)
            {
                return null;
            }

            if (node is YamlScalar { IsNull: false } s)
            {
                return s;
            }

            bag.SweepWrongType(node.Span, PathOf(key), "a scalar", SectionReader.Describe(node));
            return null;
        }

        public Located<string>? Text(string key, bool required = false) =>
            Scalar(key, required) is { } s ? new Located<string>(s.Value, s.Span) : null;

        public Located<decimal>? Decimal(string key, bool required = false)
        {
            var s = Scalar(key, required);
            if (s is null)
            {
                return null;
            }

            if (s.IsPlain && decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return new Located<decimal>(value, s.Span);
            }

            bag.SweepWrongType(s.Span, PathOf(key), "a number", SectionReader.Describe(s));
            return null;
        }
    }
}
