// hwgen train end to end on a short run (the embedded default spec, 1 epoch on 10,000 images, CI-sized) and hwgen run
// on what it wrote (5 test images in RTL), the training program's own unit tests, and the trained spec's text: the
// source as written with the data keys added.
using System.Text.Json.Nodes;
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Cli;
using HwGen.Train;

namespace HwGen.Tests.Train;

[TestFixture]
public sealed class TrainingProgramTests
{
    [Test]
    [Category("Training")]
    public void The_training_programs_unit_tests_pass()
    {
        var run = Toolchain.Run(TrainingProgram.Python, ["-m", "unittest", "discover", "-s", "tests", "-t", "."],
            Path.Combine(RepoPaths.Root, "training"), new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" }, TimeSpan.FromMinutes(5));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.CombinedOutput);
        Assert.That(run.StandardError, Does.Match(@"Ran \d+ tests").And.Contain("\nOK"));
    }

    [Test]
    [Category("Training")]
    public void A_short_training_writes_a_trained_spec_whose_golden_accuracy_is_pytorchs()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"hwgen-train-{Guid.NewGuid():N}");
        try
        {
            var result = CliRunner.Run("train", "--epochs", "1", "--train-images", "10000", "--rtl-sample", "5", "-o", folder, "--json", "--quiet");
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
            var json = JsonNode.Parse(result.Out)!;
            var training = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "training.json")))!;
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.That(files, Is.EqualTo(new[] { "conv1.weights.npy", "fc1.weights.npy", "input.npy", "manifest.json", "report.json", "report.md", "spec.yaml", "training.json" }));

            // The trained spec loads with its data: 8x8 input (Fashion-MNIST box-averaged, k = 3), int8 weights.
            var load = ModelLoader.LoadFile(Path.Combine(folder, "spec.yaml"));
            Assert.That(load.Succeeded, Is.True, string.Join("\n", load.Diagnostics));
            var model = load.Model!;
            Assert.That(model.Workload.TestSet, Is.EqualTo(new TestSetModel(TestSetSource.FashionMnist, null, null, null, 5)));
            var conv = NpyReader.Read(Path.Combine(folder, "conv1.weights.npy"), "conv1");
            Assert.That((conv.Shape, conv.DType), Is.EqualTo((new long[] { 4, 1, 3, 3 }, NpyDType.Int8)));

            // HwGen's golden model and PyTorch's integer evaluation are two implementations of the same integer
            // semantics: on all 10,000 test images their accuracies agree exactly (this network cannot saturate).
            var pytorch = training["pytorch_evaluation"]!;
            Assert.Multiple(() =>
            {
                Assert.That((double)json["qnn"]!["accuracy"]!, Is.EqualTo((double)pytorch["qnn_accuracy"]!));
                Assert.That((double)json["snn"]!["accuracy"]!, Is.EqualTo((double)pytorch["snn_accuracy"]!));
                Assert.That((int)json["test_set"]!["images"]!, Is.EqualTo(10_000));
                Assert.That((double)json["qnn"]!["accuracy"]!, Is.GreaterThan(0.5), "one epoch on 10,000 images is well above chance (0.1)");
                Assert.That((int)training["train_images"]!, Is.EqualTo(10_000));
                Assert.That((string)training["libraries"]!["torch"]!, Does.StartWith("1.13"));
                var layers = json["test_set"]!["layers"]!.AsArray();
                var rates = pytorch["layers"]!.AsArray();
                for (var l = 0; l < layers.Count; l++)
                {
                    Assert.That((double)layers[l]!["spike_rate"]!, Is.EqualTo((double)rates[l]!["spike_rate"]!).Within(1e-12));
                    Assert.That((double)layers[l]!["qnn_sparsity"]!, Is.EqualTo((double)rates[l]!["qnn_sparsity"]!).Within(1e-12));
                }
            });

            // hwgen run on the trained spec: both twins' accuracy (golden model, all 10,000 images) beside the RTL
            // sample's, which is bit-exact and so predicts what the golden model predicts.
            var runFolder = folder + "-run";
            try
            {
                var run = CliRunner.Run("run", Path.Combine(folder, "spec.yaml"), "-o", runFolder, "--json", "--quiet");
                Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
                var report = JsonNode.Parse(run.Out)!;
                var testSet = report["test_set"]!;
                Assert.Multiple(() =>
                {
                    Assert.That((bool)testSet["rtl_bit_exact"]!, Is.True);
                    Assert.That((int)testSet["images"]!, Is.EqualTo(10_000));
                    foreach (var twin in new[] { "snn", "qnn" })
                    {
                        var t = report[twin]!;
                        Assert.That((double)t["accuracy"]!, Is.EqualTo((double)json[twin]!["accuracy"]!), twin);
                        Assert.That(((int)t["test_images"]!, (int)t["rtl_sample"]!), Is.EqualTo((10_000, 5)), twin);
                        var sample = testSet[twin]!;
                        Assert.That((int)sample["rtl_bit_exact_images"]!, Is.EqualTo(5), twin);
                        Assert.That((int)sample["rtl_same_prediction_as_golden"]!, Is.EqualTo(5), twin);
                        Assert.That((double)t["rtl_accuracy"]!, Is.EqualTo((int)sample["golden_sample_correct"]! / 5.0), twin);
                        var energy = sample["energy_per_inference_pj"]!;
                        Assert.That((double)energy["ert_of_measured_counts_sample"]!, Is.EqualTo((double)energy["analytical_sample"]!).Within(1e-9).Percent,
                            $"{twin}: the RTL's counts are the golden model's, so their ERT price is the exact-mode analytical energy");
                        Assert.That((double)energy["measured_sample"]!, Is.GreaterThan(0), twin);
                    }
                });
                Assert.That(File.ReadAllText(Path.Combine(runFolder, "report", "report.md")), Does.Contain("## Test set: accuracy and energy per inference"));
            }
            finally
            {
                if (Directory.Exists(runFolder))
                {
                    Directory.Delete(runFolder, recursive: true);
                }
            }

            // The same command again: the same integer weights, byte for byte (one PyTorch thread).
            var again = folder + "-again";
            try
            {
                Assert.That(CliRunner.Run("train", "--epochs", "1", "--train-images", "10000", "--rtl-sample", "5", "-o", again, "--quiet").ExitCode, Is.EqualTo(0));
                foreach (var file in new[] { "conv1.weights.npy", "fc1.weights.npy", "input.npy" })
                {
                    Assert.That(File.ReadAllBytes(Path.Combine(again, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(folder, file))), file);
                }
            }
            finally
            {
                if (Directory.Exists(again))
                {
                    Directory.Delete(again, recursive: true);
                }
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Test]
    public void The_trained_spec_is_the_source_text_with_the_data_keys_added()
    {
        const string source = """
            # my accelerator
            hwgen_spec: 1
            name: mine
            workload:
              input:
                channels: 1
                height: 8
                width: 8
              stimulus:
                seed: 3   # kept
              layers:
                - name: conv1
                  type: conv2d
                  weights_file: 'old weights.npy'
                - name: fc1   # the classifier
                  type: fc
            """;
        var data = new TrainedSpecData(new Dictionary<string, string> { ["conv1"] = "conv1.weights.npy", ["fc1"] = "fc1.weights.npy" },
            "input.npy", "fashion-mnist", 100, ["Trained by `hwgen train`."]);
        var text = TrainedSpecWriter.Write(source.ReplaceLineEndings("\n"), "mine.yaml", data);
        Assert.That(text, Is.EqualTo("""
            # Trained by `hwgen train`.
            # my accelerator
            hwgen_spec: 1
            name: mine
            workload:
              test_set:
                dataset: fashion-mnist
                rtl_sample: 100
              input:
                channels: 1
                height: 8
                width: 8
              stimulus:
                input_file: input.npy
                seed: 3   # kept
              layers:
                - name: conv1
                  type: conv2d
                  weights_file: conv1.weights.npy
                - name: fc1   # the classifier
                  weights_file: fc1.weights.npy
                  type: fc
            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void A_flow_style_layer_cannot_take_a_weights_file()
    {
        const string source = "hwgen_spec: 1\nname: x\nworkload:\n  input:\n    channels: 1\n  layers:\n    - {name: fc1, type: fc}\n";
        var data = new TrainedSpecData(new Dictionary<string, string> { ["fc1"] = "fc1.weights.npy" }, "input.npy", "fashion-mnist", 100, []);
        var error = Assert.Throws<DiagnosticException>(() => TrainedSpecWriter.Write(source, "x.yaml", data))!.Diagnostics.Single();
        Assert.That(error.ToString(), Is.EqualTo(
            "x.yaml:7:7: error HW1211: 'workload.layers[0]' is written in flow style ({...} or [...]); hwgen train adds the data keys to the spec's own text and needs block style there"));
    }

    [Test]
    public void Bit_budget_pairs_and_their_variants()
    {
        var model = ModelLoader.LoadFile(Path.Combine(RepoPaths.HwConfigs, "fashion-mnist.yaml")).Model!;
        Assert.That(BitBudget.Pairs(32, 1).Select(p => p.Name), Is.EqualTo(new[] { "w2-t16", "w4-t8", "w8-t4", "w16-t2" }));
        Assert.That(BitBudget.Pairs(24, 1).Select(p => p.Name), Is.EqualTo(new[] { "w2-t12", "w3-t8", "w4-t6", "w6-t4", "w8-t3", "w12-t2" }));
        // 4-bit weights, T = 8: threshold 256 * 2^-4 = 16, membrane 16 - 4 = 12, twin 4 bits, accumulator 20 - 4 + 1 = 17.
        Assert.That(BitBudget.Derive(model, new BitBudgetPair(4, 8)), Is.EqualTo((4, 16L, 12, 17)));
        Assert.That(BitBudget.Derive(model, new BitBudgetPair(16, 2)), Is.EqualTo((2, 65536L, 24, 27)));
        var text = BitBudget.VariantText(model, File.ReadAllText(Path.Combine(RepoPaths.HwConfigs, "fashion-mnist.yaml")), "fashion-mnist.yaml", new BitBudgetPair(4, 8));
        var variant = ModelLoader.LoadText(text, "variant.yaml", RepoPaths.HwConfigs);
        Assert.That(variant.Succeeded, Is.True, string.Join("\n", variant.Diagnostics));
        var v = variant.Model!;
        Assert.That((v.Name, v.Neuron.WeightBits, v.Neuron.Timesteps, v.Neuron.Threshold, v.Twin.ActivationBits), Is.EqualTo(("fashion-twin-w4-t8", 4, 8, 16, 4)));
        // Twice the timesteps: twice the source's 128 KiB global buffer, so every timestep's events still fit.
        Assert.That(v.Memory.GlobalBuffer.CapacityBits, Is.EqualTo(256L * 1024 * 8));
        Assert.That((BitBudget.GlobalBufferKib(model, new BitBudgetPair(2, 16)), BitBudget.GlobalBufferKib(model, new BitBudgetPair(16, 2))), Is.EqualTo((512L, 128L)));
    }
}
