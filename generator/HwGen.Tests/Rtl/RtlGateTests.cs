// Quality gates on every generated design of the matrix: Verilator -Wall lint (waivers only from verilator/),
// Yosys synthesis with no latch and every memory inferred as a RAM cell, Icarus -g2012 compilation.
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;
using NUnit.Framework;

namespace HwGen.Tests.Rtl;

[TestFixture]
[Category("Rtl")]
public class RtlGateTests
{
    public static IEnumerable<TestCaseData> Designs() =>
        RtlBuilds.All.SelectMany(b => new[] { DesignKind.Snn, DesignKind.Qnn }.Select(k =>
            new TestCaseData(b, k).SetArgDisplayNames(b.Name, k.ToString().ToLowerInvariant())));

    private static string Folder(RtlSpec spec, DesignKind kind) =>
        ToolchainGates.Materialize(RtlSimulationTests.SetFor(spec, kind),
            Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-gates", spec.Name + "-" + kind.ToString().ToLowerInvariant()));

    [TestCaseSource(nameof(Designs))]
    public void LintIsCleanUnderWall(RtlSpec spec, DesignKind kind)
    {
        var set = RtlSimulationTests.SetFor(spec, kind);
        var gate = ToolchainGates.Lint(set, Folder(spec, kind));
        Assert.That(gate.Passed, Is.True, gate.Log);
    }

    [TestCaseSource(nameof(Designs))]
    public void IcarusCompiles(RtlSpec spec, DesignKind kind)
    {
        var set = RtlSimulationTests.SetFor(spec, kind);
        var gate = ToolchainGates.Icarus(set, Folder(spec, kind));
        Assert.That(gate.Passed, Is.True, gate.Log);
    }

    [TestCaseSource(nameof(Designs))]
    public void YosysSynthesizesWithoutLatchesAndInfersEveryMemory(RtlSpec spec, DesignKind kind)
    {
        var set = RtlSimulationTests.SetFor(spec, kind);
        var (gate, memories) = ToolchainGates.Yosys(set, Folder(spec, kind));
        Assert.That(gate.Passed, Is.True, gate.Log.Length > 4000 ? gate.Log[^4000..] : gate.Log);
        // Every lane SRAM and global-buffer bank is inferred as a memory (not flattened into logic).
        var expected = Enumerable.Range(0, spec.Lanes).SelectMany(l => new[] { $"lane{l}.weight_memory.mem", $"lane{l}.state_memory.mem" })
            .Concat(Enumerable.Range(0, spec.GbBanks).Select(b => $"buffer.bank[{b}].memory.mem"));
        Assert.That(memories, Is.SupersetOf(expected), "inferred $mem cells");
    }

    [Test]
    public void LintCatchesAWidthMistake()
    {
        // The gate must be able to fail: a design with a deliberate width mismatch is rejected.
        var set = RtlSimulationTests.SetFor(RtlBuilds.Lane1, DesignKind.Snn);
        var files = set.Files.ToDictionary(f => f.Key, f => f.Value);
        files["rtl/event_fifo.v"] = files["rtl/event_fifo.v"].Replace("if (push) wp <= (wp == LAST) ? {AW{1'b0}} : wp + 1'b1;", "if (push) wp <= 8'd0;", StringComparison.Ordinal);
        var broken = new RtlFileSet(set.Design, files);
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-gates", "broken");
        Assert.That(ToolchainGates.Lint(broken, ToolchainGates.Materialize(broken, folder)).Passed, Is.False);
    }

    [Test]
    public void YosysGateCatchesALatch()
    {
        var set = RtlSimulationTests.SetFor(RtlBuilds.Lane1, DesignKind.Qnn);
        var files = set.Files.ToDictionary(f => f.Key, f => f.Value);
        files["rtl/neural_core.v"] = files["rtl/neural_core.v"].Replace(
            "    assign done = (phase == PH_DONE);",
            "    reg done_latch;\n    always @(*) if (phase == PH_DONE) done_latch = start;\n    assign done = done_latch;", StringComparison.Ordinal);
        var broken = new RtlFileSet(set.Design, files);
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-gates", "latch");
        Assert.That(ToolchainGates.Yosys(broken, ToolchainGates.Materialize(broken, folder)).Gate.Passed, Is.False);
    }

    public static IEnumerable<TestCaseData> MeshDesigns() =>
        MeshSimulationTests.All.Concat(MeshResidualSimulationTests.All).SelectMany(m => new[] { DesignKind.Snn, DesignKind.Qnn }
            .Select(k => new TestCaseData(m, k).SetArgDisplayNames(m.Name, k.ToString().ToLowerInvariant())));

    private static (RtlFileSet Set, string Folder) Mesh(MeshSpec spec, DesignKind kind)
    {
        var set = RtlGenerator.Render(RtlDesign.Create(spec.Load(), kind));
        return (set, ToolchainGates.Materialize(set, Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-gates", spec.Name + "-" + kind.ToString().ToLowerInvariant())));
    }

    [TestCaseSource(nameof(MeshDesigns))]
    public void MeshLintIsCleanUnderWallAndIcarusCompiles(MeshSpec spec, DesignKind kind)
    {
        var (set, folder) = Mesh(spec, kind);
        var lint = ToolchainGates.Lint(set, folder);
        Assert.That(lint.Passed, Is.True, lint.Log);
        var icarus = ToolchainGates.Icarus(set, folder);
        Assert.That(icarus.Passed, Is.True, icarus.Log);
    }

    [Test]
    public void MeshSynthesizesWithoutLatchesAndInfersEveryMemory()
    {
        // The smallest mesh (two cores, 3 lanes): routers, interfaces and cores with no latch, every SRAM a memory cell.
        var (set, folder) = Mesh(MeshSimulationTests.Mesh1x2, DesignKind.Snn);
        var (gate, memories) = ToolchainGates.Yosys(set, folder);
        Assert.That(gate.Passed, Is.True, gate.Log.Length > 4000 ? gate.Log[^4000..] : gate.Log);
        var expected = Enumerable.Range(0, 2).SelectMany(c => Enumerable.Range(0, 3)
            .SelectMany(l => new[] { $"core{c}.lane{l}.weight_memory.mem", $"core{c}.lane{l}.state_memory.mem" }));
        Assert.That(memories, Is.SupersetOf(expected), "inferred $mem cells");
    }
}
