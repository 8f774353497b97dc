// Renders the calibration microbenchmarks (templates/calibration/) at a spec's widths into one Verilator file set:
// RTL, the random-operand harness, toggle_counter.h and the config that keeps the counted buses readable.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>The widths the microbenchmarks are built at, all from one spec (docs/measurement.md).</summary>
public sealed record CalibrationWidths(
    int StateBits,
    int AccumulatorBits,
    int WeightBits,
    int ActivationBits,
    int ValueBits,
    int LevelMax,
    int ThresholdLog2,
    int SramWords,
    int EventBits,
    int FifoDepth,
    int RegisterCount)
{
    /// <summary>The register bank holds a fixed four membranes: enough for a decoder and a read mux, small enough to audit.</summary>
    public const int BankRegisters = 4;

    /// <summary>
    /// SNN widths for the accumulate, compare and subtract units (membrane bits; the spike payload), QNN twin widths for
    /// the MAC (accumulator bits, b_a-bit activations), the lane weight memory for the SRAM port, the input queue for the FIFO.
    /// </summary>
    public static CalibrationWidths Of(HardwareModel model)
    {
        var neuron = model.Neuron;
        var primary = model.Designs[0];
        var qnn = model.Design(DesignKind.Qnn);
        return new CalibrationWidths(
            StateBits: primary.StateBits,
            AccumulatorBits: qnn.StateBits,
            WeightBits: neuron.WeightBits,
            ActivationBits: qnn.ValueBits,
            ValueBits: primary.ValueBits,
            LevelMax: primary.MaxValue,
            ThresholdLog2: primary.ThresholdLog2,
            SramWords: model.Memory.LaneMemory.WeightWords,
            EventBits: primary.Event.Bits,
            FifoDepth: model.Core.InputQueueDepth,
            RegisterCount: BankRegisters);
    }
}

/// <summary>
/// What one calibration entry measures: an ERT action, the instance whose strobe counts it, the buses whose toggles
/// it is divided over, their class, and whether the action keeps its per-access ERT energy (memories, queues).
/// </summary>
public sealed record CalibrationTarget(ActionKey Action, string Instance, IReadOnlyList<string> Buses, SignalClass Class, bool PerAccess);

/// <summary>A top-level strobe port of the bench and the action it counts.</summary>
public sealed record CalibrationStrobe(string Port, string Instance, ActionKey Action);

/// <summary>The rendered bench: files by relative path, the probes and strobes the harness counts.</summary>
public sealed record CalibrationBenchFiles(
    CalibrationWidths Widths,
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<ToggleProbe> Probes,
    IReadOnlyList<CalibrationStrobe> Strobes)
{
    public const string TopModule = "calibration_bench";
    public const string PublicConfigFile = "build/toggle_probes.vlt";

    public IEnumerable<string> VerilogFiles => Files.Keys.Where(k => k.StartsWith("rtl/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>SHA-256 over every file (path and bytes): the build cache key and the calibration's provenance.</summary>
    public string ContentHash => FileSetHash.Of(Files);

    /// <summary>The verilator command line (relative to the build folder); the audit variant adds toggle coverage.</summary>
    public IReadOnlyList<string> VerilatorArguments(bool coverage)
    {
        var args = new List<string>
        {
            "--cc", "--exe", "--build", "-j", "2", "-Wall", "--x-assign", "fast", "--x-initial", "fast",
            "--top-module", TopModule, "-Mdir", "obj", "-o", "calibration", "-CFLAGS", "-O1", "-CFLAGS", "-Iharness",
        };
        if (coverage)
        {
            args.AddRange(["--coverage-toggle", "-CFLAGS", "-DHWGEN_COVERAGE"]);
        }

        args.Add(PublicConfigFile);
        args.AddRange(VerilogFiles);
        args.Add("harness/calibration_main.cpp");
        return args;
    }
}

public static class CalibrationBench
{
    private const string Folder = "calibration";

    /// <summary>The entries a calibration file holds, in file order.</summary>
    public static IReadOnlyList<CalibrationTarget> Targets { get; } =
    [
        new(Actions.Accumulate, "u_accumulator", ["integrated"], SignalClass.Arithmetic, PerAccess: false),
        new(Actions.MultiplyAccumulate, "u_mac", ["product", "integrated"], SignalClass.Arithmetic, PerAccess: false),
        new(Actions.Compare, "u_fire_unit", ["fire_value"], SignalClass.Arithmetic, PerAccess: false),
        new(Actions.Subtract, "u_fire_unit", ["reset_state"], SignalClass.Arithmetic, PerAccess: false),
        new(Actions.StateMemoryWrite, "u_register_bank", ["bank0", "bank1", "bank2", "bank3"], SignalClass.Register, PerAccess: true),
        new(Actions.WeightMemoryRead, "u_sram_port", ["rd"], SignalClass.MemoryPort, PerAccess: true),
        new(Actions.WeightMemoryWrite, "u_sram_port", ["wd"], SignalClass.MemoryPort, PerAccess: true),
        new(Actions.InputQueuePush, "u_event_fifo", ["din"], SignalClass.Queue, PerAccess: true),
        new(Actions.InputQueuePop, "u_event_fifo", ["dout"], SignalClass.Queue, PerAccess: true),
    ];

    public static CalibrationBenchFiles Render(CalibrationWidths w)
    {
        if (w.RegisterCount != CalibrationWidths.BankRegisters)
        {
            throw new ArgumentException($"the register bank template has {CalibrationWidths.BankRegisters} registers; {w.RegisterCount} were asked for");
        }

        var probes = Probes(w);
        var strobes = Strobes();
        var view = new CalibrationView($"Generated by hwgen calibrate; do not edit.", BuildView(w, probes, strobes));
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in TemplateRenderer.TemplateNamesIn(Folder))
        {
            var text = TemplateRenderer.Render(name, view);
            var output = name[(Folder.Length + 1)..^".sbn".Length];
            files[(output.EndsWith(".v", StringComparison.Ordinal) ? "rtl/" : "harness/") + output] = text;
        }

        files["harness/toggle_counter.h"] = TemplateRenderer.ReadSupport("toggle_counter.h");
        files[CalibrationBenchFiles.PublicConfigFile] = ToggleProbes.PublicConfig(probes);
        return new CalibrationBenchFiles(w, files, probes, strobes);
    }

    /// <summary>Every counted bus: the calibration targets' buses plus the registered results (audited, not priced).</summary>
    private static List<ToggleProbe> Probes(CalibrationWidths w)
    {
        var macWide = MacWideBits(w);
        return
        [
            new("u_accumulator", "cal_accumulator", "integrated", SignalClass.Arithmetic, w.StateBits),
            new("u_accumulator", "cal_accumulator", "result", SignalClass.Register, w.StateBits),
            new("u_mac", "cal_mac", "product", SignalClass.Arithmetic, macWide),
            new("u_mac", "cal_mac", "integrated", SignalClass.Arithmetic, w.AccumulatorBits),
            new("u_mac", "cal_mac", "result", SignalClass.Register, w.AccumulatorBits),
            new("u_fire_unit", "cal_fire_unit", "fire_value", SignalClass.Arithmetic, w.ValueBits),
            new("u_fire_unit", "cal_fire_unit", "reset_state", SignalClass.Arithmetic, w.StateBits),
            new("u_fire_unit", "cal_fire_unit", "result", SignalClass.Register, w.StateBits),
            new("u_register_bank", "cal_register_bank", "bank0", SignalClass.Register, w.StateBits),
            new("u_register_bank", "cal_register_bank", "bank1", SignalClass.Register, w.StateBits),
            new("u_register_bank", "cal_register_bank", "bank2", SignalClass.Register, w.StateBits),
            new("u_register_bank", "cal_register_bank", "bank3", SignalClass.Register, w.StateBits),
            new("u_sram_port", "cal_sram_port", "wd", SignalClass.MemoryPort, w.WeightBits),
            new("u_sram_port", "cal_sram_port", "rd", SignalClass.MemoryPort, w.WeightBits),
            new("u_event_fifo", "cal_event_fifo", "din", SignalClass.Queue, w.EventBits),
            new("u_event_fifo", "cal_event_fifo", "dout", SignalClass.Queue, w.EventBits),
        ];
    }

    /// <summary>
    /// The MAC's product and sum width, the lane datapath's rule (state + weight + value bits + 2): the product bus is
    /// counted in both, so its sign-extension bits must be as many here as in the core.
    /// </summary>
    public static int MacWideBits(CalibrationWidths w) => w.AccumulatorBits + w.WeightBits + w.ActivationBits + 2;

    private static List<CalibrationStrobe> Strobes() =>
    [
        new("strobe_accumulate", "u_accumulator", Actions.Accumulate),
        new("strobe_multiply_accumulate", "u_mac", Actions.MultiplyAccumulate),
        new("strobe_compare", "u_fire_unit", Actions.Compare),
        new("strobe_subtract", "u_fire_unit", Actions.Subtract),
        new("strobe_register_write", "u_register_bank", Actions.StateMemoryWrite),
        new("strobe_sram_read", "u_sram_port", Actions.WeightMemoryRead),
        new("strobe_sram_write", "u_sram_port", Actions.WeightMemoryWrite),
        new("strobe_push", "u_event_fifo", Actions.InputQueuePush),
        new("strobe_pop", "u_event_fifo", Actions.InputQueuePop),
    ];

    private static BenchView BuildView(CalibrationWidths w, List<ToggleProbe> probes, List<CalibrationStrobe> strobes)
    {
        static string Mask(int bits) => bits >= 64 ? "0xFFFFFFFFFFFFFFFFULL" : string.Create(CultureInfo.InvariantCulture, $"0x{(1UL << bits) - 1:X}ULL");
        static string SignExtend(string signal, int bits, int target) => target == bits
            ? signal
            : string.Create(CultureInfo.InvariantCulture, $"{{ {{{target - bits}{{{signal}[{bits - 1}]}}}}, {signal} }}");

        var s = w.StateBits;
        var stateMax = (1L << (s - 1)) - 1;
        var stateMin = -(1L << (s - 1));
        var accMax = (1L << (w.AccumulatorBits - 1)) - 1;
        var accMin = -(1L << (w.AccumulatorBits - 1));
        var macWide = MacWideBits(w);
        var scaledPad = s - w.ValueBits - w.ThresholdLog2;
        if (scaledPad < 0 || w.WeightBits > s)
        {
            throw new ArgumentException($"the calibration units need weight bits <= state bits and value + threshold bits <= state bits (state {s}, weight {w.WeightBits}, value {w.ValueBits}, log2 threshold {w.ThresholdLog2})");
        }

        var scaled = w.ThresholdLog2 == 0
            ? $"{{ {scaledPad}'d0, fire_value }}"
            : $"{{ {scaledPad}'d0, fire_value, {w.ThresholdLog2}'d0 }}";
        var regAddressBits = Bits.ForAddress(w.RegisterCount);
        var sramAddressBits = Bits.ForAddress(w.SramWords);
        var fifoAddressBits = Bits.ForAddress(w.FifoDepth);
        var fifoCountBits = Bits.ForValues(w.FifoDepth);
        var registers = Enumerable.Range(0, w.RegisterCount)
            .Select(i => new RegisterView(i, VerilogLiteral.Unsigned(regAddressBits, i))).ToList();
        var readMux = new StringBuilder();
        for (var i = 0; i < w.RegisterCount - 1; i++)
        {
            readMux.Append(CultureInfo.InvariantCulture, $"(wa == {VerilogLiteral.Unsigned(regAddressBits, i)}) ? bank{i} : ");
        }

        readMux.Append(CultureInfo.InvariantCulture, $"bank{w.RegisterCount - 1}");
        var instances = ToggleProbes.Instances(probes).ToList();
        return new BenchView(
            StateBits: s,
            AccumulatorBits: w.AccumulatorBits,
            WeightBits: w.WeightBits,
            ActivationBits: w.ActivationBits,
            ValueBits: w.ValueBits,
            ThresholdLog2: w.ThresholdLog2,
            LevelMaxValue: w.LevelMax,
            AccumulateStateExtend: SignExtend("state_in", s, s + 1),
            AccumulateWeightExtend: SignExtend("weight", w.WeightBits, s + 1),
            AccumulateMaxWide: VerilogLiteral.Signed(s + 1, stateMax),
            AccumulateMinWide: VerilogLiteral.Signed(s + 1, stateMin),
            StateMax: VerilogLiteral.Signed(s, stateMax),
            StateMin: VerilogLiteral.Signed(s, stateMin),
            StateZero: VerilogLiteral.Signed(s, 0),
            StateZeroUnsigned: VerilogLiteral.Unsigned(s, 0),
            MacWideBits: macWide,
            MacAccExtend: SignExtend("acc_in", w.AccumulatorBits, macWide),
            MacMaxWide: VerilogLiteral.Signed(macWide, accMax),
            MacMinWide: VerilogLiteral.Signed(macWide, accMin),
            AccMax: VerilogLiteral.Signed(w.AccumulatorBits, accMax),
            AccMin: VerilogLiteral.Signed(w.AccumulatorBits, accMin),
            AccZero: VerilogLiteral.Signed(w.AccumulatorBits, 0),
            ValueZero: VerilogLiteral.Unsigned(w.ValueBits, 0),
            LevelMax: VerilogLiteral.Unsigned(w.ValueBits, w.LevelMax),
            LevelMaxState: VerilogLiteral.Signed(s, w.LevelMax),
            FireValueScaled: scaled,
            RegisterCount: w.RegisterCount,
            RegisterAddressBits: regAddressBits,
            Registers: registers,
            RegisterReadExpression: readMux.ToString(),
            SramWords: w.SramWords,
            SramAddressBits: sramAddressBits,
            EventBits: w.EventBits,
            FifoDepth: w.FifoDepth,
            FifoAddressBits: fifoAddressBits,
            FifoCountBits: fifoCountBits,
            FifoAddressZero: VerilogLiteral.Unsigned(fifoAddressBits, 0),
            FifoAddressOne: VerilogLiteral.Unsigned(fifoAddressBits, 1),
            FifoLast: VerilogLiteral.Unsigned(fifoAddressBits, w.FifoDepth - 1),
            FifoCountZero: VerilogLiteral.Unsigned(fifoCountBits, 0),
            FifoCountOne: VerilogLiteral.Unsigned(fifoCountBits, 1),
            FifoCountFull: VerilogLiteral.Unsigned(fifoCountBits, w.FifoDepth),
            StateMask: Mask(s),
            WeightMask: Mask(w.WeightBits),
            AccumulatorMask: Mask(w.AccumulatorBits),
            ActivationMask: Mask(w.ActivationBits),
            RegisterAddressMask: Mask(regAddressBits),
            EventMask: Mask(w.EventBits),
            ProbeInstances: instances.Select((path, i) => new ProbeInstanceView(i, ToggleProbes.HierarchyOf(CalibrationBenchFiles.TopModule, path))).ToList(),
            Probes: probes.Select(p => new ProbeView(
                instances.IndexOf(p.Path), p.Signal, p.Class.ToString(), p.RootMember(CalibrationBenchFiles.TopModule), p.Width)).ToList(),
            Strobes: strobes.Select(st => new StrobeView(st.Port, $"TOP.{CalibrationBenchFiles.TopModule}.{st.Instance}", st.Action.ToString())).ToList());
    }

    private sealed record CalibrationView(string Header, BenchView Bench);

    private sealed record RegisterView(int Index, string Address);

    private sealed record ProbeInstanceView(int Index, string Hierarchy);

    private sealed record ProbeView(int InstanceIndex, string Signal, string ClassEnum, string Member, int Width);

    private sealed record StrobeView(string Port, string Hierarchy, string Action);

    private sealed record BenchView(
        int StateBits,
        int AccumulatorBits,
        int WeightBits,
        int ActivationBits,
        int ValueBits,
        int ThresholdLog2,
        int LevelMaxValue,
        string AccumulateStateExtend,
        string AccumulateWeightExtend,
        string AccumulateMaxWide,
        string AccumulateMinWide,
        string StateMax,
        string StateMin,
        string StateZero,
        string StateZeroUnsigned,
        int MacWideBits,
        string MacAccExtend,
        string MacMaxWide,
        string MacMinWide,
        string AccMax,
        string AccMin,
        string AccZero,
        string ValueZero,
        string LevelMax,
        string LevelMaxState,
        string FireValueScaled,
        int RegisterCount,
        int RegisterAddressBits,
        IReadOnlyList<RegisterView> Registers,
        string RegisterReadExpression,
        int SramWords,
        int SramAddressBits,
        int EventBits,
        int FifoDepth,
        int FifoAddressBits,
        int FifoCountBits,
        string FifoAddressZero,
        string FifoAddressOne,
        string FifoLast,
        string FifoCountZero,
        string FifoCountOne,
        string FifoCountFull,
        string StateMask,
        string WeightMask,
        string AccumulatorMask,
        string ActivationMask,
        string RegisterAddressMask,
        string EventMask,
        IReadOnlyList<ProbeInstanceView> ProbeInstances,
        IReadOnlyList<ProbeView> Probes,
        IReadOnlyList<StrobeView> Strobes);
}
