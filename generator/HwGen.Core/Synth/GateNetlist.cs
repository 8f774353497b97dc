// The physical view of a hierarchical cell netlist: every net of every instance merged across ports into one
// electrical net with its driver (a cell output, a macro output, a primary input or a constant), its loads (cell and
// macro input pins, primary outputs) and its load capacitance from the Liberty pin capacitances.
using HwGen.Synth.Liberty;

namespace HwGen.Synth;

/// <summary>The signal classes gate-level energy is reported in.</summary>
public enum GateClass
{
    /// <summary>Combinational cells of the lane datapaths (adders, multipliers, comparators, subtractors, saturation).</summary>
    Arithmetic,

    /// <summary>Flip-flops outside the queues: pipeline, state and controller registers.</summary>
    Registers,

    /// <summary>The clock net and every flip-flop's clock pin.</summary>
    Clock,

    /// <summary>Combinational cells outside datapaths and queues: controller, walker, loader, buffer and lane muxing.</summary>
    Control,

    /// <summary>The event FIFOs (input, output and per-lane spike queues): their storage flip-flops and logic.</summary>
    Queues,
}

/// <summary>One placed cell: where it sits, what it is, and its class.</summary>
public sealed record GateCell(int Index, string InstancePath, NetlistModule Module, NetlistCell Cell, LibertyCell? Library, bool IsMacro, GateClass Class);

/// <summary>A pin on a net: a cell's pin (with its Liberty pin unless the cell is a macro), or a top-level port bit.</summary>
public sealed record GatePin(GateCell? Cell, string Pin, LibertyPin? Library, string? TopPort = null, int TopBit = 0);

public enum DriverKind
{
    Cell,
    Macro,
    PrimaryInput,
    Constant,
    None,
}

/// <summary>
/// One electrical net. <see cref="ProbePath"/>/<see cref="ProbeModule"/>/<see cref="ProbeNet"/> name the module-local
/// net where it is driven (or first seen), which the simulation netlist keeps readable for toggle counting.
/// </summary>
public sealed class GateNet(int id)
{
    public int Id { get; } = id;

    public DriverKind DriverKind { get; set; } = DriverKind.None;

    public GatePin? Driver { get; set; }

    public char Constant { get; set; }

    public List<GatePin> Loads { get; } = [];

    public string ProbePath { get; set; } = string.Empty;

    public NetlistModule? ProbeModule { get; set; }

    public int ProbeNet { get; set; } = -1;

    /// <summary>Sum of the load pins' capacitances (pF); macro and primary-output loads add nothing.</summary>
    public double LoadCapacitance { get; set; }

    public bool IsClock { get; set; }
}

public sealed class GateNetlist
{
    private GateNetlist(YosysNetlist source, LibertyLibrary library, IReadOnlyList<(string Path, NetlistModule Module)> instances,
        IReadOnlyList<GateCell> cells, IReadOnlyList<GateNet> nets, IReadOnlyDictionary<(int Instance, int Net), GateNet> map)
    {
        Source = source;
        Library = library;
        Instances = instances;
        Cells = cells;
        Nets = nets;
        this.map = map;
    }

    private readonly IReadOnlyDictionary<(int Instance, int Net), GateNet> map;

    public YosysNetlist Source { get; }

    public LibertyLibrary Library { get; }

    public IReadOnlyList<(string Path, NetlistModule Module)> Instances { get; }

    public IReadOnlyList<GateCell> Cells { get; }

    public IReadOnlyList<GateNet> Nets { get; }

    /// <summary>The electrical net of a module-local net in one instance (instance index into <see cref="Instances"/>).</summary>
    public GateNet NetOf(int instance, int localNet) => map[(instance, localNet)];

    /// <summary>The net of a top-level port bit.</summary>
    public GateNet TopNet(string port, int bit)
    {
        var p = Source.Top.Ports.Single(x => x.Name == port);
        var b = p.Bits[bit];
        return b.IsConstant ? throw new InvalidOperationException($"port {port}[{bit}] is the constant {b.Constant}") : map[(0, b.Net)];
    }

    /// <summary>
    /// The group a cell's energy is reported under: its module's name, with the event FIFOs split by role (the input and
    /// output event queues, which the ERT prices, and the per-lane spike queues, which it does not).
    /// </summary>
    public static string GroupOf(GateCell cell) => GroupOf(cell.InstancePath, cell.Module);

    /// <summary>The group of the instance at <paramref name="path"/> of <paramref name="module"/> (as <see cref="GroupOf(GateCell)"/>).</summary>
    public static string GroupOf(string path, NetlistModule module)
    {
        if (module.BaseName != "event_fifo")
        {
            return module.DisplayName;
        }

        var leaf = path[(path.LastIndexOf('.') + 1)..];
        return leaf is InputQueue or OutputQueue ? $"{leaf} ({module.DisplayName})" : $"spike queues ({module.DisplayName})";
    }

    public const string InputQueue = "input_queue";
    public const string OutputQueue = "output_queue";

    /// <summary>The class of a cell: by its module (datapath, queue) and whether it stores state.</summary>
    public static GateClass ClassOf(NetlistModule module, LibertyCell? cell)
    {
        if (module.BaseName == "event_fifo")
        {
            return GateClass.Queues;
        }

        if (cell is { IsSequential: true })
        {
            return GateClass.Registers;
        }

        // The pooling layers' datapath (pool_datapath) is lane arithmetic too.
        return module.BaseName.EndsWith("_lane_datapath", StringComparison.Ordinal) || module.BaseName == "pool_datapath"
            ? GateClass.Arithmetic
            : GateClass.Control;
    }

    public static GateNetlist Build(YosysNetlist netlist, LibertyLibrary library)
    {
        var instances = netlist.Instances();
        var instanceIndex = instances.Select((x, i) => (x.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);

        // Union-find over (instance, local net): a submodule's port bits are the parent's connected bits.
        var ids = new Dictionary<(int, int), int>();
        var parent = new List<int>();
        var constants = new Dictionary<int, char>();
        int Id(int instance, int net)
        {
            if (!ids.TryGetValue((instance, net), out var id))
            {
                id = parent.Count;
                ids[(instance, net)] = id;
                parent.Add(id);
            }

            return id;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a != b)
            {
                parent[Math.Max(a, b)] = Math.Min(a, b);
            }
        }

        for (var i = 0; i < instances.Count; i++)
        {
            var (path, module) = instances[i];
            foreach (var port in module.Ports)
            {
                foreach (var bit in port.Bits.Where(b => !b.IsConstant))
                {
                    Id(i, bit.Net);
                }
            }

            foreach (var cell in module.Cells)
            {
                var childPath = path.Length == 0 ? cell.Name : path + "." + cell.Name;
                var isChild = netlist.IsModule(cell.Type);
                var child = isChild ? netlist.Modules[cell.Type] : null;
                foreach (var (pin, bits) in cell.Connections)
                {
                    for (var k = 0; k < bits.Count; k++)
                    {
                        var bit = bits[k];
                        var parentId = bit.IsConstant ? -1 : Id(i, bit.Net);
                        if (child is null)
                        {
                            continue;
                        }

                        var childBit = child.Ports.Single(p => p.Name == pin).Bits[k];
                        if (childBit.IsConstant)
                        {
                            continue;
                        }

                        var childId = Id(instanceIndex[childPath], childBit.Net);
                        if (parentId < 0)
                        {
                            constants[childId] = bit.Constant;
                        }
                        else
                        {
                            Union(parentId, childId);
                        }
                    }
                }
            }
        }

        var roots = new Dictionary<int, GateNet>();
        var nets = new List<GateNet>();
        GateNet NetForId(int id)
        {
            var root = Find(id);
            if (!roots.TryGetValue(root, out var net))
            {
                net = new GateNet(nets.Count);
                roots[root] = net;
                nets.Add(net);
            }

            return net;
        }

        var map = new Dictionary<(int, int), GateNet>();
        foreach (var ((instance, local), id) in ids)
        {
            map[(instance, local)] = NetForId(id);
        }

        foreach (var (id, value) in constants)
        {
            var net = NetForId(id);
            net.DriverKind = DriverKind.Constant;
            net.Constant = value;
        }

        // Cells, drivers and loads.
        var cells = new List<GateCell>();
        for (var i = 0; i < instances.Count; i++)
        {
            var (path, module) = instances[i];
            foreach (var cell in module.Cells)
            {
                if (netlist.IsModule(cell.Type))
                {
                    continue;
                }

                var macro = netlist.IsMacro(cell.Type);
                var lib = macro ? null : library.Cell(cell.Type);
                var gate = new GateCell(cells.Count, path, module, cell, lib, macro, macro ? GateClass.Control : ClassOf(module, lib));
                cells.Add(gate);
                foreach (var (pin, bits) in cell.Connections)
                {
                    var libPin = lib?.Pin(pin);
                    var direction = libPin is not null
                        ? (libPin.Direction == PinDirection.Output ? PortDirection.Output : PortDirection.Input)
                        : cell.Directions.TryGetValue(pin, out var d) ? d : PortDirection.Input;
                    for (var k = 0; k < bits.Count; k++)
                    {
                        if (bits[k].IsConstant)
                        {
                            continue;
                        }

                        var net = map[(i, bits[k].Net)];
                        var gatePin = new GatePin(gate, bits.Count == 1 ? pin : $"{pin}[{k}]", libPin);
                        if (direction == PortDirection.Output)
                        {
                            if (net.DriverKind is DriverKind.Cell or DriverKind.Macro)
                            {
                                throw new InvalidOperationException($"net driven twice: {path}.{cell.Name}.{pin} and {net.Driver!.Cell!.InstancePath}.{net.Driver.Cell.Cell.Name}.{net.Driver.Pin}");
                            }

                            net.DriverKind = macro ? DriverKind.Macro : DriverKind.Cell;
                            net.Driver = gatePin;
                            net.ProbePath = path;
                            net.ProbeModule = module;
                            net.ProbeNet = bits[k].Net;
                        }
                        else
                        {
                            net.Loads.Add(gatePin);
                            net.LoadCapacitance += libPin?.Capacitance ?? 0;
                            if (libPin is { IsClock: true })
                            {
                                net.IsClock = true;
                            }
                        }
                    }
                }
            }
        }

        var top = netlist.Top;
        foreach (var port in top.Ports)
        {
            for (var k = 0; k < port.Bits.Count; k++)
            {
                if (port.Bits[k].IsConstant)
                {
                    continue;
                }

                var net = map[(0, port.Bits[k].Net)];
                var pin = new GatePin(null, port.Name, null, port.Name, k);
                if (port.Direction == PortDirection.Input)
                {
                    net.DriverKind = DriverKind.PrimaryInput;
                    net.Driver = pin;
                    net.ProbePath = string.Empty;
                    net.ProbeModule = top;
                    net.ProbeNet = port.Bits[k].Net;
                }
                else
                {
                    net.Loads.Add(pin);
                }
            }
        }

        return new GateNetlist(netlist, library, instances, cells, nets, map);
    }
}
