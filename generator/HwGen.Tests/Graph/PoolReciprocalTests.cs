// The average pool's division by a constant as a multiply and a shift (Model/PoolReciprocal.cs), against integer division.
using HwGen.Model;

namespace HwGen.Tests.Graph;

[TestFixture]
public sealed class PoolReciprocalTests
{
    [Test]
    public void Equals_integer_division_for_every_15_bit_magnitude_and_every_window_area()
    {
        for (var kernel = 1; kernel <= 15; kernel++)
        {
            var divisor = kernel * kernel;
            var reciprocal = PoolReciprocal.For(divisor, 15);
            for (long u = 0; u < 1 << 15; u++)
            {
                if (reciprocal.Divide(u) != u / divisor)
                {
                    Assert.Fail($"A = {divisor}, u = {u}: {reciprocal.Divide(u)} instead of {u / divisor}");
                }
            }
        }
    }

    [TestCase(9, 31)]
    [TestCase(225, 31)]
    [TestCase(4, 19)]
    public void Equals_integer_division_at_the_edges_of_wide_states(int divisor, int magnitudeBits)
    {
        var reciprocal = PoolReciprocal.For(divisor, magnitudeBits);
        var top = (1L << magnitudeBits) - 1;
        foreach (var u in new[] { 0L, 1, divisor - 1L, divisor, top - divisor, top - 1, top }.Concat(Enumerable.Range(1, 1000).Select(i => top / 1000 * i)))
        {
            Assert.That(reciprocal.Divide(u), Is.EqualTo(u / divisor), $"u = {u}");
        }
    }

    [Test]
    public void Hand_computed_reciprocals()
    {
        // 3x3 window, 15-bit magnitudes: k = 15 + 4 = 19, M = ceil(2^19 / 9) = 58255; a 2x2 window: k = 17, M = 2^15.
        Assert.That(PoolReciprocal.For(9, 15), Is.EqualTo(new PoolReciprocal(58255, 19)));
        Assert.That(PoolReciprocal.For(4, 15), Is.EqualTo(new PoolReciprocal(32768, 17)));
        Assert.That(PoolReciprocal.For(1, 15), Is.EqualTo(new PoolReciprocal(32768, 15)));
    }
}
