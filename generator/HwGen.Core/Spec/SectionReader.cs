// Typed, located reads of one YAML mapping: unknown keys, missing keys and wrong types are reported as they are met.
using System.Globalization;
using System.Text.RegularExpressions;
using HwGen.Diagnostics;

namespace HwGen.Spec;

/// <summary>A value as written in the spec, with where it was written.</summary>
public readonly record struct Located<T>(T Value, SourceSpan Span);

public sealed partial class SectionReader
{
    private readonly YamlMapping mapping;
    private readonly DiagnosticBag bag;
    private readonly string document;

    /// <summary>Reads a mapping whose allowed keys are <paramref name="keys"/>; reports the others at once.</summary>
    /// <param name="document">How messages name the document root: "the spec", "the energy reference table".</param>
    public SectionReader(YamlMapping mapping, string path, DiagnosticBag bag, IReadOnlyCollection<string> keys, string document = "the spec")
    {
        this.mapping = mapping;
        this.bag = bag;
        this.document = document;
        Path = path;
        foreach (var entry in mapping.Entries.Where(e => !keys.Contains(e.Key.Value)))
        {
            bag.UnknownKey(entry.Key.Span, SectionName, entry.Key.Value, keys);
        }
    }

    /// <summary>The keys written in this mapping, whatever their values (a wrongly typed key is still not missing).</summary>
    public IReadOnlySet<string> Written => mapping.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>This mapping as messages name it.</summary>
    private string SectionName => Path.Length == 0 ? document : $"'{Path}'";

    /// <summary>Dotted path of this mapping, e.g. <c>memory.dram</c>; empty for the document root.</summary>
    public string Path { get; }

    public SourceSpan Span => mapping.Span;

    public bool Has(string key) => Find(key) is not null;

    public SourceSpan? KeySpan(string key) => Find(key)?.Key.Span;

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private YamlEntry? Find(string key) => mapping.Entries.FirstOrDefault(e => e.Key.Value == key);

    private YamlNode? Value(string key, bool required)
    {
        var entry = Find(key);
        if (entry is null)
        {
            if (required)
            {
                bag.MissingKey(mapping.Span, SectionName, key);
            }

            return null;
        }

        return entry.Value;
    }

    /// <summary>How a node is described in "found ..." messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalar { IsNull: true } => "nothing (null)",
        YamlScalar s when s.IsPlain && IntegerPattern().IsMatch(s.Value) => $"the integer {s.Value}",
        YamlScalar s when s.IsPlain => $"'{Truncate(s.Value)}'",
        YamlScalar s => $"the quoted string \"{Truncate(s.Value)}\"",
        YamlSequence => "a sequence",
        YamlMapping => "a mapping",
        _ => node.KindName,
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    public Located<long>? Integer(string key, bool required = false) =>
        Scalar<long>(key, required, "an integer", s => s.IsPlain && IntegerPattern().IsMatch(s.Value)
            && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null);

    public Located<ulong>? UnsignedInteger(string key, bool required = false) =>
        Scalar<ulong>(key, required, "a non-negative integer below 2^64", s => s.IsPlain
            && ulong.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null);

    public Located<double>? Number(string key, bool required = false) =>
        Scalar<double>(key, required, "a number", s => s.IsPlain && NumberPattern().IsMatch(s.Value)
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);

    public Located<bool>? Boolean(string key, bool required = false) =>
        Scalar<bool>(key, required, "true or false", s => s is { IsPlain: true, Value: "true" or "false" } ? s.Value == "true" : null);

    /// <summary>A scalar converted by <paramref name="convert"/> (null: wrong type, reported as needing <paramref name="expected"/>).</summary>
    private Located<T>? Scalar<T>(string key, bool required, string expected, Func<YamlScalar, T?> convert)
        where T : struct
    {
        var node = Value(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar scalar && convert(scalar) is { } value)
        {
            return new Located<T>(value, scalar.Span);
        }

        bag.WrongType(node.Span, KeyPath(key), expected, Describe(node));
        return null;
    }

    public Located<string>? Text(string key, bool required = false)
    {
        var node = Value(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar { IsNull: false } s)
        {
            return new Located<string>(s.Value, s.Span);
        }

        bag.WrongType(node.Span, KeyPath(key), "a string", Describe(node));
        return null;
    }

    /// <summary>One of <paramref name="allowed"/>, with "did you mean" for near misses.</summary>
    public Located<string>? Choice(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var text = Text(key, required);
        if (text is { } t && !allowed.Contains(t.Value))
        {
            bag.UnknownValue(t.Span, KeyPath(key), t.Value, allowed);
            return null;
        }

        return text;
    }

    public SectionReader? Section(string key, bool required, IReadOnlyCollection<string> keys)
    {
        var node = Value(key, required);
        return node switch
        {
            null => null,
            YamlMapping m => new SectionReader(m, KeyPath(key), bag, keys, document),
            _ => WrongSection(node, key),
        };
    }

    private SectionReader? WrongSection(YamlNode node, string key)
    {
        bag.WrongType(node.Span, KeyPath(key), "a mapping", Describe(node));
        return null;
    }

    public IReadOnlyList<YamlNode>? List(string key, bool required = false)
    {
        var node = Value(key, required);
        switch (node)
        {
            case null:
                return null;
            case YamlSequence s:
                return s.Items;
            default:
                bag.WrongType(node.Span, KeyPath(key), "a sequence", Describe(node));
                return null;
        }
    }

    /// <summary>Items of a list that must be mappings; others are reported.</summary>
    public IEnumerable<SectionReader> Sections(IReadOnlyList<YamlNode> items, string key, IReadOnlyCollection<string> keys)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{KeyPath(key)}[{i}]";
            if (items[i] is YamlMapping m)
            {
                yield return new SectionReader(m, path, bag, keys, document);
            }
            else
            {
                bag.WrongType(items[i].Span, path, "a mapping", Describe(items[i]));
            }
        }
    }

    /// <summary>A list of integers such as <c>[3, 32, 32]</c>.</summary>
    public Located<long[]>? IntegerList(string key, int count)
    {
        var node = Value(key, false);
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequence seq && seq.Items.Count == count && seq.Items.All(i => i is YamlScalar { IsPlain: true } s && IntegerPattern().IsMatch(s.Value)))
        {
            return new Located<long[]>(seq.Items.Select(i => long.Parse(((YamlScalar)i).Value, CultureInfo.InvariantCulture)).ToArray(), node.Span);
        }

        bag.WrongType(node.Span, KeyPath(key), $"a list of {count} integers", Describe(node));
        return null;
    }

    [GeneratedRegex("^[-+]?[0-9]{1,18}$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberPattern();
}
