// The measured energy model of one twin: prices a window of an RTL run (a layer, a timestep) from the counts and the
// activity the harness measured, component by component and term by term (docs/measurement.md, "Measured energy").
using System.Globalization;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Energy;

public sealed class MeasuredEnergyModel
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly RtlDesign design;
    private readonly ActionPrices prices;
    private readonly ToggleCalibration calibration;
    private readonly string top;
    private readonly Dictionary<(string, string), ActionKey?> pricedBy = [];
    private readonly HashSet<(string, string)> registerBuses = [];
    private readonly Dictionary<(string, string), string> registerClass = [];
    private readonly Dictionary<(string, string), string> registerPath = [];
    private readonly Dictionary<ActionKey, MemoryPrice> memoryPrices;

    /// <summary>
    /// A twin's model: its design, its ERT (with the circuit and size-aware figures), its resolved prices, its calibration
    /// (of the same preset) and every probe its harness counts.
    /// </summary>
    public MeasuredEnergyModel(RtlDesign design, EnergyReferenceTable table, ActionPrices prices, DesignWidths widths, ToggleCalibration calibration,
        IReadOnlyList<ToggleProbe> probes, RegisterInventory registers)
    {
        if (calibration.Preset != table.Preset)
        {
            throw new EnergyTableException($"the calibration is of ERT preset '{calibration.Preset}' but the design is priced with '{table.Preset}'.");
        }

        this.design = design;
        this.prices = prices;
        this.calibration = calibration;
        top = design.TopModule;
        Preset = table.Preset;
        Circuit = table.Circuit ?? throw new EnergyTableException(
            $"ERT '{table.Preset}' has no circuit block: the measured energy model needs its flip-flop, SRAM and DRAM figures.");
        MemoryPrices = SizeAwarePrices.Resolve(table, prices, widths);
        memoryPrices = MemoryPrices.ToDictionary(m => m.Action);
        ClockMhz = design.Model.Core.ClockMhz;
        Registers = registers;
        foreach (var p in probes)
        {
            foreach (var signal in p.ResultSignals)
            {
                var key = (p.Hierarchy(top), signal);
                var toggled = p.PricedAs is { } action && calibration.Entries.Any(e => e.Action == action && e.EnergyPerTogglePj is not null);
                pricedBy[key] = toggled ? p.PricedAs : null;
                if (p.Class == SignalClass.Register && p.Kind is ProbeKind.Net or ProbeKind.WriteFlips && !PricedByQueue(p))
                {
                    registerBuses.Add(key);
                    registerClass[key] = p.Module != CoreToggleProbes.QueueModule ? MeasuredClasses.Registers
                        : p.Path is "input_queue" or "output_queue" ? MeasuredClasses.EventQueues : MeasuredClasses.SpikeQueues;
                    registerPath[key] = p.Path;
                }
            }
        }
    }

    /// <summary>The queues' pointers are flip-flops whose toggles the queue rows price (as address toggles).</summary>
    private static bool PricedByQueue(ToggleProbe p) =>
        p.Module == CoreToggleProbes.QueueModule && p.Path is "input_queue" or "output_queue" && p.Signal is "wp" or "rp";

    /// <summary>Every flip-flop of the design (clock and leakage terms; their toggles are the registers row).</summary>
    public RegisterInventory Registers { get; }

    public string Preset { get; }

    public CircuitFigures Circuit { get; }

    /// <summary>Each memory action's size-aware price beside the ERT's (the report flags the ones that differ).</summary>
    public IReadOnlyList<MemoryPrice> MemoryPrices { get; }

    /// <summary>The clock leakage and clock energy are counted at (the spec's core.clock_mhz).</summary>
    public double ClockMhz { get; }

    /// <summary>Prices every window (layers, or one layer's timesteps); <see cref="LayerMeasuredEnergy.Layer"/> is the window's index.</summary>
    public IReadOnlyList<LayerMeasuredEnergy> Price(IReadOnlyList<ActionCounts> counts, IReadOnlyList<IReadOnlyList<MeasuredToggles>> toggles, DramGeometry? geometry)
    {
        if (toggles.Count != counts.Count)
        {
            throw new ArgumentException($"{counts.Count} windows of counts but {toggles.Count} of toggles");
        }

        if (geometry is { } g && (g.BurstBits != Circuit.Dram.BurstBits || g.RowBits != Circuit.Dram.RowBits))
        {
            throw new EnergyTableException(string.Create(Inv,
                $"the run counted DRAM bursts of {g.BurstBits} and rows of {g.RowBits} bits, but ERT '{Preset}' prices bursts of {Circuit.Dram.BurstBits} and rows of {Circuit.Dram.RowBits}."));
        }

        return counts.Select((c, i) => Price(i, c, toggles[i])).ToList();
    }

    /// <summary>Prices one window.</summary>
    public LayerMeasuredEnergy Price(int index, ActionCounts counts, IReadOnlyList<MeasuredToggles> toggles)
    {
        var activity = new Dictionary<(string, string), long>();
        long registerToggles = 0;
        foreach (var t in toggles)
        {
            var key = (t.Hierarchy, t.Signal);
            if (!pricedBy.ContainsKey(key))
            {
                throw new ArgumentException($"the run counted {t.Hierarchy}.{t.Signal}, which is not one of the design's probes");
            }

            activity[key] = activity.GetValueOrDefault(key) + t.Count;

            if (registerBuses.Contains(key))
            {
                registerToggles += t.Count;
            }
        }

        long Activity(string path, string signal) => activity.GetValueOrDefault((ToggleProbes.HierarchyOf(top, path), signal));
        long Sum(IEnumerable<string> paths, string signal) => paths.Sum(p => Activity(p, signal));
        var cycles = Activity(string.Empty, HarnessCounters.Cycles);

        var lanes = Enumerable.Range(0, design.Lanes).ToList();
        var units = CoreToggleProbes.Units(design);
        var weightMemories = lanes.Select(l => $"lane{l}.weight_memory").ToList();
        var stateMemories = lanes.Select(l => $"lane{l}.state_memory").ToList();
        var banks = Enumerable.Range(0, design.GbBanks).Select(b => $"buffer.bank[{b}].memory").ToList();
        var bankDepth = design.GbWords / design.GbBanks;
        var memory = design.Model.Memory.LaneMemory;

        var rows = new List<ComponentMeasuredEnergy>();
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            var action = ActionIndex.Key(i);
            var count = counts[action];
            var ert = count * prices.Energies[i];
            ComponentMeasuredEnergy? row = i switch
            {
                ActionIndex.GlobalBufferRead or ActionIndex.GlobalBufferWrite =>
                    SramRow(action, count, ert, banks, Bits.ForAddress(bankDepth), design.GbWordBits, Sum),
                ActionIndex.WeightMemoryRead or ActionIndex.WeightMemoryWrite =>
                    SramRow(action, count, ert, weightMemories, design.WeightAddressBits, design.WeightBits, Sum),
                ActionIndex.StateMemoryRead or ActionIndex.StateMemoryWrite =>
                    SramRow(action, count, ert, stateMemories, design.StateAddressBits, design.StateBits, Sum),
                ActionIndex.InputQueuePush or ActionIndex.InputQueuePop =>
                    QueueRow(action, i, count, ert, "input_queue", Bits.ForAddress(design.Model.Core.InputQueueDepth), Activity),
                ActionIndex.OutputQueuePush or ActionIndex.OutputQueuePop =>
                    QueueRow(action, i, count, ert, "output_queue", Bits.ForAddress(design.Model.Core.OutputQueueDepth), Activity),
                ActionIndex.DramRead => DramRow(action, i, count, ert, Activity),
                _ => units.FirstOrDefault(u => u.Action == action) is { } unit ? ArithmeticRow(unit, count, ert, lanes, Activity) : null,
            };
            row ??= count == 0 ? null : PerAccessRow(action, i, count, ert);
            if (row is not null && (row.Count != 0 || row.MeasuredEnergyPj != 0))
            {
                rows.Add(row);
            }
        }

        rows.Add(RegisterRow(registerToggles));
        rows.Add(ClockRow(cycles));
        rows.Add(FlipFlopLeakageRow(cycles));
        rows.Add(LeakageRow("lane_weight_memory", design.Lanes, (long)memory.WeightWords * design.WeightBits, cycles));
        rows.Add(LeakageRow("lane_state_memory", design.Lanes, (long)memory.StateWords * design.StateBits, cycles));
        rows.Add(LeakageRow("global_buffer", design.GbBanks, bankDepth * design.GbWordBits, cycles));
        return new LayerMeasuredEnergy(index, rows.Where(r => r.Count != 0 || r.MeasuredEnergyPj != 0).ToList(), registerToggles);
    }

    /// <summary>
    /// A priced window by the gate level's signal classes (<see cref="MeasuredClasses.Correctable"/>): the arithmetic
    /// rows; the event queues' push and pop rows plus the toggles of their other flip-flops; the spike queues' flip-flops;
    /// every other flip-flop (the registers row less the queues' part); the clock row. <paramref name="toggles"/> are
    /// the window's toggles the window was priced from. Memories, DRAM and leakage belong to no class.
    /// </summary>
    public IReadOnlyList<MeasuredClassEnergy> Classes(LayerMeasuredEnergy window, IReadOnlyList<MeasuredToggles> toggles)
    {
        var flops = MeasuredClasses.Correctable.ToDictionary(c => c, _ => 0L);
        foreach (var t in toggles)
        {
            if (registerClass.TryGetValue((t.Hierarchy, t.Signal), out var c))
            {
                flops[c] += t.Count;
            }
        }

        if (flops.Values.Sum() != window.RegisterToggles)
        {
            throw new ArgumentException($"the window was priced from {window.RegisterToggles} register toggles, these toggles hold {flops.Values.Sum()}");
        }

        double Rows(IReadOnlyList<ActionKey> actions) => window.Components.Where(c => actions.Contains(c.Action)).Sum(c => c.MeasuredEnergyPj);
        var perToggle = Circuit.FlipFlop.TogglePj;
        return
        [
            new(MeasuredClasses.Arithmetic, Rows(MeasuredClasses.ArithmeticActions)),
            new(MeasuredClasses.EventQueues, Rows(MeasuredClasses.QueueActions) + (flops[MeasuredClasses.EventQueues] * perToggle)),
            new(MeasuredClasses.SpikeQueues, flops[MeasuredClasses.SpikeQueues] * perToggle),
            new(MeasuredClasses.Registers, flops[MeasuredClasses.Registers] * perToggle),
            new(MeasuredClasses.Clock, Rows([MeasuredClasses.ClockRow])),
        ];
    }

    /// <summary>
    /// The same classes instance by instance (the paths of the design's instances): each flip-flop's toggles at its own
    /// instance, the event queues' rows at input_queue and output_queue, each lane datapath's unit toggles at
    /// laneN.datapath (a row priced without toggles, such as a leak, in equal parts over the lanes), each instance's
    /// flip-flops' clock. Per class they add up to <see cref="Classes"/>.
    /// </summary>
    public IReadOnlyList<MeasuredInstanceEnergy> Instances(LayerMeasuredEnergy window, IReadOnlyList<MeasuredToggles> toggles)
    {
        var list = new List<MeasuredInstanceEnergy>();
        var perToggle = Circuit.FlipFlop.TogglePj;
        foreach (var group in toggles.Where(t => registerClass.ContainsKey((t.Hierarchy, t.Signal)))
                     .GroupBy(t => (registerPath[(t.Hierarchy, t.Signal)], registerClass[(t.Hierarchy, t.Signal)])))
        {
            list.Add(new(group.Key.Item1, group.Key.Item2, group.Sum(t => t.Count) * perToggle));
        }

        foreach (var (path, actions) in new[] { ("input_queue", new[] { Actions.InputQueuePush, Actions.InputQueuePop }), ("output_queue", new[] { Actions.OutputQueuePush, Actions.OutputQueuePop }) })
        {
            list.Add(new(path, MeasuredClasses.EventQueues, window.Components.Where(c => actions.Contains(c.Action)).Sum(c => c.MeasuredEnergyPj)));
        }

        // Arithmetic: every toggle of a unit's buses (in action and idle) at the unit's calibrated energy, lane by lane.
        var activity = toggles.GroupBy(t => (t.Hierarchy, t.Signal)).ToDictionary(g => g.Key, g => g.Sum(t => t.Count));
        var rows = window.Components.Where(c => MeasuredClasses.ArithmeticActions.Contains(c.Action)).ToList();
        var units = CoreToggleProbes.Units(design).Where(u => rows.Any(r => r.Action == u.Action)).ToList();
        var twin = design.Design == DesignKind.Snn ? "snn" : "qnn";
        var lanes = Enumerable.Range(0, design.Lanes).Select(l => $"lane{l}.datapath").ToList();
        var perLane = lanes.Select(path => units.Sum(u => (calibration.Entry(twin, u.Action).EnergyPerTogglePj ?? 0)
            * u.Buses.Sum(b => activity.GetValueOrDefault((ToggleProbes.HierarchyOf(top, path), b.Signal))))).ToList();
        var rest = (rows.Sum(r => r.MeasuredEnergyPj) - perLane.Sum()) / lanes.Count;
        list.AddRange(lanes.Select((path, i) => new MeasuredInstanceEnergy(path, MeasuredClasses.Arithmetic, perLane[i] + rest)));

        // Clock: each instance's flip-flops on every cycle of the window.
        var cycles = activity.GetValueOrDefault((ToggleProbes.HierarchyOf(top, string.Empty), HarnessCounters.Cycles));
        var flops = Registers.Signals.Where(r => !RegisterInventory.IsSramMacro(r.Module)).Select(r => (r.Path, Bits: (long)r.FlipFlops))
            .Concat(Registers.Arrays.Where(a => !RegisterInventory.IsSramMacro(a.Module)).Select(a => (a.Path, a.Bits)));
        foreach (var group in flops.GroupBy(f => f.Path))
        {
            list.Add(new(group.Key, MeasuredClasses.Clock, group.Sum(f => f.Bits) * cycles * Circuit.FlipFlop.ClockPj));
        }

        return list.Where(e => e.Pj != 0).ToList();
    }

    /// <summary>
    /// An SRAM access row (reads or writes of every instance of one memory): a fixed part per access, address toggles
    /// between accesses, data toggles on the port (the read data register; the write data between writes) and, for
    /// writes, the stored bits flipped, each part a share of the memory's size-aware energy per access.
    /// </summary>
    private ComponentMeasuredEnergy SramRow(ActionKey action, long count, double ert, IReadOnlyList<string> instances, int addressBits, int wordBits,
        Func<IEnumerable<string>, string, long> sum)
    {
        var price = memoryPrices[action];
        var write = action.Action == "write";
        var shares = write ? Circuit.Sram.Write : Circuit.Sram.Read;
        var perAccess = price.SizeAwarePj;
        var breakdown = Circuit.Sram.BreakdownSource;
        var origin = string.Create(Inv, $"{perAccess:0.######} pJ per access ({price.Origin})");
        var terms = new List<EnergyTerm>
        {
            Share("fixed part of each access", TermKind.FixedPerAccess, count, "accesses", perAccess * shares.Fixed, 1, count,
                $"{origin} x fixed share {shares.Fixed:0.######} ({breakdown})"),
            Share("address bits changed between accesses", TermKind.AddressToggles, sum(instances, write ? "write:address" : "read:address"), "toggles",
                perAccess * shares.Address, addressBits / 2.0, count,
                $"{origin} x address share {shares.Address:0.######} / {addressBits / 2.0:0.#} toggles per access on random addresses ({breakdown})"),
            Share(write ? "write data bits changed between writes" : "read data bits changed between reads", TermKind.DataToggles,
                sum(instances, write ? "write:data" : "rd"), "toggles", perAccess * shares.Data, wordBits / 2.0, count,
                $"{origin} x data share {shares.Data:0.######} / {wordBits / 2.0:0.#} toggles per access on random data ({breakdown})"),
        };
        if (write)
        {
            terms.Add(Share("stored bits flipped by the writes", TermKind.StoredBitFlips, sum(instances, "mem:flips"), "bits", perAccess * shares.Flips,
                wordBits / 2.0, count, $"{origin} x flip share {shares.Flips:0.######} / {wordBits / 2.0:0.#} flips per write on random data ({breakdown})"));
        }

        return new ComponentMeasuredEnergy(action, count, ert, terms);
    }

    /// <summary>
    /// A queue row (pushes or pops of one event_fifo): the ERT's energy per access divided as an SRAM access is (an
    /// assumption: a register-file FIFO), over its pointer, data and flipped-bit activity.
    /// </summary>
    private ComponentMeasuredEnergy QueueRow(ActionKey action, int index, long count, double ert, string path, int addressBits,
        Func<string, string, long> activity)
    {
        var push = action.Action == "push";
        var shares = push ? Circuit.Sram.Write : Circuit.Sram.Read;
        var perAccess = prices.Energies[index];
        var wordBits = design.EventBits;
        var origin = string.Create(Inv, $"{perAccess:0.######} pJ per access ({prices.Origins[index]})");
        const string assumption = "assumption - a register-file FIFO access divided like the SRAM breakdown";
        var prefix = push ? "push" : "pop";
        var terms = new List<EnergyTerm>
        {
            Share("fixed part of each access", TermKind.FixedPerAccess, count, "accesses", perAccess * shares.Fixed, 1, count,
                $"{origin} x fixed share {shares.Fixed:0.######} ({assumption})"),
            Share(push ? "write pointer bits changed" : "read pointer bits changed", TermKind.AddressToggles, activity(path, prefix + ":address"), "toggles",
                perAccess * shares.Address, addressBits / 2.0, count, $"{origin} x address share {shares.Address:0.######} / {addressBits / 2.0:0.#} ({assumption})"),
            Share(push ? "pushed words' bits changed" : "popped words' bits changed", TermKind.DataToggles, activity(path, prefix + ":data"), "toggles",
                perAccess * shares.Data, wordBits / 2.0, count, $"{origin} x data share {shares.Data:0.######} / {wordBits / 2.0:0.#} ({assumption})"),
        };
        if (push)
        {
            terms.Add(Share("stored bits flipped by the pushes", TermKind.StoredBitFlips, activity(path, "mem:flips"), "bits", perAccess * shares.Flips,
                wordBits / 2.0, count, $"{origin} x flip share {shares.Flips:0.######} / {wordBits / 2.0:0.#} ({assumption})"));
        }

        return new ComponentMeasuredEnergy(action, count, ert, terms);
    }

    /// <summary>
    /// DRAM reads: bursts and row activations (counted from the read addresses), and the bus I/O: bits returned as zero
    /// (static termination) and 0→1 transitions of the data bus (DRAMPower's interface model), each a share of the
    /// ERT's energy per word.
    /// </summary>
    private ComponentMeasuredEnergy DramRow(ActionKey action, int index, long count, double ert, Func<string, string, long> activity)
    {
        var dram = Circuit.Dram;
        var perWord = prices.Energies[index];
        var wordBits = design.DramWordBits;
        var burstWords = (double)dram.BurstBits / wordBits;
        var rowWords = (double)dram.RowBits / wordBits;
        var origin = string.Create(Inv, $"{perWord:0.######} pJ per {wordBits}-bit word ({prices.Origins[index]})");
        return new ComponentMeasuredEnergy(action, count, ert,
        [
            Share("bursts", TermKind.DramBurst, activity(string.Empty, HarnessCounters.DramBursts), "bursts", perWord * dram.Burst, 1 / burstWords, count,
                string.Create(Inv, $"{origin} x burst share {dram.Burst:0.######} x {burstWords:0.##} words per {dram.BurstBits}-bit burst ({dram.Source})")),
            Share("row activations", TermKind.DramRowActivation, activity(string.Empty, HarnessCounters.DramRows), "rows", perWord * dram.RowActivation,
                1 / rowWords, count,
                string.Create(Inv, $"{origin} x row share {dram.RowActivation:0.######} x {rowWords:0.##} words per {dram.RowBits}-bit row ({dram.Source})")),
            Share("data-bus bits returned as zero", TermKind.DramBusZeros, activity(string.Empty, HarnessCounters.DramZeros), "bits", perWord * dram.BusZeros,
                wordBits / 2.0, count, string.Create(Inv, $"{origin} x termination share {dram.BusZeros:0.######} / {wordBits / 2.0:0.#} zeros per random word ({dram.Source})")),
            Share("data-bus 0->1 transitions", TermKind.DramBusRises, activity(string.Empty, HarnessCounters.DramRises), "transitions", perWord * dram.BusRises,
                wordBits / 4.0, count, string.Create(Inv, $"{origin} x dynamic I/O share {dram.BusRises:0.######} / {wordBits / 4.0:0.#} rises per random word ({dram.Source})")),
        ]);
    }

    /// <summary>
    /// An arithmetic unit: the toggles of its inputs and outputs in the cycles where its action fires, and in the others
    /// (its operands are not isolated), each x the energy per toggle calibrated so that random data reproduces the ERT.
    /// </summary>
    private ComponentMeasuredEnergy ArithmeticRow(ArithmeticUnit unit, long count, double ert, IReadOnlyList<int> lanes, Func<string, string, long> activity)
    {
        long inAction = 0, total = 0;
        foreach (var lane in lanes)
        {
            var path = $"lane{lane}.datapath";
            foreach (var bus in unit.Buses)
            {
                inAction += activity(path, ArithmeticUnit.InActionSignal(bus, unit.Name));
                total += activity(path, bus.Signal);
            }
        }

        var entry = calibration.Entry(design.Design == DesignKind.Snn ? "snn" : "qnn", unit.Action);
        var perToggle = entry.EnergyPerTogglePj ?? throw new EnergyTableException($"calibration '{calibration.Preset}' has no energy per toggle for {unit.Action}.");
        var source = string.Create(Inv, $"calibration {calibration.Preset}: ERT {entry.ErtEnergyPj} pJ ({entry.ErtArguments}) / {entry.TogglesPerAction:0.###} in-action toggles per action on random data");
        var buses = string.Join(", ", unit.Buses.Select(b => b.Signal));
        return new ComponentMeasuredEnergy(unit.Action, count, ert,
        [
            new EnergyTerm($"toggles of {buses} while the {unit.Name} acts", TermKind.InActionToggles, inAction, "toggles", perToggle, source, ert),
            new EnergyTerm($"toggles of {buses} while the {unit.Name} is idle (unisolated operands)", TermKind.IdleToggles, total - inAction, "toggles", perToggle, source),
        ]);
    }

    /// <summary>An action without a measured activity term: count × ERT (labelled as such: the model again).</summary>
    private ComponentMeasuredEnergy PerAccessRow(ActionKey action, int index, long count, double ert) =>
        new(action, count, ert, [new EnergyTerm("per access", TermKind.FixedPerAccess, count, "accesses", prices.Energies[index], prices.Origins[index], ert)]);

    /// <summary>Toggles of every flip-flop outside the memories and the queues' pointers, x the flip-flop's energy per toggle.</summary>
    private ComponentMeasuredEnergy RegisterRow(long toggles) =>
        new(MeasuredClasses.RegisterRow, 0, 0,
        [
            new EnergyTerm("flip-flop output toggles", TermKind.RegisterToggles, toggles, "toggles", Circuit.FlipFlop.TogglePj, Circuit.FlipFlop.Source),
        ]);

    /// <summary>Clock energy of every flip-flop on every cycle of the window (no clock gating in the generated RTL).</summary>
    private ComponentMeasuredEnergy ClockRow(long cycles) =>
        new(MeasuredClasses.ClockRow, 0, 0,
        [
            new EnergyTerm(string.Create(Inv, $"clock of {Registers.FlipFlops} flip-flops"), TermKind.Clock, (double)Registers.FlipFlops * cycles, "flip-flop-cycles",
                Circuit.FlipFlop.ClockPj, Circuit.FlipFlop.Source + "; flip-flops listed by Yosys (docs/measurement.md)"),
        ]);

    /// <summary>Leakage of every flip-flop over the window's cycles.</summary>
    private ComponentMeasuredEnergy FlipFlopLeakageRow(long cycles) =>
        new(new ActionKey("flip_flops", "leakage"), 0, 0,
        [
            new EnergyTerm(string.Create(Inv, $"leakage of {Registers.FlipFlops} flip-flops"), TermKind.Leakage, (double)Registers.FlipFlops * cycles, "flip-flop-cycles",
                Circuit.FlipFlop.LeakagePjPerCycle(ClockMhz),
                string.Create(Inv, $"{Circuit.FlipFlop.LeakageNw:0.###} nW at {ClockMhz:0.###} MHz ({Circuit.FlipFlop.Source}; core.clock_mhz)")),
        ]);

    /// <summary>Leakage of <paramref name="instances"/> SRAMs of one capacity over the window's cycles.</summary>
    private ComponentMeasuredEnergy LeakageRow(string component, int instances, long capacityBits, long cycles)
    {
        var sram = Circuit.Sram;
        var perCycle = sram.LeakagePjPerCycle(capacityBits, ClockMhz);
        return new ComponentMeasuredEnergy(new ActionKey(component, "leakage"), 0, 0,
        [
            new EnergyTerm(string.Create(Inv, $"leakage of {instances} x {capacityBits}-bit SRAM"), TermKind.Leakage, (double)instances * cycles, "memory-cycles",
                perCycle, string.Create(Inv, $"{sram.LeakageMw(capacityBits):0.#####} mW at {ClockMhz:0.###} MHz ({sram.LeakageSource}; core.clock_mhz)"))
            {
                Caveat = sram.LeakageCaveat(capacityBits),
            },
        ]);
    }

    /// <summary>
    /// A term priced as a share of an access: <paramref name="quantity"/> units at <paramref name="sharePj"/> /
    /// <paramref name="perAccess"/> pJ each; its random-data expectation is <paramref name="count"/> × <paramref name="sharePj"/>.
    /// </summary>
    private static EnergyTerm Share(string name, TermKind kind, double quantity, string unit, double sharePj, double perAccess, long count, string source) =>
        perAccess <= 0
            ? new EnergyTerm(name, kind, quantity, unit, 0, source + " (no such bits: priced 0)", 0)
            : new EnergyTerm(name, kind, quantity, unit, sharePj / perAccess, source, count * sharePj);
}
