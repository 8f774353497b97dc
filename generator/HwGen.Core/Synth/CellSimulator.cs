// A zero-delay, two-valued simulator of a cell netlist that evaluates each cell's Liberty function (and flip-flop
// next-state function) in dependency order: HwGen's own path to net toggles, independent of Verilator and of the
// cells' Verilog models. One sample per cycle after the netlist settles, as the harness samples.
using HwGen.Synth.Liberty;

namespace HwGen.Synth;

public sealed class CellSimulator
{
    private readonly GateNetlist netlist;
    private readonly bool[] value;
    private readonly bool[] previous;
    private readonly long[] toggles;
    private readonly GateCell[] order;
    private readonly CompiledOutput[] compiled;
    private readonly GateCell[] sequential;
    private readonly bool[] storage;
    private readonly Dictionary<string, int> instanceIndex;
    private bool armed;

    public CellSimulator(GateNetlist netlist)
    {
        this.netlist = netlist;
        value = new bool[netlist.Nets.Count];
        previous = new bool[netlist.Nets.Count];
        toggles = new long[netlist.Nets.Count];
        storage = new bool[netlist.Cells.Count];
        instanceIndex = netlist.Instances.Select((x, i) => (x.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);
        foreach (var net in netlist.Nets.Where(n => n.DriverKind == DriverKind.Constant))
        {
            value[net.Id] = net.Constant == '1';
        }

        if (netlist.Cells.Any(c => c.IsMacro))
        {
            throw new NotSupportedException("the cell simulator evaluates netlists without memory macros");
        }

        sequential = netlist.Cells.Where(c => c.Library!.IsSequential).ToArray();
        order = Order();
        compiled = Compile();
    }

    /// <summary>Toggles per net id since <see cref="Arm"/>.</summary>
    public IReadOnlyList<long> Toggles => toggles;

    public bool Value(GateNet net) => value[net.Id];

    public void SetInput(string port, ulong word)
    {
        var p = netlist.Source.Top.Ports.Single(x => x.Name == port && x.Direction == PortDirection.Input);
        for (var k = 0; k < p.Bits.Count; k++)
        {
            if (!p.Bits[k].IsConstant)
            {
                value[netlist.TopNet(port, k).Id] = ((word >> k) & 1) != 0;
            }
        }
    }

    public ulong Output(string port)
    {
        var p = netlist.Source.Top.Ports.Single(x => x.Name == port);
        ulong word = 0;
        for (var k = 0; k < p.Bits.Count; k++)
        {
            var bit = p.Bits[k];
            var one = bit.IsConstant ? bit.Constant == '1' : value[netlist.TopNet(port, k).Id];
            if (one)
            {
                word |= 1UL << k;
            }
        }

        return word;
    }

    /// <summary>Evaluates every combinational cell once, inputs before outputs.</summary>
    public void Settle()
    {
        foreach (var cell in sequential)
        {
            foreach (var pin in cell.Library!.Outputs)
            {
                if (Net(cell, pin.Name) is { } net)
                {
                    value[net.Id] = pin.Function!.Evaluate(v => v == cell.Library.Storage!.State ? storage[cell.Index]
                        : v == cell.Library.Storage.InvertedState ? !storage[cell.Index] : Pin(cell, v));
                }
            }
        }

        foreach (var output in compiled)
        {
            var index = 0;
            for (var k = 0; k < output.Inputs.Length; k++)
            {
                var input = output.Inputs[k];
                if (input >= 0 ? value[input] : input == ConstantOne)
                {
                    index |= 1 << k;
                }
            }

            value[output.Net] = ((output.Table >> index) & 1) != 0;
        }
    }

    private const int ConstantZero = -1;
    private const int ConstantOne = -2;

    /// <summary>One combinational output as a truth table over its input nets (a negative input is a constant).</summary>
    private readonly record struct CompiledOutput(int Net, int[] Inputs, ulong Table);

    private CompiledOutput[] Compile()
    {
        var list = new List<CompiledOutput>();
        foreach (var cell in order)
        {
            foreach (var pin in cell.Library!.Outputs)
            {
                if (pin.Function is null || Net(cell, pin.Name) is not { } net)
                {
                    continue;
                }

                var names = pin.Function.Inputs.Distinct().ToList();
                if (names.Count > 6)
                {
                    throw new NotSupportedException($"cell {cell.Cell.Type} pin {pin.Name}: more than six inputs");
                }

                var inputs = names.Select(n => Net(cell, n) is { } i ? i.Id : Pin(cell, n) ? ConstantOne : ConstantZero).ToArray();
                ulong table = 0;
                for (var row = 0; row < 1 << names.Count; row++)
                {
                    var r = row;
                    if (pin.Function.Evaluate(v => ((r >> names.IndexOf(v)) & 1) != 0))
                    {
                        table |= 1UL << row;
                    }
                }

                list.Add(new CompiledOutput(net.Id, inputs, table));
            }
        }

        return [.. list];
    }

    /// <summary>A rising clock edge for every flip-flop (next state from the settled values), then settle.</summary>
    public void Clock()
    {
        var next = new bool[sequential.Length];
        for (var i = 0; i < sequential.Length; i++)
        {
            var cell = sequential[i];
            var s = cell.Library!.Storage!;
            next[i] = s.Clear is not null && s.Clear.Evaluate(v => Pin(cell, v)) ? false
                : s.Preset is not null && s.Preset.Evaluate(v => Pin(cell, v)) ? true
                : s.Next.Evaluate(v => Pin(cell, v));
        }

        for (var i = 0; i < sequential.Length; i++)
        {
            storage[sequential[i].Index] = next[i];
        }

        Settle();
    }

    /// <summary>Takes the current values as the baseline and zeroes the counts.</summary>
    public void Arm()
    {
        Array.Copy(value, previous, value.Length);
        Array.Clear(toggles);
        armed = true;
    }

    /// <summary>One sample: every net whose value differs from the previous sample toggled once.</summary>
    public void Sample()
    {
        if (!armed)
        {
            Arm();
            return;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != previous[i])
            {
                toggles[i]++;
                previous[i] = value[i];
            }
        }
    }

    private bool Pin(GateCell cell, string pin) => Net(cell, pin) is { } net ? value[net.Id]
        : cell.Cell.Connections.TryGetValue(pin, out var bits) && bits.Count > 0 && bits[0].IsConstant && bits[0].Constant == '1';

    private GateNet? Net(GateCell cell, string pin) =>
        cell.Cell.Connections.TryGetValue(pin, out var bits) && bits.Count > 0 && !bits[0].IsConstant
            ? netlist.NetOf(instanceIndex[cell.InstancePath], bits[0].Net)
            : null;

    private GateCell[] Order()
    {
        var combinational = netlist.Cells.Where(c => !c.Library!.IsSequential).ToList();
        var driverOf = new Dictionary<int, GateCell>();
        foreach (var cell in combinational)
        {
            foreach (var pin in cell.Library!.Outputs)
            {
                if (Net(cell, pin.Name) is { } net)
                {
                    driverOf[net.Id] = cell;
                }
            }
        }

        var indegree = new Dictionary<int, int>();
        var users = new Dictionary<int, List<GateCell>>();
        foreach (var cell in combinational)
        {
            var inputs = cell.Library!.Inputs.Select(p => Net(cell, p.Name)).Where(n => n is not null && driverOf.ContainsKey(n.Id)).Select(n => driverOf[n!.Id]).Distinct().ToList();
            indegree[cell.Index] = inputs.Count;
            foreach (var source in inputs)
            {
                if (!users.TryGetValue(source.Index, out var list))
                {
                    list = [];
                    users[source.Index] = list;
                }

                list.Add(cell);
            }
        }

        var ready = new Queue<GateCell>(combinational.Where(c => indegree[c.Index] == 0));
        var result = new List<GateCell>();
        while (ready.Count > 0)
        {
            var cell = ready.Dequeue();
            result.Add(cell);
            foreach (var user in users.GetValueOrDefault(cell.Index, []))
            {
                if (--indegree[user.Index] == 0)
                {
                    ready.Enqueue(user);
                }
            }
        }

        if (result.Count != combinational.Count)
        {
            throw new InvalidOperationException("the netlist has a combinational loop; the zero-delay simulator cannot order it");
        }

        return [.. result];
    }
}
