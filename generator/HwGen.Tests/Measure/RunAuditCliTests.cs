// `hwgen run --audit-coverage` on the default spec: both twins rerun in --coverage-toggle builds, and every counted bus
// of the 4-lane core agrees with coverage.dat exactly.
using HwGen.Tests.Cli;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class RunAuditCliTests
{
    [Test]
    public void RunWithCoverageAuditPassesOnTheDefaultSpec()
    {
        var folder = CalibrationBenches.WorkFolder("run-audit");

        var result = CliRunner.Run("run", "--audit-coverage", "-o", folder);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        // 4 lanes x 9 buses (the SNN datapath: sum, fire value, reset value) + 4 queue ports; the QNN has no subtractor
        // but a product bus, so also 9 per lane.
        Assert.That(result.Out, Does.Contain("coverage audit snn: 40 buses compared with Verilator --coverage-toggle, 0 differ, 0 not covered: passed"));
        Assert.That(result.Out, Does.Contain("coverage audit qnn: 40 buses compared with Verilator --coverage-toggle, 0 differ, 0 not covered: passed"));
        Assert.That(File.Exists(Path.Combine(folder, "audit", "snn", "coverage.dat")), Is.True);
    }
}
