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
                Is.EqualTo(scaled + gate["macros_pj"]!.GetValue<double>() + gate["macro_leakage_pj"]!.GetValue<double>() + gate["dram_pj"]!.GetValue<double>()).Within(1e-9));
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
            // The memory macros and DRAM are priced by the measured model from the netlist simulation's own port activity:
            // the netlist moves the same words through the same ports as the RTL, so every row equals the RTL's, count
            // and energy, without being copied from it.
            var memories = gate["memories"]!.AsArray();
            Assert.That(memories.Select(m => m!["action"]!.GetValue<string>()), Is.SupersetOf(new[]
            {
                "global_buffer.read", "global_buffer.write", "lane_weight_memory.read", "lane_state_memory.write", "global_buffer.leakage", "dram.read",
            }));
            foreach (var m in memories)
            {
                Assert.That(m!["count"]!.GetValue<long>(), Is.EqualTo(m["rtl_count"]!.GetValue<long>()), m["action"]!.GetValue<string>());
                Assert.That(m["gate_pj"]!.GetValue<double>(), Is.EqualTo(m["rtl_measured_pj"]!.GetValue<double>()).Within(1e-9), m["action"]!.GetValue<string>());
            }

            Assert.That(memories.Where(m => m!["action"]!.GetValue<string>() != "dram.read" && !m["action"]!.GetValue<string>().EndsWith(".leakage", StringComparison.Ordinal))
                .Sum(m => m!["gate_pj"]!.GetValue<double>()), Is.EqualTo(gate["macros_pj"]!.GetValue<double>()).Within(1e-9));
            var comparison = gate["comparison"]!.AsArray();
            var factors = gate["correction_factors"]!.AsArray();
            // A factor for every class that has a measured figure, each the comparison row's gate / RTL.
            Assert.That(factors.Select(f => f!["class"]!.GetValue<string>()), Is.SupersetOf(new[] { "arithmetic", "queues (input and output event queues)", "registers", "clock" }));
            foreach (var f in factors)
            {
                var row = comparison.Single(c => c!["class"]!.GetValue<string>() == f!["class"]!.GetValue<string>())!;
                Assert.That(f!["factor"]!.GetValue<double>(), Is.EqualTo(row["gate_pj"]!.GetValue<double>() / row["rtl_measured_pj"]!.GetValue<double>()).Within(1e-12));
            }

            // The RTL's classes split the measured rows without remainder: the three flip-flop classes are the registers
            // row, and the event queues add their push and pop rows to their flip-flops.
            var rtlTwin = json[twin]!;
            var rows = rtlTwin["layers"]!.AsArray().SelectMany(l => l!["components"]!.AsArray()).ToList();
            double Row(string action) => rows.Where(r => r!["action"]!.GetValue<string>() == action).Sum(r => r!["measured_energy_pj"]!.GetValue<double>());
            var byClass = rtlTwin["measured_energy_by_class_pj"]!;
            double Class(string c) => byClass[c]!.GetValue<double>();
            var queueRows = Row("input_queue.push") + Row("input_queue.pop") + Row("output_queue.push") + Row("output_queue.pop");
            Assert.That(Class("registers") + Class("queues (spike queues)") + Class("queues (input and output event queues)") - queueRows,
                Is.EqualTo(Row("registers.toggle")).Within(1e-9));
            Assert.That(Class("clock"), Is.EqualTo(Row("clock.flip_flops")).Within(1e-9));
            Assert.That(Class("arithmetic"), Is.EqualTo(Row("adder.accumulate") + Row("mac.multiply_accumulate") + Row("comparator.compare") + Row("subtractor.subtract")).Within(1e-9));
            Assert.That(comparison.Single(c => c!["class"]!.GetValue<string>() == "registers")!["rtl_measured_pj"]!.GetValue<double>(), Is.EqualTo(Class("registers")));

            // Per module and class, the three methods: the modules of a class add up to its comparison row.
            var perModule = gate["module_comparison"]!.AsArray();
            foreach (var cls in new[] { "arithmetic", "queues (input and output event queues)", "registers", "clock" })
            {
                var rows2 = perModule.Where(m => m!["class"]!.GetValue<string>() == cls).ToList();
                var row = comparison.Single(c => c!["class"]!.GetValue<string>() == cls)!;
                Assert.That(rows2.Sum(m => m!["gate_pj"]!.GetValue<double>()), Is.EqualTo(row["gate_pj"]!.GetValue<double>()).Within(1e-9), cls);
                Assert.That(rows2.Sum(m => m!["rtl_measured_pj"]?.GetValue<double>() ?? 0), Is.EqualTo(row["rtl_measured_pj"]!.GetValue<double>()).Within(1e-9), cls);
            }

            Assert.That(perModule.Single(m => m!["class"]!.GetValue<string>() == "arithmetic" && m["module"]!.GetValue<string>().EndsWith("_lane_datapath", StringComparison.Ordinal))!
                ["analytical_pj"]!.GetValue<double>(), Is.EqualTo(comparison.Single(c => c!["class"]!.GetValue<string>() == "arithmetic")!["analytical_pj"]!.GetValue<double>()).Within(1e-9));
            Assert.That(gate["scaling"]!["source"]!.GetValue<string>(), Does.Contain("Stillmaker"));
        }

        Assert.That(json["gate_level_ratios"]!["snn_over_qnn_gate_level"]!.GetValue<double>(), Is.GreaterThan(0));
        Assert.That(File.ReadAllText(Path.Combine(folder, "report", "gate-level.md")), Does.Contain("| snn | yes | yes |"));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "report", "report.json")))!["snn"]!["gate_level"], Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(folder, "gate", "snn", "rtl", "gate_netlist.v")), Is.True);

        // The factors file of this run, applied to an RTL run of the same spec (same design, same data): every corrected
        // class is the gate-level figure of that class, and the rest of the measured energy is kept.
        var factorsFile = Path.Combine(folder, "report", "gate-corrections.yaml");
        var second = folder + "-corrected";
        var applied = CliRunner.Run("run", SynthTests.Spec("gate-tiny.yaml"), "--apply-corrections", factorsFile, "--json", "-o", second);
        Assert.That(applied.ExitCode, Is.EqualTo(0), applied.Error);
        var corrected = JsonNode.Parse(applied.Out)!;
        Assert.That(corrected["gate_corrections"]!["file"]!.GetValue<string>(), Does.EndWith("gate-corrections.yaml"));
        Assert.That(corrected["gate_corrections"]!["measured_on"]!["spec"]!.GetValue<string>(), Is.EqualTo("gate-tiny"));
        foreach (var twin in new[] { "snn", "qnn" })
        {
            var gate = json[twin]!["gate_level"]!;
            var c = corrected[twin]!["gate_corrected"]!;
            Assert.That(c["design_sha256"]!.GetValue<string>(), Is.EqualTo(gate["design_sha256"]!.GetValue<string>()));
            var measured = corrected[twin]!["measured_energy_pj"]!.GetValue<double>();
            Assert.That(c["measured_energy_pj"]!.GetValue<double>(), Is.EqualTo(measured), "the uncorrected figure is kept beside the corrected one");
            Assert.That(measured, Is.EqualTo(json[twin]!["measured_energy_pj"]!.GetValue<double>()).Within(1e-9), "the same run, measured the same");
            double expected = measured;
            foreach (var f in gate["correction_factors"]!.AsArray())
            {
                var row = c["classes"]!.AsArray().Single(x => x!["class"]!.GetValue<string>() == f!["class"]!.GetValue<string>())!;
                Assert.That(row["factor"]!.GetValue<double>(), Is.EqualTo(f!["factor"]!.GetValue<double>()));
                Assert.That(row["gate_corrected_pj"]!.GetValue<double>(), Is.EqualTo(f["gate_pj"]!.GetValue<double>()).Within(1e-9 * f["gate_pj"]!.GetValue<double>()));
                expected += f["gate_pj"]!.GetValue<double>() - f["rtl_measured_pj"]!.GetValue<double>();
            }

            Assert.That(c["gate_corrected_energy_pj"]!.GetValue<double>(), Is.EqualTo(expected).Within(1e-9 * expected));
        }

        Assert.That(File.ReadAllText(Path.Combine(second, "report", "applied-gate-corrections.yaml")), Is.EqualTo(File.ReadAllText(factorsFile)));
        Assert.That(File.ReadAllText(Path.Combine(second, "report", "report.md")), Does.Contain("## Gate-level corrections applied").And.Contain("gate-corrected"));
        Directory.Delete(second, recursive: true);
        Directory.Delete(folder, recursive: true);
    }
}
