// The shipped trained example (hwconfigs/fashion-mnist-trained/) against what docs/training.md says HwGen's keys
// expect: shapes, dtypes and ranges of every file, the input as HwGen's encoding of test image 0, the manifests' hashes,
// and the accuracies its report states, recomputed by the golden model on the whole test set.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Train;

namespace HwGen.Tests.Train;

[TestFixture]
public sealed class ShippedExampleTests
{
    private static string Folder => Path.Combine(RepoPaths.HwConfigs, "fashion-mnist-trained");

    private static HardwareModel Model()
    {
        var load = ModelLoader.LoadFile(Path.Combine(Folder, TrainingProgram.SpecFile));
        Assert.That(load.Succeeded, Is.True, string.Join("\n", load.Diagnostics));
        return load.Model!;
    }

    [Test]
    public void Every_file_is_what_the_keys_expect()
    {
        var model = Model();
        Assert.Multiple(() =>
        {
            Assert.That((model.Neuron.Timesteps, model.Twin.ActivationBits, model.Neuron.WeightBits), Is.EqualTo((4, 3, 8)), "T = 4 and its 3-bit twin");
            Assert.That(model.Layers.Select(l => l.Kind), Is.EqualTo(new[] { LayerKind.Conv2d, LayerKind.Conv2d, LayerKind.Fc }), "a small conv + fc network");
            Assert.That(model.Workload.TestSet, Is.EqualTo(new TestSetModel(TestSetSource.FashionMnist, null, null, null, TestSetModel.DefaultRtlSample)));
            foreach (var layer in model.Layers)
            {
                Assert.That(Path.GetFileName(layer.WeightFile), Is.EqualTo($"{layer.Name}.weights.npy"));
                var array = NpyReader.Read(layer.WeightFile!, layer.Name);
                long[] shape = layer.Kind == LayerKind.Fc
                    ? [layer.OutputShape.Size, layer.InputShape.Size]
                    : [layer.OutputShape.Channels, layer.InputShape.Channels, layer.Kernel, layer.Kernel];
                Assert.That(array.Shape, Is.EqualTo(shape), layer.Name);
                Assert.That(array.DType, Is.EqualTo(NpyDType.Int8), $"{layer.Name}: the smallest signed dtype of 8-bit weights");
                Assert.That(array.Values, Is.All.InRange(-128, 127), layer.Name);
                Assert.That(array.Values.Distinct().Count(), Is.GreaterThan(16), $"{layer.Name}: trained weights use the 8-bit range");
            }

            var input = NpyReader.Read(model.Workload.Stimulus.InputFile!, "input.npy");
            Assert.That(input.Shape, Is.EqualTo(new long[] { 4, 1, 28, 28 }));
            Assert.That(input.Values, Is.All.InRange(0, 1), "binary spike levels");
        });
    }

    [Test]
    [Category("Training")]
    public void The_input_is_hwgens_encoding_of_test_image_0()
    {
        var model = Model();
        var images = ImageEncoding.LoadFashionMnistTest(TestSetLoader.FashionMnistFolder(), SourceSpan.None);
        var counts = ImageEncoding.Counts(images.Image(0), 28, 28, 28, 28, ImageEncoding.MaxCount(model));
        var expected = ImageEncoding.SpreadOverTimesteps(counts, 4).SelectMany(step => step.Select(v => (long)v)).ToArray();
        Assert.That(NpyReader.Read(model.Workload.Stimulus.InputFile!, "input.npy").Values, Is.EqualTo(expected));
    }

    [Test]
    public void The_manifests_name_every_file_with_its_hash()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!["files"]!.AsObject();
        var onDisk = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        Assert.That(manifest.Select(f => f.Key).Order(StringComparer.Ordinal), Is.EqualTo(onDisk));
        foreach (var (file, hash) in manifest)
        {
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, file)))), Is.EqualTo((string)hash!), file);
        }

        var training = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, TrainingProgram.ManifestFile)))!;
        foreach (var (file, hash) in training["files"]!.AsObject())
        {
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, file)))), Is.EqualTo((string)hash!), $"training.json: {file}");
        }

        // The header names the command that reproduces the folder, with the seed and epochs training.json records.
        var header = File.ReadLines(Path.Combine(Folder, TrainingProgram.SpecFile)).First();
        Assert.That(header, Is.EqualTo($"# Trained by `hwgen train hwconfigs/fashion-mnist.yaml --epochs {(int)training["epochs"]!} --seed {(int)training["seed"]!} -o hwconfigs/fashion-mnist-trained` from hwconfigs/fashion-mnist.yaml:"));
    }

    [Test]
    [Category("Training")]
    public void The_golden_model_reproduces_the_reported_accuracies_on_all_10000_test_images()
    {
        var model = Model();
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "report.json")))!;
        var testSet = TestSetLoader.Load(model, Folder);
        var weights = NpyNetworkData.Load(model, Folder).Weights;
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        var pricing = new TestSetPricing(new AnalyticalEnergyModel(model, table), table, ToggleCalibrationLoader.LoadPreset(model.Technology.Preset));
        var result = TestSetEvaluation.Run(model, testSet, weights, [], pricing, Path.Combine(Path.GetTempPath(), "hwgen-shipped"), rtlSample: 0);
        Assert.Multiple(() =>
        {
            Assert.That(result.Images, Is.EqualTo(10_000));
            Assert.That(result.Qnn.Accuracy, Is.EqualTo((double)report["qnn"]!["accuracy"]!));
            Assert.That(result.Snn.Accuracy, Is.EqualTo((double)report["snn"]!["accuracy"]!));
            Assert.That(result.Qnn.Accuracy, Is.GreaterThanOrEqualTo(0.85), "issue 13: at least 85 % for the QNN twin");
            Assert.That(result.Disagreements, Is.EqualTo((int)report["test_set"]!["disagreements"]!));
            Assert.That(result.Qnn.Accuracy, Is.EqualTo((double)report["pytorch_qnn_accuracy"]!), "PyTorch's integer evaluation agrees");
        });
    }
}
