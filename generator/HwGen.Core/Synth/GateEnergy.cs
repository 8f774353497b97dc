// Gate-level energy from a cell library and per-net toggle counts:
//   per output transition of a cell: its internal energy (Liberty internal_power of the output pin, mean of rise and
//     fall, mean over the related input pins), interpolated at the net's load and the related input's transition;
//   per transition of a net: 1/2 C V^2, C the sum of its load pins' capacitances (no wire load: the Liberty defines no
//     wire-load model and the netlist is not placed), plus the internal energy of load pins that have one (flip-flop D);
//   the clock net: two transitions a cycle, its pin loads and every clock pin's internal energy;
//   leakage: each cell's cell_leakage_power times the run time (cycles x a stated clock period).
// Transition times are propagated through the netlist from the output-transition tables; primary inputs, the clock
// and memory-macro outputs switch with the library's fastest characterised transition.
using System.Globalization;
using HwGen.Synth.Liberty;

namespace HwGen.Synth;

/// <summary>The stated constants of the gate-level energy model.</summary>
public sealed record GateEnergyOptions(double PrimaryTransitionNs, double ClockPeriodNs)
{
    /// <summary>The clock period for leakage: 10 ns (100 MHz), an assumption; leakage is a tiny share at 0.18 um.</summary>
    public const double DefaultClockPeriodNs = 10;

    public static GateEnergyOptions For(LibertyLibrary library) => new(library.FastestCharacterisedTransition, DefaultClockPeriodNs);

    public string Describe(LibertyLibrary library) => string.Create(CultureInfo.InvariantCulture,
        $"{library.FileName} at {library.NominalVoltage:0.0#} V: internal energy per output transition (mean of rise/fall tables, mean over related pins) at the net's load and propagated input transition; 1/2 C V^2 per net transition, C = sum of load pin capacitances (no wire load); clock: 2 transitions per cycle; primary inputs, clock and macro outputs at {PrimaryTransitionNs:0.###} ns (the fastest characterised transition); leakage x cycles x {ClockPeriodNs:0.##} ns (assumed clock period)");
}

/// <summary>Energy of one group (a module by display name; event FIFOs by role) and class at the library's node.</summary>
public sealed record GateEnergyRow(string Module, GateClass Class, double InternalPj, double SwitchingPj, double LeakagePj)
{
    public double DynamicPj => InternalPj + SwitchingPj;

    public double TotalPj => DynamicPj + LeakagePj;
}

/// <summary>A whole run's gate-level energy at the library's node, by module and class, with what was left out.</summary>
public sealed record GateEnergyResult(
    IReadOnlyList<GateEnergyRow> Rows,
    long ClockedCycles,
    long NetToggles,
    double PrimaryInputLoadPj,
    double MacroDrivenLoadPj,
    string Model)
{
    public double DynamicPj => Rows.Sum(r => r.DynamicPj);

    public double LeakagePj => Rows.Sum(r => r.LeakagePj);

    public double TotalPj => DynamicPj + LeakagePj;

    public double ClassDynamicPj(GateClass c) => Rows.Where(r => r.Class == c).Sum(r => r.DynamicPj);
}

/// <summary>Per-net energies of one netlist, computed once; <see cref="Compute"/> prices a run's toggles with them.</summary>
public sealed class GateEnergyModel
{
    private readonly GateNetlist netlist;
    private readonly double[] transition;
    private readonly double[] outputInternal;
    private readonly double[] switching;
    private readonly List<(GateCell Cell, double Energy)>[] loadInternal;

    public GateEnergyModel(GateNetlist netlist, GateEnergyOptions options)
    {
        this.netlist = netlist;
        Options = options;
        var n = netlist.Nets.Count;
        transition = new double[n];
        outputInternal = new double[n];
        switching = new double[n];
        loadInternal = new List<(GateCell, double)>[n];
        var v = netlist.Library.NominalVoltage;
        PropagateTransitions();
        foreach (var net in netlist.Nets)
        {
            switching[net.Id] = 0.5 * net.LoadCapacitance * v * v;
            outputInternal[net.Id] = net.DriverKind == DriverKind.Cell ? OutputInternal(net) : 0;
            var loads = new List<(GateCell, double)>();
            foreach (var load in net.Loads.Where(l => l.Library is not null && l.Cell is not null))
            {
                var tables = load.Library!.InternalEnergies.Where(e => e.RelatedPin is null).ToList();
                if (tables.Count > 0)
                {
                    loads.Add((load.Cell!, tables.Average(e => Mean(e, 0, transition[net.Id]))));
                }
            }

            loadInternal[net.Id] = loads;
        }
    }

    public GateEnergyOptions Options { get; }

    public GateNetlist Netlist => netlist;

    /// <summary>The net's propagated transition time (ns).</summary>
    public double TransitionOf(GateNet net) => transition[net.Id];

    /// <summary>Internal energy of the driving cell per transition of the net (pJ).</summary>
    public double OutputInternalOf(GateNet net) => outputInternal[net.Id];

    /// <summary>1/2 C V^2 of the net's pin load (pJ).</summary>
    public double SwitchingOf(GateNet net) => switching[net.Id];

    /// <summary>The load pins' own internal energy per transition of the net (pJ), by cell.</summary>
    public IReadOnlyList<(GateCell Cell, double Energy)> LoadInternalOf(GateNet net) => loadInternal[net.Id];

    /// <summary>
    /// Prices <paramref name="toggles"/> (per net id; the clock nets' entries are ignored) over
    /// <paramref name="clockedCycles"/> clock cycles.
    /// </summary>
    public GateEnergyResult Compute(IReadOnlyList<long> toggles, long clockedCycles)
    {
        var rows = new Dictionary<(string, GateClass), double[]>();
        double[] Row(GateCell cell, GateClass c)
        {
            var key = (GateNetlist.GroupOf(cell), c);
            if (!rows.TryGetValue(key, out var r))
            {
                r = new double[3];
                rows[key] = r;
            }

            return r;
        }

        double primary = 0, macro = 0;
        long total = 0;
        foreach (var net in netlist.Nets)
        {
            var clock = net.IsClock && net.DriverKind == DriverKind.PrimaryInput;
            var count = clock ? 2 * clockedCycles : toggles[net.Id];
            if (count == 0)
            {
                continue;
            }

            total += clock ? 0 : count;
            if (clock)
            {
                // The clock's load charge and every clock pin's internal energy, booked to each flip-flop's module.
                var v = netlist.Library.NominalVoltage;
                foreach (var load in net.Loads.Where(l => l.Cell is not null && l.Library is not null))
                {
                    Row(load.Cell!, GateClass.Clock)[1] += count * 0.5 * load.Library!.Capacitance * v * v;
                }

                foreach (var (cell, energy) in loadInternal[net.Id])
                {
                    Row(cell, GateClass.Clock)[0] += count * energy;
                }

                continue;
            }

            foreach (var (cell, energy) in loadInternal[net.Id])
            {
                Row(cell, cell.Class)[0] += count * energy;
            }

            switch (net.DriverKind)
            {
                case DriverKind.Cell:
                    var driver = net.Driver!.Cell!;
                    var r = Row(driver, driver.Class);
                    r[0] += count * outputInternal[net.Id];
                    r[1] += count * switching[net.Id];
                    break;
                case DriverKind.PrimaryInput:
                    primary += count * switching[net.Id];
                    break;
                case DriverKind.Macro:
                    macro += count * switching[net.Id];
                    break;
            }
        }

        var seconds = clockedCycles * Options.ClockPeriodNs;
        foreach (var cell in netlist.Cells.Where(c => c.Library is not null))
        {
            // nW x ns = 1e-18 J = 1e-6 pJ.
            Row(cell, cell.Class)[2] += cell.Library!.LeakagePower * seconds * 1e-6;
        }

        var list = rows.Select(kv => new GateEnergyRow(kv.Key.Item1, kv.Key.Item2, kv.Value[0], kv.Value[1], kv.Value[2]))
            .OrderBy(r => r.Module, StringComparer.Ordinal).ThenBy(r => r.Class).ToList();
        return new GateEnergyResult(list, clockedCycles, total, primary, macro, Options.Describe(netlist.Library));
    }

    private double OutputInternal(GateNet net)
    {
        var pin = net.Driver!;
        var energies = pin.Library!.InternalEnergies.Where(e => e.RelatedPin is not null).ToList();
        if (energies.Count == 0)
        {
            return 0;
        }

        return energies.Average(e => Mean(e, net.LoadCapacitance, RelatedTransition(pin.Cell!, e.RelatedPin!)));
    }

    private static double Mean(InternalEnergy e, double load, double slew)
    {
        var rise = e.Rise?.At(load, slew);
        var fall = e.Fall?.At(load, slew);
        return rise is not null && fall is not null ? (rise.Value + fall.Value) / 2 : rise ?? fall ?? 0;
    }

    /// <summary>The transition at a cell's input pin: its net's, or the primary transition for a clock pin or an open input.</summary>
    private double RelatedTransition(GateCell cell, string pin)
    {
        var libPin = cell.Library!.Pin(pin);
        if (libPin.IsClock)
        {
            return Options.PrimaryTransitionNs;
        }

        var net = InputNet(cell, pin);
        return net is null ? Options.PrimaryTransitionNs : transition[net.Id];
    }

    private GateNet? InputNet(GateCell cell, string pin)
    {
        var bits = cell.Cell.Connections[pin];
        if (bits.Count == 0 || bits[0].IsConstant)
        {
            return null;
        }

        var instance = InstanceIndex(cell.InstancePath);
        return netlist.NetOf(instance, bits[0].Net);
    }

    private Dictionary<string, int>? instanceIndex;

    private int InstanceIndex(string path)
    {
        instanceIndex ??= netlist.Instances.Select((x, i) => (x.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);
        return instanceIndex[path];
    }

    /// <summary>Output transitions in dependency order: a combinational output waits for its inputs; flip-flop outputs do not.</summary>
    private void PropagateTransitions()
    {
        const int Unvisited = 0, Visiting = 1, Done = 2;
        var state = new int[netlist.Nets.Count];
        var primary = Options.PrimaryTransitionNs;
        foreach (var start in netlist.Nets)
        {
            if (state[start.Id] == Done)
            {
                continue;
            }

            var stack = new Stack<GateNet>();
            stack.Push(start);
            while (stack.Count > 0)
            {
                var net = stack.Peek();
                if (state[net.Id] == Done)
                {
                    stack.Pop();
                    continue;
                }

                if (net.DriverKind != DriverKind.Cell)
                {
                    transition[net.Id] = primary;
                    state[net.Id] = Done;
                    stack.Pop();
                    continue;
                }

                var cell = net.Driver!.Cell!;
                var arcs = net.Driver.Library!.Transitions;
                if (state[net.Id] == Unvisited)
                {
                    state[net.Id] = Visiting;
                    if (!cell.Library!.IsSequential)
                    {
                        foreach (var arc in arcs)
                        {
                            var input = InputNet(cell, arc.RelatedPin);
                            if (input is not null && state[input.Id] == Unvisited)
                            {
                                stack.Push(input);
                            }
                        }
                    }

                    continue;
                }

                // Visiting again: inputs are done (or on a loop, where they read as primary).
                stack.Pop();
                if (arcs.Count == 0)
                {
                    transition[net.Id] = primary;
                }
                else
                {
                    transition[net.Id] = arcs.Average(arc =>
                    {
                        var slew = cell.Library!.IsSequential || cell.Library.Pin(arc.RelatedPin).IsClock ? primary
                            : InputNet(cell, arc.RelatedPin) is { } input && state[input.Id] == Done ? transition[input.Id] : primary;
                        var rise = arc.Rise?.At(net.LoadCapacitance, slew);
                        var fall = arc.Fall?.At(net.LoadCapacitance, slew);
                        return rise is not null && fall is not null ? (rise.Value + fall.Value) / 2 : rise ?? fall ?? primary;
                    });
                }

                state[net.Id] = Done;
            }
        }
    }
}
