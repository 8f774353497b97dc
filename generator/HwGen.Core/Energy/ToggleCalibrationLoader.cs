// Reads calibration files (hwconfigs/calibration/*.yaml, embedded; or any path) back into ToggleCalibration values.
// Every error names the file, line and column and the key at fault; the file goes through the bounded YAML reader.
using System.Globalization;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Spec;

namespace HwGen.Energy;

/// <summary>A calibration file that cannot be used: every problem found, located and coded; the message is the first one's.</summary>
public sealed class CalibrationFileException(IReadOnlyList<Diagnostic> diagnostics)
    : DiagnosticException(diagnostics, $"{diagnostics[0].Span}: {diagnostics[0].Message}")
{
    public string File => Diagnostics[0].Span.File;

    public int Line => Diagnostics[0].Span.Line;

    public int Column => Diagnostics[0].Span.Column;
}

public static class ToggleCalibrationLoader
{
    public const string ResourcePrefix = "HwGen.hwconfigs.calibration.";

    private static readonly string[] RootKeys = ["calibration", "preset", "verilator", "microbenchmark_sha256", "seed", "cycles", "widths", "entries"];

    private static readonly string[] EntryKeys =
    [
        "component", "action", "class", "pricing", "instance", "buses", "ert_arguments", "ert_energy_pj",
        "actions", "toggles", "toggles_per_action", "energy_per_toggle_pj", "twin",
    ];

    /// <summary>Presets with a shipped calibration file, sorted.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = typeof(ToggleCalibrationLoader).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The shipped calibration of a preset; every ERT preset has one (a test checks it), so a missing one is a bug.</summary>
    public static ToggleCalibration LoadPreset(string preset)
    {
        using var stream = typeof(ToggleCalibrationLoader).Assembly.GetManifestResourceStream(ResourcePrefix + preset + ".yaml")
            ?? throw new EnergyTableException(
                $"no calibration ships for ERT preset '{preset}' (run `hwgen calibrate --tech {preset}`); calibrated presets: {string.Join(", ", PresetNames)}.");
        using var reader = new StreamReader(stream);
        return LoadText(reader.ReadToEnd(), $"hwconfigs/calibration/{preset}.yaml");
    }

    public static ToggleCalibration LoadFile(string path) => LoadText(System.IO.File.ReadAllText(path), Path.GetFileName(path));

    /// <exception cref="CalibrationFileException">The file has errors; it carries every one of them.</exception>
    public static ToggleCalibration LoadText(string yaml, string fileName)
    {
        var (calibration, diagnostics) = Read(System.Text.Encoding.UTF8.GetBytes(yaml), fileName);
        return calibration ?? throw new CalibrationFileException(diagnostics);
    }

    /// <summary>Reads and checks a calibration file; every problem of the file is in the diagnostics.</summary>
    public static (ToggleCalibration? Calibration, IReadOnlyList<Diagnostic> Diagnostics) Read(byte[] bytes, string fileName)
    {
        var bag = new DiagnosticBag();
        var tree = YamlTreeReader.Read(bytes, fileName, bag, YamlDocumentKind.Calibration);
        var calibration = tree is null ? null : Build(tree, new Reader(bag));
        return (bag.HasErrors ? null : calibration, bag.Sorted());
    }

    private static ToggleCalibration? Build(YamlNode tree, Reader file)
    {
        if (tree is not YamlMapping root)
        {
            file.Bag.WrongType(tree.Span, "the calibration file", "a mapping (calibration, preset, ..., entries)", SectionReader.Describe(tree));
            return null;
        }

        file.OnlyKeys(root, "root", RootKeys);
        if (file.Integer(root, "calibration") is { } version && version != ToggleCalibration.FormatVersion)
        {
            file.Bag.CalibrationVersion(file.Node(root, "calibration")!.Span, ToggleCalibration.FormatVersion, version);
        }

        var widths = Widths(file, file.Mapping(root, "root", "widths"));
        var entries = new List<ToggleCalibrationEntry>();
        switch (file.Node(root, "entries"))
        {
            case YamlSequence list:
                var seen = new Dictionary<(string, ActionKey), SourceSpan>();
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (Entry(file, list.Items[i], $"entries[{i}]", seen) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }

                break;
            case { } other:
                file.Bag.CalibrationWrongType(other.Span, "root", "entries", "a list");
                break;
        }

        var preset = file.Text(root, "preset");
        var verilator = file.Text(root, "verilator");
        var sha = file.Text(root, "microbenchmark_sha256");
        var seed = file.Integer(root, "seed");
        var cycles = file.Integer(root, "cycles", minimum: 1);
        return preset is null || verilator is null || sha is null || seed is null || cycles is null || widths is null
            ? null
            : new ToggleCalibration(preset, verilator, sha, (ulong)seed.Value, cycles.Value, widths, entries);
    }

    private static CalibrationWidths? Widths(Reader file, YamlMapping? node)
    {
        if (node is null)
        {
            return null;
        }

        file.OnlyKeys(node, "widths", ToggleCalibration.WidthNames.ToArray());
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in ToggleCalibration.WidthNames)
        {
            if (file.Integer(node, name, minimum: name == "threshold_log2" ? 0 : 1, maximum: int.MaxValue) is { } value)
            {
                values[name] = (int)value;
            }
        }

        if (values.Count < ToggleCalibration.WidthNames.Count)
        {
            return null;
        }

        int W(string name) => values[name];
        return new CalibrationWidths(W("state_bits"), W("accumulator_bits"), W("weight_bits"), W("activation_bits"), W("value_bits"),
            W("level_max"), W("threshold_log2"), W("sram_words"), W("event_bits"), W("fifo_depth"), W("register_count"));
    }

    private static ToggleCalibrationEntry? Entry(Reader file, YamlNode node, string where, Dictionary<(string, ActionKey), SourceSpan> seen)
    {
        if (node is not YamlMapping e)
        {
            file.Bag.CalibrationWrongType(node.Span, "entries", where, "a mapping");
            return null;
        }

        file.OnlyKeys(e, where, EntryKeys);
        var component = file.Text(e, "component", where);
        var actionName = file.Text(e, "action", where);
        // The twin whose widths the entry was measured at; a file without twins is a spiking-twin calibration.
        var twin = file.Has(e, "twin") ? file.Text(e, "twin", where) : ToggleCalibrationEntry.SpikingTwin;
        ActionKey? action = null;
        if (component is not null && actionName is not null)
        {
            action = new ActionKey(component, actionName);
            if (seen.TryGetValue((twin ?? string.Empty, action.Value), out var first))
            {
                file.Bag.CalibrationDuplicateAction(file.Node(e, "action")!.Span, where, action.Value.ToString(), first);
            }
            else
            {
                seen[(twin ?? string.Empty, action.Value)] = file.Node(e, "action")!.Span;
            }
        }

        SignalClass? signalClass = null;
        if (file.Text(e, "class", where) is { } className)
        {
            try
            {
                signalClass = ToggleProbes.ParseClass(className);
            }
            catch (FormatException ex)
            {
                file.Bag.CalibrationSignalClass(file.Node(e, "class")!.Span, where, ex.Message);
            }
        }

        CalibrationPricing? pricing = file.Text(e, "pricing", where) switch
        {
            null => null,
            "toggle" => CalibrationPricing.Toggle,
            "per_access" => CalibrationPricing.PerAccess,
            var other => Refuse<CalibrationPricing>(() => file.Bag.CalibrationPricing(file.Node(e, "pricing")!.Span, where, other)),
        };
        List<string>? buses = null;
        switch (file.Node(e, "buses", where))
        {
            case YamlSequence list when list.Items.All(c => c is YamlScalar):
                buses = list.Items.Select(c => ((YamlScalar)c).Value).ToList();
                break;
            case { } other:
                file.Bag.CalibrationWrongType(other.Span, where, "buses", "a list of signal names");
                break;
        }

        var instance = file.Text(e, "instance", where);
        var ertArguments = file.Text(e, "ert_arguments", where);
        var ertEnergy = file.Number(e, "ert_energy_pj", where);
        var actions = file.Integer(e, "actions", where: where);
        var toggles = file.Integer(e, "toggles", where: where);
        if (action is null || signalClass is null || pricing is null || buses is null || instance is null || ertArguments is null
            || ertEnergy is null || actions is null || toggles is null || twin is null)
        {
            return null;
        }

        var entry = new ToggleCalibrationEntry(action.Value, signalClass.Value, pricing.Value, instance, buses, ertArguments, ertEnergy.Value,
            actions.Value, toggles.Value) { Twin = twin };
        file.Consistent(e, "toggles_per_action", entry.TogglesPerAction, where);
        if (entry.EnergyPerTogglePj is { } perToggle)
        {
            file.Consistent(e, "energy_per_toggle_pj", perToggle, where);
        }
        else if (file.Has(e, "energy_per_toggle_pj"))
        {
            file.Bag.CalibrationPerAccessEnergy(file.Node(e, "energy_per_toggle_pj")!.Span, where);
        }

        return entry;
    }

    private static T? Refuse<T>(Action report)
        where T : struct
    {
        report();
        return null;
    }

    /// <summary>Typed reads of the calibration's mappings; each problem goes to the bag and the read yields null.</summary>
    private sealed class Reader(DiagnosticBag bag)
    {
        public DiagnosticBag Bag { get; } = bag;

        public void OnlyKeys(YamlMapping map, string where, params string[] allowed)
        {
            foreach (var entry in map.Entries.Where(e => !allowed.Contains(e.Key.Value)))
            {
                Bag.CalibrationUnknownKey(entry.Key.Span, where, entry.Key.Value, allowed);
            }
        }

        public bool Has(YamlMapping map, string key) => map.Entries.Any(e => e.Key.Value == key);

        /// <summary>The value of <paramref name="key"/>; with <paramref name="where"/>, a missing key is reported.</summary>
        public YamlNode? Node(YamlMapping map, string key, string? where = null)
        {
            var node = map.Entries.FirstOrDefault(e => e.Key.Value == key)?.Value;
            if (node is null && where is not null)
            {
                Bag.CalibrationMissingKey(map.Span, where, key);
            }

            return node;
        }

        public YamlMapping? Mapping(YamlMapping map, string where, string key)
        {
            switch (Node(map, key, where))
            {
                case YamlMapping mapping:
                    return mapping;
                case { } other:
                    Bag.CalibrationWrongType(other.Span, where, key, "a mapping");
                    return null;
                default:
                    return null;
            }
        }

        public string? Text(YamlMapping map, string key, string where = "root")
        {
            switch (Node(map, key, where))
            {
                case YamlScalar { IsNull: false, Value.Length: > 0 } scalar:
                    return scalar.Value;
                case { } other:
                    Bag.CalibrationWrongType(other.Span, where, key, "a non-empty text");
                    return null;
                default:
                    return null;
            }
        }

        public long? Integer(YamlMapping map, string key, long minimum = 0, long maximum = long.MaxValue, string where = "root")
        {
            var text = Text(map, key, where);
            if (text is null)
            {
                return null;
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            {
                return value;
            }

            Bag.CalibrationNumber(Node(map, key)!.Span, key, $"an integer >= {minimum}", text);
            return null;
        }

        public double? Number(YamlMapping map, string key, string where = "root")
        {
            var text = Text(map, key, where);
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0)
            {
                return value;
            }

            Bag.CalibrationNumber(Node(map, key)!.Span, key, "a finite number >= 0", text);
            return null;
        }

        /// <summary>A derived value written for readers must match what it derives from (a hand edit would break it).</summary>
        public void Consistent(YamlMapping map, string key, double expected, string where)
        {
            if (Number(map, key, where) is { } found && Math.Abs(found - expected) > 1e-12 * Math.Max(1, Math.Abs(expected)))
            {
                Bag.CalibrationInconsistent(Node(map, key)!.Span, where, key, found.ToString("R", CultureInfo.InvariantCulture),
                    expected.ToString("R", CultureInfo.InvariantCulture));
            }
        }
    }
}
