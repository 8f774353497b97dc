// Exports for other tools, on hand-made inputs with the exact expected text: Accelergy ERT.yaml and
// action_counts.yaml, and the OpenSTA set_power_activity file.
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Report;

namespace HwGen.Tests.Measure;

[TestFixture]
public class ExportTests
{
    [Test]
    public void AccelergyErtGroupsActionsByComponentWithArgumentsAndEnergy()
    {
        PricedAction[] actions =
        [
            new(Actions.DramRead, new EnergyArguments(WordBits: 64), 2000),
            new(Actions.DramWrite, new EnergyArguments(WordBits: 64), 2000),
            new(Actions.WeightMemoryRead, new EnergyArguments(WordBits: 8, CapacityBits: 4096), 1.3125),
            new(Actions.Accumulate, new EnergyArguments(Bits: 16), 0.05),
            new(Actions.MultiplyAccumulate, new EnergyArguments(WeightBits: 8, ActivationBits: 3), 0.08625),
            new(Actions.NocSparseBitHop, default, 3.0),
        ];

        var text = AccelergyExport.EnergyReferenceTable("tiny_twin.snn", actions);

        Assert.That(text, Is.EqualTo("""
            ERT:
              version: 0.4
              tables:
                - name: tiny_twin.snn.dram
                  actions:
                    - name: read
                      arguments: {word_bits: 64}
                      energy: 2000
                    - name: write
                      arguments: {word_bits: 64}
                      energy: 2000
                - name: tiny_twin.snn.lane_weight_memory
                  actions:
                    - name: read
                      arguments: {word_bits: 8, capacity_bits: 4096}
                      energy: 1.3125
                - name: tiny_twin.snn.adder
                  actions:
                    - name: accumulate
                      arguments: {bits: 16}
                      energy: 0.05
                - name: tiny_twin.snn.mac
                  actions:
                    - name: multiply_accumulate
                      arguments: {weight_bits: 8, activation_bits: 3}
                      energy: 0.08625
                - name: tiny_twin.snn.noc
                  actions:
                    - name: sparse_bit_hop
                      arguments: null
                      energy: 3

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void AccelergyActionCountsListTheNonZeroCountsPerComponent()
    {
        var counts = new ActionCounts();
        counts.Add(Actions.WeightMemoryRead, 1234);
        counts.Add(Actions.WeightMemoryWrite, 56);
        counts.Add(Actions.Accumulate, 1234);
        counts.Add(Actions.DramRead, 7);
        counts.Add(Actions.Subtract, 0);

        var text = AccelergyExport.ActionCounts("tiny_twin.snn", counts);

        Assert.That(text, Is.EqualTo("""
            action_counts:
              version: 0.4
              local:
                - name: tiny_twin.snn.adder
                  action_counts:
                    - name: accumulate
                      counts: 1234
                - name: tiny_twin.snn.dram
                  action_counts:
                    - name: read
                      counts: 7
                - name: tiny_twin.snn.lane_weight_memory
                  action_counts:
                    - name: read
                      counts: 1234
                    - name: write
                      counts: 56

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void OpenStaActivityIsTogglesPerCyclePerBitOnPinsOfTheNetlistOnly()
    {
        MeasuredToggles[] toggles =
        [
            new("TOP.neural_core.lane0.datapath", "integrated", SignalClass.Arithmetic, 16, 4000),
            new("TOP.neural_core.lane0.datapath", "integrated:in:adder", SignalClass.Arithmetic, 16, 3000),
            new("TOP.neural_core.lane0.datapath", "product", SignalClass.Arithmetic, 26, 2600),
            new("TOP.neural_core.lane0", "wb_data", SignalClass.Register, 16, 1000),
            new("TOP.neural_core", "start", SignalClass.Register, 1, 2),
            new("TOP.neural_core", "out_valid", SignalClass.Queue, 1, 250),
            new("TOP.neural_core", "clk:cycles", SignalClass.Register, 64, 1000),
        ];
        InstancePort[] ports =
        [
            new("", "neural_core", "start", 1, true), new("", "neural_core", "out_valid", 1, false),
            new("lane0", "neural_lane", "clk", 1, true),
            new("lane0.datapath", "snn_lane_datapath", "integrated", 16, false), new("lane0.datapath", "snn_lane_datapath", "state_in", 16, true),
        ];

        var text = OpenStaActivityExport.PowerActivity("neural_core", toggles, 1000, "snn run, seed 3", ports);

        // integrated (a port of the datapath instance): 4000 / (1000 x 16) = 0.25; start (a top input): 2 / 1000 = 0.002;
        // product and wb_data are internal nets (2600 / 26000 = 0.1, 1000 / 16000 = 0.0625), out_valid a top output: listed,
        // not set; counters and in-action parts (names with ':') are no nets. No -global line.
        Assert.That(text, Is.EqualTo("""
            # OpenSTA switching activity of neural_core from HwGen harness toggle counts: snn run, seed 3, 1000 cycles.
            # activity = toggles / (cycles x bus width): transitions per clock cycle of one bit; duty 0.5 is assumed.
            # Only pins of the hierarchical netlist (ports of module instances) and input ports of the top are set; no -global
            # activity (it would override every per-pin line). Synthesise without flattening to keep these pins.
            set_power_activity -pins [get_pins {lane0/datapath/integrated[*]}] -activity 0.25 -duty 0.5
            set_power_activity -input_ports [get_ports {start}] -activity 0.002 -duty 0.5
            # Counted nets that are no pin of the netlist (internal wires and registers; their activity, not settable here):
            #   lane0/datapath/product (0.1)
            #   lane0/wb_data (0.0625)
            #   out_valid (0.25)

            """.ReplaceLineEndings("\n")));
        Assert.That(text, Does.Not.Contain("-global -activity"));
        Assert.That(OpenStaActivityExport.PinPath("buffer.bank[2].memory"), Is.EqualTo("buffer/bank[2].memory"));
        Assert.That(OpenStaActivityExport.PinPath("lane0.datapath"), Is.EqualTo("lane0/datapath"));
    }

    [Test]
    public void OpenStaRefusesABusOutsideTheTop()
    {
        MeasuredToggles[] toggles = [new("TOP.other.lane0", "x", SignalClass.Register, 4, 1)];
        Assert.That(() => OpenStaActivityExport.PowerActivity("neural_core", toggles, 10, "s", []),
            Throws.ArgumentException.With.Message.EqualTo("bus TOP.other.lane0.x is not inside TOP.neural_core"));
    }

    [Test]
    public void SaifHasOneInstancePerLevelAndEveryBitsToggleCount()
    {
        // coverage.dat points: two edges of one bit add up; a generate block's instance (bank[0], memory) is one instance.
        ToggleCoveragePoint[] points =
        [
            new("neural_core", "TOP.neural_core", "start", -1, "", 2),
            new("snn_lane_datapath", "TOP.neural_core.lane0.datapath", "integrated", 0, "0->1", 7),
            new("snn_lane_datapath", "TOP.neural_core.lane0.datapath", "integrated", 0, "1->0", 6),
            new("snn_lane_datapath", "TOP.neural_core.lane0.datapath", "integrated", 1, "", 4),
            new("sram_1r1w", "TOP.neural_core.buffer.bank[0].memory", "rd", 3, "", 9),
        ];

        var text = SaifExport.Write("neural_core", points, 1000 * 10.0, "hwgen test");

        Assert.That(text, Is.EqualTo("""
            (SAIFILE
            (SAIFVERSION "2.0")
            (DIRECTION "backward")
            (DESIGN "neural_core")
            (VENDOR "HwGen")
            (PROGRAM_NAME "hwgen test")
            (VERSION "1")
            (DIVIDER / )
            (TIMESCALE 1 ns)
            (DURATION 10000)
            (INSTANCE neural_core
              (NET
                (start (TC 2))
              )
              (INSTANCE buffer
                (INSTANCE bank\[0\]\.memory
                  (NET
                    (rd\[3\] (TC 9))
                  )
                )
              )
              (INSTANCE lane0
                (INSTANCE datapath
                  (NET
                    (integrated\[0\] (TC 13))
                    (integrated\[1\] (TC 4))
                  )
                )
              )
            )
            )

            """.ReplaceLineEndings("\n")));
    }
}
