// Net toggles of a synthesised netlist counted two independent ways on the same stimulus: HwGen's cell-function
// simulator (Liberty functions, C#) and Icarus Verilog running HwGen's simulation netlist on the cell models that
// ship with the library (osu018_stdcells.v, UDP based), its VCD sampled once a cycle as the harness samples.
using System.Globalization;
using HwGen.Data;
using HwGen.Sim;
using HwGen.Synth;

namespace HwGen.Tests.Synth;

[TestFixture]
[Category("Synth")]
public class ToggleCrossCheckTests
{
    private const string Accumulator = """
        module hwgen_acc (input wire clk, input wire rst, input wire [3:0] x, output reg [5:0] acc);
            always @(posedge clk) if (rst) acc <= 6'd0; else acc <= acc + {2'b00, x};
        endmodule

        """;

    private const int Cycles = 200;

    [Test]
    public void EveryNetTogglesAsOftenInIcarusWithTheShippedCellModels()
    {
        var netlist = GateEnergyTests.Synthesise(Accumulator, "hwgen_acc");
        Assert.That(netlist.Cells.Count(c => c.Library!.IsSequential), Is.EqualTo(6));
        var random = new SplitMix64(7);
        var stimulus = Enumerable.Range(0, Cycles).Select(_ => random.Next() & 0xF).ToList();

        // Path 1: the cell-function simulator. Two reset cycles, then per cycle: inputs, settle, sample, clock.
        var sim = new CellSimulator(netlist);
        sim.SetInput("rst", 1);
        sim.Settle();
        sim.Clock();
        sim.Clock();
        sim.SetInput("rst", 0);
        foreach (var x in stimulus)
        {
            sim.SetInput("x", x);
            sim.Settle();
            sim.Sample();
            sim.Clock();
        }

        sim.Sample();
        var expectedSum = stimulus.Aggregate(0UL, (acc, x) => (acc + x) & 0x3F);
        Assert.That(sim.Output("acc"), Is.EqualTo(expectedSum));

        // Path 2: Icarus on the same netlist text with the shipped UDP cell models.
        var folder = Path.Combine(Path.GetTempPath(), "hwgen-tests", "toggle-cross-check-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "netlist.v"), GateSimulationNetlist.Write(netlist).Netlist);
        File.WriteAllText(Path.Combine(folder, "stim.hex"), string.Concat(stimulus.Select(x => x.ToString("x", CultureInfo.InvariantCulture) + "\n")));
        File.WriteAllText(Path.Combine(folder, "tb.v"), $$"""
            `timescale 1ns/10ps
            module tb;
                reg clk = 1'b0;
                reg rst = 1'b1;
                reg [3:0] x = 4'd0;
                wire [5:0] acc;
                reg [3:0] stim [0:{{Cycles - 1}}];
                integer i;
                hwgen_acc dut (.clk(clk), .rst(rst), .x(x), .acc(acc));
                initial begin
                    $readmemh("stim.hex", stim);
                    $dumpfile("toggles.vcd");
                    $dumpvars(0, dut);
                    #10 clk = 1'b1; #10 clk = 1'b0; #10 clk = 1'b1; #10 clk = 1'b0;
                    rst = 1'b0;
                    for (i = 0; i < {{Cycles}}; i = i + 1) begin
                        x = stim[i];
                        #10 clk = 1'b1;
                        #10 clk = 1'b0;
                    end
                    #10 $finish;
                end
            endmodule

            """);
        var models = TechLibrary.RequireOsu018().VerilogModels;
        var compile = Toolchain.Run(Toolchain.Require("iverilog"), ["-g2012", "-o", "tb.vvp", "tb.v", "netlist.v", models], folder);
        Assert.That(compile.Succeeded, Is.True, compile.CombinedOutput);
        var run = Toolchain.Run(Toolchain.Require("vvp"), ["-n", "tb.vvp"], folder);
        Assert.That(run.Succeeded, Is.True, run.CombinedOutput);

        // Sample times: after each cycle's inputs settle (5 ns after they change), and once after the last edge.
        var samples = Enumerable.Range(0, Cycles).Select(i => 40L + (20L * i) + 5).Append(40L + (20L * Cycles) + 5).ToList();
        var icarus = VcdToggles(File.ReadAllText(Path.Combine(folder, "toggles.vcd")), "dut", samples);
        var compared = 0;
        foreach (var net in netlist.Nets.Where(n => n.DriverKind is DriverKind.Cell or DriverKind.PrimaryInput && !n.IsClock))
        {
            var name = "n" + net.ProbeNet.ToString(CultureInfo.InvariantCulture);
            Assert.That(icarus.ContainsKey(name), Is.True, $"{name} is in the VCD");
            Assert.That(sim.Toggles[net.Id], Is.EqualTo(icarus[name]), $"{name} (driven by {net.Driver?.Cell?.Cell.Type ?? "an input"})");
            compared++;
        }

        Assert.That(compared, Is.EqualTo(netlist.Cells.Sum(c => c.Library!.Outputs.Count()) + 5));
        Assert.That(sim.Toggles.Sum(), Is.GreaterThan(4 * Cycles));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// Toggles per one-bit variable of a scope, counted between its values at the sample times (in ns; x counts as 0).
    /// VCD times are in the file's $timescale unit (the cell models' `timescale 1ns/10ps` makes it 10 ps).
    /// </summary>
    private static Dictionary<string, long> VcdToggles(string vcd, string scope, IReadOnlyList<long> samplesNs)
    {
        var unit = System.Text.RegularExpressions.Regex.Match(vcd, @"\$timescale\s+(\d+)\s*(s|ms|us|ns|ps|fs)\s+\$end");
        Assert.That(unit.Success, Is.True, "the VCD states its timescale");
        var perNs = unit.Groups[2].Value switch { "s" => 1e-9, "ms" => 1e-6, "us" => 1e-3, "ns" => 1.0, "ps" => 1e3, _ => 1e6 } / int.Parse(unit.Groups[1].Value, CultureInfo.InvariantCulture);
        var samples = samplesNs.Select(t => (long)Math.Round(t * perNs)).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var changes = new Dictionary<string, List<(long Time, char Value)>>(StringComparer.Ordinal);
        var scopes = new Stack<string>();
        long time = 0;
        var definitions = true;
        foreach (var raw in vcd.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (definitions)
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts[0] == "$scope")
                {
                    scopes.Push(parts[2]);
                }
                else if (parts[0] == "$upscope")
                {
                    scopes.Pop();
                }
                else if (parts[0] == "$var" && parts[2] == "1" && scopes.Count > 0 && scopes.Peek() == scope)
                {
                    names[parts[3]] = parts[4];
                    changes[parts[4]] = [];
                }
                else if (parts[0] == "$enddefinitions")
                {
                    definitions = false;
                }

                continue;
            }

            if (line[0] == '#')
            {
                time = long.Parse(line[1..], CultureInfo.InvariantCulture);
            }
            else if (line[0] is '0' or '1' or 'x' or 'z' && names.TryGetValue(line[1..], out var name))
            {
                changes[name].Add((time, line[0]));
            }
        }

        var toggles = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, list) in changes)
        {
            char ValueAt(long t)
            {
                var v = 'x';
                foreach (var (when, value) in list)
                {
                    if (when > t)
                    {
                        break;
                    }

                    v = value;
                }

                return v == '1' ? '1' : '0';
            }

            long count = 0;
            for (var i = 1; i < samples.Count; i++)
            {
                if (ValueAt(samples[i]) != ValueAt(samples[i - 1]))
                {
                    count++;
                }
            }

            toggles[name] = count;
        }

        return toggles;
    }
}
