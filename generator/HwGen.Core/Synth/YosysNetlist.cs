// Yosys's JSON netlist (`write_json`): modules with ports, cells (type, parameters, bit-level connections) and named
// nets. Bits are module-local integers; the strings "0", "1", "x", "z" are constants.
using System.Globalization;
using System.Text.Json;

namespace HwGen.Synth;

/// <summary>One bit of a connection: a module-local net number, or a constant.</summary>
public readonly record struct NetBit(int Net, char Constant)
{
    public bool IsConstant => Net < 0;

    public static NetBit Of(int net) => new(net, '\0');

    public static NetBit Const(char value) => new(-1, value);

    public override string ToString() => IsConstant ? $"'{Constant}'" : Net.ToString(CultureInfo.InvariantCulture);
}

public enum PortDirection
{
    Input,
    Output,
    Inout,
}

public sealed record NetlistPort(string Name, PortDirection Direction, IReadOnlyList<NetBit> Bits);

public sealed record NetlistCell(
    string Name,
    string Type,
    bool HiddenName,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, PortDirection> Directions,
    IReadOnlyDictionary<string, IReadOnlyList<NetBit>> Connections);

public sealed record NetlistNetName(string Name, bool Hidden, IReadOnlyList<NetBit> Bits);

public sealed record NetlistModule(
    string Name,
    bool IsBlackbox,
    bool IsTop,
    string? HdlName,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<NetlistPort> Ports,
    IReadOnlyList<NetlistCell> Cells,
    IReadOnlyList<NetlistNetName> NetNames)
{
    /// <summary>The module's name as written in the RTL (a derived module's base name).</summary>
    public string BaseName => HdlName ?? Name;

    /// <summary>
    /// A readable, deterministic name: the base name, and for a parameterised module its DEPTH x WIDTH (memories,
    /// queues) or its parameters.
    /// </summary>
    public string DisplayName => Display(BaseName, Parameters);

    public static string Display(string baseName, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            return baseName;
        }

        if (parameters.TryGetValue("DEPTH", out var depth) && parameters.TryGetValue("WIDTH", out var width))
        {
            return $"{baseName} {YosysNetlist.ParameterValue(depth)}x{YosysNetlist.ParameterValue(width)}";
        }

        return $"{baseName}({string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={YosysNetlist.ParameterValue(p.Value)}"))})";
    }
}

public sealed record YosysNetlist(IReadOnlyDictionary<string, NetlistModule> Modules)
{
    public NetlistModule Top => Modules.Values.Single(m => m.IsTop);

    public bool IsModule(string type) => Modules.TryGetValue(type, out var m) && !m.IsBlackbox;

    /// <summary>
    /// A memory macro: the memory module read as a blackbox (osu018). Other blackboxes are the target's primitives
    /// (SB_LUT4, ...), which count as cells.
    /// </summary>
    public bool IsMacro(string type) => Modules.TryGetValue(type, out var m) && m.IsBlackbox && m.BaseName == MacroModule;

    /// <summary>The behavioural memory module the osu018 flow keeps as a macro.</summary>
    public const string MacroModule = "sram_1r1w";

    /// <summary>
    /// Each non-blackbox module reachable from the top with the number of times it is instantiated in the whole
    /// hierarchy (a lane's datapath counts once per lane), in first-visit order.
    /// </summary>
    public IReadOnlyList<(NetlistModule Module, long Instances)> Hierarchy()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<string>();
        void Visit(NetlistModule module, long multiplicity)
        {
            if (!counts.ContainsKey(module.Name))
            {
                order.Add(module.Name);
                counts[module.Name] = 0;
            }

            counts[module.Name] += multiplicity;
            foreach (var cell in module.Cells.Where(c => IsModule(c.Type)))
            {
                Visit(Modules[cell.Type], multiplicity);
            }
        }

        Visit(Top, 1);
        return order.Select(n => (Modules[n], counts[n])).ToList();
    }

    /// <summary>Every instance path below the top (dot-separated cell names) with its module, depth first.</summary>
    public IReadOnlyList<(string Path, NetlistModule Module)> Instances() => InstanceSegments().Select(i => (string.Join('.', i.Segments), i.Module)).ToList();

    /// <summary>
    /// The same instances with their paths as lists of cell names (a generate-block name such as <c>bank[0].memory</c>
    /// is one cell name, so a joined path cannot be split back).
    /// </summary>
    public IReadOnlyList<(IReadOnlyList<string> Segments, NetlistModule Module)> InstanceSegments()
    {
        var list = new List<(IReadOnlyList<string>, NetlistModule)>();
        void Visit(List<string> path, NetlistModule module)
        {
            list.Add((path, module));
            foreach (var cell in module.Cells.Where(c => IsModule(c.Type)))
            {
                Visit([.. path, cell.Name], Modules[cell.Type]);
            }
        }

        Visit([], Top);
        return list;
    }

    /// <summary>A parameter value as Yosys writes it (a binary string, or a string for string parameters) as a number.</summary>
    public static string ParameterValue(string value)
    {
        if (value.Length > 0 && value.All(c => c is '0' or '1'))
        {
            return value.Length <= 63 ? Convert.ToInt64(value, 2).ToString(CultureInfo.InvariantCulture) : value;
        }

        return value.TrimEnd(' ');
    }

    public static YosysNetlist Read(string path) => Parse(File.ReadAllText(path));

    public static YosysNetlist Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        var modules = new SortedDictionary<string, NetlistModule>(StringComparer.Ordinal);
        foreach (var m in document.RootElement.GetProperty("modules").EnumerateObject())
        {
            var attributes = Strings(m.Value, "attributes");
            var ports = m.Value.TryGetProperty("ports", out var p)
                ? p.EnumerateObject().Select(x => new NetlistPort(x.Name, Direction(x.Value.GetProperty("direction").GetString()), Bits(x.Value.GetProperty("bits")))).ToList()
                : [];
            var cells = m.Value.TryGetProperty("cells", out var c)
                ? c.EnumerateObject().Select(x => new NetlistCell(
                    x.Name,
                    x.Value.GetProperty("type").GetString()!,
                    x.Value.TryGetProperty("hide_name", out var h) && h.GetInt32() == 1,
                    Strings(x.Value, "parameters"),
                    x.Value.TryGetProperty("port_directions", out var d)
                        ? d.EnumerateObject().ToDictionary(y => y.Name, y => Direction(y.Value.GetString()), StringComparer.Ordinal)
                        : new Dictionary<string, PortDirection>(),
                    x.Value.GetProperty("connections").EnumerateObject().ToDictionary(y => y.Name, y => (IReadOnlyList<NetBit>)Bits(y.Value), StringComparer.Ordinal))).ToList()
                : [];
            var names = m.Value.TryGetProperty("netnames", out var n)
                ? n.EnumerateObject().Select(x => new NetlistNetName(x.Name, x.Value.TryGetProperty("hide_name", out var h) && h.GetInt32() == 1, Bits(x.Value.GetProperty("bits")))).ToList()
                : [];
            var hdl = attributes.TryGetValue("hdlname", out var hn) ? hn.TrimStart('\\') : null;
            modules[m.Name] = new NetlistModule(
                m.Name,
                attributes.ContainsKey("blackbox"),
                attributes.ContainsKey("top"),
                hdl,
                Strings(m.Value, "parameter_default_values"),
                ports,
                cells,
                names);
        }

        return new YosysNetlist(modules);
    }

    private static PortDirection Direction(string? text) => text switch
    {
        "input" => PortDirection.Input,
        "output" => PortDirection.Output,
        "inout" => PortDirection.Inout,
        _ => throw new FormatException($"netlist.json: unknown port direction '{text}'"),
    };

    private static List<NetBit> Bits(JsonElement array) => array.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.Number
        ? NetBit.Of(b.GetInt32())
        : NetBit.Const(b.GetString() is { Length: 1 } s ? s[0] : throw new FormatException($"netlist.json: bit '{b}'"))).ToList();

    private static Dictionary<string, string> Strings(JsonElement element, string property)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var value))
        {
            foreach (var x in value.EnumerateObject())
            {
                result[x.Name] = x.Value.ValueKind == JsonValueKind.String ? x.Value.GetString()! : x.Value.GetRawText();
            }
        }

        return result;
    }
}
