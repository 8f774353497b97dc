// SRAM leakage against capacity (the measured model's leakage rows): piecewise-linear through the preset's anchors,
// proportional below the smallest, extrapolated along the last segment above the largest, and every use beyond the
// largest anchor named as outside the reference data.
using HwGen.Energy;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class SramLeakageTests
{
    // The 45 nm preset's anchors (sram-reference.md): 4096 bits 0.6735 mW, 262144 bits 37.1 mW.
    private static readonly SramFigures Figures = new(
        new AccessShares(1, 0, 0, 0), new AccessShares(1, 0, 0, 0), "breakdown",
        [new LeakageAnchor(4096, 0.6735), new LeakageAnchor(262144, 37.1)], "anchors");

    [Test]
    public void Leakage_is_piecewise_linear_through_the_anchors_and_proportional_below_the_smallest()
    {
        Assert.That(Figures.LeakageMw(2048), Is.EqualTo(0.33675).Within(1e-12)); // 0.6735 x 2048/4096
        Assert.That(Figures.LeakageMw(4096), Is.EqualTo(0.6735).Within(1e-12));
        // 0.6735 + (131072 - 4096) x (37.1 - 0.6735) / (262144 - 4096)
        Assert.That(Figures.LeakageMw(131072), Is.EqualTo(18.597650793650796).Within(1e-9));
        Assert.That(Figures.LeakageMw(262144), Is.EqualTo(37.1).Within(1e-12));
        // Beyond the largest: along the last segment, 37.1 + 262144 x 36.4265 / 258048.
        Assert.That(Figures.LeakageMw(524288), Is.EqualTo(74.10469841269841).Within(1e-9));
        // 1 mW at 100 MHz is 10 pJ per cycle.
        Assert.That(Figures.LeakagePjPerCycle(262144, 100), Is.EqualTo(371.0).Within(1e-9));
    }

    [Test]
    public void A_memory_beyond_the_largest_anchor_carries_a_caveat_naming_how_far()
    {
        Assert.That(Figures.LeakageCaveat(2048), Is.Null);
        Assert.That(Figures.LeakageCaveat(262144), Is.Null);
        Assert.That(Figures.LeakageCaveat(8388608), Is.EqualTo(
            "8388608 bits is 32x the largest reference capacity (262144 bits): leakage extrapolated along the last segment, outside the reference data"));
        Assert.That(Figures.LeakageCaveat(393216), Does.StartWith("393216 bits is 1.5x the largest reference capacity"));
    }
}
