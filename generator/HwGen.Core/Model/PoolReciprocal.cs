// The average pool's division by its window area as a multiply and a shift, exact over the whole state range.
namespace HwGen.Model;

/// <summary>
/// floor(u / A) = (u · Multiplier) >> Shift for every 0 ≤ u &lt; 2^N, with Shift = N + ceil(log2 A) and
/// Multiplier = ceil(2^Shift / A). Why: Multiplier·A = 2^Shift + e with 0 ≤ e &lt; A, so
/// u·Multiplier / 2^Shift = u/A + u·e/(A·2^Shift), and the second term is below 2^N·A/(A·2^Shift) ≤ 1/A; the
/// fractional part of u/A is at most (A−1)/A, so the sum never reaches the next integer and the floors agree.
/// </summary>
public readonly record struct PoolReciprocal(long Multiplier, int Shift)
{
    /// <summary>The multiplier and shift for divisor <paramref name="divisor"/> (1..225) and states of <paramref name="magnitudeBits"/> bits (≤ 40).</summary>
    public static PoolReciprocal For(int divisor, int magnitudeBits)
    {
        if (divisor < 1 || magnitudeBits < 1 || magnitudeBits > 40)
        {
            throw new ArgumentOutOfRangeException(nameof(divisor), $"divisor {divisor}, {magnitudeBits} magnitude bits");
        }

        var shift = magnitudeBits + Bits.ForAddress(divisor) - (divisor == 1 ? 1 : 0);
        var multiplier = ((1L << shift) + divisor - 1) / divisor;
        return new PoolReciprocal(multiplier, shift);
    }

    /// <summary>floor(u / A) the way the RTL computes it.</summary>
    public long Divide(long u) => (long)(((UInt128)(ulong)u * (ulong)Multiplier) >> Shift);
}
