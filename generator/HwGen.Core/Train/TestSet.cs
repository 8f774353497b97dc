// A spec's labelled test set (`workload.test_set`), loaded once: Fashion-MNIST encoded by HwGen's rule, or N spike
// inputs and labels from .npy files. Inputs are kept as bytes and turned into one inference's data on demand.
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Train;

/// <summary>
/// N labelled inputs of a spiking spec: per image its spike levels [T][neurons] (stored as bytes, T·neurons per image)
/// and its class. <see cref="Source"/> says where they came from, for reports.
/// </summary>
public sealed class TestSet
{
    private readonly byte[] levels;
    private readonly int timesteps;
    private readonly int neurons;

    public TestSet(string source, int timesteps, int neurons, byte[] levels, byte[] labels)
    {
        if (levels.LongLength != (long)labels.Length * timesteps * neurons)
        {
            throw new ArgumentException($"{levels.LongLength} levels for {labels.Length} images of {timesteps} x {neurons}");
        }

        Source = source;
        this.timesteps = timesteps;
        this.neurons = neurons;
        this.levels = levels;
        Labels = labels;
    }

    public string Source { get; }

    public int Count => Labels.Count;

    public IReadOnlyList<byte> Labels { get; }

    /// <summary>Spike levels of image <paramref name="index"/>: [T][neurons].</summary>
    public int[][] InputLevels(int index)
    {
        var result = new int[timesteps][];
        var offset = (long)index * timesteps * neurons;
        for (var t = 0; t < timesteps; t++)
        {
            result[t] = new int[neurons];
            for (var i = 0; i < neurons; i++)
            {
                result[t][i] = levels[offset + (long)t * neurons + i];
            }
        }

        return result;
    }

    /// <summary>One inference's data: the spec's weights and image <paramref name="index"/> (the twin sees the level sums).</summary>
    public NetworkData Data(HardwareModel model, IReadOnlyList<int[]> weights, int index) =>
        NetworkData.ForSpiking(weights, InputLevels(index), model.Twin.MaxActivation);
}

public static class TestSetLoader
{
    /// <summary>Environment variable that points HwGen at another folder of the Fashion-MNIST IDX files.</summary>
    public const string FashionMnistFolderVariable = "HWGEN_FASHION_MNIST_DIR";

    /// <summary>The folder HwGen reads Fashion-MNIST from: the variable's value, or where Debian's package puts it.</summary>
    public static string FashionMnistFolder() =>
        Environment.GetEnvironmentVariable(FashionMnistFolderVariable) is { Length: > 0 } folder ? folder : FashionMnistImages.DebianFolder;

    /// <summary>
    /// The test set of <paramref name="model"/> (which must name one), its files shown relative to
    /// <paramref name="baseDirectory"/>. Throws <see cref="DiagnosticException"/> with every problem found.
    /// </summary>
    public static TestSet Load(HardwareModel model, string baseDirectory)
    {
        var spec = model.Workload.TestSet ?? throw new InvalidOperationException($"spec '{model.Name}' has no test set");
        return spec.Source == TestSetSource.FashionMnist ? LoadFashionMnist(model, spec) : LoadFiles(model, spec, baseDirectory);
    }

    /// <summary>The diagnostics of the test set's .npy files (what <c>hwgen validate</c> checks); a dataset is not read.</summary>
    public static IReadOnlyList<Diagnostic> Check(HardwareModel model, string baseDirectory)
    {
        if (model.Workload.TestSet is not { Source: TestSetSource.Files } spec)
        {
            return [];
        }

        try
        {
            LoadFiles(model, spec, baseDirectory);
            return [];
        }
        catch (DiagnosticException ex)
        {
            return ex.Diagnostics;
        }
    }

    /// <summary>Fashion-MNIST's test images, each encoded as counts and spread over the timesteps (docs/training.md).</summary>
    public static TestSet LoadFashionMnist(HardwareModel model, TestSetModel spec, string? folder = null)
    {
        var at = model.Locations.At("workload.test_set.dataset");
        var images = ImageEncoding.LoadFashionMnistTest(folder ?? FashionMnistFolder(), at);
        var count = Math.Min(spec.Images ?? images.Count, images.Count);
        var input = model.Workload.Input;
        var timesteps = model.Neuron.Timesteps;
        var maxCount = ImageEncoding.MaxCount(model);
        var levels = new byte[(long)count * timesteps * input.Size];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = Interruption.Token }, i =>
        {
            var counts = ImageEncoding.Counts(images.Image(i), images.Height, images.Width, input.Height, input.Width, maxCount);
            var spread = ImageEncoding.SpreadOverTimesteps(counts, timesteps);
            for (var t = 0; t < timesteps; t++)
            {
                for (var n = 0; n < input.Size; n++)
                {
                    levels[((long)i * timesteps + t) * input.Size + n] = (byte)spread[t][n];
                }
            }
        });
        var source = $"{FashionMnistImages.Name} test split ({FashionMnistImages.Package}), first {count} of {images.Count} images";
        return new TestSet(source, timesteps, input.Size, levels, images.Labels[..count]);
    }

    private static TestSet LoadFiles(HardwareModel model, TestSetModel spec, string baseDirectory)
    {
        var input = model.Workload.Input;
        var timesteps = model.Neuron.Timesteps;
        var maxLevel = NetworkData.MaxLevel(model.Neuron);
        var classes = model.Layers[^1].Neurons;
        var diagnostics = new List<Diagnostic>();
        var inputsShown = Shown(baseDirectory, spec.InputsFile!);
        var labelsShown = Shown(baseDirectory, spec.LabelsFile!);

        long inputCount = -1;
        byte[]? levels = null;
        try
        {
            var array = NpyReader.Read(spec.InputsFile!, inputsShown, shape =>
                shape.Length is 5 or 3 && shape[0] >= 1 && shape[1] == timesteps
                    && (shape.Length == 5 ? shape[2] == input.Channels && shape[3] == input.Height && shape[4] == input.Width : shape[2] == input.Size)
                    ? null
                    : DiagnosticBag.One(b => b.NpyShape(inputsShown, "test-set inputs (spike levels per image, timestep and input neuron)",
                        $"[N, {timesteps}, {input.Channels}, {input.Height}, {input.Width}] or [N, {timesteps}, {input.Size}]", NpyFormat.ShapeText(shape))));
            inputCount = array.Shape[0];
            levels = ToBytes(array, inputsShown, $"spike levels (L = {maxLevel})", maxLevel);
        }
        catch (DiagnosticException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
        }

        byte[]? labels = null;
        try
        {
            var array = NpyReader.Read(spec.LabelsFile!, labelsShown, shape =>
                shape.Length == 1 && (inputCount < 0 || shape[0] == inputCount)
                    ? null
                    : DiagnosticBag.One(b => b.NpyShape(labelsShown, "test-set labels (one class index per input)",
                        inputCount < 0 ? "[N]" : $"[{inputCount}]", NpyFormat.ShapeText(shape))));
            labels = ToBytes(array, labelsShown, $"class indices ({classes} output neurons)", classes - 1);
        }
        catch (DiagnosticException ex)
        {
            diagnostics.AddRange(ex.Diagnostics);
        }

        if (labels is not null && spec.Images is { } wanted && wanted > labels.Length)
        {
            diagnostics.Add(DiagnosticBag.One(b => b.TestSetImagesTooMany(model.Locations.At("workload.test_set.images"), wanted, labels.Length, inputsShown)));
        }

        // Only a sample the spec gives is an error here; the default one is cut to the inputs the files hold.
        if (labels is not null && model.Locations.Keys.ContainsKey("workload.test_set.rtl_sample")
            && spec.RtlSample > Math.Min(spec.Images ?? labels.Length, labels.Length))
        {
            diagnostics.Add(DiagnosticBag.One(b => b.RtlSampleTooLarge(model.Locations.At("workload.test_set.rtl_sample"), spec.RtlSample, labels.Length)));
        }

        if (diagnostics.Count > 0)
        {
            throw new DiagnosticException(diagnostics);
        }

        var count = Math.Min(spec.Images ?? labels!.Length, labels!.Length);
        var perImage = (long)timesteps * input.Size;
        return new TestSet($"{inputsShown} and {labelsShown}, {count} inputs", timesteps, input.Size, levels![..(int)(count * perImage)], labels[..count]);
    }

    private static byte[] ToBytes(NpyArray array, string file, string what, long max)
    {
        var result = new byte[array.Values.Length];
        long offending = 0;
        var first = -1L;
        for (var i = 0; i < result.Length; i++)
        {
            var value = array.Values[i];
            if (value < 0 || value > max)
            {
                offending++;
                first = first < 0 ? i : first;
                continue;
            }

            result[i] = (byte)value;
        }

        if (offending > 0)
        {
            throw new DiagnosticException([DiagnosticBag.One(b => b.NpyValueRange(file, what, first, array.Values[first], 0, max, offending))]);
        }

        return result;
    }

    private static string Shown(string baseDirectory, string file) =>
        Path.IsPathRooted(file) ? Path.GetRelativePath(baseDirectory, file).Replace('\\', '/') : file;
}
