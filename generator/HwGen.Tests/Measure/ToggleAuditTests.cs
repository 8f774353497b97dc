// The coverage audit on the calibration bench: the harness's XOR/popcount counts equal Verilator's --coverage-toggle
// counts exactly, per instance and signal, on every bus the harness counts.
using HwGen.Emit;
using HwGen.Measure;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class ToggleAuditTests
{
    [Test]
    public void HarnessToggleCountsEqualCoverageDatPerInstanceAndSignal()
    {
        var bench = CalibrationBenches.Default;
        var work = CalibrationBenches.WorkFolder("audit");
        var coverage = Path.Combine(work, "coverage.dat");
        var measured = CalibrationRun.Run(bench, seed: 77, cycles: 20_000, work, coverageFile: coverage);
        var points = CoverageFile.ParseToggles(File.ReadAllText(coverage), "coverage.dat");

        var audit = ToggleAudit.Compare(measured.Toggles, points);

        Assert.That(audit.NotInCoverage, Is.Empty, "every counted bus is covered: no '_' names, no wide unpacked arrays");
        // Every counted net is compared; the derived counters (in-action parts, slices, access ports, flips) are no nets.
        Assert.That(audit.Rows.Select(r => $"{r.Hierarchy}.{r.Signal}"),
            Is.EquivalentTo(bench.Probes.SelectMany(p => p.ResultSignals.Where(s => !ToggleAudit.IsDerived(s)).Select(s => $"{p.Hierarchy(CalibrationBenchFiles.TopModule)}.{s}"))));
        Assert.That(audit.Mismatches, Is.Empty);
        // Per instance: the three registered results (acc_result, mac_result, fire_result) differ.
        var results = audit.Rows.Where(r => r.Signal.EndsWith("_result", StringComparison.Ordinal)).Select(r => r.Coverage).ToList();
        Assert.That(results, Has.Count.EqualTo(3));
        Assert.That(results.Distinct().Count(), Is.EqualTo(3));
        // coverage.dat keeps two instances of one module apart (forcePerInstance): the bench's two snn_lane_datapath
        // instances, u_accumulator and u_fire_unit, each have their own 'integrated' record, with different counts.
        var perSignal = CoverageFile.TogglesPerSignal(points);
        var accumulator = perSignal[("TOP.calibration_bench.u_accumulator", "integrated")];
        var fireUnit = perSignal[("TOP.calibration_bench.u_fire_unit", "integrated")];
        Assert.That(accumulator, Is.Not.EqualTo(fireUnit));
        // Random operands toggle every counted net except the fire units' integrate inputs, which the bench ties to zero.
        static bool Tied(ToggleAuditRow r) => r.Hierarchy.EndsWith("fire_unit", StringComparison.Ordinal) && r.Signal is "weight" or "value" or "product";
        Assert.That(audit.Rows.Where(r => !Tied(r)).Where(r => r.Harness == 0).Select(r => $"{r.Hierarchy}.{r.Signal}"), Is.Empty);
        Assert.That(audit.Rows.Where(Tied).Select(r => r.Harness).ToList(), Has.Count.EqualTo(6).And.All.EqualTo(0));
    }
}
