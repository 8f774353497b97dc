// Reads calibration files (hwconfigs/calibration/*.yaml, embedded; or any path) back into ToggleCalibration values.
// Every error names the file, line and column and the key at fault.
using System.Globalization;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HwGen.Energy;

/// <summary>A calibration file that cannot be used, with where in the file the problem is.</summary>
public sealed class CalibrationFileException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;
}

public static class ToggleCalibrationLoader
{
    public const string ResourcePrefix = "HwGen.hwconfigs.calibration.";

    /// <summary>Presets with a shipped calibration file, sorted.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = typeof(ToggleCalibrationLoader).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The shipped calibration of a preset.</summary>
    public static ToggleCalibration LoadPreset(string preset)
    {
        using var stream = typeof(ToggleCalibrationLoader).Assembly.GetManifestResourceStream(ResourcePrefix + preset + ".yaml")
            ?? throw new EnergyTableException(
                $"no calibration ships for ERT preset '{preset}' (run `hwgen calibrate --tech {preset}`); calibrated presets: {string.Join(", ", PresetNames)}.");
        using var reader = new StreamReader(stream);
        return LoadText(reader.ReadToEnd(), $"hwconfigs/calibration/{preset}.yaml");
    }

    public static ToggleCalibration LoadFile(string path) => LoadText(System.IO.File.ReadAllText(path), Path.GetFileName(path));

    public static ToggleCalibration LoadText(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new CalibrationFileException(fileName, (int)ex.Start.Line, (int)ex.Start.Column, ex.InnerException?.Message ?? ex.Message);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new CalibrationFileException(fileName, 1, 1, "a calibration file is one mapping (calibration, preset, ..., entries)");
        }

        var file = new Reader(fileName);
        file.OnlyKeys(root, "root", "calibration", "preset", "verilator", "microbenchmark_sha256", "seed", "cycles", "widths", "entries");
        var version = file.Integer(root, "calibration");
        if (version != ToggleCalibration.FormatVersion)
        {
            throw file.At(file.Node(root, "calibration"), $"'calibration' must be {ToggleCalibration.FormatVersion}, found {version}");
        }

        var widthsNode = file.Mapping(root, "widths");
        file.OnlyKeys(widthsNode, "widths", ToggleCalibration.WidthNames.ToArray());
        int W(string name, int minimum = 1) => (int)file.Integer(widthsNode, name, minimum);
        var widths = new CalibrationWidths(W("state_bits"), W("accumulator_bits"), W("weight_bits"), W("activation_bits"), W("value_bits"),
            W("level_max"), W("threshold_log2", minimum: 0), W("sram_words"), W("event_bits"), W("fifo_depth"), W("register_count"));

        var entriesNode = file.Node(root, "entries") as YamlSequenceNode
            ?? throw file.At(file.Node(root, "entries"), "'entries' must be a list");
        var entries = new List<ToggleCalibrationEntry>();
        var seen = new HashSet<ActionKey>();
        for (var i = 0; i < entriesNode.Children.Count; i++)
        {
            var where = $"entries[{i}]";
            if (entriesNode.Children[i] is not YamlMappingNode e)
            {
                throw file.At(entriesNode.Children[i], $"{where} must be a mapping");
            }

            file.OnlyKeys(e, where, "component", "action", "class", "pricing", "instance", "buses", "ert_arguments", "ert_energy_pj",
                "actions", "toggles", "toggles_per_action", "energy_per_toggle_pj");
            var action = new ActionKey(file.Text(e, "component"), file.Text(e, "action"));
            if (!seen.Add(action))
            {
                throw file.At(file.Node(e, "action"), $"{where}: {action} appears twice");
            }

            SignalClass signalClass;
            try
            {
                signalClass = ToggleProbes.ParseClass(file.Text(e, "class"));
            }
            catch (FormatException ex)
            {
                throw file.At(file.Node(e, "class"), $"{where}: {ex.Message}");
            }

            var pricing = file.Text(e, "pricing") switch
            {
                "toggle" => CalibrationPricing.Toggle,
                "per_access" => CalibrationPricing.PerAccess,
                var other => throw file.At(file.Node(e, "pricing"), $"{where}: 'pricing' must be toggle or per_access, found '{other}'"),
            };
            var buses = file.Node(e, "buses") is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode)
                ? list.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList()
                : throw file.At(file.Node(e, "buses"), $"{where}: 'buses' must be a list of signal names");
            var entry = new ToggleCalibrationEntry(action, signalClass, pricing, file.Text(e, "instance"), buses, file.Text(e, "ert_arguments"),
                file.Number(e, "ert_energy_pj"), file.Integer(e, "actions"), file.Integer(e, "toggles"));
            file.Consistent(e, "toggles_per_action", entry.TogglesPerAction, where);
            if (entry.EnergyPerTogglePj is { } perToggle)
            {
                file.Consistent(e, "energy_per_toggle_pj", perToggle, where);
            }
            else if (e.Children.ContainsKey(new YamlScalarNode("energy_per_toggle_pj")))
            {
                throw file.At(file.Node(e, "energy_per_toggle_pj"), $"{where}: a per_access entry (or one with no toggles) has no energy_per_toggle_pj");
            }

            entries.Add(entry);
        }

        return new ToggleCalibration(file.Text(root, "preset"), file.Text(root, "verilator"), file.Text(root, "microbenchmark_sha256"),
            (ulong)file.Integer(root, "seed"), file.Integer(root, "cycles", minimum: 1), widths, entries);
    }

    private sealed class Reader(string fileName)
    {
        public CalibrationFileException At(YamlNode node, string message) =>
            new(fileName, (int)node.Start.Line, (int)node.Start.Column, message);

        public void OnlyKeys(YamlMappingNode map, string where, params string[] allowed)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                {
                    throw At(key, $"{where}: unknown key '{name}'; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        public YamlNode Node(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node)
                ? node
                : throw At(map, $"'{key}' is missing");

        public YamlMappingNode Mapping(YamlMappingNode map, string key) =>
            Node(map, key) as YamlMappingNode ?? throw At(Node(map, key), $"'{key}' must be a mapping");

        public string Text(YamlMappingNode map, string key) =>
            Node(map, key) is YamlScalarNode { Value: { Length: > 0 } value }
                ? value
                : throw At(Node(map, key), $"'{key}' must be a non-empty text");

        public long Integer(YamlMappingNode map, string key, long minimum = 0)
        {
            var text = Text(map, key);
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum
                ? value
                : throw At(Node(map, key), $"'{key}' must be an integer >= {minimum}, found '{text}'");
        }

        public double Number(YamlMappingNode map, string key)
        {
            var text = Text(map, key);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
                ? value
                : throw At(Node(map, key), $"'{key}' must be a finite number >= 0, found '{text}'");
        }

        /// <summary>A derived value written for readers must match what it derives from (a hand edit would break it).</summary>
        public void Consistent(YamlMappingNode map, string key, double expected, string where)
        {
            var found = Number(map, key);
            if (Math.Abs(found - expected) > 1e-12 * Math.Max(1, Math.Abs(expected)))
            {
                throw At(Node(map, key), string.Create(CultureInfo.InvariantCulture,
                    $"{where}: '{key}' is {found:R} but the entry's own numbers give {expected:R}"));
            }
        }
    }
}
