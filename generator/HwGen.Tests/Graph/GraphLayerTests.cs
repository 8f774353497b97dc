// Pooling and residual layers on hand-made data (docs/hardware.md, "Pooling" and "Residual additions"): outputs, final
// states and counts worked out by hand, and the analytical engine's exact mode equal to the golden model's counts.
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Tests.Graph;

[TestFixture]
public sealed class GraphLayerTests
{
    private static HardwareModel Load(string neuron, string input, string layers)
    {
        var yaml = $"""
            hwgen_spec: 1
            name: graph
            technology:
              preset: yan2024-v1-45nm
            memory:
              global_buffer:
                capacity_kib: 64
                word_bits: 32
              lane_memory:
                weight_words: 512
                state_words: 256
            core:
              lanes: 4
            neuron:
            {neuron}
            workload:
              input: {input}
              layers:
            {layers}
            """;
        var result = ModelLoader.LoadText(yaml, "graph.yaml");
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty);
        return result.Model!;
    }

    private const string Binary = "  model: snn\n  timesteps: 2\n  threshold: 64\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20";

    private static int[][] Levels(int neurons, params (int Timestep, int Address, int Level)[] spikes)
    {
        var timesteps = spikes.Max(s => s.Timestep) + 1;
        var levels = Enumerable.Range(0, Math.Max(timesteps, 1)).Select(_ => new int[neurons]).ToArray();
        foreach (var (t, a, z) in spikes)
        {
            levels[t][a] = z;
        }

        return levels;
    }

    private static NetworkData Data(HardwareModel model, int[][] levels, params int[][] weights)
    {
        var padded = levels.Concat(Enumerable.Range(0, model.Neuron.Timesteps - levels.Length).Select(_ => new int[levels[0].Length])).ToArray();
        return NetworkData.ForSpiking(weights.Length == 0 ? model.Layers.Select(_ => Array.Empty<int>()).ToList() : weights, padded, model.Twin.MaxActivation);
    }

    private static string Spikes(IReadOnlyList<SpikeEvent> events) => string.Join(" ", events.Select(e => $"{e.Address}:{e.Value}"));

    private static void ExactEqualsGolden(HardwareModel model, GoldenResult golden)
    {
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        foreach (var run in new[] { golden.Snn!, golden.Qnn })
        {
            var exact = engine.ExactCounts(run.Trace);
            for (var l = 0; l < model.Layers.Count; l++)
            {
                Assert.That(exact[l].Differences(run.LayerCounts[l]), Is.Empty, $"{run.Trace.Design} layer {l}");
            }
        }
    }

    // Input 1x3x3, window 2, stride 2, padding 1: output 1x2x2. Output row 0 sees input row 0 (row -1 is padding),
    // output row 1 sees rows 1 and 2; the same along the columns. Every input position is in exactly one window.
    private static HardwareModel MaxPool() => Load(Binary, "{channels: 1, height: 3, width: 3}",
        "    - {name: pool, type: maxpool, kernel: 2, stride: 2, padding: 1}");

    [Test]
    public void Binary_max_pooling_fires_when_any_input_of_the_window_spikes_in_the_timestep()
    {
        var model = MaxPool();
        // t0: (0,0), (1,2), (2,2); t1: (1,0).
        var golden = GoldenModel.Run(model, Data(model, Levels(9, (0, 0, 1), (0, 5, 1), (0, 8, 1), (1, 3, 1))));

        var snn = golden.Snn!;
        Assert.That(Spikes(snn.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:1 3:1"));
        Assert.That(Spikes(snn.Trace.Layers[0].Outputs[1]), Is.EqualTo("2:1"));
        Assert.That(snn.Trace.Layers[0].FinalState, Is.EqualTo(new long[] { 0, 0, 0, 0 }), "a max pool keeps nothing across timesteps");

        // The twin sees rates: a = 1 at inputs 0, 3, 5, 8; window maxima 1, 0, 1, 1.
        Assert.That(Spikes(golden.Qnn.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:1 2:1 3:1"));

        // 4 events, each reaching one neuron; 4 neurons fire T = 2 times.
        var counts = snn.LayerCounts[0];
        Assert.Multiple(() =>
        {
            Assert.That(counts[Actions.DramRead], Is.EqualTo(0));
            Assert.That(counts[Actions.WeightMemoryRead], Is.EqualTo(0));
            Assert.That(counts[Actions.WeightMemoryWrite], Is.EqualTo(0));
            Assert.That(counts[Actions.GlobalBufferRead], Is.EqualTo(4));
            Assert.That(counts[Actions.GlobalBufferWrite], Is.EqualTo(4 + 3), "host inputs + output events");
            Assert.That(counts[Actions.StateMemoryWrite], Is.EqualTo(4 + 4 + 2 * 4), "clear + updates + fire write-back");
            Assert.That(counts[Actions.StateMemoryRead], Is.EqualTo(4 + 2 * 4));
            Assert.That(counts[Actions.Compare], Is.EqualTo(4 + 2 * 4), "one max per update + one fire compare per neuron and timestep");
            Assert.That(counts[Actions.Accumulate], Is.EqualTo(0));
            Assert.That(counts[Actions.Subtract], Is.EqualTo(0));
            Assert.That(counts[Actions.OutputQueuePush], Is.EqualTo(3));
        });
        ExactEqualsGolden(model, golden);
    }

    [Test]
    public void The_per_timestep_max_counts_spikes_of_different_inputs_the_max_of_rates_does_not()
    {
        var model = MaxPool();
        // Inputs (1,2) at t0 and (2,2) at t1 share the window of output (1,1).
        var golden = GoldenModel.Run(model, Data(model, Levels(9, (0, 5, 1), (1, 8, 1))));

        Assert.That(golden.Snn!.Trace.Layers[0].Outputs.Sum(t => t.Count), Is.EqualTo(2), "SNN: a spike in each timestep");
        Assert.That(Spikes(golden.Qnn.Trace.Layers[0].Outputs[0]), Is.EqualTo("3:1"), "twin: max(1, 1) = 1");
        Assert.That(MaxPoolAgreement.Measure(model, golden.Snn.Trace).Single().Disagreeing, Is.EqualTo(1));
    }

    [Test]
    public void Multi_level_max_pooling_keeps_the_largest_level()
    {
        var model = Load("  model: multilevel\n  timesteps: 1\n  levels: 3\n  threshold: 64\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
            "{channels: 2, height: 2, width: 2}", "    - {name: pool, type: maxpool, kernel: 2}");
        var golden = GoldenModel.Run(model, Data(model, Levels(8, (0, 0, 1), (0, 3, 2), (0, 5, 3), (0, 6, 1))));

        Assert.That(Spikes(golden.Snn!.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:2 1:3"));
        Assert.That(Spikes(golden.Qnn.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:2 1:3"));
        ExactEqualsGolden(model, golden);
    }

    [Test]
    public void Average_pooling_divides_by_the_window_area_and_carries_the_remainder()
    {
        var model = Load("  model: snn\n  timesteps: 4\n  threshold: 64\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
            "{channels: 1, height: 2, width: 2}", "    - {name: pool, type: avgpool, kernel: 2}");
        // Window sums 3, 2, 0, 4; divisor 4: u = 3 -> 0; 5 -> fire, 1; 1 -> 0; 5 -> fire, 1.
        var golden = GoldenModel.Run(model, Data(model, Levels(4,
            (0, 0, 1), (0, 1, 1), (0, 2, 1), (1, 0, 1), (1, 1, 1), (3, 0, 1), (3, 1, 1), (3, 2, 1), (3, 3, 1))));

        var snn = golden.Snn!;
        Assert.That(snn.Trace.Layers[0].Outputs.Select(t => t.Count), Is.EqualTo(new[] { 0, 1, 0, 1 }));
        Assert.That(snn.Trace.Layers[0].FinalState, Is.EqualTo(new long[] { 1 }));

        // The twin: activations 3, 3, 2, 1, sum 9, floor(9 / 4) = 2 = the SNN's spike count.
        Assert.That(Spikes(golden.Qnn.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:2"));
        Assert.That(golden.Qnn.Trace.Layers[0].FinalState, Is.EqualTo(new long[] { 9 }));

        var counts = snn.LayerCounts[0];
        Assert.Multiple(() =>
        {
            Assert.That(counts[Actions.Accumulate], Is.EqualTo(9));
            Assert.That(counts[Actions.MultiplyAccumulate], Is.EqualTo(0));
            Assert.That(counts[Actions.Compare], Is.EqualTo(4));
            Assert.That(counts[Actions.Subtract], Is.EqualTo(2));
            Assert.That(counts[Actions.StateMemoryWrite], Is.EqualTo(1 + 9 + 4));
            Assert.That(counts[Actions.StateMemoryRead], Is.EqualTo(9 + 4));
        });
        ExactEqualsGolden(model, golden);
    }

    [Test]
    public void A_residual_from_the_input_through_zero_weights_is_the_identity()
    {
        var model = Load(Binary, "{channels: 1, height: 2, width: 2}",
            "    - {name: conv, type: conv2d, out_channels: 1, kernel: 1, residual: input}");
        var levels = Levels(4, (0, 0, 1), (0, 3, 1), (1, 1, 1));
        var golden = GoldenModel.Run(model, Data(model, levels, [0]));

        var snn = golden.Snn!;
        Assert.That(Spikes(snn.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:1 3:1"));
        Assert.That(Spikes(snn.Trace.Layers[0].Outputs[1]), Is.EqualTo("1:1"));
        Assert.That(Spikes(golden.Qnn.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:1 1:1 3:1"));

        // 3 input events and 3 shortcut events, each reaching one neuron; 4 neurons fire twice.
        var counts = snn.LayerCounts[0];
        Assert.Multiple(() =>
        {
            Assert.That(counts[Actions.GlobalBufferRead], Is.EqualTo(1 + 3 + 3), "weight staging + input events + shortcut events");
            Assert.That(counts[Actions.InputQueuePush], Is.EqualTo(6));
            Assert.That(counts[Actions.WeightMemoryRead], Is.EqualTo(3));
            Assert.That(counts[Actions.Accumulate], Is.EqualTo(3 + 3));
            Assert.That(counts[Actions.StateMemoryRead], Is.EqualTo(3 + 3 + 2 * 4));
            Assert.That(counts[Actions.StateMemoryWrite], Is.EqualTo(4 + 3 + 3 + 2 * 4));
        });
        ExactEqualsGolden(model, golden);
    }

    [Test]
    public void A_shortcut_adds_into_a_saturated_membrane_and_stays_saturated()
    {
        // 8-bit membranes (-128..127), threshold 32 (F = 5), L = 3, 7-bit weights.
        var model = Load("  model: multilevel\n  timesteps: 1\n  levels: 3\n  threshold: 32\n  weight_bits: 7\n  membrane_bits: 8\n  accumulator_bits: 20",
            "{channels: 1, height: 1, width: 1}", "    - {name: conv, type: conv2d, out_channels: 1, kernel: 1, residual: input}");
        var golden = GoldenModel.Run(model, Data(model, Levels(1, (0, 0, 3)), [63]));

        // u = sat(63·3) = 127; + (3 << 5) saturates again at 127; fire z = 3, u = 127 - 96 = 31.
        Assert.That(Spikes(golden.Snn!.Trace.Layers[0].Outputs[0]), Is.EqualTo("0:3"));
        Assert.That(golden.Snn.Trace.Layers[0].FinalState, Is.EqualTo(new long[] { 31 }));
        ExactEqualsGolden(model, golden);
    }

    [TestCase("maxpool")]
    [TestCase("avgpool")]
    public void Expected_mode_equals_exact_mode_when_every_input_spikes_once(string pool)
    {
        // T = 1, every input of 2x5x5 fires; window 3, stride 2, padding 1 -> 2x3x3, and a residual conv on the pool.
        var model = Load("  model: snn\n  timesteps: 1\n  threshold: 64\n  weight_bits: 8\n  membrane_bits: 16\n  accumulator_bits: 20",
            "{channels: 2, height: 5, width: 5}",
            $"    - {{name: pool, type: {pool}, kernel: 3, stride: 2, padding: 1}}\n" +
            "    - {name: conv, type: conv2d, out_channels: 2, kernel: 3, padding: 1, residual: pool}");
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        IReadOnlyList<SpikeEvent>[] all = [Enumerable.Range(0, 50).Select(a => new SpikeEvent(a, 1)).ToArray()];
        var poolOut = Enumerable.Range(0, 18).Select(a => new SpikeEvent(a, 1)).ToArray();
        var trace = new NetworkTrace(DesignKind.Snn,
        [
            new LayerTrace(0, all, [poolOut], new long[18]),
            new LayerTrace(1, [poolOut], [poolOut], new long[18]) { Shortcut = [poolOut] },
        ]);
        var exact = engine.ExactVectors(trace);
        for (var l = 0; l < 2; l++)
        {
            var expected = default(ActionVector);
            engine.SnnLayerEnergy(l, 1, 1.0, 1.0, ref expected, shortcutSpikeRate: 1.0);
            for (var i = 0; i < ActionIndex.Count; i++)
            {
                Assert.That(expected[i], Is.EqualTo(exact[l][i]).Within(1e-9), $"layer {l}: {ActionIndex.Key(i)}");
            }
        }

        // Along one axis (5 inputs, 3 outputs) the window of output o covers inputs 2o-1..2o+1: reach 1, 2, 1, 2, 1 (sum 7),
        // so a pool's updates are 2 channels x 7 x 7 = 98, its synapses.
        Assert.That(exact[0][ActionIndex.StateMemoryRead], Is.EqualTo(98 + 18));
        Assert.That(model.Layers[0].Synapses, Is.EqualTo(98));
        Assert.That(exact[1][ActionIndex.Accumulate], Is.EqualTo(exact[1][ActionIndex.WeightMemoryRead] + 18), "synaptic adds + 18 shortcut adds");
    }
}
