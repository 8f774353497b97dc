// The non-circular check of the toggle calibration: the calibration makes random data reproduce the ERT, so it can only
// be tested on other data against another model. The spiking lane datapath (the core's own module, as the calibration
// bench renders it) is synthesised to OSU 0.18 um cells and evaluated in the cell simulator on uniform random operands
// and on correlated, membrane-like operands; its Liberty energy per action on the two is set beside what the calibrated
// toggle model predicts from the RTL buses' toggles on the same operands.
using HwGen.Data;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Synth;

/// <summary>The two operand distributions of the check.</summary>
public enum ValidationOperands
{
    /// <summary>Uniform random state and weight (what the calibration is made on).</summary>
    Random,

    /// <summary>A membrane that integrates small weights from zero, 64 actions per tile; a fire input that climbs from its residue.</summary>
    Correlated,
}

/// <summary>
/// One unit group on one distribution: RTL bus toggles per action (the calibration's buses), the toggle model's energy
/// per action (those toggles × the calibrated energies per toggle) and the gate-level energy per action (pJ at 0.18 um).
/// </summary>
public sealed record ValidationPoint(ValidationOperands Operands, double TogglesPerAction, double ModelPj, double GatePj);

/// <summary>
/// A unit group (the integrate unit, or the fire units together): its points on both distributions and the error of the
/// toggle model's prediction of how energy per action changes from random to correlated data.
/// </summary>
public sealed record ValidationResult(string Unit, IReadOnlyList<ActionKey> Actions, int Cells, ValidationPoint Random, ValidationPoint Correlated)
{
    /// <summary>Correlated over random energy per action by the calibrated toggle model.</summary>
    public double ModelRatio => Correlated.ModelPj / Random.ModelPj;

    /// <summary>The same ratio by the gate-level (Liberty) model.</summary>
    public double GateRatio => Correlated.GatePj / Random.GatePj;

    /// <summary>The toggle model's error on correlated data, with the gate-level model as reference (0.1 = 10% too high).</summary>
    public double Error => ModelRatio / GateRatio - 1;
}

public static class ToggleModelValidation
{
    public const ulong DefaultSeed = 20261201;
    public const int DefaultActions = 20000;

    /// <summary>Actions per tile of the correlated membrane (as in the calibration bench's correlated mode).</summary>
    public const int TileActions = 64;

    /// <summary>
    /// Synthesises the calibration bench's spiking datapath (cached), runs the integrate unit and the fire units on both
    /// distributions and prices them both ways. <paramref name="calibration"/> must be made at <paramref name="bench"/>'s widths.
    /// </summary>
    public static IReadOnlyList<ValidationResult> Run(CalibrationBenchFiles bench, ToggleCalibration calibration, int actions = DefaultActions,
        ulong seed = DefaultSeed, string? cacheRoot = null)
    {
        if (calibration.Widths != bench.Widths)
        {
            throw new ArgumentException("the calibration is not made at the bench's widths");
        }

        var w = bench.Widths;
        if (w.LevelMax != 1)
        {
            throw new ArgumentException("the check drives a binary-spike datapath (integrate = accumulate); the bench's spec has multi-level spikes");
        }

        const string top = "snn_lane_datapath";
        var rtl = new Dictionary<string, string> { [$"rtl/{top}.v"] = bench.Files[$"rtl/{top}.v"] };
        var run = YosysRunner.Run(rtl, top, SynthTarget.Osu018, "toggle-model validation datapath", cacheRoot);
        var netlist = GateNetlist.Build(run.ReadNetlist(), TechLibrary.Osu018Liberty);
        var units = DatapathUnits.Of(CalibrationBench.SpikingDatapath(w), spiking: true, Actions.Accumulate, "int_valid2", "fire_valid", "fire_emit");
        var adder = units.Single(u => u.Action == Actions.Accumulate);
        var fire = units.Where(u => u.Action != Actions.Accumulate).ToList();
        double PerToggle(ActionKey action) => calibration.Entry("snn", action).EnergyPerTogglePj
            ?? throw new EnergyTableException($"calibration '{calibration.Preset}' has no energy per toggle for {action}.");

        ValidationPoint Point(ValidationOperands operands, bool integrate)
        {
            var vectors = integrate ? IntegrateVectors(w, operands, actions, seed) : FireVectors(w, operands, actions, seed);
            var simulator = new CellSimulator(netlist);
            var groups = integrate ? [adder] : fire;
            var toggles = groups.ToDictionary(u => u.Name, _ => 0L);
            DatapathNets? previous = null;
            foreach (var v in vectors)
            {
                simulator.SetInput("state_in", v.State);
                simulator.SetInput("weight", v.Weight);
                simulator.SetInput("value", v.Value);
                simulator.SetInput("fire_in", v.Fire);
                simulator.Settle();
                simulator.Sample();
                var nets = DatapathNets.Of(w, v);
                if (previous is { } p)
                {
                    foreach (var u in groups)
                    {
                        toggles[u.Name] += u.Buses.Sum(b => (long)ulong.PopCount((nets.Bus(b.Net) ^ p.Bus(b.Net)) >> b.Low & Mask(b.Width)));
                    }
                }

                previous = nets;
            }

            var model = new GateEnergyModel(netlist, GateEnergyOptions.For(netlist.Library));
            var gate = model.Compute(simulator.Toggles, 0);
            var transitions = (double)(vectors.Count - 1);
            var modelPj = groups.Sum(u => toggles[u.Name] * PerToggle(u.Action)) / transitions;
            return new ValidationPoint(operands, toggles.Values.Sum() / transitions, modelPj, (gate.DynamicPj + gate.PrimaryInputLoadPj) / transitions);
        }

        return
        [
            new ValidationResult("integrate (adder)", [Actions.Accumulate], netlist.Cells.Count,
                Point(ValidationOperands.Random, true), Point(ValidationOperands.Correlated, true)),
            new ValidationResult("fire (comparator and subtractor)", [Actions.Compare, Actions.Subtract], netlist.Cells.Count,
                Point(ValidationOperands.Random, false), Point(ValidationOperands.Correlated, false)),
        ];
    }

    /// <summary>One evaluation of the datapath: its four inputs, as unsigned words of their widths.</summary>
    public readonly record struct DatapathInputs(ulong State, ulong Weight, ulong Value, ulong Fire);

    /// <summary>
    /// Integrate operands (fire_in held at 0): random = uniform membrane and weight; correlated = a membrane integrating
    /// small weights (−8..7) from zero, restarted every <see cref="TileActions"/> actions. The spike value is 1.
    /// </summary>
    public static IReadOnlyList<DatapathInputs> IntegrateVectors(CalibrationWidths w, ValidationOperands operands, int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        var list = new List<DatapathInputs>(count);
        long membrane = 0;
        for (var i = 0; i < count; i++)
        {
            long state, weight;
            if (operands == ValidationOperands.Random)
            {
                state = Signed(random.Next(), w.StateBits);
                weight = Signed(random.Next(), w.WeightBits);
            }
            else
            {
                state = i % TileActions == 0 ? 0 : membrane;
                weight = (long)(random.Next() % 16) - 8;
            }

            membrane = Saturate(state + weight, w.StateBits);
            list.Add(new DatapathInputs(Word(state, w.StateBits), Word(weight, w.WeightBits), 1, 0));
        }

        return list;
    }

    /// <summary>
    /// Fire operands (state, weight and value held at 0): random = uniform membrane; correlated = the residue of the last
    /// fire plus up to half a threshold (a membrane that climbs by a fraction of θ per timestep and then fires).
    /// </summary>
    public static IReadOnlyList<DatapathInputs> FireVectors(CalibrationWidths w, ValidationOperands operands, int count, ulong seed)
    {
        var random = new SplitMix64(seed ^ 0x5DEECE66DUL);
        var list = new List<DatapathInputs>(count);
        var threshold = 1L << w.ThresholdLog2;
        long residue = 0;
        for (var i = 0; i < count; i++)
        {
            var u = operands == ValidationOperands.Random
                ? Signed(random.Next(), w.StateBits)
                : Saturate(residue + (long)(random.Next() % (ulong)(threshold / 2 + 1)), w.StateBits);
            residue = u - FireLevel(u, w) * threshold;
            list.Add(new DatapathInputs(0, 0, 0, Word(u, w.StateBits)));
        }

        return list;
    }

    /// <summary>z = clamp(u >> F, 0, L): the fire unit's level.</summary>
    private static long FireLevel(long u, CalibrationWidths w) => Math.Clamp(u >> w.ThresholdLog2, 0, w.LevelMax);

    /// <summary>The values of the datapath's counted nets for one input (the RTL's arithmetic, in C#).</summary>
    private sealed record DatapathNets(ulong State, ulong Weight, ulong Value, ulong Integrated, ulong Fire, ulong FireValue, ulong ResetState)
    {
        public static DatapathNets Of(CalibrationWidths w, DatapathInputs v)
        {
            var state = Signed(v.State, w.StateBits);
            var weight = Signed(v.Weight, w.WeightBits);
            var integrated = Saturate(state + weight * (long)v.Value, w.StateBits);
            var fire = Signed(v.Fire, w.StateBits);
            var level = FireLevel(fire, w);
            var reset = fire - (level << w.ThresholdLog2);
            return new DatapathNets(v.State, v.Weight, v.Value, Word(integrated, w.StateBits), v.Fire, (ulong)level, Word(reset, w.StateBits));
        }

        public ulong Bus(string net) => net switch
        {
            "state_in" => State,
            "weight" => Weight,
            "value" => Value,
            "integrated" => Integrated,
            "fire_in" => Fire,
            "fire_value" => FireValue,
            "reset_state" => ResetState,
            _ => throw new ArgumentException($"the check does not model datapath net '{net}'"),
        };
    }

    private static ulong Mask(int bits) => bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;

    private static long Signed(ulong word, int bits)
    {
        var sign = 1UL << (bits - 1);
        return (long)((word & Mask(bits)) ^ sign) - (long)sign;
    }

    private static ulong Word(long value, int bits) => (ulong)value & Mask(bits);

    private static long Saturate(long value, int bits) => Math.Clamp(value, -(1L << (bits - 1)), (1L << (bits - 1)) - 1);
}
