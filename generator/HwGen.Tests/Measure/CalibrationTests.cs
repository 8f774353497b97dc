// Toggle-energy calibration: hand-computed derivation, the shipped files are current and byte-reproducible, fresh
// random data reproduces every ERT per-action energy within 2%, and the loader locates its errors.
using HwGen.Cli.Commands;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Tests.Measure;

[TestFixture]
public class CalibrationTests
{
    /// <summary>In-action toggles per bus of each unit (hand-chosen), 100 actions each.</summary>
    private static readonly Dictionary<string, long> HandToggles = new()
    {
        ["u_accumulator state_in:in:adder"] = 800, ["u_accumulator weight:in:adder"] = 400, ["u_accumulator value:in:adder"] = 0,
        ["u_accumulator integrated:in:adder"] = 600,
        ["u_fire_unit fire_in[15:6]:in:comparator"] = 300, ["u_fire_unit fire_value:in:comparator"] = 50,
        ["u_fire_unit fire_in[15:6]:in:subtractor"] = 200, ["u_fire_unit fire_value:in:subtractor"] = 30, ["u_fire_unit reset_state[15:6]:in:subtractor"] = 1400,
        ["u_mac state_in:in:mac"] = 500, ["u_mac weight:in:mac"] = 300, ["u_mac value:in:mac"] = 100, ["u_mac product:in:mac"] = 1200,
        ["u_mac integrated:in:mac"] = 800,
        ["u_qnn_fire_unit fire_in[19:6]:in:comparator"] = 400, ["u_qnn_fire_unit fire_value:in:comparator"] = 100,
    };

    private static CalibrationMeasurement HandMeasurement()
    {
        const string bench = "TOP.calibration_bench.";
        var actions = new Dictionary<(string, ActionKey), long>();
        var toggles = new List<MeasuredToggles>();
        foreach (var target in CalibrationBench.Targets(CalibrationBenches.Default.Widths))
        {
            actions[(bench + target.Instance, target.Action)] = 100;
        }

        foreach (var (key, count) in HandToggles)
        {
            var parts = key.Split(' ');
            toggles.Add(new MeasuredToggles(bench + parts[0], parts[1], SignalClass.Arithmetic, 8, count));
        }

        return new CalibrationMeasurement(5, 1000, actions, toggles);
    }

    [Test]
    public void DerivationDividesTheErtEnergyByTheMeanInActionTogglesPerAction()
    {
        var bench = CalibrationBenches.Default;
        var calibration = ToggleCalibration.Derive(EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"), bench, HandMeasurement(), "Verilator test");

        // yan2024-v1-45nm: add 0.03 pJ at 8 bits scaled to 16 bits is 0.05 pJ (32-bit anchor 0.1); (800 + 400 + 0 + 600)
        // in-action toggles of state_in, weight, value and integrated / 100 adds = 18 per add.
        var adder = calibration.Entry("snn", Actions.Accumulate);
        Assert.That(adder.ErtArguments, Is.EqualTo("bits=16"));
        Assert.That(adder.Buses, Is.EqualTo(new[] { "state_in", "weight", "value", "integrated" }));
        Assert.That(adder.TogglesPerAction, Is.EqualTo(18.0));
        Assert.That(adder.EnergyPerTogglePj, Is.EqualTo(0.05 / 18.0).Within(1e-15));
        // The QNN twin's MAC: (500 + 300 + 100 + 1200 + 800) / 100 = 29 per MAC; 0.23 pJ x 24/64 at 8 x 3 bits.
        var mac = calibration.Entry("qnn", Actions.MultiplyAccumulate);
        Assert.That(mac.ErtEnergyPj, Is.EqualTo(0.23 * 24 / 64).Within(1e-15));
        Assert.That(mac.EnergyPerTogglePj, Is.EqualTo(0.23 * 24 / 64 / 29.0).Within(1e-15));
        // The spiking comparator and subtractor use the membrane's bits above log2 theta = 6.
        Assert.That(calibration.Entry("snn", Actions.Compare).EnergyPerTogglePj, Is.EqualTo(0.05 / 3.5).Within(1e-15));
        Assert.That(calibration.Entry("snn", Actions.Subtract).EnergyPerTogglePj, Is.EqualTo(0.05 / 16.3).Within(1e-15));
        // The QNN twin's comparator at its 20-bit accumulator: 0.05 + (20 - 16) / (32 - 16) x (0.1 - 0.05) = 0.0625 pJ.
        var qnnCompare = calibration.Entry("qnn", Actions.Compare);
        Assert.That(qnnCompare.ErtArguments, Is.EqualTo("bits=20"));
        Assert.That(qnnCompare.EnergyPerTogglePj, Is.EqualTo(0.0625 / 5.0).Within(1e-15));
        Assert.That(calibration.Entries, Has.Count.EqualTo(5), "arithmetic units only: memories and queues are priced by the memory model");
    }

    [Test]
    public void CalibrationFileRoundTripsThroughTheLoader()
    {
        var calibration = ToggleCalibration.Derive(EnergyReferenceTableLoader.LoadPreset("lemaire2022-45nm"), CalibrationBenches.Default, HandMeasurement(), "Verilator test");
        var text = calibration.ToYaml();
        var loaded = ToggleCalibrationLoader.LoadText(text, "hand.yaml");

        Assert.That(loaded.ToYaml(), Is.EqualTo(text));
        Assert.That(loaded.Widths, Is.EqualTo(calibration.Widths));
        Assert.That(loaded.Entry("snn", Actions.Accumulate).EnergyPerTogglePj, Is.EqualTo(calibration.Entry("snn", Actions.Accumulate).EnergyPerTogglePj));
        Assert.That(loaded.Entry("qnn", Actions.Compare).EnergyPerTogglePj, Is.EqualTo(calibration.Entry("qnn", Actions.Compare).EnergyPerTogglePj));
    }

    [Test]
    [Category("Rtl")]
    [NonParallelizable]
    public void ShippedCalibrationsAreCurrentAndByteReproducible()
    {
        var bench = CalibrationBenches.Default;
        var measured = CalibrationRun.Run(bench, CalibrateCommand.DefaultSeed, CalibrateCommand.DefaultCycles, CalibrationBenches.WorkFolder("shipped"));
        Assert.That(ToggleCalibrationLoader.PresetNames, Is.EqualTo(EnergyReferenceTableLoader.PresetNames), "one calibration file per ERT preset");
        foreach (var preset in EnergyReferenceTableLoader.PresetNames)
        {
            var shipped = ToggleCalibrationLoader.LoadPreset(preset);
            Assert.That(shipped.MicrobenchmarkSha256, Is.EqualTo(bench.ContentHash), $"{preset}: the microbenchmarks changed; rerun `hwgen calibrate`");
            var regenerated = ToggleCalibration.Derive(EnergyReferenceTableLoader.LoadPreset(preset), bench, measured, Toolchain.VerilatorVersion);
            var onDisk = File.ReadAllText(Path.Combine(RepoPaths.HwConfigs, "calibration", preset + ".yaml"));
            Assert.That(regenerated.ToYaml(), Is.EqualTo(onDisk), $"{preset}: regenerating the calibration gives other bytes");
        }
    }

    [Test]
    [Category("Rtl")]
    [NonParallelizable]
    public void FreshRandomDataReproducesTheErtWithinTwoPercentPerClass()
    {
        var bench = CalibrationBenches.Default;
        var fresh = CalibrationRun.Run(bench, seed: 982_451_653, cycles: CalibrateCommand.DefaultCycles, CalibrationBenches.WorkFolder("fresh"));
        foreach (var preset in ToggleCalibrationLoader.PresetNames)
        {
            var calibration = ToggleCalibrationLoader.LoadPreset(preset);
            Assert.That(fresh.Seed, Is.Not.EqualTo(calibration.Seed));
            foreach (var entry in calibration.Entries.Where(e => e.EnergyPerTogglePj is not null))
            {
                var hierarchy = $"TOP.{CalibrationBenchFiles.TopModule}.{entry.Instance}";
                var toggles = entry.Buses.Sum(b => fresh.ToggleCount(hierarchy, $"{b}:in:{entry.Action.Component}"));
                var actions = fresh.ActionCount(hierarchy, entry.Action);
                Assert.That(toggles, Is.Not.EqualTo(entry.Toggles), $"{preset} {entry.Action}: the fresh run must be other data");
                var perAction = entry.EnergyPerTogglePj!.Value * toggles / actions;
                Assert.That(perAction, Is.EqualTo(entry.ErtEnergyPj).Within(2).Percent, $"{preset} {entry.Action}");
                TestContext.Out.WriteLine($"{preset} {entry.Twin} {entry.Action}: {perAction:G6} pJ vs ERT {entry.ErtEnergyPj:G6} pJ ({(perAction / entry.ErtEnergyPj - 1) * 100:F3}%)");
            }
        }
    }

    private static string Minimal(string entryExtra = "", string top = "calibration: 1") => $"""
        {top}
        preset: p
        verilator: v
        microbenchmark_sha256: abc
        seed: 1
        cycles: 10
        widths:
          state_bits: 16
          accumulator_bits: 20
          weight_bits: 8
          activation_bits: 3
          value_bits: 1
          level_max: 1
          threshold_log2: 6
          sram_words: 512
          event_bits: 8
          fifo_depth: 16
          register_count: 4
        entries:
          - component: adder
            action: accumulate
            class: arithmetic
            pricing: toggle
            instance: u_accumulator
            buses: [integrated]
            ert_arguments: "bits=16"
            ert_energy_pj: 0.05
            actions: 10
            toggles: 80
            toggles_per_action: 8
            energy_per_toggle_pj: 0.00625
        {entryExtra}
        """;

    [TestCase("calibration: 2", "", "c.yaml:1:14: 'calibration' must be 1, found 2")]
    [TestCase("calibration: 1\nextra: 3", "", "c.yaml:2:1: root: unknown key 'extra'; allowed: calibration, preset, verilator, microbenchmark_sha256, seed, cycles, widths, entries")]
    [TestCase("calibration: 1", "    colour: red", "c.yaml:32:5: entries[0]: unknown key 'colour'; allowed: component, action, class, pricing, instance, buses, ert_arguments, ert_energy_pj, actions, toggles, toggles_per_action, energy_per_toggle_pj, twin")]
    public void LoaderErrorsNameFileLineColumnAndKey(string top, string extra, string expected)
    {
        var ex = Assert.Throws<CalibrationFileException>(() => ToggleCalibrationLoader.LoadText(Minimal(extra, top), "c.yaml"));
        Assert.That(ex!.Message, Is.EqualTo(expected));
    }

    [Test]
    public void LoaderRejectsADerivedNumberThatDisagreesWithItsEntry()
    {
        var text = Minimal().Replace("energy_per_toggle_pj: 0.00625", "energy_per_toggle_pj: 0.007", StringComparison.Ordinal);
        var ex = Assert.Throws<CalibrationFileException>(() => ToggleCalibrationLoader.LoadText(text, "c.yaml"));
        Assert.That(ex!.Message, Is.EqualTo("c.yaml:31:27: entries[0]: 'energy_per_toggle_pj' is 0.007 but the entry's own numbers give 0.00625"));
    }

    [Test]
    public void LoaderRejectsUnknownPricingAndClass()
    {
        var pricing = Assert.Throws<CalibrationFileException>(() => ToggleCalibrationLoader.LoadText(Minimal().Replace("pricing: toggle", "pricing: free", StringComparison.Ordinal), "c.yaml"));
        Assert.That(pricing!.Message, Is.EqualTo("c.yaml:23:14: entries[0]: 'pricing' must be toggle or per_access, found 'free'"));
        var cls = Assert.Throws<CalibrationFileException>(() => ToggleCalibrationLoader.LoadText(Minimal().Replace("class: arithmetic", "class: logic", StringComparison.Ordinal), "c.yaml"));
        Assert.That(cls!.Message, Is.EqualTo("c.yaml:22:12: entries[0]: unknown signal class 'logic'; expected register, arithmetic, memory_port, queue or noc_link"));
    }

    [Test]
    public void UnknownPresetHasNoCalibration()
    {
        var ex = Assert.Throws<EnergyTableException>(() => ToggleCalibrationLoader.LoadPreset("nowhere-7nm"));
        Assert.That(ex!.Message, Does.StartWith("no calibration ships for ERT preset 'nowhere-7nm' (run `hwgen calibrate --tech nowhere-7nm`)"));
    }
}
