// The v1 closed forms of Yan et al. checked against values computed by hand.
using HwGen.Energy;
using NUnit.Framework;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class ReferenceModelTests
{
    [Test]
    public void SpatialModelAtFourTimestepsAndTenPercent()
    {
        // E_SNN = T·s·(E_sram+E_add) + 2·T·(E_sram+E_add)/N = 4·0.1·20.03 + 8·20.03/2395 = 8.012 + 0.0669060543 = 8.0789060543
        // E_ANN = ρ·(E_sram+E_mul+E_add) = 0.45·20.23 = 9.1035
        var model = YanV1Model.ByName("yan2024-v1-spatial")!;
        Assert.Multiple(() =>
        {
            Assert.That(model.SnnEnergyPj(4, 0.1), Is.EqualTo(8.0789060543).Within(1e-9));
            Assert.That(model.AnnEnergyPj(), Is.EqualTo(9.1035).Within(1e-12));
            Assert.That(model.SnnEnergyPj(4, 0.1) / model.AnnEnergyPj(), Is.EqualTo(0.887450547).Within(1e-8));
        });
    }

    [Test]
    public void ClassicalModelAtFourTimestepsAndTenPercent()
    {
        // E_SNN = 4·0.1·(64.32 + 0.03/2395) + 4·64.35/2395 + 2·2020·4/(216·5)
        //       = 25.728005010 + 0.107473904 + 14.962962963 = 40.798441877
        // E_ANN = 0.45·(80 + 0.2 + 0.03) + 2020/216 = 36.1035 + 9.351851852 = 45.455351852
        var model = YanV1Model.ByName("yan2024-v1-classical")!;
        Assert.That(model.SnnEnergyPj(4, 0.1), Is.EqualTo(40.798441877).Within(1e-8));
        Assert.That(model.AnnEnergyPj(), Is.EqualTo(45.455351852).Within(1e-8));
    }

    [Test]
    public void BreakEvenSolvesTheAffineEquationExactly()
    {
        // Spatial, T = 4: s* = (9.1035 − 0.0669060543) / 80.12 = 0.1127882420
        var spatial = YanV1Model.ByName("yan2024-v1-spatial")!.BreakEven(4);
        Assert.That(spatial.Kind, Is.EqualTo(BreakEvenKind.Crossing));
        Assert.That(spatial.SpikeRate, Is.EqualTo(0.1127882420).Within(1e-9));

        // Classical, T = 1: s* = (45.455351852 − 64.35/2395 − 2·2020/432) / (64.32 + 0.03/2395) = 0.5608927938
        var classical = YanV1Model.ByName("yan2024-v1-classical")!.BreakEven(1);
        Assert.That(classical.SpikeRate, Is.EqualTo(0.5608927938).Within(1e-9));
        var model = YanV1Model.ByName("yan2024-v1-classical")!;
        Assert.That(model.SnnEnergyPj(1, classical.SpikeRate), Is.EqualTo(model.AnnEnergyPj()).Within(1e-9));
    }

    [Test]
    public void BreakEvenFallsWithTimesteps()
    {
        var model = YanV1Model.ByName("yan2024-v1-classical")!;
        var rates = Enumerable.Range(1, 64).Select(t => model.BreakEven(t).SpikeRate).ToArray();
        Assert.That(rates, Is.Ordered.Descending);
        Assert.That(rates[63], Is.EqualTo(0.006150840048).Within(1e-10));
    }

    [Test]
    public void ConstantsAreOverridable()
    {
        // Spatial with E_sram = 0: E_SNN = 4·0.1·0.03 + 8·0.03/2395, E_ANN = 0.45·0.23.
        var model = YanV1Model.ByName("yan2024-v1-spatial")! with { Constants = YanV1Constants.Default.With("E_sram", 0) };
        Assert.That(model.SnnEnergyPj(4, 0.1), Is.EqualTo(0.012 + 0.24 / 2395).Within(1e-15));
        Assert.That(model.AnnEnergyPj(), Is.EqualTo(0.1035).Within(1e-15));
        Assert.That(() => YanV1Constants.Default.With("E_foo", 1), Throws.ArgumentException.With.Message.Contains("E_foo"));
        Assert.That(() => YanV1Constants.Default.With("N", 0), Throws.ArgumentException);
    }

    [Test]
    public void NeverAndAlwaysAreReportedWhereNoCrossingExists()
    {
        // Classical with a free DRAM and SRAM but an expensive event: SNN fixed cost alone exceeds the ANN → never.
        var never = YanV1Model.ByName("yan2024-v1-classical")! with
        {
            Constants = YanV1Constants.Default.With("E_ev", 1e6),
        };
        Assert.That(never.BreakEven(4).Kind, Is.EqualTo(BreakEvenKind.Never));
        Assert.That(never.BreakEven(4).Describe(), Is.EqualTo("never"));

        // Spatial with an expensive multiplier: the SNN wins even when every neuron fires every step → always.
        var always = YanV1Model.ByName("yan2024-v1-spatial")! with { Constants = YanV1Constants.Default.With("E_mul", 1e4) };
        Assert.That(always.BreakEven(4).Kind, Is.EqualTo(BreakEvenKind.Always));
        Assert.That(always.BreakEven(4).Describe(), Is.EqualTo("always"));
    }

    [Test]
    public void SensitivityRangeOfTheBreakEvenCoversBothEnds()
    {
        // E_dram only enters the classical SNN fixed term and the ANN DRAM term; ±50% moves s* both ways.
        var model = YanV1Model.ByName("yan2024-v1-classical")!;
        var ranges = SensitivityGrid.Evaluate([VariedParameter.Parse("E_dram=±50%")], factors =>
        {
            var varied = model with { Constants = model.Constants.With("E_dram", model.Constants.EDram * factors["E_dram"]) };
            return [varied.BreakEven(4).RawSpikeRate];
        });
        var low = model with { Constants = model.Constants.With("E_dram", 1000) };
        var high = model with { Constants = model.Constants.With("E_dram", 3000) };
        var ends = new[] { low.BreakEven(4).SpikeRate, high.BreakEven(4).SpikeRate };
        Assert.That(ranges[0].Nominal, Is.EqualTo(0.1181005483).Within(1e-9));
        Assert.That(ranges[0].Min, Is.EqualTo(ends.Min()).Within(1e-15));
        Assert.That(ranges[0].Max, Is.EqualTo(ends.Max()).Within(1e-15));
        Assert.That(ranges[0].Min, Is.LessThan(ranges[0].Nominal));
        Assert.That(ranges[0].Max, Is.GreaterThan(ranges[0].Nominal));
    }

    [TestCase("E_dram=±50%", "E_dram", 0.5)]
    [TestCase("dram.read=+-20%", "dram.read", 0.2)]
    [TestCase("rho=5%", "rho", 0.05)]
    public void VaryArgumentsParse(string text, string key, double fraction)
    {
        var parsed = VariedParameter.Parse(text);
        Assert.That(parsed.Key, Is.EqualTo(key));
        Assert.That(parsed.Fraction, Is.EqualTo(fraction).Within(1e-15));
    }

    [TestCase("E_dram")]
    [TestCase("E_dram=50")]
    [TestCase("E_dram=±150%")]
    public void BadVaryArgumentsAreRejected(string text) =>
        Assert.That(() => VariedParameter.Parse(text), Throws.TypeOf<FormatException>());
}
