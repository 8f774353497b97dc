// Reads ERT YAML files (hwconfigs/ert/*.yaml, embedded in this assembly) into EnergyReferenceTable values.
// The file goes through the spec front end's bounded YAML reader, so every problem has a code and a position.
using System.Collections.Concurrent;
using HwGen.Diagnostics;
using HwGen.Model;
using HwGen.Spec;

namespace HwGen.Energy;

public static class EnergyReferenceTableLoader
{
    /// <summary>Prefix of the embedded ERT resources; the spec loader validates technology.preset against these names.</summary>
    public const string ResourcePrefix = "HwGen.hwconfigs.ert.";

    private const string Document = "the energy reference table";
    private static readonly string[] RootKeys = ["ert", "preset", "technology_nm", "description", "entries"];
    private static readonly string[] EntryKeys = ["component", "action", "scaling", "arguments", "energy_pj", "per_capacity_bit_pj", "source"];
    private static readonly string[] ArgumentKeys = ["bits", "weight_bits", "activation_bits", "word_bits"];
    private static readonly string[] ScalingNames = ["constant", "bits", "width_product", "word_bits"];

    private static readonly ConcurrentDictionary<string, EnergyReferenceTable> Cache = new(StringComparer.Ordinal);

    /// <summary>Names of the built-in presets, sorted.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = typeof(EnergyReferenceTableLoader).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>A built-in preset by name (cached: tables are immutable). An unknown name is a bug: specs are validated against <see cref="PresetNames"/>.</summary>
    public static EnergyReferenceTable LoadPreset(string preset) => Cache.GetOrAdd(preset, name =>
    {
        using var stream = typeof(EnergyReferenceTableLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".yaml")
            ?? throw new EnergyTableException($"unknown ERT preset '{name}'; known presets: {string.Join(", ", PresetNames)}.");
        using var reader = new StreamReader(stream);
        return LoadText(reader.ReadToEnd(), name + ".yaml");
    });

    /// <exception cref="EnergyTableException">The table has errors; it carries every one of them.</exception>
    public static EnergyReferenceTable LoadText(string yaml, string fileName)
    {
        var (table, diagnostics) = Read(System.Text.Encoding.UTF8.GetBytes(yaml), fileName);
        return table ?? throw new EnergyTableException(diagnostics);
    }

    /// <summary>
    /// Reads and checks a table; every problem of the file is in the diagnostics. With <paramref name="requireEveryAction"/>
    /// (how <c>hwgen validate</c> checks a table) a table that does not price every action of the core is an error too.
    /// </summary>
    public static (EnergyReferenceTable? Table, IReadOnlyList<Diagnostic> Diagnostics) Read(byte[] bytes, string file, bool requireEveryAction = false)
    {
        var bag = new DiagnosticBag();
        var table = YamlTreeReader.Read(bytes, file, bag, YamlDocumentKind.EnergyTable) is { } tree ? Build(tree, bag, requireEveryAction) : null;
        return (bag.HasErrors ? null : table, bag.Sorted());
    }

    private static EnergyReferenceTable? Build(YamlNode tree, DiagnosticBag bag, bool requireEveryAction)
    {
        if (tree is not YamlMapping mapping)
        {
            bag.WrongType(tree.Span, "the energy reference table", "a mapping (ert, preset, technology_nm, description, entries)", SectionReader.Describe(tree));
            return null;
        }

        var r = new SectionReader(mapping, string.Empty, bag, RootKeys, Document);
        if (r.Integer("ert", required: true) is { } version && version.Value != 1)
        {
            bag.ErtVersion(version.Span, version.Value);
        }

        var preset = r.Text("preset", required: true);
        var technology = r.Integer("technology_nm");
        var description = r.Text("description");
        var entries = new List<(EnergyEntry Entry, SourceSpan Span)>();
        if (r.List("entries") is { } items)
        {
            var i = 0;
            foreach (var e in r.Sections(items, "entries", EntryKeys))
            {
                if (Entry(e, $"entries[{i}]", bag) is { } entry)
                {
                    entries.Add((entry, e.Span));
                }

                i++;
            }
        }

        CheckAnchors(entries, bag);

        // Completeness only of a table that reads: a malformed entry would otherwise show as a missing action too.
        if (requireEveryAction && preset is { } name && !bag.HasErrors)
        {
            var missing = Actions.All.Where(a => entries.All(e => e.Entry.Key != a)).Select(a => a.ToString()).ToList();
            if (missing.Count > 0)
            {
                bag.ErtMissingActions(r.KeySpan("entries") ?? r.Span, name.Value, missing);
            }
        }

        if (bag.HasErrors || preset is null)
        {
            return null;
        }

        return new EnergyReferenceTable(preset.Value.Value, description?.Value.Trim() ?? "", (int)(technology?.Value ?? 0),
            entries.Select(e => e.Entry).ToList());
    }

    private static EnergyEntry? Entry(SectionReader e, string where, DiagnosticBag bag)
    {
        var component = e.Text("component", required: true);
        var action = e.Text("action", required: true);
        if (component is { } c && action is { } a)
        {
            where += $" ({c.Value}.{a.Value})";
        }

        var scalingText = e.Text("scaling", required: true);
        EnergyScaling? scaling = scalingText?.Value switch
        {
            null => null,
            "constant" => EnergyScaling.Constant,
            "bits" => EnergyScaling.Bits,
            "width_product" => EnergyScaling.WidthProduct,
            "word_bits" => EnergyScaling.WordBits,
            _ => null,
        };
        if (scalingText is { } st && scaling is null)
        {
            bag.ErtScaling(st.Span, where, st.Value, ScalingNames);
        }

        var energy = e.Number("energy_pj", required: true);
        if (energy is { } en && en.Value < 0)
        {
            bag.ErtEnergy(en.Span, where, en.Value);
        }

        var source = e.Text("source");
        if (source is not { } src || string.IsNullOrWhiteSpace(src.Value))
        {
            bag.ErtSource(source?.Span ?? e.Span, where);
        }

        var slope = e.Number("per_capacity_bit_pj");
        if (slope is { } sl && (scaling is not null and not EnergyScaling.WordBits || sl.Value < 0))
        {
            bag.ErtCapacitySlope(sl.Span, where, scalingText?.Value ?? "", sl.Value);
        }

        var arguments = e.Section("arguments", false, ArgumentKeys);
        var anchor = scaling is { } rule ? Anchor(rule, scalingText!.Value, arguments, e, where, bag) : null;
        if (component is null || action is null || scaling is null || anchor is null || energy is null || source is null)
        {
            return null;
        }

        return new EnergyEntry(component.Value.Value, action.Value.Value, scaling.Value, anchor.Value, energy.Value.Value, slope?.Value ?? 0,
            source.Value.Value.Trim());
    }

    /// <summary>The anchor arguments a scaling rule needs (each at least 1); arguments it does not use are errors.</summary>
    private static EnergyArguments? Anchor(EnergyScaling scaling, Located<string> scalingText, SectionReader? arguments, SectionReader entry,
        string where, DiagnosticBag bag)
    {
        string[] needed = scaling switch
        {
            EnergyScaling.Bits => ["bits"],
            EnergyScaling.WidthProduct => ["weight_bits", "activation_bits"],
            EnergyScaling.WordBits => ["word_bits"],
            _ => [],
        };
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        var complete = true;
        foreach (var name in needed)
        {
            var value = arguments?.Integer(name);
            if (value is not { } v || v.Value < 1 || v.Value > int.MaxValue)
            {
                if (value is not null || arguments?.Has(name) != true)
                {
                    bag.ErtArgumentMissing(value?.Span ?? arguments?.Span ?? entry.KeySpan("scaling") ?? entry.Span, where, scalingText.Value, name);
                }

                complete = false;
                continue;
            }

            values[name] = (int)v.Value;
        }

        foreach (var name in ArgumentKeys.Where(n => !needed.Contains(n) && arguments?.Has(n) == true))
        {
            bag.ErtArgumentUnused(arguments!.KeySpan(name)!.Value, where, name, scalingText.Value);
            complete = false;
        }

        return complete
            ? new EnergyArguments(values.GetValueOrDefault("bits"), values.GetValueOrDefault("weight_bits"), values.GetValueOrDefault("activation_bits"),
                values.GetValueOrDefault("word_bits"))
            : null;
    }

    /// <summary>One scaling rule per action; one entry for constant and word_bits rules; distinct anchor widths otherwise.</summary>
    private static void CheckAnchors(List<(EnergyEntry Entry, SourceSpan Span)> entries, DiagnosticBag bag)
    {
        foreach (var group in entries.GroupBy(e => e.Entry.Key))
        {
            var first = group.First();
            var seen = new List<(EnergyEntry Entry, SourceSpan Span)> { first };
            foreach (var other in group.Skip(1))
            {
                var rule = EnergyReferenceTable.ScalingName(other.Entry.Scaling);
                if (other.Entry.Scaling != first.Entry.Scaling)
                {
                    bag.ErtMixedScaling(other.Span, group.Key.ToString(), rule, EnergyReferenceTable.ScalingName(first.Entry.Scaling), first.Span);
                }
                else if (other.Entry.Scaling is EnergyScaling.Constant or EnergyScaling.WordBits)
                {
                    bag.ErtSecondAnchor(other.Span, group.Key.ToString(), rule, first.Span);
                }
                else if (seen.FirstOrDefault(s => s.Entry.ScalingVariable == other.Entry.ScalingVariable) is { Entry: not null } same)
                {
                    bag.ErtSameAnchor(other.Span, group.Key.ToString(), other.Entry.Anchor.ToString(), same.Span);
                }

                seen.Add(other);
            }
        }
    }
}
