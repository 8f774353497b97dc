// Test sets: the .npy loader and its located refusals, the prediction rule, and the evaluation of both twins on a
// one-layer network whose every count is computed by hand; then an RTL sample checked bit for bit.
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Train;

namespace HwGen.Tests.Train;

[TestFixture]
public sealed class TestSetEvaluationTests
{
    /// <summary>
    /// Input 1x1x2, T = 2 (twin: 2-bit activations, 0..3), threshold 2, one fc layer 2 -> 2 with weights [[3, 0], [0, 2]].
    /// </summary>
    private const string TinySpec = """
        hwgen_spec: 1
        name: tiny-test-set
        technology:
          preset: yan2024-v1-45nm
        memory:
          global_buffer:
            capacity_kib: 1
            word_bits: 32
          lane_memory:
            weight_words: 16
            state_words: 16
        core:
          lanes: 1
        neuron:
          model: snn
          timesteps: 2
          threshold: 2
          weight_bits: 4
          membrane_bits: 8
          accumulator_bits: 10
        workload:
          input:
            channels: 1
            height: 1
            width: 2
          test_set:
            inputs_file: inputs.npy
            labels_file: labels.npy
            rtl_sample: 0
          layers:
            - name: out
              type: fc
              outputs: 2
              weights_file: out.npy
        """;

    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("hwgen-test-set-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    private HardwareModel Tiny(string? spec = null, long[]? inputs = null, long[]? inputShape = null, long[]? labels = null, long[]? labelShape = null)
    {
        // Images A: x0 fires at t0 and t1; B: x1 at t0 and t1; C: x0 at t0, x1 at t1 ([N, T, 2] spike levels).
        inputs ??= [1, 0, 1, 0, /* B */ 0, 1, 0, 1, /* C */ 1, 0, 0, 1];
        labels ??= [0, 0, 0];
        NpyWriter.Write(Path.Combine(folder, "inputs.npy"), inputShape ?? [labels.Length, 2, 2], inputs, NpyDType.UInt8);
        NpyWriter.Write(Path.Combine(folder, "labels.npy"), labelShape ?? [labels.Length], labels, NpyDType.Int64);
        NpyWriter.Write(Path.Combine(folder, "out.npy"), [2, 2], [3, 0, 0, 2], NpyDType.Int8);
        File.WriteAllText(Path.Combine(folder, "spec.yaml"), spec ?? TinySpec);
        var load = ModelLoader.LoadFile(Path.Combine(folder, "spec.yaml"));
        Assert.That(load.Succeeded, Is.True, string.Join("\n", load.Diagnostics));
        return load.Model!;
    }

    private static TestSetPricing Pricing(HardwareModel model) => TestSetPricing.For(model);

    [Test]
    public void Both_twins_are_evaluated_image_by_image_as_computed_by_hand()
    {
        var model = Tiny();
        var testSet = TestSetLoader.Load(model, folder);
        var weights = NpyNetworkData.Load(model, folder).Weights;
        var result = TestSetEvaluation.Run(model, testSet, weights, [], Pricing(model), Path.Combine(folder, "work"), rtlSample: 0);

        // A: SNN out0 u = 3 -> spike, 1; 1 + 3 = 4 -> spike, 2: score 2*2 + 2 = 6, out1 0: class 0. QNN acc [6, 0]: class 0;
        //    its activation floor(6/2) = 3 is above the 2 spikes T = 2 can carry.
        // B: out1 fires twice, score 4; QNN acc [0, 4]: class 1 (label 0: wrong for both). Activations 2 = 2 spikes.
        // C: out0 3 -> spike, 1; then 1: score 2 + 1 = 3; out1 0, then 2 -> spike: score 2. Class 0; QNN acc [3, 2]: class 0.
        Assert.Multiple(() =>
        {
            Assert.That(testSet.Count, Is.EqualTo(3));
            Assert.That((result.Snn.Correct, result.Qnn.Correct, result.Images), Is.EqualTo((2, 2, 3)));
            Assert.That(result.Snn.Accuracy, Is.EqualTo(2.0 / 3));
            Assert.That((result.Disagreements, result.SnnOnlyRight, result.QnnOnlyRight), Is.EqualTo((0, 0, 0)));
            var layer = result.Layers.Single();
            Assert.That(layer.SpikeRate, Is.EqualTo(6.0 / 12), "6 spikes over 3 images x 2 neurons x 2 timesteps");
            Assert.That(layer.QnnSparsity, Is.EqualTo(1 - 4.0 / 6), "4 non-zero activations of 6");
            Assert.That(layer.LevelDifference, Is.EqualTo(1.0 / 6), "A's out0: activation 3, 2 spikes");
            Assert.That(layer.AboveSpikeCapacity, Is.EqualTo(1.0 / 6));
            Assert.That(result.Snn.RtlImages, Is.Zero);
            Assert.That(result.Snn.RtlAccuracy, Is.Null);
        });
    }

    [Test]
    public void The_analytical_energy_per_inference_is_the_mean_of_the_images()
    {
        var model = Tiny();
        var testSet = TestSetLoader.Load(model, folder);
        var weights = NpyNetworkData.Load(model, folder).Weights;
        var pricing = Pricing(model);
        var result = TestSetEvaluation.Run(model, testSet, weights, [], pricing, Path.Combine(folder, "work"), rtlSample: 0);
        foreach (var (kind, twin) in new[] { (DesignKind.Snn, result.Snn), (DesignKind.Qnn, result.Qnn) })
        {
            var prices = kind == DesignKind.Snn ? pricing.Engine.SnnPrices : pricing.Engine.QnnPrices(model.Twin.ActivationBits);
            var perImage = Enumerable.Range(0, 3).Select(i =>
            {
                var data = testSet.Data(model, weights, i);
                var trace = kind == DesignKind.Snn ? GoldenModel.RunSnn(model, data).Trace : GoldenModel.RunQnn(model, data).Trace;
                return pricing.Engine.ExactVectors(trace).Sum(v => DesignEnergy.Of(v, prices.Energies).TotalPj);
            }).ToList();
            Assert.That(twin.Energy.AnalyticalPj, Is.EqualTo(perImage.Average()).Within(1e-9).Percent, twin.Twin);
        }
    }

    [Test]
    public void Predictions_are_the_first_maximum_of_the_last_layers_scores()
    {
        var model = Tiny();
        IReadOnlyList<IReadOnlyList<SpikeEvent>> none = [Array.Empty<SpikeEvent>()];

        // SNN: out0 1 spike (score 2 + residue 1 = 3), out1 no spike but residue 3: equal scores, the first wins.
        IReadOnlyList<IReadOnlyList<SpikeEvent>> oneSpike = [new[] { new SpikeEvent(0, 1) }, Array.Empty<SpikeEvent>()];
        IReadOnlyList<IReadOnlyList<SpikeEvent>> twoSpikes = [new[] { new SpikeEvent(1, 1) }, new[] { new SpikeEvent(1, 1) }];
        IReadOnlyList<IReadOnlyList<SpikeEvent>> activation = [new[] { new SpikeEvent(0, 3) }];
        var tie = new NetworkTrace(DesignKind.Snn, [new LayerTrace(0, none, oneSpike, [1, 3])]);
        var second = new NetworkTrace(DesignKind.Snn, [new LayerTrace(0, none, twoSpikes, [1, 0])]);
        var qnn = new NetworkTrace(DesignKind.Qnn, [new LayerTrace(0, none, activation, [-5, -4])]);
        Assert.That(new[] { TestSetEvaluation.Prediction(model, tie), TestSetEvaluation.Prediction(model, second), TestSetEvaluation.Prediction(model, qnn) },
            Is.EqualTo(new[] { 0, 1, 1 }));
    }

    private List<string> LoadErrors(HardwareModel model)
    {
        var error = Assert.Throws<DiagnosticException>(() => TestSetLoader.Load(model, folder))!;
        Assert.That(TestSetLoader.Check(model, folder).Select(d => d.ToString()), Is.EqualTo(error.Diagnostics.Select(d => d.ToString())));
        return error.Diagnostics.Select(d => d.ToString()).ToList();
    }

    [Test]
    public void Bad_test_set_files_are_refused_together_naming_file_shape_and_value()
    {
        // Four inputs without their channel axis, and a label beyond the two classes: both reported in one load.
        var model = Tiny(inputShape: [4, 2, 1, 2], inputs: [1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 9, 9, 9, 9], labels: [0, 0, 5, 1], labelShape: [4]);
        Assert.That(LoadErrors(model), Is.EqualTo(new[]
        {
            "inputs.npy:1:1: error HW0606: test-set inputs (spike levels per image, timestep and input neuron): expected shape [N, 2, 1, 1, 2] or [N, 2, 2], found (4, 2, 1, 2)",
            "labels.npy:1:1: error HW0610: class indices (2 output neurons): element 2 is 5, expected 0..1 (1 element out of range)",
        }));
    }

    [Test]
    public void More_images_or_rtl_images_than_the_files_hold_are_refused_at_their_keys()
    {
        // Valid as written (4 images, all in RTL), but the files hold 3: both keys are refused when the files are read.
        var spec = TinySpec.Replace("    rtl_sample: 0", "    rtl_sample: 4\n    images: 4", StringComparison.Ordinal);
        var model = Tiny(spec);
        var errors = LoadErrors(model);
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.Match(@"/spec\.yaml:\d+:\d+: error HW1207: 'workload\.test_set\.images' is 4, but inputs\.npy holds 3$"));
        Assert.That(errors[1], Does.Match(@"/spec\.yaml:\d+:\d+: error HW1206: 'workload\.test_set\.rtl_sample' is 4, more than the 3 images of the test set$"));
    }

    [Test]
    [Category("Rtl")]
    public void An_rtl_sample_is_bit_exact_and_predicts_what_the_golden_model_predicts()
    {
        // The default spec with four seeded inputs as a test set; two of them through Verilator.
        var model = ModelLoader.LoadDefault().Model!;
        var generated = Enumerable.Range(1, 4).Select(seed => StimulusGenerator.Generate(
            ModelLoader.LoadText(ModelLoader.DefaultSpecText().Replace("seed: 1", $"seed: {seed}", StringComparison.Ordinal), "d.yaml").Model!)).ToList();
        var levels = generated.SelectMany(d => d.InputLevels!.SelectMany(step => step.Select(v => (long)v))).ToArray();
        var size = model.Workload.Input.Size;
        var testSet = new TestSet("four seeded inputs", model.Neuron.Timesteps, size, levels.Select(v => (byte)v).ToArray(), [3, 1, 4, 1]);
        var weights = generated[0].Weights;
        var sets = RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
        var result = TestSetEvaluation.Run(model, testSet, weights, sets, Pricing(model), Path.Combine(folder, "work"), rtlSample: 2);
        Assert.Multiple(() =>
        {
            Assert.That(result.RtlBitExact, Is.True);
            foreach (var twin in result.Twins)
            {
                Assert.That((twin.RtlImages, twin.RtlBitExact, twin.RtlSameAsGolden), Is.EqualTo((2, 2, 2)), twin.Twin);
                Assert.That(twin.RtlCorrect, Is.EqualTo(twin.GoldenSampleCorrect), twin.Twin);
                Assert.That(twin.Energy.SampleErtOfMeasuredCountsPj, Is.EqualTo(twin.Energy.SampleAnalyticalPj).Within(1e-9).Percent,
                    "measured counts equal the exact-mode counts, so their ERT price is the analytical energy");
                Assert.That(twin.Energy.SampleMeasuredPj, Is.GreaterThan(0));
                Assert.That(twin.SampleMeanCycles, Is.GreaterThan(0));
            }
        });
    }
}
