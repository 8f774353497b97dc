// A sweep with gate-level points: each runs the RTL run with both twins' netlists simulated on the same data, and its
// record, CSV row and JSON Lines object carry the netlists' checks and energies. The tiny core is the gate-level
// tests' (GateLevelRunTests), so its synthesis and netlist builds come from the same cache.
using System.Text.Json.Nodes;
using HwGen.Sweep;
using HwGen.Tests.Synth;

namespace HwGen.Tests.Sweep;

[TestFixture]
[Category("Synth")]
[NonParallelizable]
public sealed class SweepGateLevelTests
{
    [Test]
    public void A_gate_level_point_records_each_twin_s_netlist_beside_the_rtl_run()
    {
        var folder = SweepFiles.Scratch("gate-level");
        File.Copy(SynthTests.Spec("gate-tiny.yaml"), Path.Combine(folder, "base.yaml"));
        var path = Path.Combine(folder, "sweep.yaml");
        File.WriteAllText(path, """
            hwgen_sweep: 1
            name: gate-level
            spec: base.yaml
            axes:
              - key: mode
                values: [rtl, gate-level]
            """.ReplaceLineEndings("\n"));
        var plan = SweepFiles.Plan(path);
        Assert.That(plan.Points.Select(p => p.Mode), Is.EqualTo(new[] { PointMode.Rtl, PointMode.GateLevel }));

        var result = SweepRunner.Run(plan, new SweepRunOptions(Path.Combine(folder, "out"), 1));
        var rtl = result.Records[0];
        var gate = result.Records[1];
        Assert.Multiple(() =>
        {
            Assert.That(rtl.Status, Is.EqualTo(PointStatus.Ok), rtl.Error);
            Assert.That(gate.Status, Is.EqualTo(PointStatus.Ok), gate.Error);
            Assert.That(rtl.Measured!.GateLevel, Is.Null, "an RTL point has no netlists");
            var g = gate.Measured!.GateLevel!;
            foreach (var twin in new[] { g.Snn, g.Qnn })
            {
                Assert.That(twin.GoldenMatch, Is.True);
                Assert.That(twin.RtlMatch, Is.True);
                Assert.That(twin.EnergyPj, Is.GreaterThan(0));
            }

            // The same RTL run on the same data: the RTL figures of both points are equal.
            Assert.That(gate.Measured.SnnPj, Is.EqualTo(rtl.Measured.SnnPj));
            Assert.That(gate.Measured.QnnPj, Is.EqualTo(rtl.Measured.QnnPj));
        });

        var output = result.Folder;
        var csv = File.ReadAllLines(Path.Combine(output, SweepFolder.PointsCsv));
        var header = csv[0].Split(',');
        string Cell(int row, string column) => csv[row].Split(',')[Array.IndexOf(header, column)];
        Assert.Multiple(() =>
        {
            Assert.That(Cell(2, "mode"), Is.EqualTo("gate-level"));
            Assert.That(Cell(2, "gate_snn_golden_match"), Is.EqualTo("true"));
            Assert.That(Cell(2, "gate_qnn_rtl_match"), Is.EqualTo("true"));
            Assert.That(Cell(2, "gate_snn_pj"), Is.EqualTo(PointRecord.Number(gate.Measured!.GateLevel!.Snn.EnergyPj)));
            Assert.That(Cell(1, "gate_snn_pj"), Is.Empty);
        });

        var lines = File.ReadAllLines(Path.Combine(output, SweepFolder.PointsJson));
        var json = JsonNode.Parse(lines[1])!;
        Assert.Multiple(() =>
        {
            Assert.That(json["mode"]!.GetValue<string>(), Is.EqualTo("gate-level"));
            Assert.That(json["gate_level"]!["qnn"]!["golden_match"]!.GetValue<bool>(), Is.True);
            Assert.That(json["gate_level"]!["qnn"]!["energy_pj"]!.GetValue<double>(), Is.EqualTo(gate.Measured!.GateLevel!.Qnn.EnergyPj));
            Assert.That(JsonNode.Parse(lines[0])!["gate_level"], Is.Null);
            // A resumed or merged sweep reads the records back as written.
            Assert.That(PointRecord.TryParse(lines[1], ["mode"])!.JsonLine(["mode"]), Is.EqualTo(lines[1] + "\n"));
            Assert.That(Directory.EnumerateDirectories(output, "gate", SearchOption.AllDirectories).Count(), Is.EqualTo(1), "the gate-level point's run folder has gate/");
        });
    }
}
