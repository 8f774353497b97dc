// The coverage audit: the harness's XOR/popcount toggle counts against Verilator's --coverage-toggle counts of the same
// run, bus by bus and instance by instance, on the buses both cover.
using System.Globalization;
using HwGen.Emit;

namespace HwGen.Measure;

/// <summary>One bus both sides count, with both totals.</summary>
public sealed record ToggleAuditRow(string Hierarchy, string Signal, long Harness, long Coverage)
{
    public bool Matches => Harness == Coverage;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Hierarchy}.{Signal}: harness {Harness}, coverage.dat {Coverage}");
}

/// <summary>The audit's outcome: compared buses, and harness buses coverage.dat has no record of.</summary>
public sealed record ToggleAuditResult(IReadOnlyList<ToggleAuditRow> Rows, IReadOnlyList<string> NotInCoverage)
{
    public IReadOnlyList<ToggleAuditRow> Mismatches => Rows.Where(r => !r.Matches).ToList();

    public bool Passed => Rows.Count > 0 && Mismatches.Count == 0;
}

public static class ToggleAudit
{
    /// <summary>
    /// Verilator 5.006 keeps one 32-bit counter per bit (toolchain-notes.md): a bit toggles at most twice a cycle
    /// (two evaluations), so an audit stays exact up to 2^31 cycles.
    /// </summary>
    public const long MaxAuditCycles = (1L << 31) - 1;

    /// <summary>
    /// Compares per (hierarchy, signal). Coverage sums both edges and every bit; names starting with '_' and unpacked
    /// arrays wider than --coverage-max-width never appear there and are listed in <see cref="ToggleAuditResult.NotInCoverage"/>.
    /// </summary>
    public static ToggleAuditResult Compare(IEnumerable<MeasuredToggles> harness, IEnumerable<ToggleCoveragePoint> coverage)
    {
        var covered = CoverageFile.TogglesPerSignal(coverage);
        var rows = new List<ToggleAuditRow>();
        var missing = new List<string>();
        // Derived counters (slices, gated parts, access ports, write flips, cycles) are no nets: coverage has no record of them.
        foreach (var bus in harness.Where(b => !IsDerived(b.Signal)))
        {
            if (covered.TryGetValue((bus.Hierarchy, bus.Signal), out var count))
            {
                rows.Add(new ToggleAuditRow(bus.Hierarchy, bus.Signal, bus.Count, count));
            }
            else
            {
                missing.Add($"{bus.Hierarchy}.{bus.Signal}");
            }
        }

        return new ToggleAuditResult(rows, missing);
    }

    /// <summary>True for a counted quantity that is not a net (its name carries ':' or a bit range).</summary>
    public static bool IsDerived(string signal) => signal.Contains(':', StringComparison.Ordinal) || signal.Contains('[', StringComparison.Ordinal);
}
