// Golden RTL: the complete per-twin output of `hwgen generate` (rtl/, harness/, build/) for a few specs of
// Cases/000-valid, checked in under Cases/500-rtl/<spec>/<twin>/, and the calibration bench at the default spec's
// widths under Cases/500-rtl/calibration-bench/; compared byte for byte and linted, so every template change shows a
// reviewer its diff. Regenerate with HWGEN_UPDATE_GOLDENS=1 ./test --filter RtlGoldenTests.
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Tests.Rtl;

[TestFixture]
public sealed class RtlGoldenTests
{
    /// <summary>
    /// default: binary SNN, conv2d + fc, T = 4, and its 3-bit QNN twin; multilevel-leak: multi-level SNN (L = 3) with
    /// leak, T = 2, and its twin; qnn-only: a QNN spec, whose only design is the twin (no spiking folder); pooling:
    /// max and average pooling layers between conv2d layers; pool-residual: pools and two shortcuts; spatial-mesh: the default network on a spatial 2x2 mesh
    /// (routers, network interfaces, mesh cores and their tables); residual-mesh: two shortcuts on a spatial 3x3 mesh (shortcut streams).
    /// </summary>
    public static readonly string[] Specs = ["default", "multilevel-leak", "qnn-only", "pooling", "pool-residual", "spatial-mesh", "residual-mesh"];

    private static string GoldenRoot => Path.Combine(RepoPaths.Cases, "500-rtl");

    private static HardwareModel Load(string spec)
    {
        var path = Path.Combine(RepoPaths.Cases, "000-valid", spec + ".yaml");
        var result = ModelLoader.LoadBytes(File.ReadAllBytes(path), Path.GetFileName(path), Path.GetDirectoryName(path));
        Assert.That(result.Succeeded, Is.True, string.Join("\n", result.Diagnostics));
        return NocEncodingResolver.Resolve(result.Model!);
    }

    private static IReadOnlyList<RtlFileSet> Render(string spec)
    {
        var model = Load(spec);
        return RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
    }

    private static string TwinFolder(RtlFileSet set) => set.Design.Design.ToString().ToLowerInvariant();

    [TestCaseSource(nameof(Specs))]
    public void GeneratedTwinsMatchTheGoldenFilesByteForByte(string spec)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var set in Render(spec))
        {
            foreach (var (path, text) in set.Files)
            {
                files[TwinFolder(set) + "/" + path] = text;
            }
        }

        // Goldens hold no machine paths and no carriage returns (the same bytes on every machine).
        var all = string.Concat(files.Values);
        Assert.That(all, Does.Not.Contain(RepoPaths.Root).And.Not.Contain("\r"));
        Golden.CheckFolder(Path.Combine(GoldenRoot, spec), files);
    }

    [TestCaseSource(nameof(Specs))]
    [Category("Rtl")]
    public void GoldenVerilogIsLintCleanUnderWall(string spec)
    {
        // Lints the checked-in files themselves (with their own build/waivers.vlt), not a fresh rendering.
        foreach (var set in Render(spec))
        {
            var folder = Path.Combine(GoldenRoot, spec, TwinFolder(set));
            var golden = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText);
            var goldenSet = new RtlFileSet(set.Design, golden);
            Assert.That(goldenSet.VerilogFiles, Is.Not.Empty, folder);
            var work = Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-golden-lint", spec, TwinFolder(set));
            var gate = ToolchainGates.Lint(goldenSet, ToolchainGates.Materialize(goldenSet, work));
            Assert.That(gate.Passed, Is.True, $"{spec}/{TwinFolder(set)}:\n{gate.Log}");
        }
    }

    /// <summary>The calibration bench at the embedded default spec's widths (the shipped calibrations' bench).</summary>
    private const string CalibrationBenchFolder = "calibration-bench";

    private static CalibrationBenchFiles DefaultCalibrationBench()
    {
        var model = ModelLoader.LoadDefault().Model ?? throw new InvalidOperationException("the embedded default spec does not load");
        return CalibrationBench.Render(CalibrationWidths.Of(model));
    }

    [Test]
    public void CalibrationBenchMatchesTheGoldenFilesByteForByte()
    {
        var files = DefaultCalibrationBench().Files;
        Assert.That(string.Concat(files.Values), Does.Not.Contain(RepoPaths.Root).And.Not.Contain("\r"));
        Golden.CheckFolder(Path.Combine(GoldenRoot, CalibrationBenchFolder), files);
    }

    [Test]
    [Category("Rtl")]
    public void GoldenCalibrationBenchIsLintCleanUnderWall()
    {
        var folder = Path.Combine(GoldenRoot, CalibrationBenchFolder);
        var verilog = Directory.EnumerateFiles(Path.Combine(folder, "rtl"), "*.v").Select(f => "rtl/" + Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.That(verilog, Is.EqualTo(DefaultCalibrationBench().VerilogFiles));
        var run = Toolchain.Run(Toolchain.Require("verilator"), ["--lint-only", "-Wall", "--top-module", CalibrationBenchFiles.TopModule, .. verilog], folder);
        Assert.That(run.Succeeded && !run.CombinedOutput.Contains("%Warning", StringComparison.Ordinal), Is.True, run.CombinedOutput);
    }

    [Test]
    public void EveryGoldenFolderBelongsToACase()
    {
        var folders = Directory.EnumerateDirectories(GoldenRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(folders, Is.EqualTo(Specs.Append(CalibrationBenchFolder).Order(StringComparer.Ordinal)), "a golden folder without a case is never checked");
    }
}
