// The "Synthesis and gate-level" benchmark of docs/performance.md: synthesis time, Verilator build time and simulation
// speed of the 8-lane benchmark core's OSU 0.18 um netlist, beside its RTL, on the same data. Explicit: it times.
//   dotnet test -c Release --filter "FullyQualifiedName~GateLevelBenchmark"
using System.Diagnostics;
using System.Globalization;
using HwGen.Emit;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Synth;
using HwGen.Tests.Measure;
using HwGen.Tests.Rtl;

namespace HwGen.Tests.Synth;

[TestFixture]
[Explicit("timing benchmark; numbers go to docs/performance.md")]
[Category("Benchmark")]
[NonParallelizable]
public class GateLevelBenchmark
{
    [Test]
    public void Bench8NetlistSimulationSpeedBesideItsRtl()
    {
        var c = new RtlCase(MeasuredEnergyBenchmark.Bench8, DesignKind.Snn, 8, 0.3, 0.1, 5);
        var set = RtlGenerator.Render(RtlDesign.Create(MeasuredEnergyBenchmark.Bench8.Build(), DesignKind.Snn));
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);
        var rtl = VerilatorBuild.Ensure(set);
        var work = CalibrationBenches.WorkFolder("gate-benchmark");
        var rtlResult = VerilatorSimulation.Execute(rtl, set, input, Path.Combine(work, "rtl"));

        var clock = Stopwatch.StartNew();
        var design = GateLevelBuild.Create(set, "bench8 (snn)");
        var prepared = clock.Elapsed;
        var gate = GateLevelRun.Build(design);
        var gateResult = VerilatorSimulation.Execute(gate, design.Set, input, Path.Combine(work, "gate"));
        Assert.That(gateResult.Failure, Is.Null);
        Assert.That(GoldenComparison.Compare(rtlResult.Trace, gateResult.Trace), Is.Empty, "the netlist's outputs equal the RTL's");
        Assert.That(gateResult.Cycles, Is.EqualTo(rtlResult.Cycles));
        Assert.That(gateResult.TotalCounts, Is.EqualTo(rtlResult.TotalCounts));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench8 SNN: {design.Netlist.Cells.Count} cells, {design.Simulation.Probes.Count} counted nets; synthesis {design.Synthesis.Elapsed.TotalSeconds:F1} s{(design.Synthesis.FromCache ? " (cached)" : "")}, netlist files {prepared.TotalSeconds:F1} s, Verilator build {gate.BuildTime.TotalSeconds:F1} s{(gate.FromCache ? " (cached)" : "")}"));
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{gateResult.Cycles} cycles: gate level {gateResult.CyclesPerSecond:F0} cycles/s, RTL {rtlResult.CyclesPerSecond:F0} cycles/s"));
    }
}
