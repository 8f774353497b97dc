// Gate-level correction factors without a simulator: the measured energy split into the gate level's classes on
// hand-made activity, the factors applied to hand-made classes, the corrections file written and read back, and the
// checks that refuse factors of another design.
using System.Text;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Tests.Energy;

[TestFixture]
public class GateCorrectionsTests
{
    private static LayerMeasuredEnergy Layer(int index, double pj) =>
        new(index, [new ComponentMeasuredEnergy(Actions.DramRead, 1, pj, [new EnergyTerm("per access", TermKind.FixedPerAccess, 1, "accesses", pj, "hand-made")])], 0);

    private static IReadOnlyList<MeasuredClassEnergy> Classes(double arithmetic, double events, double spikes, double registers, double clock) =>
    [
        new(MeasuredClasses.Arithmetic, arithmetic), new(MeasuredClasses.EventQueues, events), new(MeasuredClasses.SpikeQueues, spikes),
        new(MeasuredClasses.Registers, registers), new(MeasuredClasses.Clock, clock),
    ];

    private static GateCorrectionTwin Snn(params (string Class, double Gate, double Rtl)[] factors) =>
        new("snn", new string('a', 64), 100, factors.Select(f => new GateCorrectionFactor(f.Class, f.Gate, f.Rtl, f.Gate / f.Rtl)).ToList());

    [Test]
    public void EachClassWithAFactorIsScaledAndTheRestIsKept()
    {
        // Layer 0: 1000 pJ measured, of it arithmetic 100, event queues 20, registers 50, clock 30; layer 1: 500 pJ, arithmetic 40.
        // Factors: arithmetic 1.5, registers 2, clock 0.5; the event queues have none.
        var factors = Snn((MeasuredClasses.Arithmetic, 3, 2), (MeasuredClasses.Registers, 8, 4), (MeasuredClasses.Clock, 1, 2));
        var corrected = GateCorrections.Apply(factors, [Layer(0, 1000), Layer(1, 500)], [Classes(100, 20, 0, 50, 30), Classes(40, 0, 0, 0, 0)]);

        // 1000 + 100 x 0.5 (arithmetic) + 50 x 1 (registers) - 30 x 0.5 (clock) = 1085; 500 + 40 x 0.5 = 520.
        Assert.That(corrected.Layers.Select(l => l.CorrectedPj), Is.EqualTo(new[] { 1085.0, 520.0 }).Within(1e-9));
        Assert.That(corrected.Layers.Select(l => l.MeasuredPj), Is.EqualTo(new[] { 1000.0, 500.0 }));
        Assert.That(corrected.CorrectedPj, Is.EqualTo(1605).Within(1e-9));
        Assert.That(corrected.MeasuredPj, Is.EqualTo(1500));
        var classes = corrected.Classes;
        Assert.That(classes.Select(c => c.Class), Is.EqualTo(MeasuredClasses.Correctable));
        Assert.That(classes.Select(c => c.MeasuredPj), Is.EqualTo(new[] { 140.0, 20, 0, 50, 30 }));
        Assert.That(classes.Select(c => c.CorrectedPj), Is.EqualTo(new[] { 210.0, 20, 0, 100, 15 }).Within(1e-9));
        Assert.That(classes.Select(c => c.Factor), Is.EqualTo(new double?[] { 1.5, null, null, 2, 0.5 }));
    }

    [Test]
    public void TheMeasuredEnergySplitsIntoClassesByFlipFlopAndRow()
    {
        var model = ModelLoader.LoadDefault().Model!;
        var design = RtlDesign.Create(model, DesignKind.Snn);
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        var prices = ActionPrices.Resolve(model, table, spiking: true, model.Twin.ActivationBits);
        var widths = DesignWidths.Of(model, true, model.Twin.ActivationBits);
        // Four registers: one in a lane, one of the input queue (its count) and the input queue's write pointer, whose
        // toggles the queue rows price as address toggles, and a spike queue's write pointer.
        var registers = new RegisterInventory(
        [
            new RegisterSignal("lane0", "neural_lane", "int_valid2", 1, 1),
            new RegisterSignal("input_queue", CoreToggleProbes.QueueModule, "count", 5, 5),
            new RegisterSignal("input_queue", CoreToggleProbes.QueueModule, "wp", 4, 4),
            new RegisterSignal("spike_fifo0", CoreToggleProbes.QueueModule, "wp", 6, 6),
        ], []);
        var core = CoreToggleProbes.For(design);
        var probes = core.Concat(registers.Probes(core)).ToList();
        var pricing = new MeasuredEnergyModel(design, table, prices, widths, ToggleCalibrationLoader.LoadPreset(model.Technology.Preset), probes, registers);
        var counts = new ActionCounts { [Actions.InputQueuePush] = 3, [Actions.Accumulate] = 2 };
        MeasuredToggles[] toggles =
        [
            new("TOP.neural_core.lane0", "int_valid2", SignalClass.Register, 1, 10),
            new("TOP.neural_core.input_queue", "count", SignalClass.Register, 5, 4),
            new("TOP.neural_core.input_queue", "wp", SignalClass.Register, 4, 100),
            new("TOP.neural_core.spike_fifo0", "wp", SignalClass.Register, 6, 6),
            new("TOP.neural_core.input_queue", "push:address", SignalClass.Queue, 4, 5),
            new("TOP.neural_core.lane0.datapath", "integrated", SignalClass.Arithmetic, 16, 20),
            new("TOP.neural_core.lane0.datapath", "integrated:in:adder", SignalClass.Arithmetic, 16, 16),
            new("TOP.neural_core", HarnessCounters.Cycles, SignalClass.Register, 64, 7),
        ];
        var window = pricing.Price(0, counts, toggles);
        var classes = pricing.Classes(window, toggles).ToDictionary(c => c.Class, c => c.Pj);

        // NanGate DFF_X1 at 45 nm: 12.657 fJ per output toggle (docs/measurement.md); the input queue's pointer is not a register.
        const double perToggle = 0.012657;
        Assert.That(pricing.Circuit.FlipFlop.TogglePj, Is.EqualTo(perToggle).Within(1e-6));
        Assert.That(window.RegisterToggles, Is.EqualTo(10 + 4 + 6));
        Assert.That(classes[MeasuredClasses.Registers], Is.EqualTo(10 * pricing.Circuit.FlipFlop.TogglePj).Within(1e-12));
        Assert.That(classes[MeasuredClasses.SpikeQueues], Is.EqualTo(6 * pricing.Circuit.FlipFlop.TogglePj).Within(1e-12));
        var push = window.Components.Single(c => c.Action == Actions.InputQueuePush).MeasuredEnergyPj;
        Assert.That(push, Is.GreaterThan(0));
        Assert.That(classes[MeasuredClasses.EventQueues], Is.EqualTo(push + (4 * pricing.Circuit.FlipFlop.TogglePj)).Within(1e-12));
        Assert.That(classes[MeasuredClasses.Arithmetic], Is.EqualTo(window.Components.Single(c => c.Action == Actions.Accumulate).MeasuredEnergyPj));
        // Clock: every flip-flop of the inventory (1 + 5 + 4 + 6 = 16) on each of the 7 cycles, 6.916 fJ each.
        Assert.That(classes[MeasuredClasses.Clock], Is.EqualTo(16 * 7 * pricing.Circuit.FlipFlop.ClockPj).Within(1e-12));
        Assert.That(pricing.Circuit.FlipFlop.ClockPj, Is.EqualTo(0.006916).Within(1e-6));

        // Instance by instance: each flip-flop at its own instance, the queue's rows at input_queue, the adder's 20 toggles
        // at lane0.datapath, each instance's clock; per class they add up to the classes.
        var instances = pricing.Instances(window, toggles);
        var clk = 7 * pricing.Circuit.FlipFlop.ClockPj;
        var adder = ToggleCalibrationLoader.LoadPreset(model.Technology.Preset).Entry("snn", Actions.Accumulate).EnergyPerTogglePj!.Value;
        Assert.That(instances.Where(e => e.Class == MeasuredClasses.Clock).OrderBy(e => e.Path, StringComparer.Ordinal).Select(e => (e.Path, e.Pj)),
            Is.EqualTo(new[] { ("input_queue", 9 * clk), ("lane0", 1 * clk), ("spike_fifo0", 6 * clk) }));
        Assert.That(instances.Where(e => e.Class == MeasuredClasses.Arithmetic).Select(e => (e.Path, e.Pj)), Is.EqualTo(new[] { ("lane0.datapath", 20 * adder) }));
        Assert.That(instances.Where(e => e.Class == MeasuredClasses.Registers).Select(e => (e.Path, e.Pj)), Is.EqualTo(new[] { ("lane0", 10 * pricing.Circuit.FlipFlop.TogglePj) }));
        foreach (var (cls, pj) in classes)
        {
            Assert.That(instances.Where(e => e.Class == cls).Sum(e => e.Pj), Is.EqualTo(pj).Within(1e-12), cls);
        }
    }

    [Test]
    public void TheFileReadsBackAsWritten()
    {
        var written = new GateCorrections("tiny \"twin\"", "default.yaml (embedded default)", "yan2024-v1-45nm", MeasuredEnergy.ModelName, "osu018_stdcells.lib",
            0.026499696647959956,
        [
            Snn((MeasuredClasses.Arithmetic, 323.20189, 222.5639), (MeasuredClasses.Clock, 45692.2, 0.1)),
            new GateCorrectionTwin("qnn", new string('0', 64), 7, []),
        ]);
        var bytes = Encoding.UTF8.GetBytes(written.ToYaml());
        var (read, diagnostics) = GateCorrectionsLoader.Read(bytes, "corrections.yaml");
        Assert.That(diagnostics, Is.Empty);
        Assert.That(read, Is.Not.Null);
        Assert.That(read!.Spec, Is.EqualTo("tiny \"twin\""));
        Assert.That(read.SpecLabel, Is.EqualTo("default.yaml (embedded default)"));
        Assert.That(read.ScalingFactor, Is.EqualTo(0.026499696647959956));
        Assert.That(read.File, Is.EqualTo("corrections.yaml"));
        Assert.That(read.Sha256, Is.EqualTo(GateCorrections.Sha256Of(bytes)));
        var snn = read.Twin("snn")!;
        Assert.That(snn.Cycles, Is.EqualTo(100));
        Assert.That(snn.Factors.Select(f => (f.Class, f.GatePj, f.RtlMeasuredPj, f.Factor)), Is.EqualTo(new[]
        {
            (MeasuredClasses.Arithmetic, 323.20189, 222.5639, 323.20189 / 222.5639),
            (MeasuredClasses.Clock, 45692.2, 0.1, 45692.2 / 0.1),
        }));
        Assert.That(snn.Factors[0].Span.Line, Is.EqualTo(20), "the factor's own line, for diagnostics");
        Assert.That(read.Twin("qnn")!.Factors, Is.Empty);
    }

    [Test]
    public void FactorsOfTheRunsOwnDesignsPassAndAnotherDesignIsRefusedAtItsHash()
    {
        var model = ModelLoader.LoadDefault().Model!;
        var sets = RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
        var twins = sets.Select(s => (s.Design.Twin.Name, GateCorrections.DesignSha256Of(s))).ToList();
        Assert.That(twins.Select(t => t.Item2), Is.All.Matches<string>(h => h.Length == 64));
        Assert.That(twins[0].Item2, Is.Not.EqualTo(twins[1].Item2), "the twins are different designs");

        GateCorrections Of(string snnHash) => new(model.Name, "default", model.Technology.Preset, MeasuredEnergy.ModelName, "osu018_stdcells.lib", 0.0265,
            [new GateCorrectionTwin("snn", snnHash, 10, []) { DesignSpan = new HwGen.Diagnostics.SourceSpan("c.yaml", 12, 20) }, new GateCorrectionTwin("qnn", twins[1].Item2, 10, [])]);
        Assert.That(Of(twins[0].Item2).CheckAgainst(model, twins), Is.Empty);

        var refused = Of(twins[1].Item2).CheckAgainst(model, twins);
        Assert.That(refused.Select(d => d.ToString()), Is.EqualTo(new[]
        {
            $"c.yaml:12:20: error HW1311: the snn factors were measured on design {twins[1].Item2[..12]} (spec 'tiny-twin'), but this run's snn design is {twins[0].Item2[..12]} (spec 'tiny-twin'): correction factors hold only for the design they were measured on; measure this one with `hwgen run SPEC --gate-level`",
        }));
    }

    [Test]
    public void VerilatorMemberNamesEscapeBracketsAndDoubledUnderscores()
    {
        Assert.That(ToggleProbes.MemberName("neural_core", "buffer.bank[0].memory", "we"), Is.EqualTo("neural_core__DOT__buffer__DOT__bank__BRA__0__KET____DOT__memory__DOT__we"));
        Assert.That(ToggleProbes.MemberName("neural_core", "buffer.bank_0__memory", "we"), Is.EqualTo("neural_core__DOT__buffer__DOT__bank_0___05Fmemory__DOT__we"));
        Assert.That(ToggleProbes.MemberName("neural_core", "lane0", "a_b"), Is.EqualTo("neural_core__DOT__lane0__DOT__a_b"));
    }
}
