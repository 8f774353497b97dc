// The VCD window: the --trace variant writes exactly the requested core cycles and simulates the same run.
using System.Text.RegularExpressions;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Rtl;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class VcdTraceTests
{
    [Test]
    public void VcdHoldsOnlyTheWindowAndTheRunIsUnchanged()
    {
        var c = new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 3, 0.3, 0.1, 41);
        var set = RtlSimulationTests.SetFor(c.Build, c.Twin);
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);
        var work = CalibrationBenches.WorkFolder("vcd");
        var (plain, _) = VerilatorSimulation.Run(set, input, Path.Combine(work, "plain"));
        var vcd = Path.Combine(work, "window.vcd");

        var traced = VcdTrace.Run(set, input, first: 100, end: 110, Path.Combine(work, "traced"), vcd);

        Assert.That(traced.Cycles, Is.EqualTo(plain.Cycles));
        Assert.That(traced.TotalCounts, Is.EqualTo(plain.TotalCounts));
        Assert.That(traced.Toggles.Select(t => t.Count), Is.EqualTo(plain.Toggles.Select(t => t.Count)));
        var text = File.ReadAllText(vcd);
        Assert.That(text, Does.Contain("$enddefinitions"));
        Assert.That(text, Does.Contain("$var wire  1 ").Or.Contain("$var wire 1 "));
        // Cycles 100..109, two evaluations each: VCD times 200..219 and nothing else.
        var times = Regex.Matches(text, @"^#(\d+)$", RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(times, Is.EqualTo(Enumerable.Range(200, 20).Select(t => (long)t)));
    }
}
