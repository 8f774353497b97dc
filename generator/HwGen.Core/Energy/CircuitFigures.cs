// The published circuit figures behind the measured energy model of one ERT preset (the `circuit:` block of its file):
// flip-flop clock, toggle and leakage energy, how an SRAM access divides into fixed, address-, data- and flip-dependent
// parts, SRAM leakage against capacity, and how a DRAM word divides into burst, row and bus I/O parts.
namespace HwGen.Energy;

/// <summary>One flip-flop: clock energy per cycle, energy per output toggle, leakage power.</summary>
public sealed record FlipFlopFigures(double ClockPj, double TogglePj, double LeakageNw, string Source)
{
    /// <summary>Leakage energy of one flip-flop over one cycle at <paramref name="clockMhz"/>, pJ (W × s = J).</summary>
    public double LeakagePjPerCycle(double clockMhz) => LeakageNw * 1e-9 / (clockMhz * 1e6) * 1e12;
}

/// <summary>
/// Fractions of one access's energy (they add up to 1): fixed (whatever the data), proportional to address-bit toggles,
/// to data-bit toggles on the port, and (writes only) to the stored bits the write flips.
/// </summary>
public readonly record struct AccessShares(double Fixed, double Address, double Data, double Flips)
{
    public double Sum => Fixed + Address + Data + Flips;
}

/// <summary>A capacity and the leakage power of an SRAM of that capacity.</summary>
public readonly record struct LeakageAnchor(long CapacityBits, double Milliwatts);

/// <summary>How SRAM accesses divide (<see cref="Read"/>, <see cref="Write"/>) and how SRAM leakage follows capacity.</summary>
public sealed record SramFigures(AccessShares Read, AccessShares Write, string BreakdownSource, IReadOnlyList<LeakageAnchor> Leakage, string LeakageSource)
{
    /// <summary>
    /// Leakage power of an SRAM of <paramref name="capacityBits"/>, mW: piecewise-linear through the anchors (sorted by
    /// capacity), proportional through zero below the smallest and extrapolated along the last segment above the largest.
    /// </summary>
    public double LeakageMw(long capacityBits)
    {
        if (Leakage.Count == 0)
        {
            return 0;
        }

        var first = Leakage[0];
        if (capacityBits <= first.CapacityBits || Leakage.Count == 1)
        {
            return first.Milliwatts * capacityBits / first.CapacityBits;
        }

        for (var i = 1; i < Leakage.Count; i++)
        {
            var (low, high) = (Leakage[i - 1], Leakage[i]);
            if (capacityBits <= high.CapacityBits || i == Leakage.Count - 1)
            {
                return low.Milliwatts + (double)(capacityBits - low.CapacityBits) * (high.Milliwatts - low.Milliwatts) / (high.CapacityBits - low.CapacityBits);
            }
        }

        return Leakage[^1].Milliwatts;
    }

    /// <summary>
    /// Null inside the reference data; for an SRAM larger than the largest anchor, how far beyond it the leakage is
    /// extrapolated (the report names it: a figure outside the data it comes from must not pass unremarked).
    /// </summary>
    public string? LeakageCaveat(long capacityBits)
    {
        if (Leakage.Count == 0 || capacityBits <= Leakage[^1].CapacityBits)
        {
            return null;
        }

        var largest = Leakage[^1].CapacityBits;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{capacityBits} bits is {(double)capacityBits / largest:0.#}x the largest reference capacity ({largest} bits): leakage extrapolated along the last segment, outside the reference data");
    }

    /// <summary>Leakage energy per cycle of an SRAM of <paramref name="capacityBits"/> at <paramref name="clockMhz"/>, pJ.</summary>
    public double LeakagePjPerCycle(long capacityBits, double clockMhz) => LeakageMw(capacityBits) * 1e-3 / (clockMhz * 1e6) * 1e12;
}

/// <summary>
/// How the energy of one DRAM word divides on random data and a sequential stream: its share of a burst of
/// <see cref="BurstBits"/> bits, of a row activation every <see cref="RowBits"/> bits, and the bus I/O: static
/// termination per bit transferred as zero, dynamic energy per 0→1 transition (DRAMPower's interface model).
/// </summary>
public sealed record DramFigures(long BurstBits, long RowBits, double Burst, double RowActivation, double BusZeros, double BusRises, string Source)
{
    public double Sum => Burst + RowActivation + BusZeros + BusRises;
}

/// <summary>The `circuit:` block of an ERT file.</summary>
public sealed record CircuitFigures(FlipFlopFigures FlipFlop, SramFigures Sram, DramFigures Dram);
