// A standard-cell library as HwGen prices it: units, nominal voltage, and per cell its area, leakage, pin
// capacitances, boolean functions, flip-flop state, internal-energy tables and output-transition tables.
using System.Globalization;
using HwGen.Diagnostics;

namespace HwGen.Synth.Liberty;

/// <summary>Energy drawn inside a cell per transition: the output's tables are per related input pin, an input's have none.</summary>
public sealed record InternalEnergy(string? RelatedPin, LibertyTable? Rise, LibertyTable? Fall);

/// <summary>An output's transition-time tables for one related input pin (its timing arc).</summary>
public sealed record TransitionArc(string RelatedPin, LibertyTable? Rise, LibertyTable? Fall);

public enum PinDirection
{
    Input,
    Output,
    Inout,
    Internal,
}

public sealed record LibertyPin(
    string Name,
    PinDirection Direction,
    double Capacitance,
    bool IsClock,
    LibertyFunction? Function,
    IReadOnlyList<InternalEnergy> InternalEnergies,
    IReadOnlyList<TransitionArc> Transitions);

/// <summary>
/// A flip-flop (<c>ff</c>) or latch (<c>latch</c>) group: the state variable and its inverse, and the functions that
/// set it (next_state/clocked_on for a flip-flop, data_in/enable for a latch; clear and preset when present).
/// </summary>
public sealed record LibertyStorage(bool IsLatch, string State, string InvertedState, LibertyFunction Next, LibertyFunction Clock,
    LibertyFunction? Clear, LibertyFunction? Preset);

public sealed record LibertyCell(string Name, double Area, double LeakagePower, IReadOnlyList<LibertyPin> Pins, LibertyStorage? Storage)
{
    public LibertyPin Pin(string name) => Pins.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"cell {Name} has no pin '{name}'");

    public bool IsSequential => Storage is not null;

    public IEnumerable<LibertyPin> Outputs => Pins.Where(p => p.Direction == PinDirection.Output);

    public IEnumerable<LibertyPin> Inputs => Pins.Where(p => p.Direction == PinDirection.Input);
}

/// <summary>
/// The library. Units are converted on reading: capacitance in pF, time in ns, leakage in nW, voltage in V, and
/// internal energy in pJ (Liberty's internal-power tables are energy per transition in capacitance unit × voltage unit²).
/// </summary>
public sealed record LibertyLibrary(
    string Name,
    string FileName,
    string Sha256,
    double NominalVoltage,
    IReadOnlyDictionary<string, LibertyCell> Cells)
{
    public LibertyCell Cell(string name) => Cells.TryGetValue(name, out var cell) ? cell
        : throw new KeyNotFoundException($"the netlist uses cell '{name}', which {FileName} does not define");

    /// <summary>The smallest input transition any table of the library is characterised at (ns).</summary>
    public double FastestCharacterisedTransition =>
        Cells.Values.SelectMany(c => c.Pins).SelectMany(p => p.Transitions.SelectMany(t => new[] { t.Rise, t.Fall })
                .Concat(p.InternalEnergies.SelectMany(e => new[] { e.Rise, e.Fall })))
            .Where(t => t is not null)
            .SelectMany(t => t!.Axis1 == TableAxis.InputTransition ? t.Index1 : t.Axis2 == TableAxis.InputTransition ? t.Index2 : [])
            .DefaultIfEmpty(0)
            .Min();

    public static LibertyLibrary Read(string path)
    {
        var text = File.ReadAllText(path);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        return FromText(text, Path.GetFileName(path), sha);
    }

    public static LibertyLibrary FromText(string text, string fileName, string sha256 = "")
    {
        var root = LibertySyntax.Parse(text, fileName);
        if (root.Kind != "library")
        {
            throw Content(root.At, $"the top-level group is '{root.Kind}', expected 'library'");
        }

        var units = new Units(root);
        var templates = root.Groups.Where(g => g.Kind is "lu_table_template" or "power_lut_template")
            .GroupBy(g => g.Name).ToDictionary(g => g.Key, g => g.First());
        var cells = new SortedDictionary<string, LibertyCell>(StringComparer.Ordinal);
        foreach (var cell in root.GroupsOf("cell"))
        {
            cells[cell.Name] = ReadCell(cell, units, templates);
        }

        var voltage = root.Attribute("nom_voltage") is { } v ? Number(v) * units.Voltage : throw Content(root.At, "the library has no 'nom_voltage'");
        return new LibertyLibrary(root.Name, fileName, sha256, voltage, cells);
    }

    private sealed class Units
    {
        public Units(LibertyGroup root)
        {
            Time = Scaled(root, "time_unit", "s", 1e9);
            Voltage = Scaled(root, "voltage_unit", "V", 1);
            Leakage = Scaled(root, "leakage_power_unit", "W", 1e9);
            var cap = root.Attribute("capacitive_load_unit") ?? throw Content(root.At, "the library has no 'capacitive_load_unit'");
            if (cap.Values.Count != 2)
            {
                throw Content(cap.At, "'capacitive_load_unit' must be (value, unit), e.g. (1, pf)");
            }

            Capacitance = ParseNumber(cap.Values[0], cap) * cap.Values[1].ToLowerInvariant() switch
            {
                "pf" => 1,
                "ff" => 1e-3,
                _ => throw Content(cap.At, $"capacitance unit '{cap.Values[1]}'; expected pf or ff"),
            };
            Energy = Capacitance * Voltage * Voltage;
        }

        /// <summary>ns per library time unit.</summary>
        public double Time { get; }

        public double Voltage { get; }

        /// <summary>nW per library leakage unit.</summary>
        public double Leakage { get; }

        /// <summary>pF per library capacitance unit.</summary>
        public double Capacitance { get; }

        /// <summary>pJ per library internal-energy unit (capacitance unit × voltage unit²).</summary>
        public double Energy { get; }

        private static double Scaled(LibertyGroup root, string name, string baseUnit, double toTarget)
        {
            var attribute = root.Attribute(name) ?? throw Content(root.At, $"the library has no '{name}'");
            var text = attribute.Value.Trim();
            var i = 0;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            var magnitude = i == 0 ? 1 : ParseNumber(text[..i], attribute);
            var unit = text[i..].Trim();
            if (!unit.EndsWith(baseUnit, StringComparison.OrdinalIgnoreCase))
            {
                throw Content(attribute.At, $"'{name}' is \"{text}\"; expected a unit of {baseUnit}");
            }

            var prefix = unit[..^baseUnit.Length];
            var factor = prefix switch
            {
                "" => 1,
                "m" => 1e-3,
                "u" => 1e-6,
                "n" => 1e-9,
                "p" => 1e-12,
                "f" => 1e-15,
                "k" => 1e3,
                _ => throw Content(attribute.At, $"'{name}' has the unknown prefix '{prefix}'"),
            };
            return magnitude * factor * toTarget;
        }
    }

    private static LibertyCell ReadCell(LibertyGroup cell, Units units, IReadOnlyDictionary<string, LibertyGroup> templates)
    {
        var area = cell.Attribute("area") is { } a ? Number(a) : 0;
        var leakage = cell.Attribute("cell_leakage_power") is { } l ? Number(l) * units.Leakage : 0;
        var pins = cell.GroupsOf("pin").Select(p => ReadPin(p, units, templates)).ToList();
        LibertyStorage? storage = null;
        if (cell.GroupsOf("ff").FirstOrDefault() is { } ff)
        {
            storage = Storage(ff, false, "next_state", "clocked_on");
        }
        else if (cell.GroupsOf("latch").FirstOrDefault() is { } latch)
        {
            storage = Storage(latch, true, "data_in", "enable");
        }

        return new LibertyCell(cell.Name, area, leakage, pins, storage);
    }

    private static LibertyStorage Storage(LibertyGroup group, bool latch, string next, string clock)
    {
        if (group.Arguments.Count != 2)
        {
            throw Content(group.At, $"'{group.Kind}' needs two state variables, e.g. {group.Kind} (IQ, IQN)");
        }

        LibertyFunction Required(string name) => group.Attribute(name) is { } f ? Function(f) : throw Content(group.At, $"'{group.Kind}' has no '{name}'");
        LibertyFunction? Optional(string name) => group.Attribute(name) is { } f ? Function(f) : null;
        return new LibertyStorage(latch, group.Arguments[0], group.Arguments[1], Required(next), Required(clock), Optional("clear"), Optional("preset"));
    }

    private static LibertyPin ReadPin(LibertyGroup pin, Units units, IReadOnlyDictionary<string, LibertyGroup> templates)
    {
        var direction = pin.Attribute("direction")?.Value switch
        {
            "input" => PinDirection.Input,
            "output" => PinDirection.Output,
            "inout" => PinDirection.Inout,
            "internal" => PinDirection.Internal,
            null => throw Content(pin.At, $"pin '{pin.Name}' has no 'direction'"),
            var other => throw Content(pin.Attribute("direction")!.At, $"pin '{pin.Name}' has direction '{other}'; expected input, output, inout or internal"),
        };
        var capacitance = pin.Attribute("capacitance") is { } c ? Number(c) * units.Capacitance : 0;
        var function = pin.Attribute("function") is { } f ? Function(f) : null;
        var energies = pin.GroupsOf("internal_power").Select(g => new InternalEnergy(
                g.Attribute("related_pin")?.Value,
                Table(g.GroupsOf("rise_power").FirstOrDefault(), templates, units.Capacitance, units.Time, units.Energy),
                Table(g.GroupsOf("fall_power").FirstOrDefault(), templates, units.Capacitance, units.Time, units.Energy)))
            .ToList();
        var transitions = pin.GroupsOf("timing")
            .Where(t => t.Attribute("related_pin") is not null && t.Attribute("timing_type")?.Value is null or "combinational" or "rising_edge" or "falling_edge")
            .Select(t => new TransitionArc(
                t.Attribute("related_pin")!.Value,
                Table(t.GroupsOf("rise_transition").FirstOrDefault(), templates, units.Capacitance, units.Time, units.Time),
                Table(t.GroupsOf("fall_transition").FirstOrDefault(), templates, units.Capacitance, units.Time, units.Time)))
            .ToList();
        return new LibertyPin(pin.Name, direction, capacitance, pin.Attribute("clock")?.Value == "true", function, energies, transitions);
    }

    private static LibertyFunction Function(LibertyAttribute attribute)
    {
        try
        {
            return LibertyFunction.Parse(attribute.Value);
        }
        catch (FormatException ex)
        {
            throw Content(attribute.At, ex.Message);
        }
    }

    private static LibertyTable? Table(LibertyGroup? group, IReadOnlyDictionary<string, LibertyGroup> templates, double capacitance, double time, double valueScale)
    {
        if (group is null)
        {
            return null;
        }

        if (!templates.TryGetValue(group.Name, out var template))
        {
            throw Content(group.At, $"table '{group.Kind}' uses the template '{group.Name}', which the library does not define");
        }

        var axis1 = Axis(template.Attribute("variable_1"));
        var axis2 = template.Attribute("variable_2") is { } v2 ? Axis(v2) : (TableAxis?)null;
        var index1 = Index(group.Attribute("index_1") ?? template.Attribute("index_1"), group, axis1, capacitance, time);
        var index2 = axis2 is null ? [] : Index(group.Attribute("index_2") ?? template.Attribute("index_2"), group, axis2.Value, capacitance, time);
        var rows = (group.Attribute("values") ?? throw Content(group.At, $"table '{group.Kind}' has no 'values'")).Values;
        var columns = axis2 is null ? index1.Count : index2.Count;
        var rowCount = axis2 is null ? 1 : index1.Count;
        if (rows.Count != rowCount)
        {
            throw Content(group.At, $"table '{group.Kind}' has {rows.Count} rows of values; its index gives {rowCount}");
        }

        var values = new double[axis2 is null ? index1.Count : index1.Count, axis2 is null ? 1 : index2.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var numbers = Numbers(rows[r], group.Attribute("values")!);
            if (numbers.Count != columns)
            {
                throw Content(group.Attribute("values")!.At, $"table '{group.Kind}' row {r + 1} has {numbers.Count} values; expected {columns}");
            }

            for (var k = 0; k < numbers.Count; k++)
            {
                if (axis2 is null)
                {
                    values[k, 0] = numbers[k] * valueScale;
                }
                else
                {
                    values[r, k] = numbers[k] * valueScale;
                }
            }
        }

        return new LibertyTable(axis1, index1, axis2, index2, values);
    }

    private static TableAxis Axis(LibertyAttribute? variable) => variable?.Value switch
    {
        "total_output_net_capacitance" => TableAxis.OutputLoad,
        "input_net_transition" or "input_transition_time" => TableAxis.InputTransition,
        null => throw new InvalidOperationException("a table template without 'variable_1'"),
        _ => TableAxis.Other,
    };

    private static IReadOnlyList<double> Index(LibertyAttribute? index, LibertyGroup group, TableAxis axis, double capacitance, double time)
    {
        if (index is null)
        {
            throw Content(group.At, $"table '{group.Kind}' has no index");
        }

        var scale = axis switch
        {
            TableAxis.OutputLoad => capacitance,
            TableAxis.InputTransition => time,
            _ => 1,
        };
        var numbers = Numbers(index.Value, index).Select(n => n * scale).ToList();
        for (var i = 1; i < numbers.Count; i++)
        {
            if (numbers[i] <= numbers[i - 1])
            {
                throw Content(index.At, $"'{index.Name}' must increase; {numbers[i - 1]} is followed by {numbers[i]}");
            }
        }

        return numbers;
    }

    private static List<double> Numbers(string text, LibertyAttribute at) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => ParseNumber(s, at)).ToList();

    private static double Number(LibertyAttribute attribute) => ParseNumber(attribute.Value, attribute);

    private static double ParseNumber(string text, LibertyAttribute at) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Content(at.At, $"'{at.Name}' holds '{text}', which is not a number");

    private static DiagnosticException Content(SourceSpan at, string message)
    {
        var bag = new DiagnosticBag();
        bag.LibertyContent(at, message);
        return new DiagnosticException(bag.Items);
    }
}
