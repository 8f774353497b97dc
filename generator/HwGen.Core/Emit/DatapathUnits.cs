// The arithmetic units of a lane datapath and the nets each really uses: its operand inputs and its result outputs, as
// bit ranges of the datapath's nets. The core's harness and the calibration bench count the same buses, split into the
// cycles where the unit's action fires (in action) and the others (idle: the operands are not isolated).
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>A bit range of a datapath net: <paramref name="Width"/> bits from <paramref name="Low"/> of a net <paramref name="NetWidth"/> bits wide.</summary>
public sealed record UnitBus(string Net, int Width, int Low, int NetWidth)
{
    /// <summary>The whole net (audited like any net) or a slice named <c>net[hi:lo]</c>.</summary>
    public string Signal => Low == 0 && Width == NetWidth ? Net : $"{Net}[{Low + Width - 1}:{Low}]";
}

/// <summary>
/// One unit: its name, the action it performs, the name of the gate net that says the action fires this cycle, and
/// the buses it uses. Its toggles in action are <c>&lt;bus&gt;:in:&lt;unit&gt;</c> counters beside each bus's total.
/// </summary>
public sealed record ArithmeticUnit(string Name, ActionKey Action, string Gate, IReadOnlyList<UnitBus> Buses)
{
    public static string InActionSignal(UnitBus bus, string unit) => $"{bus.Signal}:in:{unit}";
}

public static class DatapathUnits
{
    /// <summary>
    /// The units of a datapath at <paramref name="p"/>'s widths. The integrate unit (an adder for binary spikes, a MAC
    /// otherwise) uses the state, weight and value inputs, the product (MAC only) and the saturated sum. The comparator
    /// uses the fire units' state input's bits above log2 θ (the quotient is wiring) and the fire value; the subtractor
    /// (spiking only) the same state bits, the fire value (z·θ is z shifted: wiring) and the reset state's bits above log2 θ (the bits below
    /// are plain wires from the state). Gates: <paramref name="integrateGate"/>, <paramref name="compareGate"/>, <paramref name="subtractGate"/>.
    /// </summary>
    public static IReadOnlyList<ArithmeticUnit> Of(LaneDatapathParameters p, bool spiking, ActionKey integrateAction,
        string integrateGate, string compareGate, string subtractGate)
    {
        var b = p.StateBits;
        var f = p.ThresholdLog2;
        var sum = p.StateBits + p.WeightBits + p.ValueBits + 2;
        var quotientBits = new UnitBus("fire_in", b - f, f, b);
        var integrate = new List<UnitBus>
        {
            new("state_in", b, 0, b),
            new("weight", p.WeightBits, 0, p.WeightBits),
            new("value", p.ValueBits, 0, p.ValueBits),
        };
        if (integrateAction == Actions.MultiplyAccumulate)
        {
            integrate.Add(new UnitBus("product", sum, 0, sum));
        }

        integrate.Add(new UnitBus("integrated", b, 0, b));
        var units = new List<ArithmeticUnit>
        {
            new(UnitName(integrateAction), integrateAction, integrateGate, integrate),
            new("comparator", Actions.Compare, compareGate, [quotientBits, new UnitBus("fire_value", p.ValueBits, 0, p.ValueBits)]),
        };
        if (spiking)
        {
            units.Add(new ArithmeticUnit("subtractor", Actions.Subtract, subtractGate,
                [quotientBits, new UnitBus("fire_value", p.ValueBits, 0, p.ValueBits), new UnitBus("reset_state", b - f, f, b)]));
        }

        return units;
    }

    /// <summary>The unit name of an action (the ERT's component): adder, mac, comparator, subtractor.</summary>
    public static string UnitName(ActionKey action) => action.Component;

    /// <summary>
    /// The probes of one datapath instance: each distinct bus's total (a net, or a slice) and each unit's in-action
    /// part, gated by its gate net in <paramref name="gatePath"/> (module <paramref name="gateModule"/>; a top port when
    /// <paramref name="gatesArePorts"/>).
    /// </summary>
    public static IReadOnlyList<ToggleProbe> Probes(string datapathPath, string datapathModule, IReadOnlyList<ArithmeticUnit> units, string gatePath,
        string gateModule, bool gatesArePorts = false)
    {
        var probes = new List<ToggleProbe>();
        foreach (var bus in units.SelectMany(u => u.Buses).DistinctBy(x => x.Signal))
        {
            probes.Add(new ToggleProbe(datapathPath, datapathModule, bus.Signal, SignalClass.Arithmetic, bus.Width) { Net = bus.Net, Low = bus.Low });
        }

        foreach (var unit in units)
        {
            foreach (var bus in unit.Buses)
            {
                probes.Add(new ToggleProbe(datapathPath, datapathModule, ArithmeticUnit.InActionSignal(bus, unit.Name), SignalClass.Arithmetic, bus.Width, unit.Action)
                {
                    Kind = ProbeKind.Gated, Net = bus.Net, Low = bus.Low, Unit = unit.Name,
                    Gate = new NetRef(gatePath, gateModule, unit.Gate, gatesArePorts),
                });
            }
        }

        return probes;
    }
}
