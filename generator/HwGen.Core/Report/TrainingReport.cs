// Formats what `hwgen train` produced: report.md and report.json of one trained spec, and the Bit Budget view's
// table (Markdown, CSV, JSON) and plot (accuracy against measured energy per inference of both twins).
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HwGen.Train;
using ScottPlot;

namespace HwGen.Report;

public static class TrainingReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", Inv) + "%";

    /// <summary>Writes report.md and report.json of a trained spec into <paramref name="folder"/>.</summary>
    public static void Write(TrainingResult result, string folder)
    {
        File.WriteAllText(Path.Combine(folder, "report.md"), Markdown(result));
        File.WriteAllText(Path.Combine(folder, "report.json"), Formatting.ToJsonText(Json(result)));
    }

    public static string Markdown(TrainingResult r)
    {
        var m = r.Manifest;
        var e = r.Evaluation;
        var sb = new StringBuilder();
        sb.Append(Inv, $"# HwGen training: {r.Trained.Name}\n\n");
        sb.Append(Inv, $"- Reproduce: `{r.Command}` (source: {r.SourceLabel})\n");
        sb.Append(Inv, $"- Seed {m.Seed}, {m.Epochs} epochs, {m.TrainImages} training images, {m.Threads} PyTorch thread(s), {m.TrainingSeconds:0.#} s; final training loss {m.FinalLoss:0.####}\n");
        sb.Append("- Libraries: ").Append(string.Join(", ", m.Libraries.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))).Append('\n');
        sb.Append(Inv, $"- Test set: {e.Source}; {TestSetResult.PredictionRule}\n\n");
        sb.Append("| twin | accuracy (HwGen golden model) | accuracy (PyTorch integer evaluation, no saturation) |\n|---|---:|---:|\n");
        sb.Append(Inv, $"| snn | {Percent(e.Snn.Accuracy)} | {Percent(m.PyTorchSnnAccuracy)} |\n");
        sb.Append(Inv, $"| qnn | {Percent(e.Qnn.Accuracy)} | {Percent(m.PyTorchQnnAccuracy)} |\n\n");
        sb.Append(Inv, $"The twins disagree on {e.Disagreements} of {e.Images} images ({Percent(1 - e.Agreement)}); the SNN alone is right on {e.SnnOnlyRight}, the QNN twin alone on {e.QnnOnlyRight}.\n\n");
        sb.Append("| layer | spec s_r | trained s_r | spec QNN sparsity | trained QNN sparsity | neuron levels SNN ≠ QNN | QNN activation above L·T |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var l in e.Layers)
        {
            sb.Append(Inv, $"| {l.Layer} | {l.SpecSpikeRate:0.####} | {l.SpikeRate:0.####} | {l.SpecQnnSparsity:0.####} | {l.QnnSparsity:0.####} | {Percent(l.LevelDifference)} | {Percent(l.AboveSpikeCapacity)} |\n");
        }

        sb.Append(Inv, $"\nNext: `hwgen run {TrainingProgram.SpecFile}` in this folder simulates both twins in RTL on the first {r.Trained.Workload.TestSet?.RtlSample} test images and reports energy per inference.\n");
        return sb.ToString();
    }

    public static JsonObject Json(TrainingResult r) => new()
    {
        ["spec"] = r.Trained.Name,
        ["command"] = r.Command,
        ["source"] = r.SourceLabel,
        ["seed"] = r.Manifest.Seed,
        ["epochs"] = r.Manifest.Epochs,
        ["train_images"] = r.Manifest.TrainImages,
        ["threads"] = r.Manifest.Threads,
        ["training_seconds"] = r.Manifest.TrainingSeconds,
        ["libraries"] = new JsonObject(r.Manifest.Libraries.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["pytorch_qnn_accuracy"] = r.Manifest.PyTorchQnnAccuracy,
        ["pytorch_snn_accuracy"] = r.Manifest.PyTorchSnnAccuracy,
        ["test_set"] = TestSetReport.Json(r.Evaluation),
        ["snn"] = new JsonObject { ["accuracy"] = r.Evaluation.Snn.Accuracy, ["test_images"] = r.Evaluation.Snn.Images },
        ["qnn"] = new JsonObject { ["accuracy"] = r.Evaluation.Qnn.Accuracy, ["test_images"] = r.Evaluation.Qnn.Images },
    };

    /// <summary>Writes bit-budget.md, .csv, .json and the plot (.png, .svg) into <paramref name="folder"/>.</summary>
    public static void Write(BitBudgetResult view, string folder)
    {
        File.WriteAllText(Path.Combine(folder, "bit-budget.md"), BitBudgetMarkdown(view));
        File.WriteAllText(Path.Combine(folder, "bit-budget.csv"), BitBudgetCsv(view));
        File.WriteAllText(Path.Combine(folder, "bit-budget.json"), Formatting.ToJsonText(BitBudgetJson(view)));
        foreach (var extension in new[] { ".png", ".svg" })
        {
            var plot = BitBudgetPlot(view);
            Plots.Save(plot, Path.Combine(folder, "bit-budget" + extension), Plots.Width, Plots.Height);
        }
    }

    public static string BitBudgetMarkdown(BitBudgetResult view)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"# Bit Budget: {view.Budget} bits per synapse and inference\n\n");
        sb.Append(Inv, $"Shen et al., \"Are Conventional SNNs Really Efficient? A Perspective from Network Quantization\", CVPR 2024: b_w x b_s x T = {view.Budget} (b_s = {view.SpikePayloadBits} spike payload bit(s)); each pair is {view.SourceLabel} with those widths, trained by `{view.Command}`.\n");
        sb.Append("Accuracy: HwGen golden model on the whole test set. Energy per inference: mean over the RTL sample; measured = ").Append(RunReportWriter.MeasuredModel)
            .Append("; analytical = ").Append(RunReportWriter.AnalyticalModel).Append(".\n\n");
        sb.Append("| pair | b_w | T | b_a (twin) | threshold | SNN accuracy | QNN accuracy | SNN measured pJ | QNN measured pJ | SNN/QNN measured | SNN analytical pJ | QNN analytical pJ | RTL sample | bit-exact |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var p in view.Points)
        {
            var r = p.Result;
            sb.Append(Inv, $"| {p.Pair.Name} | {p.Pair.WeightBits} | {p.Pair.Timesteps} | {p.ActivationBits} | {p.Threshold} | {Percent(r.Snn.Accuracy)} | {Percent(r.Qnn.Accuracy)} | {r.Snn.Energy.SampleMeasuredPj:0.#} | {r.Qnn.Energy.SampleMeasuredPj:0.#} | {Ratio(r.Snn.Energy.SampleMeasuredPj, r.Qnn.Energy.SampleMeasuredPj)} | {r.Snn.Energy.SampleAnalyticalPj:0.#} | {r.Qnn.Energy.SampleAnalyticalPj:0.#} | {r.Snn.RtlImages} | {(r.RtlBitExact ? "yes" : "NO")} |\n");
        }

        return sb.ToString();
    }

    private static string Ratio(double a, double b) => b == 0 ? "n/a" : (a / b).ToString("0.###", Inv);

    public static string BitBudgetCsv(BitBudgetResult view)
    {
        var sb = new StringBuilder("pair,weight_bits,timesteps,activation_bits,threshold,snn_accuracy,qnn_accuracy,snn_measured_pj,qnn_measured_pj,snn_analytical_pj,qnn_analytical_pj,rtl_sample,rtl_bit_exact\n");
        foreach (var p in view.Points)
        {
            var r = p.Result;
            sb.Append(Inv, $"{p.Pair.Name},{p.Pair.WeightBits},{p.Pair.Timesteps},{p.ActivationBits},{p.Threshold},{r.Snn.Accuracy:R},{r.Qnn.Accuracy:R},{r.Snn.Energy.SampleMeasuredPj:R},{r.Qnn.Energy.SampleMeasuredPj:R},{r.Snn.Energy.SampleAnalyticalPj:R},{r.Qnn.Energy.SampleAnalyticalPj:R},{r.Snn.RtlImages},{(r.RtlBitExact ? "true" : "false")}\n");
        }

        return sb.ToString();
    }

    public static JsonObject BitBudgetJson(BitBudgetResult view) => new()
    {
        ["budget"] = view.Budget,
        ["payload_bits"] = view.SpikePayloadBits,
        ["source"] = view.SourceLabel,
        ["command"] = view.Command,
        ["measured_model"] = RunReportWriter.MeasuredModel,
        ["analytical_model"] = RunReportWriter.AnalyticalModel,
        ["pairs"] = new JsonArray(view.Points.Select(p => (JsonNode)new JsonObject
        {
            ["pair"] = p.Pair.Name,
            ["weight_bits"] = p.Pair.WeightBits,
            ["timesteps"] = p.Pair.Timesteps,
            ["activation_bits"] = p.ActivationBits,
            ["threshold"] = p.Threshold,
            ["membrane_bits"] = p.MembraneBits,
            ["accumulator_bits"] = p.AccumulatorBits,
            ["training_seconds"] = p.Manifest.TrainingSeconds,
            ["test_set"] = TestSetReport.Json(p.Result),
        }).ToArray()),
    };

    /// <summary>
    /// Accuracy (y) against measured energy per inference (x) of both twins, one marker per pair and twin, the two
    /// twins of a pair joined by a dotted line and labelled with the pair.
    /// </summary>
    public static Plot BitBudgetPlot(BitBudgetResult view)
    {
        var plot = new Plot();
        plot.Font.Set(Plots.FontName);
        var largest = view.Points.SelectMany(p => new[] { p.Result.Snn.Energy.SampleMeasuredPj, p.Result.Qnn.Energy.SampleMeasuredPj }).DefaultIfEmpty(0).Max();
        var scale = EnergyScale.For(largest);
        var snnX = view.Points.Select(p => scale.FromPj(p.Result.Snn.Energy.SampleMeasuredPj)).ToArray();
        var snnY = view.Points.Select(p => p.Result.Snn.Accuracy * 100).ToArray();
        var qnnX = view.Points.Select(p => scale.FromPj(p.Result.Qnn.Energy.SampleMeasuredPj)).ToArray();
        var qnnY = view.Points.Select(p => p.Result.Qnn.Accuracy * 100).ToArray();
        for (var i = 0; i < view.Points.Count; i++)
        {
            var link = plot.Add.Scatter(new[] { snnX[i], qnnX[i] }, new[] { snnY[i], qnnY[i] });
            link.LinePattern = LinePattern.Dotted;
            link.MarkerSize = 0;
            link.Color = Colors.Gray;
            var label = plot.Add.Text($"b_w={view.Points[i].Pair.WeightBits}, T={view.Points[i].Pair.Timesteps}", snnX[i], snnY[i]);
            label.LabelFontName = Plots.FontName;
            label.LabelFontSize = 12;
            label.OffsetY = -8;
        }

        var snn = plot.Add.ScatterPoints(snnX, snnY);
        snn.LegendText = "SNN (IF, T timesteps)";
        snn.MarkerSize = 10;
        snn.MarkerShape = MarkerShape.FilledCircle;
        var qnn = plot.Add.ScatterPoints(qnnX, qnnY);
        qnn.LegendText = "QNN twin (ceil(log2(T+1))-bit activations)";
        qnn.MarkerSize = 10;
        qnn.MarkerShape = MarkerShape.FilledSquare;

        plot.XLabel($"measured energy per inference ({scale.Unit}, mean over the RTL sample)");
        plot.YLabel("test accuracy (%, golden model, whole test set)");
        var xs = snnX.Concat(qnnX).DefaultIfEmpty(0).ToArray();
        var ys = snnY.Concat(qnnY).DefaultIfEmpty(0).ToArray();
        var spanX = Math.Max(xs.Max() - xs.Min(), Math.Max(xs.Max(), 1e-9) * 0.1);
        var spanY = Math.Max(ys.Max() - ys.Min(), 2);
        plot.Axes.SetLimits(Math.Max(0, xs.Min() - 0.15 * spanX), xs.Max() + 0.15 * spanX, ys.Min() - 0.2 * spanY, ys.Max() + 0.25 * spanY);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.FontName = Plots.FontName;
        plot.Legend.FontSize = 12;
        var (title, size) = Plots.FitTitle([$"Bit Budget {view.Budget} (b_w x b_s x T), Shen et al. CVPR 2024", view.SourceLabel]);
        plot.Title(title, size);
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Title.Label.FontName = Plots.FontName;
        return plot;
    }
}
