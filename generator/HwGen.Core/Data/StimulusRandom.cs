// Platform-independent pseudo-random numbers for seeded stimulus: SplitMix64 seeds xoshiro256**.
// Both follow their published definitions (Vigna; Blackman and Vigna, 2018), so a seed gives the
// same stream on every machine and .NET version (System.Random gives no such promise).
namespace HwGen.Data;

/// <summary>SplitMix64: a 64-bit counter passed through a mixing function. Used to expand a seed into generator state.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// xoshiro256** 1.0. <see cref="ForStream"/> gives independent, documented streams per purpose so that, for
/// example, changing the input spike rate never changes the weights drawn for the same seed.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    /// <summary>Starts from an explicit state (not all zero), as the reference test vectors do.</summary>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("xoshiro256** state must not be all zero");
        }

        (this.s0, this.s1, this.s2, this.s3) = (s0, s1, s2, s3);
    }

    /// <summary>State from four consecutive SplitMix64 outputs of <paramref name="seed"/> (the authors' recommended seeding).</summary>
    public static Xoshiro256StarStar FromSeed(ulong seed)
    {
        var mix = new SplitMix64(seed);
        return new Xoshiro256StarStar(mix.Next(), mix.Next(), mix.Next(), mix.Next());
    }

    /// <summary>
    /// Stream <paramref name="stream"/> of a seed: SplitMix64 seeded with <c>seed XOR (stream · 0xD1B54A32D192ED03)</c>.
    /// Stream 0 is the input stimulus, stream 1 + l the weights of layer l.
    /// </summary>
    public static Xoshiro256StarStar ForStream(ulong seed, ulong stream) =>
        FromSeed(seed ^ (stream * 0xD1B54A32D192ED03UL));

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits: (x >> 11) · 2^-53.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n): the high 64 bits of x · n (bias below n / 2^64, negligible here).</summary>
    public long NextBelow(long n)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "bound must be positive");
        }

        return (long)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    /// <summary>True with probability p (p ≤ 0 never, p ≥ 1 always).</summary>
    public bool NextBernoulli(double p) => NextDouble() < p;
}
