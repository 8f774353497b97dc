// The toggle calibration checked where it was not made: on correlated, membrane-like operands, against the Liberty
// energy of the synthesised lane datapath (docs/measurement.md, "Is the calibration right on other data?").
using System.Globalization;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Measure;
using HwGen.Synth;
using HwGen.Tests.Measure;

namespace HwGen.Tests.Synth;

[TestFixture]
[Category("Synth")]
public class ToggleModelValidationTests
{
    private const double ValidationBound = 0.5;

    [Test]
    public void CorrelatedOperandsAreSetAgainstTheGateLevelEnergyOfTheSynthesisedDatapath()
    {
        var bench = CalibrationBenches.Default;
        var work = CalibrationBenches.WorkFolder("toggle-model-validation");
        var measured = CalibrationRun.Run(bench, ToggleCalibration.DefaultSeed, 20000, work);
        var calibration = ToggleCalibration.Derive(EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"), bench, measured, "test");

        var results = ToggleModelValidation.Run(bench, calibration, actions: 5000);

        Assert.That(results.Select(r => r.Unit), Is.EqualTo(new[] { "integrate (adder)", "fire (comparator and subtractor)" }));
        foreach (var r in results)
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Unit}: {r.Cells} cells; toggles per action random {r.Random.TogglesPerAction:F3}, correlated {r.Correlated.TogglesPerAction:F3}; "
                + $"model {r.Random.ModelPj:G5} -> {r.Correlated.ModelPj:G5} pJ (x{r.ModelRatio:F3}); gate level {r.Random.GatePj:G5} -> {r.Correlated.GatePj:G5} pJ at 0.18 um (x{r.GateRatio:F3}); error {r.Error * 100:F1}%"));

        }

        foreach (var r in results)
        {
            // Correlated membranes switch fewer bits than random ones, and cost less by both models.
            Assert.That(r.Correlated.TogglesPerAction, Is.LessThan(r.Random.TogglesPerAction), r.Unit);
            Assert.That(r.GateRatio, Is.LessThan(1), r.Unit);
            Assert.That(r.ModelRatio, Is.LessThan(1), r.Unit);
            // On random operands the model reproduces the ERT it was calibrated to (C# operands, not the bench's: within 5%).
            var ert = r.Actions.Sum(a => calibration.Entry("snn", a).ErtEnergyPj);
            Assert.That(r.Random.ModelPj, Is.EqualTo(ert).Within(5).Percent, r.Unit);
        }

        // The measured errors (docs/measurement.md: adder -34.7%, fire units -7.5%) under a bound of 50%: the toggle
        // model overstates what correlated data saves on the adder, whose gate-level energy falls less than its bus toggles.
        Assert.That(results.Select(r => Math.Abs(r.Error)), Is.All.LessThan(ValidationBound));
    }

    [Test]
    public void TheCorrelatedMembraneRestartsEveryTileAndIntegratesSmallWeights()
    {
        var w = CalibrationBenches.Default.Widths;
        var vectors = ToggleModelValidation.IntegrateVectors(w, ValidationOperands.Correlated, 130, 3);
        Assert.That(vectors[0].State, Is.EqualTo(0UL));
        Assert.That(vectors[64].State, Is.EqualTo(0UL));
        Assert.That(vectors[128].State, Is.EqualTo(0UL));
        // Between restarts each state is the last one plus its weight (−8..7, as unsigned words of their widths).
        static long Signed(ulong v, int bits) => (long)(v << (64 - bits)) >> (64 - bits);
        for (var i = 1; i < 64; i++)
        {
            var weight = Signed(vectors[i - 1].Weight, w.WeightBits);
            Assert.That(weight, Is.InRange(-8, 7));
            Assert.That(Signed(vectors[i].State, w.StateBits), Is.EqualTo(Signed(vectors[i - 1].State, w.StateBits) + weight));
        }

        var fire = ToggleModelValidation.FireVectors(w, ValidationOperands.Correlated, 100, 3);
        Assert.That(fire.Select(v => Signed(v.Fire, w.StateBits)), Is.All.InRange(0, (2L << w.ThresholdLog2) - 1), "residue + up to half a threshold");
    }
}
