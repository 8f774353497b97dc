// The coverage audit on the calibration bench: the harness's XOR/popcount counts equal Verilator's --coverage-toggle
// counts exactly, per instance and signal, on every bus the harness counts.
using HwGen.Emit;
using HwGen.Sim;
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
        Assert.That(audit.Rows.Select(r => $"{r.Hierarchy}.{r.Signal}"),
            Is.EqualTo(bench.Probes.Select(p => $"{p.Hierarchy(CalibrationBenchFiles.TopModule)}.{p.Signal}")));
        Assert.That(audit.Mismatches, Is.Empty);
        // Per instance: coverage.dat keeps the instances apart (forcePerInstance), so the three 'result' registers differ.
        var results = audit.Rows.Where(r => r.Signal == "result").Select(r => r.Coverage).ToList();
        Assert.That(results, Has.Count.EqualTo(3));
        Assert.That(results.Distinct().Count(), Is.EqualTo(3));
        Assert.That(audit.Rows.All(r => r.Harness > 0), Is.True, "random operands toggle every counted bus");
    }
}
