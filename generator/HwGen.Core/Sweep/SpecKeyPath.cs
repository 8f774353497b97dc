// A sweep axis key: a dotted path into the spec's YAML tree with list indices (`workload.layers[1].spike_rate`) or a
// wildcard over every item (`workload.layers[*].spike_rate`); setting it builds a new tree whose new nodes are located in
// the sweep file, so the spec's own checks report a bad axis value at the axis.
using System.Globalization;
using System.Text.RegularExpressions;
using HwGen.Diagnostics;
using HwGen.Spec;

namespace HwGen.Sweep;

/// <summary>One step of a path: a mapping key, then optionally a list index (<see cref="Wildcard"/> for every item).</summary>
public sealed record PathSegment(string Key, int? Index, SourceSpan Span)
{
    public const int Wildcard = -1;

    public override string ToString() => Index switch
    {
        null => Key,
        Wildcard => Key + "[*]",
        var i => string.Create(CultureInfo.InvariantCulture, $"{Key}[{i}]"),
    };
}

public sealed partial class SpecKeyPath
{
    private SpecKeyPath(string text, IReadOnlyList<PathSegment> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<PathSegment> Segments { get; }

    public string Last => Segments[^1].Key;

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; segment spans are columns inside the key as written at <paramref name="at"/>.</summary>
    public static SpecKeyPath? Parse(string text, SourceSpan at, DiagnosticBag bag)
    {
        var segments = new List<PathSegment>();
        var parts = text.Split('.');
        var column = at.Column;
        foreach (var part in parts)
        {
            var m = SegmentPattern().Match(part);
            if (!m.Success)
            {
                bag.AxisPathSyntax(at with { Column = column }, text, part.Length == 0 ? "an empty key between dots" : $"'{part}' is not a key or key[index]");
                return null;
            }

            int? index = null;
            if (m.Groups[2].Success)
            {
                if (m.Groups[2].Value == "*")
                {
                    index = PathSegment.Wildcard;
                }
                else if (int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                {
                    index = i;
                }
                else
                {
                    bag.AxisPathSyntax(at with { Column = column }, text, $"index '{m.Groups[2].Value}' is too large");
                    return null;
                }
            }

            segments.Add(new PathSegment(m.Groups[1].Value, index, at with { Column = column }));
            column += part.Length + 1;
        }

        return new SpecKeyPath(text, segments);
    }

    /// <summary>True when both paths can reach the same node (a wildcard matches any index; a prefix covers its subtree).</summary>
    public bool Overlaps(SpecKeyPath other)
    {
        var n = Math.Min(Segments.Count, other.Segments.Count);
        for (var i = 0; i < n; i++)
        {
            var a = Segments[i];
            var b = other.Segments[i];
            if (a.Key != b.Key)
            {
                return false;
            }

            if (i == n - 1 && (a.Index is null || b.Index is null))
            {
                return true;
            }

            if (a.Index is null != b.Index is null)
            {
                return false;
            }

            if (a.Index is { } x && b.Index is { } y && x != PathSegment.Wildcard && y != PathSegment.Wildcard && x != y)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A copy of <paramref name="root"/> with this path set to <paramref name="value"/>; missing mappings and the last
    /// key are added, located at the path's segments in the sweep file. Null (and a diagnostic) when the path cannot be
    /// followed in this tree: a list that is absent or too short, or a scalar where a mapping or list must be.
    /// </summary>
    public YamlNode? Apply(YamlNode root, YamlNode value, DiagnosticBag bag) => Set(root, 0, value, bag, string.Empty);

    private YamlNode? Set(YamlNode node, int depth, YamlNode value, DiagnosticBag bag, string prefix)
    {
        var segment = Segments[depth];
        if (node is not YamlMapping mapping)
        {
            bag.AxisThroughScalar(segment.Span, Text, prefix.Length == 0 ? "the spec" : prefix, "a mapping with the key '" + segment.Key + "'", SectionReaderDescribe(node));
            return null;
        }

        var path = prefix.Length == 0 ? segment.Key : prefix + "." + segment.Key;
        var entries = mapping.Entries.ToList();
        var at = entries.FindIndex(e => e.Key.Value == segment.Key);
        var last = depth == Segments.Count - 1;
        YamlNode? child;
        if (segment.Index is null)
        {
            if (last)
            {
                child = value;
            }
            else
            {
                var existing = at >= 0 ? entries[at].Value : new YamlMapping(segment.Span, []);
                child = Set(existing, depth + 1, value, bag, path);
            }
        }
        else
        {
            if (at < 0)
            {
                bag.AxisKeyNotInBase(segment.Span, Text, segment.Key, prefix.Length == 0 ? "the spec" : $"'{prefix}'", mapping.Entries.Select(e => e.Key.Value).ToList());
                return null;
            }

            if (entries[at].Value is not YamlSequence sequence)
            {
                bag.AxisThroughScalar(segment.Span, Text, path, "indexed", SectionReaderDescribe(entries[at].Value));
                return null;
            }

            var items = sequence.Items.ToList();
            if (segment.Index != PathSegment.Wildcard && segment.Index >= items.Count)
            {
                bag.AxisIndexOutOfRange(segment.Span, Text, path, segment.Index.Value, items.Count);
                return null;
            }

            var indices = segment.Index == PathSegment.Wildcard ? Enumerable.Range(0, items.Count) : [segment.Index!.Value];
            foreach (var i in indices)
            {
                var replaced = last ? value : Set(items[i], depth + 1, value, bag, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"));
                if (replaced is null)
                {
                    return null;
                }

                items[i] = replaced;
            }

            child = sequence with { Items = items };
        }

        if (child is null)
        {
            return null;
        }

        if (at >= 0)
        {
            entries[at] = entries[at] with { Value = child };
        }
        else
        {
            entries.Add(new YamlEntry(new YamlScalar(segment.Span, segment.Key, true), child));
        }

        return mapping with { Entries = entries };
    }

    private static string SectionReaderDescribe(YamlNode node) => SectionReader.Describe(node);

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([0-9]+|\*)\])?$")]
    private static partial Regex SegmentPattern();
}
