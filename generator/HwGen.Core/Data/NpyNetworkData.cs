// Network data from .npy files named by the spec (weights per layer, the input), checked against the layers;
// layers and inputs without a file get seeded synthetic data. Also exports any NetworkData as .npy files.
using HwGen.Diagnostics;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Data;

public static class NpyNetworkData
{
    /// <summary>
    /// The data of a run: each layer's <c>weight_file</c> and the stimulus <c>input_file</c> where the spec names
    /// one (resolved against <paramref name="baseDirectory"/>, normally the spec's folder), generated data otherwise.
    /// Every file is checked; all their diagnostics are thrown together.
    /// </summary>
    /// <exception cref="DiagnosticException">A file is missing, malformed or does not fit the spec.</exception>
    public static NetworkData Load(HardwareModel model, string baseDirectory, StimulusKind kind = StimulusKind.Typical)
    {
        var files = ReadFiles(model, baseDirectory);
        if (files.Diagnostics.Count > 0)
        {
            throw new DiagnosticException(files.Diagnostics);
        }

        return StimulusGenerator.Complete(model, kind, files.Weights, files.Levels, files.Activations);
    }

    /// <summary>
    /// The diagnostics of the spec's data files (dtype, shape, value range), read by the same code as <see cref="Load"/>
    /// but without generating the data the spec leaves to the seed: what <c>hwgen validate</c> checks.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(HardwareModel model, string baseDirectory) => ReadFiles(model, baseDirectory).Diagnostics;

    private sealed record DataFiles(List<int[]?> Weights, int[][]? Levels, int[]? Activations, List<Diagnostic> Diagnostics);

    private static DataFiles ReadFiles(HardwareModel model, string baseDirectory)
    {
        var diagnostics = new List<Diagnostic>();
        var weights = new List<int[]?>();
        foreach (var layer in model.Layers)
        {
            weights.Add(layer.WeightFile is { } file
                ? Collect(() => LoadWeights(model, layer, Path.Combine(baseDirectory, file), Shown(baseDirectory, file)), diagnostics)
                : null);
        }

        int[][]? levels = null;
        int[]? activations = null;
        if (model.Workload.Stimulus.InputFile is { } inputFile)
        {
            var path = Path.Combine(baseDirectory, inputFile);
            var shown = Shown(baseDirectory, inputFile);
            if (model.HasSpikingDesign)
            {
                levels = Collect(() => LoadInputLevels(model, path, shown), diagnostics);
            }
            else
            {
                activations = Collect(() => LoadInputActivations(model, path, shown), diagnostics);
            }
        }

        return new DataFiles(weights, levels, activations, diagnostics);
    }

    /// <summary>Weights of one layer: fc shape [outputs, inputs], conv2d [out_channels, in_channels, kernel, kernel].</summary>
    public static int[] LoadWeights(HardwareModel model, LayerModel layer, string path, string displayName)
    {
        long[] expected = layer.Kind == LayerKind.Fc
            ? [layer.OutputShape.Size, layer.InputShape.Size]
            : [layer.OutputShape.Channels, layer.InputShape.Channels, layer.Kernel, layer.Kernel];
        var what = $"weights of layer '{layer.Name}' ({(layer.Kind == LayerKind.Fc ? "fc: [outputs, inputs]" : "conv2d: [out_channels, in_channels, kernel, kernel]")})";
        var array = NpyReader.Read(path, displayName, shape => CheckShape(displayName, what, shape, expected));
        var bits = model.Neuron.WeightBits;
        return ToInt32(array, displayName, $"weights of layer '{layer.Name}' (weight_bits {bits})", -(1L << (bits - 1)), (1L << (bits - 1)) - 1);
    }

    /// <summary>Spike levels of a spiking spec: shape [T, C, H, W] or [T, C·H·W], values 0..L.</summary>
    public static int[][] LoadInputLevels(HardwareModel model, string path, string displayName)
    {
        var input = model.Workload.Input;
        var timesteps = model.Neuron.Timesteps;
        var what = "spike input (levels per timestep and input neuron)";
        var array = NpyReader.Read(path, displayName,
            shape => CheckShape(displayName, what, shape, [timesteps, input.Channels, input.Height, input.Width], [timesteps, input.Size]));
        var maxLevel = NetworkData.MaxLevel(model.Neuron);
        var flat = ToInt32(array, displayName, $"spike levels (L = {maxLevel})", 0, maxLevel);
        var levels = new int[timesteps][];
        for (var t = 0; t < timesteps; t++)
        {
            levels[t] = flat.AsSpan(t * input.Size, input.Size).ToArray();
        }

        return levels;
    }

    /// <summary>Activations of a QNN-only spec: shape [C, H, W] or [C·H·W], values 0..2^b_a − 1.</summary>
    public static int[] LoadInputActivations(HardwareModel model, string path, string displayName)
    {
        var input = model.Workload.Input;
        var what = "QNN input (one activation per input neuron)";
        var array = NpyReader.Read(path, displayName,
            shape => CheckShape(displayName, what, shape, [input.Channels, input.Height, input.Width], [input.Size]));
        return ToInt32(array, displayName, $"activations ({model.Twin.ActivationBits} bits)", 0, model.Twin.MaxActivation);
    }

    /// <summary>
    /// Writes the weights as <c>&lt;layer name&gt;.weights.npy</c> and the input as <c>input.npy</c> (spike levels
    /// [T, C, H, W] for a spiking spec, activations [C, H, W] for a QNN-only one), each in the smallest signed integer
    /// dtype that holds it. Returns the file names written, in that order.
    /// </summary>
    public static IReadOnlyList<string> Export(HardwareModel model, NetworkData data, string directory)
    {
        var written = new List<string>();
        foreach (var layer in model.Layers.Where(l => !l.IsPool))
        {
            long[] shape = layer.Kind == LayerKind.Fc
                ? [layer.OutputShape.Size, layer.InputShape.Size]
                : [layer.OutputShape.Channels, layer.InputShape.Channels, layer.Kernel, layer.Kernel];
            var values = Array.ConvertAll(data.Weights[layer.Index], w => (long)w);
            var name = $"{layer.Name}.weights.npy";
            NpyWriter.Write(Path.Combine(directory, name), shape, values, NpyWriter.SmallestSigned(values));
            written.Add(name);
        }

        var input = model.Workload.Input;
        long[] inputShape;
        long[] inputValues;
        if (data.InputLevels is { } levels)
        {
            inputShape = [levels.Length, input.Channels, input.Height, input.Width];
            inputValues = levels.SelectMany(step => step).Select(level => (long)level).ToArray();
        }
        else
        {
            inputShape = [input.Channels, input.Height, input.Width];
            inputValues = Array.ConvertAll(data.InputActivations, a => (long)a);
        }

        NpyWriter.Write(Path.Combine(directory, "input.npy"), inputShape, inputValues, NpyWriter.SmallestSigned(inputValues));
        written.Add("input.npy");
        return written;
    }

    /// <summary>A data file as diagnostics name it: relative to the spec's folder (the loader resolves paths to full ones).</summary>
    private static string Shown(string baseDirectory, string file) =>
        Path.IsPathRooted(file) ? Path.GetRelativePath(baseDirectory, file).Replace('\\', '/') : file;

    private static Diagnostic? CheckShape(string file, string what, long[] found, params long[][] accepted) =>
        accepted.Any(shape => shape.AsSpan().SequenceEqual(found))
            ? null
            : DiagnosticBag.One(b => b.NpyShape(file, what, string.Join(" or ", accepted.Select(NpyFormat.ShapeText)), NpyFormat.ShapeText(found)));

    private static int[] ToInt32(NpyArray array, string file, string what, long min, long max)
    {
        var result = new int[array.Values.Length];
        long offending = 0;
        var first = -1L;
        for (var i = 0; i < result.Length; i++)
        {
            var value = array.Values[i];
            if (value < min || value > max)
            {
                offending++;
                first = first < 0 ? i : first;
                continue;
            }

            result[i] = (int)value;
        }

        if (offending > 0)
        {
            throw new DiagnosticException([DiagnosticBag.One(b => b.NpyValueRange(file, what, first, array.Values[first], min, max, offending))]);
        }

        return result;
    }

    private static T? Collect<T>(Func<T> load, List<Diagnostic> diagnostics)
        where T : class
    {
        try
        {
            return load();
        }
        catch (DiagnosticException e)
        {
            diagnostics.AddRange(e.Diagnostics);
            return null;
        }
    }
}
