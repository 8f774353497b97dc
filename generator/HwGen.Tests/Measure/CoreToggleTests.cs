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
        var set = RtlSimulationTests.SetFor(c.Build, c.Twin);
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);
        var (result, _) = VerilatorSimulation.Run(set, input, CalibrationBenches.WorkFolder("core-" + c));
        Assert.That(result.Failure, Is.Null);
        return (result, set, model);
    }

    [Test]
    public void EveryProbeIsReportedAndTheLayerWindowsAddUpToTheRun()
    {
        var (result, set, _) = Run(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 31));
        var probes = CoreToggleProbes.For(set.Design);

        Assert.That(result.Toggles.Select(t => $"{t.Hierarchy}.{t.Signal}"),
            Is.EqualTo(probes.Select(p => $"{p.Hierarchy(set.Design.TopModule)}.{p.Signal}")));
        Assert.That(result.LayerToggles, Has.Count.EqualTo(2));
        for (var b = 0; b < probes.Count; b++)
        {
            Assert.That(result.LayerToggles.Sum(layer => layer[b].Count), Is.EqualTo(result.Toggles[b].Count), result.Toggles[b].ToString());
        }

        // Timestep windows hold the integrate, fire and drain cycles: never more than the layer, nothing of the weight
        // loads (the weight memories are written only while a tile loads), and every timestep integrates something.
        Assert.That(result.StepToggles, Has.Count.EqualTo(2));
        for (var l = 0; l < 2; l++)
        {
            Assert.That(result.StepToggles[l], Has.Count.EqualTo(6));
            for (var b = 0; b < probes.Count; b++)
            {
                var stepped = result.StepToggles[l].Sum(t => t[b].Count);
                Assert.That(stepped, Is.LessThanOrEqualTo(result.LayerToggles[l][b].Count));
                if (probes[b].Path.EndsWith(".weight_memory", StringComparison.Ordinal) && probes[b].Signal == "wd")
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

        var arithmetic = result.Toggles.Where(t => t.Class == SignalClass.Arithmetic).ToList();
        Assert.That(arithmetic, Has.Count.EqualTo(3 * 3), "three lanes: integrated, fire_value, reset_state");
        Assert.That(arithmetic.Select(t => t.Count), Is.All.EqualTo(0));
        var weightPorts = result.Toggles.Where(t => t.Hierarchy.EndsWith(".weight_memory", StringComparison.Ordinal)).ToList();
        Assert.That(weightPorts.Where(t => t.Signal == "rd").Select(t => t.Count), Is.All.EqualTo(0));
        Assert.That(weightPorts.Where(t => t.Signal == "wd").Select(t => t.Count), Is.All.GreaterThan(0));
    }

    [Test]
    public void MeasuredEnergyPricesToggledBusesByTheCalibrationAndTheRestPerAccess()
    {
        var (result, set, model) = Run(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 31));
        var preset = model.Technology.Preset;
        var prices = ActionPrices.Resolve(model, EnergyReferenceTableLoader.LoadPreset(preset), spiking: true, model.Twin.ActivationBits);
        var calibration = ToggleCalibrationLoader.LoadPreset(preset);
        var probes = CoreToggleProbes.For(set.Design);

        var layers = MeasuredEnergy.Compute(preset, prices, calibration, set.Design.TopModule, probes, result.LayerCounts, result.LayerToggles);

        for (var l = 0; l < layers.Count; l++)
        {
            var adder = layers[l].Components.Single(c => c.Action == Actions.Accumulate);
            var adderToggles = result.LayerToggles[l].Where(t => t.Signal == "integrated").Sum(t => t.Count);
            Assert.That(adder.Basis, Is.EqualTo(MeasuredEnergyBasis.Activity));
            Assert.That(adder.Toggles, Is.EqualTo(adderToggles));
            Assert.That(adder.MeasuredEnergyPj, Is.EqualTo(adderToggles * calibration.Entry(Actions.Accumulate).EnergyPerTogglePj!.Value).Within(1e-9));
            Assert.That(adder.Count, Is.EqualTo(result.LayerCounts[l][Actions.Accumulate]));
            var weights = layers[l].Components.Single(c => c.Action == Actions.WeightMemoryRead);
            Assert.That(weights.Basis, Is.EqualTo(MeasuredEnergyBasis.PerAccess));
            Assert.That(weights.MeasuredEnergyPj, Is.EqualTo(weights.ErtEnergyPj));
            Assert.That(layers[l].RegisterToggles, Is.EqualTo(result.LayerToggles[l].Where(t => t.Class == SignalClass.Register).Sum(t => t.Count)));
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

            var perStep = MeasuredEnergy.ComputeTimesteps(preset, prices, calibration, set.Design.TopModule, probes, steps, result.StepToggles[l]);
            Assert.That(perStep, Has.Count.EqualTo(6));
            Assert.That(perStep.Sum(t => t.MeasuredEnergyPj), Is.LessThanOrEqualTo(layers[l].MeasuredEnergyPj + 1e-9));
            Assert.That(perStep.All(t => t.MeasuredEnergyPj > 0), Is.True);
        }

        Assert.That(() => MeasuredEnergy.Compute("lemaire2022-45nm", prices, calibration, set.Design.TopModule, probes, result.LayerCounts, result.LayerToggles),
            Throws.TypeOf<EnergyTableException>().With.Message.EqualTo("the calibration is of ERT preset 'yan2024-v1-45nm' but the design is priced with 'lemaire2022-45nm'."));
    }
}
