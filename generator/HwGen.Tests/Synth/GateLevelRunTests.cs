// `hwgen run --gate-level` on a tiny core: both twins' OSU 0.18 um netlists simulated with the run's harness and
// stimulus match the RTL and the golden model bit for bit, and their energies add up as the report states.
using System.Text.Json.Nodes;
using HwGen.Tests.Cli;

namespace HwGen.Tests.Synth;

[TestFixture]
[Category("Synth")]
[NonParallelizable]
public class GateLevelRunTests
{
    [Test]
    public void EveryPresetIsAtANodeTheGateLevelEnergyScalesTo()
    {
        foreach (var preset in HwGen.Energy.EnergyReferenceTableLoader.PresetNames)
        {
            var table = HwGen.Energy.EnergyReferenceTableLoader.LoadPreset(preset);
            Assert.That(HwGen.Synth.NodeScaling.ToErtNode(180, 1.8, table.TechnologyNm), Is.Not.Null, $"{preset} at {table.TechnologyNm} nm");
        }
    }

    [Test]
    public void TinyCoreNetlistsMatchTheRtlAndGoldenModelAndTheirEnergiesAddUp()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hwgen-tests", "gate-level-" + Environment.ProcessId);
        var r = CliRunner.Run("run", SynthTests.Spec("gate-tiny.yaml"), "--gate-level", "--json", "-o", folder);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var json = JsonNode.Parse(r.Out)!;
        foreach (var twin in new[] { "snn", "qnn" })
        {
            var gate = json[twin]!["gate_level"]!;
            Assert.That(gate["golden_match"]!.GetValue<bool>(), Is.True, twin);
            Assert.That(gate["rtl_match"]!.GetValue<bool>(), Is.True, twin);
            Assert.That(gate["rtl_differences"]!.AsArray(), Is.Empty);
            Assert.That(gate["cycles"]!.GetValue<long>(), Is.GreaterThan(0));
            var scaled = gate["logic_pj_scaled"]!.GetValue<double>();
            Assert.That(scaled, Is.EqualTo(gate["logic_pj_180nm"]!.GetValue<double>() * gate["scaling"]!["factor"]!.GetValue<double>()).Within(1e-9));
            Assert.That(gate["energy_pj"]!.GetValue<double>(),
                Is.EqualTo(scaled + gate["macros_pj"]!.GetValue<double>() + gate["dram_pj"]!.GetValue<double>()).Within(1e-9));
            var classes = gate["classes"]!.AsArray().Sum(c => c!["pj_180nm"]!.GetValue<double>());
            Assert.That(classes, Is.EqualTo(gate["logic_pj_180nm"]!.GetValue<double>()).Within(1e-9));
            var modules = gate["modules"]!.AsArray();
            Assert.That(modules.Sum(m => m!["internal_pj_180nm"]!.GetValue<double>() + m["switching_pj_180nm"]!.GetValue<double>()),
                Is.EqualTo(gate["logic_pj_180nm"]!.GetValue<double>()).Within(1e-9));
            Assert.That(gate["classes"]!.AsArray().Select(c => c!["class"]!.GetValue<string>()), Is.EqualTo(new[]
            {
                "arithmetic", "registers", "clock", "control", "queues (input and output event queues)", "queues (spike queues)",
            }));
            Assert.That(gate["classes"]!.AsArray().Where(c => c!["class"]!.GetValue<string>() != "queues (spike queues)").Select(c => c!["pj_180nm"]!.GetValue<double>()),
                Is.All.GreaterThan(0));
            // The memory macros are priced per access as in the RTL's measured energy: the comparison row is 1 by construction.
            var memories = gate["comparison"]!.AsArray().Single(c => c!["class"]!.GetValue<string>() == "memories (macros)")!;
            Assert.That(memories["gate_over_rtl"]!.GetValue<double>(), Is.EqualTo(1).Within(1e-12));
            Assert.That(gate["scaling"]!["source"]!.GetValue<string>(), Does.Contain("Stillmaker"));
        }

        Assert.That(json["gate_level_ratios"]!["snn_over_qnn_gate_level"]!.GetValue<double>(), Is.GreaterThan(0));
        Assert.That(File.ReadAllText(Path.Combine(folder, "report", "gate-level.md")), Does.Contain("| snn | yes | yes |"));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report", "report.json")))!["snn"]!["gate_level"], Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(folder, "gate", "snn", "rtl", "gate_netlist.v")), Is.True);
        Directory.Delete(folder, recursive: true);
    }
}
