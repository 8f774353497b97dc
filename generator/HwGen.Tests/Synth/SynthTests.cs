// `hwgen synth` on a tiny core: per-module area from Yosys `stat -liberty` equal to the Liberty's cell areas, iCE40
// place-and-route with Fmax and every memory in block RAM, a located refusal when no part fits, the JSON a program
// reads, and the same bytes from the same spec.
using System.Text.Json.Nodes;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Synth;
using HwGen.Tests.Cli;

namespace HwGen.Tests.Synth;

[TestFixture]
[Category("Synth")]
[NonParallelizable]
public class SynthTests
{
    public static string Spec(string name) => Path.Combine(RepoPaths.Root, "generator", "HwGen.Tests", "Synth", "specs", name);

    private static string Folder(string name) => Path.Combine(Path.GetTempPath(), "hwgen-tests", "synth-" + name + "-" + Environment.ProcessId);

    private static HardwareModel Load(string name)
    {
        var result = ModelLoader.LoadFile(Spec(name));
        Assert.That(result.Succeeded, Is.True, string.Join('\n', result.Diagnostics));
        return result.Model!;
    }

    [Test]
    public void Osu018AreaPerModuleEqualsTheLibertyAreaOfItsCells()
    {
        var model = Load("gate-tiny.yaml");
        var sets = RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
        var report = SynthFlow.Run(model, sets, [SynthTarget.Osu018]);
        var liberty = TechLibrary.Osu018Liberty;
        foreach (var run in report.Runs)
        {
            foreach (var m in run.Modules)
            {
                var area = m.CellsByType.Sum(c => liberty.Cell(c.Key).Area * c.Value);
                Assert.That(m.AreaUm2, Is.EqualTo(area).Within(1e-6), $"{run.Twin} {m.Module}");
                Assert.That(m.FlipFlops, Is.EqualTo(m.CellsByType.Where(c => liberty.Cell(c.Key).IsSequential).Sum(c => c.Value)));
            }

            Assert.That(run.Total.AreaUm2, Is.EqualTo(run.Modules.Sum(m => m.AreaUm2!.Value * m.Instances)).Within(1e-6));
            // Two lanes, each a weight and a state memory, and one buffer bank: five sram_1r1w macros.
            Assert.That(run.Total.Macros.Sum(x => x.Count), Is.EqualTo(5));
            Assert.That(run.Modules.Single(x => x.BaseName.EndsWith("_lane_datapath", StringComparison.Ordinal)).Instances, Is.EqualTo(2));
        }
    }

    [Test]
    public void Ice40PlacesTheTinyCoreOnTheSmallestPartAndFlagsMemoriesOutsideBlockRam()
    {
        var folder = Folder("ice40");
        var r = CliRunner.Run("synth", Spec("gate-tiny.yaml"), "--target", "ice40", "--json", "-o", folder);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var json = JsonNode.Parse(r.Out)!;
        var twins = json["twins"]!.AsArray().ToDictionary(t => t!["twin"]!.GetValue<string>());
        foreach (var twin in twins.Values)
        {
            Assert.That(twin!["target"]!.GetValue<string>(), Is.EqualTo("ice40"));
            var total = twin["total"]!;
            Assert.That(total["luts"]!.GetValue<long>(), Is.GreaterThan(0));
            Assert.That(total["part"]!.GetValue<string>(), Is.EqualTo("u4k"), "the smallest part with room for the logic and the block RAMs");
            Assert.That(total["fmax_mhz"]!.GetValue<double>(), Is.GreaterThan(5));
            // Two lanes, each a weight and a state memory, and one buffer bank.
            Assert.That(twin["memories"]!.AsArray(), Has.Count.EqualTo(5));
        }

        // Yosys keeps the SNN's 8 x 8-bit state memories in logic (the QNN's 8 x 10-bit ones go to block RAM): flagged, located.
        string[] InBlockRam(string twin) => twins[twin]!["memories"]!.AsArray().Where(m => m!["in_block_ram"]!.GetValue<bool>()).Select(m => m!["instance"]!.GetValue<string>()).ToArray();
        Assert.That(InBlockRam("snn"), Is.EqualTo(new[] { "buffer.bank[0].memory", "lane0.weight_memory", "lane1.weight_memory" }));
        Assert.That(InBlockRam("qnn"), Has.Length.EqualTo(5));
        Assert.That(twins["snn"]!["total"]!["block_rams"]!.GetValue<long>(), Is.EqualTo(4), "two for the 512 x 16 buffer bank, one per weight memory");
        foreach (var lane in new[] { "lane0", "lane1" })
        {
            Assert.That(r.Error, Does.Contain($"{Spec("gate-tiny.yaml")}:15:18: warning HW1105: the snn design's memory '{lane}.state_memory' (8 x 8 bits) maps to 72 flip-flops and 48 LUTs on iCE40, not to block RAM"));
        }

        Assert.That(r.Error, Does.Not.Contain("the qnn design's memory"));
        Assert.That(File.Exists(Path.Combine(folder, "snn", "synth", "ice40", "pnr", "nextpnr.log")), Is.True);
        Assert.That(File.Exists(Path.Combine(folder, "snn", "synth", "ice40", "pnr", Ice40PlaceAndRoute.WrapperFile)), Is.True);
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void ADesignNoPartHoldsIsRefusedWithALocatedWarning()
    {
        var folder = Folder("big");
        var r = CliRunner.Run("synth", Spec("big-buffer.yaml"), "--target", "ice40", "-o", folder);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        // capacity_kib sits on line 10, column 5 of the spec; the buffer alone needs 320 block RAMs.
        Assert.That(r.Error, Does.Contain($"{Spec("big-buffer.yaml")}:10:19: warning HW1104: the snn design fits no iCE40 part: it needs "));
        Assert.That(r.Error, Does.Contain("the largest iCE40 part nextpnr-ice40 offers is hx8k (ct256: 7680 logic cells, 32 block RAMs, 0 DSPs); place-and-route skipped"));
        Assert.That(r.Out, Does.Contain("fits no iCE40 part (HW1104)"));
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void SynthJsonGivesModulesAndTotalsPerTwinAndTheSameBytesTwice()
    {
        var first = Folder("json1");
        var second = Folder("json2");
        var a = CliRunner.Run("synth", Spec("gate-tiny.yaml"), "--target", "osu018", "--json", "-o", first);
        var b = CliRunner.Run("synth", Spec("gate-tiny.yaml"), "--target", "osu018", "--json", "-o", second);
        Assert.That(a.ExitCode, Is.EqualTo(0), a.Error);
        Assert.That(b.Out, Is.EqualTo(a.Out));
        var json = JsonNode.Parse(a.Out)!;
        var twins = json["twins"]!.AsArray();
        Assert.That(twins.Select(t => t!["twin"]!.GetValue<string>()), Is.EqualTo(new[] { "snn", "qnn" }));
        foreach (var twin in twins)
        {
            var modules = twin!["modules"]!.AsArray();
            Assert.That(modules.Select(m => m!["module"]!.GetValue<string>()), Does.Contain("neural_core"));
            var cells = modules.Sum(m => m!["cells"]!.GetValue<long>() * m["instances"]!.GetValue<long>());
            Assert.That(twin["total"]!["cells"]!.GetValue<long>(), Is.EqualTo(cells));
            Assert.That(twin["total"]!["area_um2"]!.GetValue<double>(), Is.GreaterThan(0));
        }

        var check = json["ert_arithmetic_check"]!;
        Assert.That(check["units"]!.AsArray().Select(u => u!["unit"]!.GetValue<string>()),
            Is.EqualTo(new[] { "8-bit add", "16-bit add", "32-bit add", "8x8-bit multiply", "32x32-bit multiply" }));
        // The ERT entries set against the units are the v1 preset's: 8-bit add 0.03 pJ, 8-bit multiply 0.23 - 0.03 = 0.2 pJ.
        Assert.That(check["units"]![0]!["ert_pj"]!.GetValue<double>(), Is.EqualTo(0.03));
        Assert.That(check["units"]![3]!["ert_pj"]!.GetValue<double>(), Is.EqualTo(0.2).Within(1e-12));
        foreach (var file in new[] { "synth.md", "synth.json", "snn/synth/osu018/synth.ys", "snn/synth/osu018/netlist.v", "qnn/synth/osu018/stat.txt" })
        {
            Assert.That(File.ReadAllText(Path.Combine(second, file)), Is.EqualTo(File.ReadAllText(Path.Combine(first, file))), file);
        }

        Assert.That(File.ReadAllText(Path.Combine(first, "snn", "synth", "osu018", "synth.ys")), Does.Not.Contain(Path.GetTempPath()));
        Directory.Delete(first, recursive: true);
        Directory.Delete(second, recursive: true);
    }

    [Test]
    public void AnUnknownTargetIsInvalidInput()
    {
        var r = CliRunner.Run("synth", Spec("gate-tiny.yaml"), "--target", "xilinx");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Error, Does.Contain("xilinx"));
    }
}
