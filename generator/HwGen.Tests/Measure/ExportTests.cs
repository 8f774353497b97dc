// Exports for other tools, on hand-made inputs with the exact expected text: Accelergy ERT.yaml and
// action_counts.yaml, and the OpenSTA set_power_activity file.
using HwGen.Emit;
using HwGen.Energy;
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
    public void OpenStaActivityIsTogglesPerCyclePerBit()
    {
        MeasuredToggles[] toggles =
        [
            new("TOP.neural_core.lane0.datapath", "integrated", SignalClass.Arithmetic, 16, 4000),
            new("TOP.neural_core.lane0", "wb_data", SignalClass.Register, 16, 1000),
            new("TOP.neural_core", "out_valid", SignalClass.Queue, 1, 250),
        ];

        var text = OpenStaActivityExport.PowerActivity("neural_core", toggles, 1000, "snn run, seed 3");

        // integrated: 4000 / (1000 × 16) = 0.25; wb_data: 1000 / 16000 = 0.0625; out_valid: 250 / 1000 = 0.25;
        // global: 5250 / (1000 × 33) = 0.159090909...
        Assert.That(text, Is.EqualTo("""
            # OpenSTA switching activity of neural_core from HwGen harness toggle counts: snn run, seed 3, 1000 cycles.
            # activity = toggles / (cycles x bus width): transitions per clock cycle of one bit; duty 0.5 is assumed.
            set_power_activity -global -activity 0.159090909 -duty 0.5
            set_power_activity -pins [get_pins {lane0/datapath/integrated[*]}] -activity 0.25 -duty 0.5
            set_power_activity -pins [get_pins {lane0/wb_data[*]}] -activity 0.0625 -duty 0.5
            set_power_activity -pins [get_pins {out_valid}] -activity 0.25 -duty 0.5

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void OpenStaRefusesABusOutsideTheTop()
    {
        MeasuredToggles[] toggles = [new("TOP.other.lane0", "x", SignalClass.Register, 4, 1)];
        Assert.That(() => OpenStaActivityExport.PowerActivity("neural_core", toggles, 10, "s"),
            Throws.ArgumentException.With.Message.EqualTo("bus TOP.other.lane0.x is not inside TOP.neural_core"));
    }
}
