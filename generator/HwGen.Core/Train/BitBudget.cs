// The Bit Budget view (Shen et al., CVPR 2024): at a fixed budget of bits per synapse and inference (weight bits x
// spike payload bits x timesteps), train one variant of the spec per (weight bits, T) pair and measure both twins:
// accuracy on the whole test set (golden model) and energy per inference on the RTL sample.
using System.Globalization;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Train;

/// <summary>One (weight bits, T) pair of a budget, with the spec values its variant changes.</summary>
public sealed record BitBudgetPair(int WeightBits, int Timesteps)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"w{WeightBits}-t{Timesteps}");
}

/// <summary>One trained variant: its pair, the spec values derived for it, and its evaluation (golden and RTL sample).</summary>
public sealed record BitBudgetPoint(BitBudgetPair Pair, int ActivationBits, long Threshold, int MembraneBits, int AccumulatorBits, TrainingManifest Manifest, TestSetResult Result);

/// <summary>The whole view: the budget, the spec it varies, and one point per pair.</summary>
public sealed record BitBudgetResult(int Budget, int SpikePayloadBits, string SourceLabel, string Command, IReadOnlyList<BitBudgetPoint> Points);

public static class BitBudget
{
    public const int MinWeightBits = 2;
    public const int MaxWeightBits = 16;
    public const int MaxTimesteps = 16;

    /// <summary>Spike payload bits b_s of the spec's design: 1 for binary spikes, ceil(log2(L+1)) for L levels.</summary>
    public static int PayloadBits(HardwareModel model) => model.Design(DesignKind.Snn).ValueBits;

    /// <summary>Every pair with b_w · b_s · T = budget, 2 ≤ b_w ≤ 16 and 1 ≤ T ≤ 16, in ascending b_w.</summary>
    public static IReadOnlyList<BitBudgetPair> Pairs(int budget, int payloadBits)
    {
        var pairs = new List<BitBudgetPair>();
        for (var bits = MinWeightBits; bits <= MaxWeightBits; bits++)
        {
            if (budget % (bits * payloadBits) == 0 && budget / (bits * payloadBits) is var t and >= 1 and <= MaxTimesteps)
            {
                pairs.Add(new BitBudgetPair(bits, t));
            }
        }

        return pairs;
    }

    /// <summary>
    /// The spec values of a pair's variant, scaled from the source so that every variant keeps the source's resolution
    /// against the threshold: θ' = θ·2^(b_w' − b_w) (at least 1), membrane' = membrane + (b_w' − b_w) (at least b_w' + 2),
    /// accumulator' = accumulator + (b_w' − b_w) + (b_a' − b_a), with b_a' = ceil(log2(L·T' + 1)).
    /// </summary>
    public static (int ActivationBits, long Threshold, int MembraneBits, int AccumulatorBits) Derive(HardwareModel model, BitBudgetPair pair)
    {
        var neuron = model.Neuron;
        var shift = pair.WeightBits - neuron.WeightBits;
        var activationBits = TwinModel.CapacityMatchedBits(neuron.Levels, pair.Timesteps);
        var thresholdLog2 = Math.Max(0, model.Design(DesignKind.Snn).ThresholdLog2 + shift);
        var membrane = Math.Max(model.Design(DesignKind.Snn).StateBits + shift, pair.WeightBits + 2);
        var accumulator = model.Design(DesignKind.Qnn).StateBits + shift + (activationBits - model.Twin.ActivationBits);
        return (activationBits, 1L << thresholdLog2, Math.Min(32, membrane), Math.Min(32, Math.Max(accumulator, pair.WeightBits + activationBits + 1)));
    }

    /// <summary>
    /// The global buffer of a pair's variant in KiB: the source's, times ceil(T'/T) when the variant has more timesteps,
    /// so that the events of every timestep still fit (HW0311); the analytical prices do not depend on the capacity.
    /// </summary>
    public static long GlobalBufferKib(HardwareModel model, BitBudgetPair pair)
    {
        var kib = model.Memory.GlobalBuffer.CapacityBits / (8 * 1024);
        var timesteps = model.Neuron.Timesteps;
        return pair.Timesteps > timesteps ? kib * ((pair.Timesteps + timesteps - 1) / timesteps) : kib;
    }

    /// <summary>
    /// The variant's spec text: the source with name, weight bits, T, threshold, membrane and accumulator widths set,
    /// and the global buffer scaled with T (<see cref="GlobalBufferKib"/>).
    /// </summary>
    public static string VariantText(HardwareModel model, string sourceText, string file, BitBudgetPair pair)
    {
        var (_, threshold, membrane, accumulator) = Derive(model, pair);
        var inv = CultureInfo.InvariantCulture;
        var values = new List<(string, string)>
        {
            ("name", $"{model.Name}-{pair.Name}"),
            ("neuron.weight_bits", pair.WeightBits.ToString(inv)),
            ("neuron.timesteps", pair.Timesteps.ToString(inv)),
            ("neuron.threshold", threshold.ToString(inv)),
            ("neuron.membrane_bits", membrane.ToString(inv)),
            ("neuron.accumulator_bits", accumulator.ToString(inv)),
        };
        if (pair.Timesteps > model.Neuron.Timesteps)
        {
            values.Add(("memory.global_buffer.capacity_kib", GlobalBufferKib(model, pair).ToString(inv)));
        }
        return TrainedSpecWriter.SetKeys(sourceText, file, values, [$"Bit Budget variant {pair.Name} of {file}: b_w = {pair.WeightBits}, T = {pair.Timesteps}."]);
    }

    /// <summary>
    /// Trains and evaluates every pair into one output folder (a subfolder per pair), commits it once
    /// <paramref name="writeReport"/> has added the view's table and plot.
    /// </summary>
    public static BitBudgetResult Run(TrainingRequest request, int budget, IReadOnlyList<BitBudgetPair> pairs, Action<BitBudgetResult, string>? writeReport = null,
        IProgress<string>? progress = null, string? cacheRoot = null)
    {
        var source = request.Model;
        TrainingProgram.CheckTrainable(source);
        TrainingProgram.CheckEditable(request);
        var datasetFolder = TestSetLoader.FashionMnistFolder();
        TrainingProgram.CheckTools(datasetFolder);

        // Every variant must validate before any training starts.
        var variants = new List<(BitBudgetPair Pair, HardwareModel Model, string Text)>();
        var diagnostics = new List<Diagnostic>();
        foreach (var pair in pairs)
        {
            var text = VariantText(source, request.SourceText, request.SourceLabel, pair);
            var load = ModelLoader.LoadText(text, $"{request.SourceLabel} ({pair.Name})", Path.GetDirectoryName(Path.GetFullPath(request.SourceLabel)));
            diagnostics.AddRange(load.Diagnostics.Where(d => d.IsError));
            if (load.Succeeded)
            {
                variants.Add((pair, load.Model!, text));
            }
        }

        if (diagnostics.Count > 0)
        {
            throw new DiagnosticException(diagnostics);
        }

        Toolchain.Require("verilator");
        using var output = OutputFolder.Begin(request.Folder);
        var points = new List<BitBudgetPoint>();
        foreach (var (pair, model, text) in variants)
        {
            progress?.Report($"bit budget {budget}: {pair.Name}");
            var folder = Path.Combine(output.Staging, pair.Name);
            Directory.CreateDirectory(folder);
            var variant = request with { Model = model, SourceText = text, SourceLabel = $"{request.SourceLabel} ({pair.Name})" };
            var trained = TrainingProgram.TrainInto(variant, folder, datasetFolder, progress);
            var data = Data.NpyNetworkData.Load(trained.Trained, folder);
            var testSet = TestSetLoader.LoadFashionMnist(trained.Trained, trained.Trained.Workload.TestSet!, datasetFolder);
            var pricing = TestSetPricing.For(trained.Trained, cacheRoot);
            var sets = RtlGenerator.RenderTwins(trained.Trained, RtlGenerator.TwinsOf(trained.Trained));
            var work = Path.Combine(output.Staging, ".work-" + pair.Name);
            var result = TestSetEvaluation.Run(trained.Trained, testSet, data.Weights, sets, pricing, work, cacheRoot,
                progress is null ? null : new InlineProgress<TestSetProgress>(p => progress.Report($"{pair.Name}: {p.Phase} {p.Done}/{p.Total}")));
            Directory.Delete(work, recursive: true);
            var (activationBits, threshold, membrane, accumulator) = Derive(source, pair);
            points.Add(new BitBudgetPoint(pair, activationBits, threshold, membrane, accumulator, trained.Manifest, result));
        }

        var view = new BitBudgetResult(budget, PayloadBits(source), request.SourceLabel, request.Command, points);
        writeReport?.Invoke(view, output.Staging);
        output.Commit(source.Name);
        return view;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; would post to a thread pool).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
