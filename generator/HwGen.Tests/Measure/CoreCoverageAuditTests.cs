// The coverage audit on a generated core (3 lanes, two fc layers): every bus the harness counts, compared with
// Verilator's --coverage-toggle counts of the same run, instance by instance.
using HwGen.Emit;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Rtl;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class CoreCoverageAuditTests
{
    [Test]
    public void CoreHarnessToggleCountsAgainstCoverageDat()
    {
        var c = new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 3, 0.3, 0.1, 51);
        var set = RtlSimulationTests.SetFor(c.Build, c.Twin);
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);

        var (result, audit) = CoreCoverageAudit.Run(set, input, CalibrationBenches.WorkFolder("core-audit"));

        Assert.That(result.Failure, Is.Null);
        Assert.That(audit.NotInCoverage, Is.Empty);
        // Every counted net (the core's buses and every register the inventory adds) is compared with coverage.dat.
        var nets = VerilatorBuild.Counted(set).Probes.SelectMany(p => p.ResultSignals).Count(s => !ToggleAudit.IsDerived(s));
        Assert.That(audit.Rows, Has.Count.EqualTo(nets));
        foreach (var row in audit.Rows)
        {
            TestContext.Out.WriteLine(row + (row.Matches ? "" : "  <- differs"));
        }

        Assert.That(audit.Mismatches, Is.Empty);
    }
}
