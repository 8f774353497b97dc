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
        // Every counted net: the datapaths' unit buses, the memories' and queues' ports and every register the inventory
        // finds (the QNN's datapath has a product bus and wider registers; the pooling registers of the layer table count in both).
        Assert.That(result.Out, Does.Contain("coverage audit snn: 168 buses compared with Verilator --coverage-toggle, 0 differ, 0 not covered: passed"));
        Assert.That(result.Out, Does.Contain("coverage audit qnn: 172 buses compared with Verilator --coverage-toggle, 0 differ, 0 not covered: passed"));
        Assert.That(File.Exists(Path.Combine(folder, "audit", "snn", "coverage.dat")), Is.True);
        // The audited run also exports every bit's toggles as SAIF: 2256 cycles at 100 MHz.
        var saif = File.ReadAllText(Path.Combine(folder, "report", "exports", "snn.saif"));
        Assert.That(saif, Does.StartWith("(SAIFILE\n(SAIFVERSION \"2.0\")\n(DIRECTION \"backward\")\n(DESIGN \"neural_core\")"));
        Assert.That(saif, Does.Contain("(DURATION 22560)"));
        Assert.That(saif, Does.Contain("(INSTANCE lane0"));
    }
}
