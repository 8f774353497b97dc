// The core's gate-level toggle counts against Verilator's --coverage-toggle on the same netlist and run: the path
// `run --gate-level` prices, checked net by net on the tests' tiny core.
using HwGen.Data;
using HwGen.Emit;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Synth;

namespace HwGen.Tests.Synth;

[TestFixture]
[Category("Synth")]
[NonParallelizable]
public class GateLevelAuditTests
{
    [Test]
    public void EveryNetOutsideTheInputConeTogglesAsOftenInCoverageAsInTheHarness()
    {
        var spec = SynthTests.Spec("gate-tiny.yaml");
        var model = ModelLoader.LoadFile(spec).Model!;
        var data = NpyNetworkData.Load(model, Path.GetDirectoryName(spec)!);
        var set = RtlGenerator.Render(RtlDesign.Create(model, DesignKind.Snn));
        var golden = GoldenModel.RunSnn(model, data);
        var input = new RtlRunInput(data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), golden.Trace.Layers[0].Inputs);
        var design = GateLevelBuild.Create(set, "gate-tiny (snn)");
        var folder = Path.Combine(Path.GetTempPath(), "hwgen-tests", "gate-audit-" + Environment.ProcessId);

        var audit = GateLevelAudit.Run(design, input, folder);

        Assert.That(audit.Run.Failure, Is.Null);
        Assert.That(GoldenComparison.Compare(golden.Trace, audit.Run.Trace), Is.Empty, "the coverage build runs the same netlist to the same outputs");
        Assert.That(audit.Settled.NotInCoverage, Is.Empty);
        Assert.That(audit.InputCone.NotInCoverage, Is.Empty);
        Assert.That(audit.Settled.Rows.Count + audit.InputCone.Rows.Count, Is.EqualTo(design.Simulation.Probes.Count));
        Assert.That(audit.Settled.Rows.Count, Is.GreaterThan(design.Simulation.Probes.Count / 2), "most nets are clear of the inputs' cone");
        Assert.That(audit.Settled.Rows.Sum(r => r.Harness), Is.GreaterThan(1000));
        foreach (var row in audit.Settled.Mismatches)
        {
            TestContext.Out.WriteLine(row);
        }

        Assert.That(audit.Settled.Mismatches, Is.Empty);
        // In the inputs' cone coverage may see more (the value between the clock edge and the harness's new inputs), never less.
        Assert.That(audit.InputCone.Rows.Where(r => r.Coverage < r.Harness), Is.Empty);
        TestContext.Out.WriteLine($"{audit.Settled.Rows.Count} nets equal; {audit.InputCone.Rows.Count} in the inputs' cone, {audit.InputCone.Mismatches.Count} of them with more toggles in coverage");
        Directory.Delete(folder, recursive: true);
    }
}
