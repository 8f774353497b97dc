// Toggle counting in the neural core harness: every probed bus reported, per-layer windows that add up to the run,
// exact zeros where the data cannot switch a bus, and measured energy priced from those toggles.
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Rtl;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class CoreToggleTests
{
    private static (RtlRunResult Result, RtlFileSet Set, HardwareModel Model) Run(RtlCase c)
    {
        var model = c.Build.Build();
        var set = VerilatorBuild.Counted(RtlSimulationTests.SetFor(c.Build, c.Twin));
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);
        var (result, _) = VerilatorSimulation.Run(set, input, CalibrationBenches.WorkFolder("core-" + c));
        Assert.That(result.Failure, Is.Null);
        return (result, set, model);
    }

    [Test]
    public void EveryProbeIsReportedAndTheLayerWindowsAddUpToTheRun()
    {
        var (result, set, _) = Run(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 31));
        var probes = set.Probes;

        Assert.That(result.Toggles.Select(t => $"{t.Hierarchy}.{t.Signal}").Order(StringComparer.Ordinal),
            Is.EqualTo(probes.SelectMany(p => p.ResultSignals.Select(s => $"{p.Hierarchy(set.Design.TopModule)}.{s}")).Order(StringComparer.Ordinal)));
        Assert.That(result.LayerToggles, Has.Count.EqualTo(2));
        for (var b = 0; b < result.Toggles.Count; b++)
        {
            Assert.That(result.LayerToggles.Sum(layer => layer[b].Count), Is.EqualTo(result.Toggles[b].Count), result.Toggles[b].ToString());
        }

        // Timestep windows hold the integrate, fire and drain cycles: never more than the layer, nothing of the weight
        // loads (the weight memories are written only while a tile loads), and every timestep integrates something.
        Assert.That(result.StepToggles, Has.Count.EqualTo(2));
        for (var l = 0; l < 2; l++)
        {
            Assert.That(result.StepToggles[l], Has.Count.EqualTo(6));
            for (var b = 0; b < result.Toggles.Count; b++)
            {
                var bus = result.Toggles[b];
                var stepped = result.StepToggles[l].Sum(t => t[b].Count);
                Assert.That(stepped, Is.LessThanOrEqualTo(result.LayerToggles[l][b].Count));
                if (bus.Hierarchy.EndsWith(".weight_memory", StringComparison.Ordinal) && bus.Signal is "write:data" or "mem:flips")
                {
                    Assert.That(stepped, Is.EqualTo(0));
                    Assert.That(result.LayerToggles[l][b].Count, Is.GreaterThan(0));
                }
            }

            Assert.That(result.StepToggles[l].All(t => t.Where(x => x.Signal == "rd").Sum(x => x.Count) > 0), Is.True, $"layer {l}: every timestep reads");
        }

        // Spiking data switches every lane's adder, comparator and memory ports in both layers.
        foreach (var layer in result.LayerToggles)
        {
            Assert.That(layer.Where(t => t.Signal is "integrated" or "rd").All(t => t.Count > 0), Is.True);
        }
    }

    [Test]
    public void WithoutInputSpikesNoArithmeticBusAndNoWeightReadPortToggles()
    {
        // No input events: every membrane stays 0, so sum, fire value and reset value never change, and no weight is
        // read; the weights are still loaded, so the weight write ports do toggle.
        var (result, _, _) = Run(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 3, 0.0, 0.0, 32));

        // Per lane: totals of state_in, weight, value, integrated, state_in[15:6], fire_value, reset_state[15:6] and the
        // units' in-action parts (4 adder, 2 comparator, 3 subtractor buses); with no events none of them moves.
        var arithmetic = result.Toggles.Where(t => t.Class == SignalClass.Arithmetic).ToList();
        Assert.That(arithmetic, Has.Count.EqualTo(3 * (7 + 9)), "three lanes: 7 bus totals and 9 in-action parts each");
        Assert.That(arithmetic.Select(t => t.Count), Is.All.EqualTo(0));
        var weightPorts = result.Toggles.Where(t => t.Hierarchy.EndsWith(".weight_memory", StringComparison.Ordinal)).ToList();
        Assert.That(weightPorts.Where(t => t.Signal is "rd" or "read:address").Select(t => t.Count), Is.All.EqualTo(0));
        Assert.That(weightPorts.Where(t => t.Signal is "write:data" or "write:address" or "mem:flips").Select(t => t.Count), Is.All.GreaterThan(0));
    }

    [Test]
    public void MeasuredEnergyPricesToggledBusesByTheCalibrationAndMemoriesFromTheirPortActivity()
    {
        var (result, set, model) = Run(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 31));
        var preset = model.Technology.Preset;
        var table = EnergyReferenceTableLoader.LoadPreset(preset);
        var prices = ActionPrices.Resolve(model, table, spiking: true, model.Twin.ActivationBits);
        var widths = DesignWidths.Of(model, true, model.Twin.ActivationBits);
        var calibration = ToggleCalibrationLoader.LoadPreset(preset);
        var probes = set.Probes;
        var pricing = new MeasuredEnergyModel(set.Design, table, prices, widths, calibration, probes, set.Registers!);

        var layers = pricing.Price(result.LayerCounts, result.LayerToggles, result.Dram);

        // The v1 preset prices every SRAM access at 20 pJ; the measured model prices the lane weight memory at its own
        // size by the table's size-aware rule (the Lemaire et al. fit): (13.2 + 1.09e-5 x capacity bits) x word bits / 64.
        var weightPrice = pricing.MemoryPrices.Single(m => m.Action == Actions.WeightMemoryRead);
        var capacity = (long)model.Memory.LaneMemory.WeightWords * model.Neuron.WeightBits;
        Assert.That(weightPrice.ErtPj, Is.EqualTo(20));
        Assert.That(weightPrice.SizeAwarePj, Is.EqualTo((13.2 + 1.09e-5 * capacity) * model.Neuron.WeightBits / 64).Within(1e-12));
        Assert.That(weightPrice.Flagged, Is.True);
        var shares = table.Circuit!.Sram.Read;
        for (var l = 0; l < layers.Count; l++)
        {
            // The adder: its inputs' and output's toggles, split by whether it integrates that cycle, x the energy per toggle.
            var adder = layers[l].Components.Single(c => c.Action == Actions.Accumulate);
            string[] buses = ["state_in", "weight", "value", "integrated"];
            var datapath = result.LayerToggles[l].Where(t => t.Hierarchy.EndsWith(".datapath", StringComparison.Ordinal)).ToList();
            var adderTotal = datapath.Where(t => buses.Contains(t.Signal)).Sum(t => t.Count);
            var adderInAction = datapath.Where(t => buses.Select(b => b + ":in:adder").Contains(t.Signal)).Sum(t => t.Count);
            var perToggle = calibration.Entry("snn", Actions.Accumulate).EnergyPerTogglePj!.Value;
            Assert.That(adder.Basis, Is.EqualTo(MeasuredEnergyBasis.Activity));
            Assert.That(adder.Toggles, Is.EqualTo(adderTotal));
            Assert.That(adder.Terms.Single(t => t.Kind == TermKind.InActionToggles).Quantity, Is.EqualTo(adderInAction));
            Assert.That(adder.Terms.Single(t => t.Kind == TermKind.IdleToggles).Quantity, Is.EqualTo(adderTotal - adderInAction));
            Assert.That(adder.MeasuredEnergyPj, Is.EqualTo(adderTotal * perToggle).Within(1e-9));
            Assert.That(adder.Count, Is.EqualTo(result.LayerCounts[l][Actions.Accumulate]));

            // Weight reads: a fixed part per read, the address bits that changed between reads and the read data bits
            // that changed, each a share of the size-aware price (CACTI's breakdown), normalised to random data.
            var weights = layers[l].Components.Single(c => c.Action == Actions.WeightMemoryRead);
            var reads = result.LayerCounts[l][Actions.WeightMemoryRead];
            var addressToggles = result.LayerToggles[l].Where(t => t.Hierarchy.EndsWith(".weight_memory", StringComparison.Ordinal) && t.Signal == "read:address").Sum(t => t.Count);
            var dataToggles = result.LayerToggles[l].Where(t => t.Hierarchy.EndsWith(".weight_memory", StringComparison.Ordinal) && t.Signal == "rd").Sum(t => t.Count);
            var p = weightPrice.SizeAwarePj;
            var expected = reads * p * shares.Fixed
                + addressToggles * p * shares.Address / (set.Design.WeightAddressBits / 2.0)
                + dataToggles * p * shares.Data / (model.Neuron.WeightBits / 2.0);
            Assert.That(weights.Basis, Is.EqualTo(MeasuredEnergyBasis.Activity));
            Assert.That(weights.MeasuredEnergyPj, Is.EqualTo(expected).Within(1e-9).Percent);
            Assert.That(weights.ErtEnergyPj, Is.EqualTo(reads * 20.0));
            Assert.That(weights.Effects.Single(e => e.Effect == EffectKind.CapacityScaling).Pj, Is.EqualTo(reads * (p - 20)).Within(1e-6));
            // Every flip-flop: its toggles (the queues' pointers are the queue rows' address toggles) and its clock.
            var registerToggles = result.LayerToggles[l].Where(t => t.Class == SignalClass.Register && t.Signal != HarnessCounters.Cycles
                && !(t.Hierarchy.EndsWith("_queue", StringComparison.Ordinal) && t.Signal is "wp" or "rp")).Sum(t => t.Count);
            Assert.That(layers[l].RegisterToggles, Is.EqualTo(registerToggles));
            var registersRow = layers[l].Components.Single(c => c.Action == new ActionKey("registers", "toggle"));
            Assert.That(registersRow.MeasuredEnergyPj, Is.EqualTo(registerToggles * table.Circuit.FlipFlop.TogglePj).Within(1e-9).Percent);
            var cycles = result.LayerToggles[l].Single(t => t.Signal == HarnessCounters.Cycles).Count;
            var clock = layers[l].Components.Single(c => c.Action == new ActionKey("clock", "flip_flops"));
            Assert.That(clock.MeasuredEnergyPj, Is.EqualTo(set.Registers!.FlipFlops * cycles * table.Circuit.FlipFlop.ClockPj).Within(1e-9).Percent);
            Assert.That(layers[l].Components.Single(c => c.Action == new ActionKey("lane_weight_memory", "leakage")).MeasuredEnergyPj, Is.GreaterThan(0));
            TestContext.Out.WriteLine($"layer {l}: measured {layers[l].MeasuredEnergyPj:G6} pJ, ERT of measured counts {layers[l].ErtEnergyPj:G6} pJ");
        }

        // Per timestep: weight reads happen only while integrating, DRAM reads only while a tile loads, and no
        // timestep counts more of anything than its layer.
        for (var l = 0; l < layers.Count; l++)
        {
            var steps = result.StepCounts[l];
            Assert.That(steps, Has.Count.EqualTo(6));
            Assert.That(steps.Sum(t => t[Actions.WeightMemoryRead]), Is.EqualTo(result.LayerCounts[l][Actions.WeightMemoryRead]));
            Assert.That(steps.Sum(t => t[Actions.DramRead]), Is.EqualTo(0));
            Assert.That(result.LayerCounts[l][Actions.DramRead], Is.GreaterThan(0));
            foreach (var action in Actions.All)
            {
                Assert.That(steps.Sum(t => t[action]), Is.LessThanOrEqualTo(result.LayerCounts[l][action]), action.ToString());
            }

            var perStep = pricing.Price(steps, result.StepToggles[l], result.Dram);
            Assert.That(perStep, Has.Count.EqualTo(6));
            Assert.That(perStep.Sum(t => t.MeasuredEnergyPj), Is.LessThanOrEqualTo(layers[l].MeasuredEnergyPj + 1e-9));
            Assert.That(perStep.All(t => t.MeasuredEnergyPj > 0), Is.True);
        }

        Assert.That(() => new MeasuredEnergyModel(set.Design, EnergyReferenceTableLoader.LoadPreset("lemaire2022-45nm"), prices, widths, calibration, probes, set.Registers!),
            Throws.TypeOf<EnergyTableException>().With.Message.EqualTo("the calibration is of ERT preset 'yan2024-v1-45nm' but the design is priced with 'lemaire2022-45nm'."));
    }

    [Test]
    public void OperandIsolationKeepsEveryResultAndCountAndTakesTheIdleSwitchingOutOfTheUnits()
    {
        // The same data on the fc3 SNN built twice: plain, and with core.operand_isolation (each unit's operands AND-gated
        // by its valid bit). The golden model does not know the difference; the RTL must not either.
        var c = new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 33);
        var model = c.Build.Build();
        var plainSet = VerilatorBuild.Counted(RtlSimulationTests.SetFor(c.Build, c.Twin));
        var isolatedModel = model with { Core = model.Core with { OperandIsolation = true } };
        var isolatedSet = VerilatorBuild.Counted(RtlGenerator.Render(RtlDesign.Create(isolatedModel, c.Twin)));
        Assert.That(isolatedSet.Files["rtl/neural_lane.v"], Does.Contain(".weight(weight_rd & {4{int_valid2}})"));
        Assert.That(plainSet.Files["rtl/neural_lane.v"], Does.Contain(".weight(weight_rd)"));
        var (input, golden) = RtlSimulationTests.Prepare(c, plainSet.Design);
        var (plain, _) = VerilatorSimulation.Run(plainSet, input, CalibrationBenches.WorkFolder("core-plain-" + c));
        var (isolated, _) = VerilatorSimulation.Run(isolatedSet, input, CalibrationBenches.WorkFolder("core-isolated-" + c));
        foreach (var run in new[] { plain, isolated })
        {
            Assert.That(run.Failure, Is.Null);
            Assert.That(HwGen.Golden.GoldenComparison.Compare(golden.Trace, run.Trace, limit: 10).Select(m => m.ToString()), Is.Empty);
        }

        Assert.That(isolated.Cycles, Is.EqualTo(plain.Cycles));
        for (var l = 0; l < model.Layers.Count; l++)
        {
            Assert.That(isolated.LayerCounts[l].Differences(plain.LayerCounts[l]), Is.Empty);
        }

        // A unit's toggles in its action cycles and in the others. Plain, the comparator's and subtractor's state input
        // follows the state read port through every integrate cycle; isolated, it holds zero outside fire cycles.
        long Total(RtlRunResult r, ArithmeticUnit unit) => unit.Buses.Sum(b => r.Toggles.Where(t => t.Signal == b.Signal).Sum(t => t.Count));
        long InAction(RtlRunResult r, ArithmeticUnit unit) =>
            unit.Buses.Sum(b => r.Toggles.Where(t => t.Signal == ArithmeticUnit.InActionSignal(b, unit.Name)).Sum(t => t.Count));
        var units = CoreToggleProbes.Units(plainSet.Design);
        foreach (var unit in units)
        {
            TestContext.Out.WriteLine($"{unit.Name}: plain {InAction(plain, unit)} in action + {Total(plain, unit) - InAction(plain, unit)} idle; "
                + $"isolated {InAction(isolated, unit)} in action + {Total(isolated, unit) - InAction(isolated, unit)} idle");
        }

        var comparator = units.Single(u => u.Action == Actions.Compare);
        Assert.That(Total(isolated, comparator) - InAction(isolated, comparator), Is.LessThan(Total(plain, comparator) - InAction(plain, comparator)));
    }
}
