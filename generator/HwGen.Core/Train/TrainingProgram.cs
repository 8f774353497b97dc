// `hwgen train`: runs the training program (training/, PyTorch under Debian's python3) on a spec's network, writes the
// trained spec beside its .npy files, and evaluates both twins on the whole test set with the golden model.
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Spec;

namespace HwGen.Train;

/// <summary>The training settings hwgen train passes on (docs/training.md has their defaults and meaning).</summary>
public sealed record TrainingOptions(int Epochs = TrainingOptions.DefaultEpochs, ulong Seed = 1, int TrainImages = 0, int Threads = 1,
    double SnnLossWeight = 1.0, int RtlSample = TestSetModel.DefaultRtlSample)
{
    public const int DefaultEpochs = 15;
}

/// <summary>What to train: the validated source spec, its text as written, how to name it, and where the folder goes.</summary>
public sealed record TrainingRequest(HardwareModel Model, string SourceText, string SourceLabel, string Folder, TrainingOptions Options, string Command);

/// <summary>What the training program reported in training.json (the fields HwGen reads; the file holds more).</summary>
public sealed record TrainingManifest(
    ulong Seed,
    int Epochs,
    int TrainImages,
    int Threads,
    double TrainingSeconds,
    IReadOnlyDictionary<string, string> Libraries,
    double PyTorchQnnAccuracy,
    double PyTorchSnnAccuracy,
    double FinalLoss);

/// <summary>A trained spec: its folder and spec file, what the program reported, and the golden model's evaluation.</summary>
public sealed record TrainingResult(string SpecFile, TrainingManifest Manifest, TestSetResult Evaluation, string Command, string SourceLabel, HardwareModel Trained);

public static class TrainingProgram
{
    /// <summary>Environment variable naming another interpreter than Debian's python3 (tests use it for fake ones).</summary>
    public const string PythonVariable = "HWGEN_PYTHON";
    public const string DefaultPython = "/usr/bin/python3";
    public const string TorchPackage = "python3-torch";
    public const string SpecFile = "spec.yaml";
    public const string ManifestFile = "training.json";
    private const string ResourcePrefix = "HwGen.training.";

    public static string Python => Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } python ? python : DefaultPython;

    /// <summary>HW1210, HW1204, HW1205: the spec's network must be a spiking design that maps Fashion-MNIST images onto its classes.</summary>
    public static void CheckTrainable(HardwareModel model)
    {
        var bag = new DiagnosticBag();
        if (!model.HasSpikingDesign)
        {
            bag.NotTrainable(model.Locations.At("neuron.model"),
                "'neuron.model' is 'qnn': hwgen train trains a spiking design (snn or multilevel) together with its QNN twin");
        }

        ModelBuilder.CheckFitsImages(bag, model.Locations.At("workload.input"), model.Workload.Input, model.Layers, FashionMnistImages.Name);
        bag.ThrowIfErrors();
    }

    /// <summary>HW1211, HW1210: the trained spec can be written from the source text (checked before any training).</summary>
    public static void CheckEditable(TrainingRequest request) =>
        TrainedSpecWriter.Write(request.SourceText, request.SourceLabel, TrainedData(request, []));

    private static TrainedSpecData TrainedData(TrainingRequest request, IReadOnlyList<string> header) => new(
        request.Model.Layers.ToDictionary(l => l.Name, l => $"{l.Name}.weights.npy", StringComparer.Ordinal),
        "input.npy", SpecReader.Datasets[0], request.Options.RtlSample, header);

    /// <summary>HW1252, HW1253, HW1250: Debian's python3, PyTorch under it, and both Fashion-MNIST splits.</summary>
    public static IReadOnlyDictionary<string, string> CheckTools(string datasetFolder)
    {
        var python = Python;
        if (!File.Exists(python))
        {
            throw DiagnosticBag.Fail(b => b.TrainingPythonMissing(python, TorchPackage));
        }

        var probe = Toolchain.Run(python, ["-c", "import numpy, torch, platform; print(platform.python_version(), torch.__version__, numpy.__version__)"],
            Directory.GetCurrentDirectory(), timeout: TimeSpan.FromMinutes(2));
        var versions = probe.StandardOutput.Trim().Split(' ');
        if (!probe.Succeeded || versions.Length != 3)
        {
            var problem = probe.StandardError.Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? $"exit code {probe.ExitCode}";
            throw DiagnosticBag.Fail(b => b.TrainingTorchMissing(python, problem.Trim(), TorchPackage));
        }

        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", FashionMnistImages.TestImagesFile, FashionMnistImages.TestLabelsFile })
        {
            if (!File.Exists(Path.Combine(datasetFolder, name)))
            {
                throw DiagnosticBag.Fail(b => b.DatasetMissing(SourceSpan.None, FashionMnistImages.Name, datasetFolder, FashionMnistImages.Package));
            }
        }

        return new Dictionary<string, string> { ["python"] = versions[0], ["torch"] = versions[1], ["numpy"] = versions[2] };
    }

    /// <summary>The training request the program reads: the spec's network, as docs/training.md describes it.</summary>
    public static string RequestJson(HardwareModel model)
    {
        var layers = new JsonArray();
        foreach (var layer in model.Layers)
        {
            layers.Add(layer.Kind == LayerKind.Fc
                ? new JsonObject { ["name"] = layer.Name, ["type"] = "fc", ["outputs"] = layer.OutputShape.Size }
                : new JsonObject
                {
                    ["name"] = layer.Name, ["type"] = "conv2d", ["out_channels"] = layer.OutputShape.Channels,
                    ["kernel"] = layer.Kernel, ["stride"] = layer.Stride, ["padding"] = layer.Padding,
                });
        }

        var neuron = model.Neuron;
        var json = new JsonObject
        {
            ["format"] = "hwgen-training-request-1",
            ["name"] = model.Name,
            ["input"] = new JsonObject { ["channels"] = model.Workload.Input.Channels, ["height"] = model.Workload.Input.Height, ["width"] = model.Workload.Input.Width },
            ["neuron"] = new JsonObject
            {
                ["model"] = neuron.Kind == NeuronKind.MultiLevel ? "multilevel" : "snn",
                ["timesteps"] = neuron.Timesteps,
                ["levels"] = Golden.NetworkData.MaxLevel(neuron),
                ["threshold"] = 1L << model.Design(DesignKind.Snn).ThresholdLog2,
                ["leak_shift"] = neuron.LeakShift,
                ["weight_bits"] = neuron.WeightBits,
            },
            ["twin"] = new JsonObject { ["activation_bits"] = model.Twin.ActivationBits },
            ["layers"] = layers,
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// Trains into a fresh output folder (OutputFolder rules: never replaces a user's files) and commits it once
    /// <paramref name="writeReport"/> has added its files to the staging folder.
    /// </summary>
    public static TrainingResult Train(TrainingRequest request, Action<TrainingResult, string>? writeReport = null, IProgress<string>? progress = null)
    {
        CheckTrainable(request.Model);
        CheckEditable(request);
        var datasetFolder = TestSetLoader.FashionMnistFolder();
        CheckTools(datasetFolder);
        using var output = OutputFolder.Begin(request.Folder);
        var result = TrainInto(request, output.Staging, datasetFolder, progress);
        writeReport?.Invoke(result, output.Staging);
        output.Commit(request.Model.Name);
        return result with { SpecFile = Path.Combine(request.Folder, SpecFile) };
    }

    /// <summary>Runs the program into <paramref name="folder"/> (empty), writes the trained spec and evaluates it with the golden model.</summary>
    public static TrainingResult TrainInto(TrainingRequest request, string folder, string datasetFolder, IProgress<string>? progress = null)
    {
        var model = request.Model;
        var program = Path.Combine(Path.GetTempPath(), $"hwgen-training-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            ExtractProgram(program);
            var requestFile = Path.Combine(program, "request.json");
            File.WriteAllText(requestFile, RequestJson(model));
            var o = request.Options;
            var arguments = new List<string>
            {
                Path.Combine(program, "hwgen_train.py"), "--request", requestFile, "--out", folder,
                "--epochs", o.Epochs.ToString(CultureInfo.InvariantCulture), "--seed", o.Seed.ToString(CultureInfo.InvariantCulture),
                "--threads", o.Threads.ToString(CultureInfo.InvariantCulture), "--snn-loss-weight", o.SnnLossWeight.ToString("R", CultureInfo.InvariantCulture),
                "--dataset-folder", datasetFolder,
            };
            if (o.TrainImages > 0)
            {
                arguments.AddRange(["--train-images", o.TrainImages.ToString(CultureInfo.InvariantCulture)]);
            }

            progress?.Report($"training {model.Name}: {o.Epochs} epochs, seed {o.Seed}");
            var run = Toolchain.Run(Python, arguments, program, new Dictionary<string, string> { ["HWGEN_TRAINING_PROGRESS"] = "1", ["PYTHONDONTWRITEBYTECODE"] = "1" },
                timeout: TimeSpan.FromHours(12), onErrorLine: line => progress?.Report(line[Toolchain.ProgressPrefix.Length..]));
            if (!run.Succeeded)
            {
                var output = string.Join("\n", run.StandardError.Trim().Split('\n').TakeLast(5)).Trim();
                throw DiagnosticBag.Fail(b => b.TrainingFailed(run.ExitCode, output));
            }
        }
        finally
        {
            if (Directory.Exists(program))
            {
                Directory.Delete(program, recursive: true);
            }
        }

        var manifest = ReadManifest(Path.Combine(folder, ManifestFile));
        var header = new List<string>
        {
            $"Trained by `{request.Command}` from {request.SourceLabel}:",
            string.Create(CultureInfo.InvariantCulture, $"seed {manifest.Seed}, {manifest.Epochs} epochs on {manifest.TrainImages} Fashion-MNIST training images, PyTorch {manifest.Libraries.GetValueOrDefault("torch")}; see training.json and report.md."),
            "hwgen train added weights_file, stimulus.input_file (test image 0) and test_set; the rest is the source spec as written.",
        };
        var trainedText = TrainedSpecWriter.Write(request.SourceText, request.SourceLabel, TrainedData(request, header));
        var specPath = Path.Combine(folder, SpecFile);
        File.WriteAllText(specPath, trainedText);

        progress?.Report("evaluating both twins on the test set (golden model)");
        var (trained, evaluation) = EvaluateGolden(specPath, folder, datasetFolder);
        return new TrainingResult(specPath, manifest, evaluation, request.Command, request.SourceLabel, trained);
    }

    /// <summary>Loads a trained spec and runs the golden model of both twins on its whole test set (no RTL).</summary>
    public static (HardwareModel Model, TestSetResult Evaluation) EvaluateGolden(string specPath, string folder, string datasetFolder)
    {
        var load = ModelLoader.LoadFile(specPath);
        if (!load.Succeeded)
        {
            throw new InvalidOperationException("the trained spec does not load: " + string.Join("; ", load.Diagnostics));
        }

        var model = load.Model!;
        var data = NpyNetworkData.Load(model, folder);
        var testSet = TestSetLoader.LoadFashionMnist(model, model.Workload.TestSet!, datasetFolder);
        // No RTL sample here (rtlSample: 0), so only the analytical engine is used; the calibration is the preset's.
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        var pricing = new TestSetPricing(new AnalyticalEnergyModel(model, table), table, ToggleCalibrationLoader.LoadPreset(model.Technology.Preset));
        var evaluation = TestSetEvaluation.Run(model, testSet, data.Weights, [], pricing, folder, rtlSample: 0);
        return (model, evaluation);
    }

    /// <summary>Writes the embedded training program (training/hwgen_train.py and its package) into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> ExtractProgram(string folder)
    {
        var written = new List<string>();
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = resource[ResourcePrefix.Length..];
            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var file = File.Create(path);
            stream.CopyTo(file);
            written.Add(relative);
        }

        if (!written.Contains("hwgen_train.py"))
        {
            throw new InvalidOperationException("the training program is not embedded in this build");
        }

        return written;
    }

    /// <summary>The SHA-256 of the embedded training program (every file, path and bytes), for provenance.</summary>
    public static string ProgramHash()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(r => r[ResourcePrefix.Length..], r =>
            {
                using var stream = assembly.GetManifestResourceStream(r)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return reader.ReadToEnd();
            });
        return FileSetHash.Of(files);
    }

    private static TrainingManifest ReadManifest(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new JsonException("not a JSON object");
            var evaluation = root["pytorch_evaluation"]!.AsObject();
            var libraries = root["libraries"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
            var history = root["history"]!.AsArray();
            return new TrainingManifest(
                (ulong)root["seed"]!, (int)root["epochs"]!, (int)root["train_images"]!, (int)root["threads"]!, (double)root["training_seconds"]!,
                libraries, (double)evaluation["qnn_accuracy"]!, (double)evaluation["snn_accuracy"]!,
                history.Count == 0 ? double.NaN : (double)history[^1]!["loss"]!);
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException or NullReferenceException or FormatException or KeyNotFoundException)
        {
            throw DiagnosticBag.Fail(b => b.TrainingOutputMalformed(ManifestFile, ex.Message));
        }
    }
}
