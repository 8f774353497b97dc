// `hwgen train [SPEC] [--epochs N] [--seed S] [-o DIR]`: trains the spec's network on Fashion-MNIST (PyTorch QAT of the
// QNN twin, the SNN derived with the same integer weights), writes the trained spec and its .npy files, and evaluates
// both twins on the whole test set with the golden model. --bit-budget B trains one variant per (b_w, T) pair instead.
using System.CommandLine;
using System.Globalization;
using HwGen.Model;
using HwGen.Report;
using HwGen.Run;
using HwGen.Train;

namespace HwGen.Cli.Commands;

public static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec whose network is trained (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs over the training images.", DefaultValueFactory = _ => TrainingOptions.DefaultEpochs };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights and the batch order.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: rtl-out/<spec name>-trained)." };
        var trainImages = new Option<int>("--train-images") { Description = "Train on the first N of the 60,000 training images (0: all)." };
        var threads = new Option<int>("--threads") { Description = "PyTorch CPU threads; the same seed and thread count give the same weights.", DefaultValueFactory = _ => 1 };
        var snnLoss = new Option<double>("--snn-loss-weight") { Description = "Weight of the SNN's loss beside the QNN twin's (0: train the QNN twin alone).", DefaultValueFactory = _ => 1.0 };
        var rtlSample = new Option<int>("--rtl-sample") { Description = "Test images the trained spec's `hwgen run` simulates in RTL.", DefaultValueFactory = _ => TestSetModel.DefaultRtlSample };
        var budget = new Option<int?>("--bit-budget") { Description = "Bit Budget view: train every (weight bits, T) pair with b_w x b_s x T = B and measure both twins." };
        var pairs = new Option<string?>("--pairs") { Description = "With --bit-budget: the pairs to train, as BxT list (e.g. 8x4,4x8); default every pair of the budget." };
        var json = new Option<bool>("--json") { Description = "Print report.json (or bit-budget.json) instead of the summary." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var command = new Command("train", """
            Train the spec's network on Fashion-MNIST (Debian's dataset-fashion-mnist) with PyTorch (Debian's
            python3-torch under /usr/bin/python3): quantization-aware training of the QNN twin (its activation
            bits, the spec's weight bits and threshold), with the SNN's loss beside it; the SNN uses the same
            integer weights and threshold. Writes the trained spec (spec.yaml), one <layer>.weights.npy per layer,
            input.npy (test image 0 as spikes), training.json (seed, settings, library versions, accuracies) and
            report.md; then evaluates both twins on the 10,000 test images with the golden model.
            Exit 0 on success, 2 on invalid input, 3 when python3, PyTorch or the dataset is missing or fails.

            Examples:
              hwgen train hwconfigs/fashion-mnist.yaml --epochs 15 --seed 1 -o trained
              hwgen train --epochs 1 --train-images 2000
              hwgen train hwconfigs/fashion-mnist.yaml --bit-budget 32 --pairs 8x4,4x8 -o bit-budget
            """)
        {
            spec,
            epochs,
            seed,
            output,
            trainImages,
            threads,
            snnLoss,
            rtlSample,
            budget,
            pairs,
            json,
            quiet,
        };
        command.SetAction(parse =>
        {
            var specPath = parse.GetValue(spec);
            var model = SpecArguments.Load(specPath, console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            var options = new TrainingOptions(parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(trainImages), parse.GetValue(threads),
                parse.GetValue(snnLoss), parse.GetValue(rtlSample));
            if (Problem(options) is { } problem)
            {
                return CommandFailures.Invalid(console, "train", problem);
            }

            var bitBudget = parse.GetValue(budget);
            IReadOnlyList<BitBudgetPair>? chosen = null;
            if (bitBudget is { } b)
            {
                if (!model.HasSpikingDesign)
                {
                    return CommandFailures.Guard(console, "train", () =>
                    {
                        TrainingProgram.CheckTrainable(model);
                        return ExitCodes.Success;
                    });
                }

                var all = BitBudget.Pairs(b, BitBudget.PayloadBits(model));
                var (list, error) = ParsePairs(parse.GetValue(pairs), all, b);
                if (error is not null)
                {
                    return CommandFailures.Invalid(console, "train", error);
                }

                chosen = list;
            }
            else if (parse.GetValue(pairs) is not null)
            {
                return CommandFailures.Invalid(console, "train", "--pairs needs --bit-budget");
            }

            var folder = parse.GetValue(output) ?? Path.Combine("rtl-out", model.Name + (bitBudget is null ? "-trained" : $"-bit-budget-{bitBudget}"));
            var label = specPath ?? $"{ModelLoader.DefaultSpecName} (embedded default)";
            return CommandFailures.Guard(console, "train", () =>
            {
                var text = specPath is null ? ModelLoader.DefaultSpecText() : File.ReadAllText(specPath);
                var request = new TrainingRequest(model, text, specPath ?? ModelLoader.DefaultSpecName, folder, options,
                    Reproduce(specPath, options, folder, bitBudget, parse.GetValue(pairs)));
                var asJson = parse.GetValue(json);
                using var display = new ProgressDisplay(console.Error, "train", console.Interactive);
                var progress = parse.GetValue(quiet) || (asJson && !console.Interactive)
                    ? null
                    : new Progress(step => display.Report(new RunProgress(step)));
                if (chosen is not null)
                {
                    var view = BitBudget.Run(request, bitBudget!.Value, chosen, TrainingReport.Write, progress);
                    display.Dispose();
                    console.Out.Write(asJson ? Formatting.ToJsonText(TrainingReport.BitBudgetJson(view)) : TrainingReport.BitBudgetMarkdown(view));
                    if (!asJson)
                    {
                        console.Out.WriteLine($"bit budget: {Path.Combine(folder, "bit-budget.md")} and bit-budget.png");
                    }

                    return view.Points.All(p => p.Result.RtlBitExact) ? ExitCodes.Success : ExitCodes.CheckFailed;
                }

                var result = TrainingProgram.Train(request, TrainingReport.Write, progress);
                display.Dispose();
                if (asJson)
                {
                    console.Out.Write(Formatting.ToJsonText(TrainingReport.Json(result)));
                }
                else
                {
                    PrintSummary(result, label, folder, console);
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static string? Problem(TrainingOptions o) =>
        o.Epochs is < 1 or > 1000 ? $"--epochs must be 1 to 1000, found {o.Epochs}"
        : o.TrainImages is < 0 or > 60_000 ? $"--train-images must be 0 (all) to 60000, found {o.TrainImages}"
        : o.Threads is < 1 or > 256 ? $"--threads must be 1 to 256, found {o.Threads}"
        : !double.IsFinite(o.SnnLossWeight) || o.SnnLossWeight < 0 || o.SnnLossWeight > 100 ? $"--snn-loss-weight must be 0 to 100, found {o.SnnLossWeight.ToString(CultureInfo.InvariantCulture)}"
        : o.RtlSample is < 0 or > FashionMnistImages.TestImages ? $"--rtl-sample must be 0 to {FashionMnistImages.TestImages}, found {o.RtlSample}"
        : null;

    /// <summary>The pairs of <c>--pairs</c> (BxT, comma-separated), each one of the budget's; all of them when not given.</summary>
    private static (IReadOnlyList<BitBudgetPair> Pairs, string? Error) ParsePairs(string? text, IReadOnlyList<BitBudgetPair> all, int budget)
    {
        var allowed = string.Join(", ", all.Select(p => $"{p.WeightBits}x{p.Timesteps}"));
        if (all.Count == 0)
        {
            return ([], $"--bit-budget {budget} has no pair with 2 <= b_w <= 16 and 1 <= T <= 16");
        }

        if (text is null)
        {
            return (all, null);
        }

        var chosen = new List<BitBudgetPair>();
        foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bits)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                return ([], $"--pairs item '{item}' is not BxT (weight bits x timesteps); the pairs of budget {budget}: {allowed}");
            }

            var pair = all.FirstOrDefault(p => p.WeightBits == bits && p.Timesteps == t);
            if (pair is null)
            {
                return ([], $"--pairs item '{item}' is not a pair of budget {budget}; its pairs: {allowed}");
            }

            if (!chosen.Contains(pair))
            {
                chosen.Add(pair);
            }
        }

        return chosen.Count == 0 ? ([], "--pairs is empty") : (chosen, null);
    }

    /// <summary>The command line that reproduces this training, every setting spelled out.</summary>
    private static string Reproduce(string? specPath, TrainingOptions o, string folder, int? budget, string? pairs)
    {
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string> { "hwgen train" };
        if (specPath is not null)
        {
            parts.Add(specPath);
        }

        parts.Add($"--epochs {o.Epochs.ToString(inv)} --seed {o.Seed.ToString(inv)}");
        if (o.TrainImages > 0)
        {
            parts.Add($"--train-images {o.TrainImages.ToString(inv)}");
        }

        if (o.Threads != 1)
        {
            parts.Add($"--threads {o.Threads.ToString(inv)}");
        }

        if (o.SnnLossWeight != 1.0)
        {
            parts.Add($"--snn-loss-weight {o.SnnLossWeight.ToString("R", inv)}");
        }

        if (o.RtlSample != TestSetModel.DefaultRtlSample)
        {
            parts.Add($"--rtl-sample {o.RtlSample.ToString(inv)}");
        }

        if (budget is { } b)
        {
            parts.Add($"--bit-budget {b.ToString(inv)}" + (pairs is null ? string.Empty : $" --pairs {pairs}"));
        }

        parts.Add($"-o {folder}");
        return string.Join(' ', parts);
    }

    private static void PrintSummary(TrainingResult r, string label, string folder, CliConsole console)
    {
        var inv = CultureInfo.InvariantCulture;
        var e = r.Evaluation;
        console.Out.WriteLine($"{r.Trained.Name}: trained from {label}");
        console.Out.WriteLine(string.Create(inv, $"seed {r.Manifest.Seed}, {r.Manifest.Epochs} epochs, {r.Manifest.TrainImages} training images, {r.Manifest.TrainingSeconds:0.#} s; torch {r.Manifest.Libraries.GetValueOrDefault("torch")}"));
        foreach (var twin in e.Twins)
        {
            var pytorch = twin.Twin == "snn" ? r.Manifest.PyTorchSnnAccuracy : r.Manifest.PyTorchQnnAccuracy;
            console.Out.WriteLine(string.Create(inv, $"{twin.Twin} accuracy {twin.Accuracy:P2} on {twin.Images} test images (golden model; PyTorch {pytorch:P2})"));
        }

        console.Out.WriteLine(string.Create(inv, $"the twins disagree on {e.Disagreements} images ({1 - e.Agreement:P2})"));
        console.Out.WriteLine($"trained spec: {Path.Combine(folder, TrainingProgram.SpecFile)}; next: hwgen run {Path.Combine(folder, TrainingProgram.SpecFile)}");
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread.</summary>
    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
