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
    private static readonly string[] RootKeys = ["ert", "preset", "technology_nm", "description", "entries", "size_aware", "circuit"];
    private static readonly string[] EntryKeys = ["component", "action", "scaling", "arguments", "energy_pj", "per_capacity_bit_pj", "source", "measured_at"];
    private static readonly string[] MeasuredAtKeys = ["word_bits", "capacity_bits", "up_to_capacity_bits"];
    private static readonly string[] CircuitKeys = ["flip_flop", "sram", "dram"];
    private static readonly string[] FlipFlopKeys = ["clock_pj", "toggle_pj", "leakage_nw", "source"];
    private static readonly string[] SramKeys = ["read", "write", "source", "leakage"];
    private static readonly string[] ReadShareKeys = ["fixed", "address", "data"];
    private static readonly string[] WriteShareKeys = ["fixed", "address", "data", "flips"];
    private static readonly string[] LeakageKeys = ["anchors", "source"];
    private static readonly string[] AnchorKeys = ["capacity_bits", "mw"];
    private static readonly string[] DramKeys = ["burst_bits", "row_bits", "shares", "source"];
    private static readonly string[] DramShareKeys = ["burst", "row_activation", "bus_zeros", "bus_rises"];
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
        var sizeAware = new List<(EnergyEntry Entry, SourceSpan Span)>();
        if (r.List("size_aware") is { } sizeItems)
        {
            var i = 0;
            foreach (var e in r.Sections(sizeItems, "size_aware", EntryKeys))
            {
                if (Entry(e, $"size_aware[{i}]", bag) is { } entry)
                {
                    sizeAware.Add((entry, e.Span));
                }

                i++;
            }
        }

        CheckAnchors(sizeAware, bag);
        var circuit = r.Section("circuit", false, CircuitKeys) is { } c ? Circuit(c, bag) : null;

        // Completeness only of a table that reads: a malformed entry would otherwise show as a missing action too.
        if (requireEveryAction && preset is { } name && !bag.HasErrors)
        {
            var missing = Actions.All.Where(a => entries.All(e => e.Entry.Key != a)).Select(a => a.ToString()).ToList();
            if (missing.Count > 0)
            {
                bag.ErtMissingActions(r.KeySpan("entries") ?? r.Span, name.Value, missing);
            }

            // Every memory figure says which memory it was measured for, and one that does not follow capacity says how
            // the measured model prices a memory of another size: never silently at another memory's figure.
            foreach (var (entry, span) in entries.Where(e => EnergyEntry.MemoryComponents.Contains(e.Entry.Component)))
            {
                if (entry.MeasuredAt is null)
                {
                    bag.ErtMeasuredAtMissing(span, entry.Key.ToString());
                }
                else if (!entry.FollowsCapacity && sizeAware.All(s => s.Entry.Key != entry.Key))
                {
                    bag.ErtSizeRuleMissing(span, entry.Key.ToString(), EnergyReferenceTable.ScalingName(entry.Scaling), entry.MeasuredAt.Value.ToString());
                }
            }

            if (circuit is null && !bag.HasErrors)
            {
                bag.ErtCircuitMissing(r.Span, name.Value);
            }
        }

        if (bag.HasErrors || preset is null)
        {
            return null;
        }

        return new EnergyReferenceTable(preset.Value.Value, description?.Value.Trim() ?? "", (int)(technology?.Value ?? 0),
            entries.Select(e => e.Entry).ToList(), sizeAware.Select(e => e.Entry).ToList(), circuit);
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

        MemorySize? measuredAt = null;
        if (e.Section("measured_at", false, MeasuredAtKeys) is { } m)
        {
            var word = m.Integer("word_bits", required: true);
            var capacity = m.Integer("capacity_bits");
            var upTo = m.Integer("up_to_capacity_bits");
            if (word is { } w && (w.Value < 1 || w.Value > 4096))
            {
                bag.ErtCircuitValue(w.Span, where + ": measured_at.word_bits", "an integer 1..4096", w.Value);
            }

            foreach (var (value, name) in new[] { (capacity, "capacity_bits"), (upTo, "up_to_capacity_bits") })
            {
                if (value is { } v && v.Value < 1)
                {
                    bag.ErtCircuitValue(v.Span, $"{where}: measured_at.{name}", "an integer >= 1", v.Value);
                }
            }

            if (word is { } wb)
            {
                measuredAt = new MemorySize((int)Math.Clamp(wb.Value, 0, 4096), capacity?.Value ?? 0, upTo?.Value ?? 0);
            }
        }

        return new EnergyEntry(component.Value.Value, action.Value.Value, scaling.Value, anchor.Value, energy.Value.Value, slope?.Value ?? 0,
            source.Value.Value.Trim(), measuredAt);
    }

    /// <summary>The `circuit:` block: flip-flop, SRAM and DRAM figures; shares must be >= 0 and add up to 1.</summary>
    private static CircuitFigures? Circuit(SectionReader c, DiagnosticBag bag)
    {
        var ff = c.Section("flip_flop", true, FlipFlopKeys);
        var sram = c.Section("sram", true, SramKeys);
        var dram = c.Section("dram", true, DramKeys);
        FlipFlopFigures? flipFlop = null;
        if (ff is not null)
        {
            var clock = NonNegative(ff, "clock_pj", bag);
            var toggle = NonNegative(ff, "toggle_pj", bag);
            var leakage = NonNegative(ff, "leakage_nw", bag);
            var source = SourceOf(ff, bag);
            if (clock is not null && toggle is not null && leakage is not null && source is not null)
            {
                flipFlop = new FlipFlopFigures(clock.Value, toggle.Value, leakage.Value, source);
            }
        }

        SramFigures? sramFigures = null;
        if (sram is not null)
        {
            var read = Shares(sram, "read", ReadShareKeys, bag);
            var write = Shares(sram, "write", WriteShareKeys, bag);
            var source = SourceOf(sram, bag);
            var anchors = new List<LeakageAnchor>();
            string? leakageSource = null;
            if (sram.Section("leakage", true, LeakageKeys) is { } leakage)
            {
                leakageSource = SourceOf(leakage, bag);
                if (leakage.List("anchors", required: true) is { } items)
                {
                    foreach (var a in leakage.Sections(items, "anchors", AnchorKeys))
                    {
                        var capacity = a.Integer("capacity_bits", required: true);
                        var mw = NonNegative(a, "mw", bag);
                        if (capacity is { } cap && (cap.Value < 1 || anchors.Any(x => x.CapacityBits >= cap.Value)))
                        {
                            bag.ErtCircuitValue(cap.Span, a.KeyPath("capacity_bits"), "an integer >= 1 above the previous anchor's", cap.Value);
                        }
                        else if (capacity is { } ok && mw is { } power)
                        {
                            anchors.Add(new LeakageAnchor(ok.Value, power));
                        }
                    }
                }
            }

            if (read is { } r && write is { } w && source is not null && leakageSource is not null)
            {
                sramFigures = new SramFigures(r, w, source, anchors, leakageSource);
            }
        }

        DramFigures? dramFigures = null;
        if (dram is not null)
        {
            var burst = dram.Integer("burst_bits", required: true);
            var row = dram.Integer("row_bits", required: true);
            foreach (var (value, name) in new[] { (burst, "burst_bits"), (row, "row_bits") })
            {
                if (value is { } v && (v.Value < 1 || v.Value > 1L << 30))
                {
                    bag.ErtCircuitValue(v.Span, dram.KeyPath(name), "an integer 1..2^30", v.Value);
                }
            }

            var source = SourceOf(dram, bag);
            if (dram.Section("shares", true, DramShareKeys) is { } shares)
            {
                var values = DramShareKeys.Select(k => NonNegative(shares, k, bag)).ToArray();
                if (values.All(v => v is not null) && burst is { } b && row is { } rw && source is not null)
                {
                    var sum = values.Sum(v => v!.Value);
                    if (Math.Abs(sum - 1) > 1e-6)
                    {
                        bag.ErtSharesSum(shares.Span, shares.Path, sum);
                    }
                    else
                    {
                        dramFigures = new DramFigures(Math.Clamp(b.Value, 1, 1L << 30), Math.Clamp(rw.Value, 1, 1L << 30),
                            values[0]!.Value, values[1]!.Value, values[2]!.Value, values[3]!.Value, source);
                    }
                }
            }
        }

        return flipFlop is not null && sramFigures is not null && dramFigures is not null ? new CircuitFigures(flipFlop, sramFigures, dramFigures) : null;
    }

    private static double? NonNegative(SectionReader r, string key, DiagnosticBag bag)
    {
        var value = r.Number(key, required: true);
        if (value is { } v && v.Value < 0)
        {
            bag.ErtCircuitValue(v.Span, r.KeyPath(key), "a finite number >= 0", v.Value);
            return null;
        }

        return value?.Value;
    }

    private static string? SourceOf(SectionReader r, DiagnosticBag bag)
    {
        var source = r.Text("source");
        if (source is not { } s || string.IsNullOrWhiteSpace(s.Value))
        {
            bag.ErtSource(source?.Span ?? r.Span, r.Path);
            return null;
        }

        return s.Value.Trim();
    }

    /// <summary>Fractions of an access (fixed, address, data and for writes flips), each >= 0, adding up to 1.</summary>
    private static AccessShares? Shares(SectionReader parent, string key, string[] keys, DiagnosticBag bag)
    {
        if (parent.Section(key, true, keys) is not { } s)
        {
            return null;
        }

        var values = keys.Select(k => NonNegative(s, k, bag)).ToArray();
        if (values.Any(v => v is null))
        {
            return null;
        }

        var shares = new AccessShares(values[0]!.Value, values[1]!.Value, values[2]!.Value, values.Length > 3 ? values[3]!.Value : 0);
        if (Math.Abs(shares.Sum - 1) > 1e-6)
        {
            bag.ErtSharesSum(s.Span, s.Path, shares.Sum);
            return null;
        }

        return shares;
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
