// Toggle-energy calibration: pJ per bit toggle of each arithmetic unit, chosen so that random operands reproduce the
// ERT's energy per action; memories, register files and queues keep their per-access ERT energy (docs/measurement.md).
using System.Globalization;
using System.Text;
using HwGen.Emit;
using HwGen.Measure;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>How an entry's action is priced from measured activity.</summary>
public enum CalibrationPricing
{
    /// <summary>Measured toggles of the entry's buses × energy per toggle.</summary>
    Toggle,

    /// <summary>Measured actions × the ERT energy per access; the toggles are recorded, not priced.</summary>
    PerAccess,
}

/// <summary>One calibrated action of one microbenchmark.</summary>
public sealed record ToggleCalibrationEntry(
    ActionKey Action,
    SignalClass Class,
    CalibrationPricing Pricing,
    string Instance,
    IReadOnlyList<string> Buses,
    string ErtArguments,
    double ErtEnergyPj,
    long Actions,
    long Toggles)
{
    public const string SpikingTwin = "snn";

    /// <summary>The twin whose widths the unit was measured at: snn (the spiking design) or qnn.</summary>
    public string Twin { get; init; } = SpikingTwin;

    /// <summary>In-action toggles of the unit's buses per action on random data.</summary>
    public double TogglesPerAction => Actions == 0 ? 0 : (double)Toggles / Actions;

    /// <summary>ERT energy per action / mean toggles per action on random data; null for per-access entries.</summary>
    public double? EnergyPerTogglePj => Pricing == CalibrationPricing.Toggle && Toggles > 0 ? ErtEnergyPj / TogglesPerAction : null;
}

/// <summary>A whole calibration: one ERT preset at one set of widths, with the provenance that makes it reproducible.</summary>
public sealed record ToggleCalibration(
    string Preset,
    string VerilatorVersion,
    string MicrobenchmarkSha256,
    ulong Seed,
    long Cycles,
    CalibrationWidths Widths,
    IReadOnlyList<ToggleCalibrationEntry> Entries)
{
    public const int FormatVersion = 1;

    /// <summary>The seed and length of the shipped calibrations, and of the ones `hwgen run` makes at a design's own widths.</summary>
    public const ulong DefaultSeed = 1;

    public const long DefaultCycles = 200_000;

    /// <summary>The entry of one twin's unit (twin: snn or qnn).</summary>
    public ToggleCalibrationEntry Entry(string twin, ActionKey action) =>
        Entries.FirstOrDefault(e => e.Twin == twin && e.Action == action)
        ?? throw new EnergyTableException($"calibration '{Preset}' has no entry for {action} of the {twin} twin.");

    /// <summary>
    /// Derives the calibration of <paramref name="table"/> from one bench measurement: per twin's unit, the ERT energy
    /// per action at the bench's widths / the in-action toggles of the unit's buses per action.
    /// </summary>
    public static ToggleCalibration Derive(EnergyReferenceTable table, CalibrationBenchFiles bench, CalibrationMeasurement measured, string verilatorVersion)
    {
        var entries = new List<ToggleCalibrationEntry>();
        foreach (var target in CalibrationBench.Targets(bench.Widths))
        {
            var hierarchy = $"TOP.{CalibrationBenchFiles.TopModule}.{target.Instance}";
            var arguments = ArgumentsFor(target.Twin, target.Action, bench.Widths);
            var energy = table.EnergyPj(target.Action, arguments);
            var toggles = target.Unit.Buses.Sum(b => measured.ToggleCount(hierarchy, ArithmeticUnit.InActionSignal(b, target.Unit.Name)));
            entries.Add(new ToggleCalibrationEntry(
                target.Action, SignalClass.Arithmetic, CalibrationPricing.Toggle, target.Instance, target.Unit.Buses.Select(b => b.Signal).ToList(),
                arguments.ToString(), energy, measured.ActionCount(hierarchy, target.Action), toggles) { Twin = target.Twin });
        }

        return new ToggleCalibration(table.Preset, verilatorVersion, bench.ContentHash, measured.Seed, measured.Cycles, bench.Widths, entries);
    }

    /// <summary>The ERT arguments each microbenchmark is priced at (its twin's widths, as the core's actions are).</summary>
    public static EnergyArguments ArgumentsFor(string twin, ActionKey action, CalibrationWidths w)
    {
        var qnn = twin == "qnn";
        if (action == Actions.Accumulate || action == Actions.Compare || action == Actions.Subtract)
        {
            return new EnergyArguments(Bits: qnn ? w.AccumulatorBits : w.StateBits);
        }

        if (action == Actions.MultiplyAccumulate)
        {
            return new EnergyArguments(WeightBits: w.WeightBits, ActivationBits: qnn ? w.ActivationBits : w.ValueBits);
        }

        if (action == Actions.StateMemoryWrite)
        {
            return new EnergyArguments(WordBits: w.StateBits, CapacityBits: (long)w.RegisterCount * w.StateBits);
        }

        if (action == Actions.WeightMemoryRead || action == Actions.WeightMemoryWrite)
        {
            return new EnergyArguments(WordBits: w.WeightBits, CapacityBits: (long)w.SramWords * w.WeightBits);
        }

        if (action == Actions.InputQueuePush || action == Actions.InputQueuePop)
        {
            return new EnergyArguments(WordBits: w.EventBits, CapacityBits: (long)w.FifoDepth * w.EventBits);
        }

        throw new EnergyTableException($"no calibration microbenchmark prices {action}.");
    }

    /// <summary>The line every calibration file hwgen writes carries (the proof that replacing it loses nothing of the user's).</summary>
    public const string WrittenByLine = "Written by `hwgen calibrate`";

    /// <summary>True when <paramref name="text"/> (the start of a file) is a calibration written by hwgen.</summary>
    public static bool IsCalibrationText(string text) =>
        text.StartsWith("# Toggle-energy calibration for ERT preset ", StringComparison.Ordinal) && text.Contains(WrittenByLine, StringComparison.Ordinal)
        && text.Contains("\ncalibration: ", StringComparison.Ordinal);

    /// <summary>The calibration file (hwconfigs/calibration/&lt;preset&gt;.yaml): LF, invariant numbers, no dates, no paths.</summary>
    public string ToYaml()
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("# Toggle-energy calibration for ERT preset ").Append(Preset).Append(".\n");
        sb.Append("# Arithmetic units of each twin at that twin's widths: energy_per_toggle_pj = ert_energy_pj / toggles_per_action, the\n");
        sb.Append("# toggles of the unit's inputs and outputs in the cycles where it acts, on seeded random operands, so random data\n");
        sb.Append("# reproduces the ERT. ").Append(WrittenByLine).Append(" (docs/measurement.md): regenerate, do not edit.\n");
        sb.Append("calibration: ").Append(FormatVersion).Append('\n');
        sb.Append("preset: ").Append(Preset).Append('\n');
        sb.Append("verilator: \"").Append(VerilatorVersion).Append("\"\n");
        sb.Append("microbenchmark_sha256: ").Append(MicrobenchmarkSha256).Append('\n');
        sb.Append("seed: ").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("cycles: ").Append(I(Cycles)).Append('\n');
        sb.Append("widths:\n");
        foreach (var (name, value) in WidthFields(Widths))
        {
            sb.Append("  ").Append(name).Append(": ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        sb.Append("entries:\n");
        foreach (var e in Entries)
        {
            sb.Append("  - twin: ").Append(e.Twin).Append('\n');
            sb.Append("    component: ").Append(e.Action.Component).Append('\n');
            sb.Append("    action: ").Append(e.Action.Action).Append('\n');
            sb.Append("    class: ").Append(ToggleProbes.ClassName(e.Class)).Append('\n');
            sb.Append("    pricing: ").Append(PricingName(e.Pricing)).Append('\n');
            sb.Append("    instance: ").Append(e.Instance).Append('\n');
            sb.Append("    buses: [").Append(string.Join(", ", e.Buses.Select(b => "\"" + b + "\""))).Append("]\n");
            sb.Append("    ert_arguments: \"").Append(e.ErtArguments).Append("\"\n");
            sb.Append("    ert_energy_pj: ").Append(N(e.ErtEnergyPj)).Append('\n');
            sb.Append("    actions: ").Append(I(e.Actions)).Append('\n');
            sb.Append("    toggles: ").Append(I(e.Toggles)).Append('\n');
            sb.Append("    toggles_per_action: ").Append(N(e.TogglesPerAction)).Append('\n');
            if (e.EnergyPerTogglePj is { } perToggle)
            {
                sb.Append("    energy_per_toggle_pj: ").Append(N(perToggle)).Append('\n');
            }
        }

        return sb.ToString();
    }

    public static string PricingName(CalibrationPricing pricing) => pricing == CalibrationPricing.Toggle ? "toggle" : "per_access";

    /// <summary>The keys of the widths block, in file order.</summary>
    public static IReadOnlyList<string> WidthNames { get; } = WidthFields(new CalibrationWidths(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).Select(f => f.Name).ToList();

    /// <summary>The widths block, in file order.</summary>
    public static IReadOnlyList<(string Name, int Value)> WidthFields(CalibrationWidths w) =>
    [
        ("state_bits", w.StateBits),
        ("accumulator_bits", w.AccumulatorBits),
        ("weight_bits", w.WeightBits),
        ("activation_bits", w.ActivationBits),
        ("value_bits", w.ValueBits),
        ("level_max", w.LevelMax),
        ("threshold_log2", w.ThresholdLog2),
        ("sram_words", w.SramWords),
        ("event_bits", w.EventBits),
        ("fifo_depth", w.FifoDepth),
        ("register_count", w.RegisterCount),
    ];
}
