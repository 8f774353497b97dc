// Formats a test-set evaluation (HwGen.Train.TestSetResult): the report.md section, the report.json object and the
// per-twin fields (`accuracy`, `rtl_accuracy`, `rtl_sample`) that `run --json` carries.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using HwGen.Model;
using HwGen.Train;

namespace HwGen.Report;

public static class TestSetReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", Inv) + "%";

    private static string Pj(double value) => value.ToString("0.#", Inv);

    /// <summary>The report.md section: accuracy, RTL sample, energy per inference and the layers as trained.</summary>
    public static string Markdown(HardwareModel model, TestSetResult t)
    {
        var sb = new StringBuilder();
        sb.Append("\n## Test set: accuracy and energy per inference\n\n");
        sb.Append(Inv, $"- Data: {t.Source}; prediction: {TestSetResult.PredictionRule}.\n");
        sb.Append(Inv, $"- Golden model on all {t.Images} images ({t.GoldenSeconds:0.#} s); RTL (Verilator) on the first {t.Snn.RtlImages} ({t.RtlSeconds:0.#} s): {(t.RtlBitExact ? "every image bit-exact with the golden model (outputs, final states, action counts)" : "NOT bit-exact on every image")}.\n");
        sb.Append(Inv, $"- The twins disagree on {t.Disagreements} images ({Percent(1 - t.Agreement)}): the SNN alone is right on {t.SnnOnlyRight}, the QNN twin alone on {t.QnnOnlyRight}.\n\n");
        sb.Append("| twin | accuracy (golden, all images) | RTL accuracy (sample) | golden on the sample | RTL = golden prediction | bit-exact images | analytical pJ/inference (all images) | analytical pJ (sample) | ERT of measured counts pJ (sample) | measured pJ (sample) | cycles (sample mean) |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var twin in t.Twins)
        {
            var e = twin.Energy;
            sb.Append(Inv, $"| {twin.Twin} | {Percent(twin.Accuracy)} ({twin.Correct}/{twin.Images}) | {(twin.RtlAccuracy is { } r ? $"{Percent(r)} ({twin.RtlCorrect}/{twin.RtlImages})" : "n/a")} | {twin.GoldenSampleCorrect}/{twin.RtlImages} | {twin.RtlSameAsGolden}/{twin.RtlImages} | {twin.RtlBitExact}/{twin.RtlImages} | {Pj(e.AnalyticalPj)} | {Pj(e.SampleAnalyticalPj)} | {Pj(e.SampleErtOfMeasuredCountsPj)} | {Pj(e.SampleMeasuredPj)} | {twin.SampleMeanCycles:0} |\n");
        }

        var ratio = t.Qnn.Energy.SampleMeasuredPj == 0 ? "n/a" : (t.Snn.Energy.SampleMeasuredPj / t.Qnn.Energy.SampleMeasuredPj).ToString("0.###", Inv);
        var analyticalRatio = t.Qnn.Energy.AnalyticalPj == 0 ? "n/a" : (t.Snn.Energy.AnalyticalPj / t.Qnn.Energy.AnalyticalPj).ToString("0.###", Inv);
        sb.Append(Inv, $"\nSNN/QNN energy per inference: measured {ratio} (RTL sample), analytical {analyticalRatio} (all images). Energies: analytical = {RunReportWriter.AnalyticalModel}; measured = {RunReportWriter.MeasuredModel}.\n\n");
        sb.Append("### Layers as trained (golden model, all images) against the spec\n\n");
        sb.Append(Inv, $"Spike rate = SNN spike events / (neurons x T); QNN sparsity = zero twin activations / neurons. A neuron's level differs when its SNN spike count over T (L = {MaxLevel(model)}) is not its QNN activation; 'above L·T' counts activations no spike train of T steps can carry.\n\n");
        sb.Append("| layer | spec s_r | trained s_r | difference | spec QNN sparsity | trained QNN sparsity | neuron levels SNN ≠ QNN | QNN activation above L·T |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var l in t.Layers)
        {
            var diff = l.SpikeRateDifferencePercent is { } d ? d.ToString("+0.0;-0.0;0.0", Inv) + "%" : "n/a";
            sb.Append(Inv, $"| {l.Layer} | {l.SpecSpikeRate:0.####} | {l.SpikeRate:0.####} | {diff} | {l.SpecQnnSparsity:0.####} | {l.QnnSparsity:0.####} | {Percent(l.LevelDifference)} | {Percent(l.AboveSpikeCapacity)} |\n");
        }

        return sb.ToString();
    }

    private static int MaxLevel(HardwareModel model) => Golden.NetworkData.MaxLevel(model.Neuron);

    /// <summary>The report.json object <c>test_set</c>.</summary>
    public static JsonObject Json(TestSetResult t) => new()
    {
        ["source"] = t.Source,
        ["images"] = t.Images,
        ["prediction_rule"] = TestSetResult.PredictionRule,
        ["rtl_sample"] = t.Snn.RtlImages,
        ["rtl_bit_exact"] = t.RtlBitExact,
        ["disagreements"] = t.Disagreements,
        ["agreement"] = t.Agreement,
        ["snn_only_right"] = t.SnnOnlyRight,
        ["qnn_only_right"] = t.QnnOnlyRight,
        ["golden_seconds"] = Math.Round(t.GoldenSeconds, 2),
        ["rtl_seconds"] = Math.Round(t.RtlSeconds, 2),
        ["snn"] = TwinJson(t.Snn),
        ["qnn"] = TwinJson(t.Qnn),
        ["layers"] = new JsonArray(t.Layers.Select(l => (JsonNode)new JsonObject
        {
            ["layer"] = l.Layer,
            ["spec_spike_rate"] = l.SpecSpikeRate,
            ["spike_rate"] = l.SpikeRate,
            ["spike_rate_difference_percent"] = l.SpikeRateDifferencePercent,
            ["spec_qnn_sparsity"] = l.SpecQnnSparsity,
            ["qnn_sparsity"] = l.QnnSparsity,
            ["level_difference"] = l.LevelDifference,
            ["above_spike_capacity"] = l.AboveSpikeCapacity,
        }).ToArray()),
    };

    /// <summary>One twin's figures; also added to the twin's own object of report.json (<see cref="AddTwinFields"/>).</summary>
    public static JsonObject TwinJson(TwinTestResult twin)
    {
        var json = new JsonObject();
        AddTwinFields(json, twin);
        json["correct"] = twin.Correct;
        json["rtl_correct"] = twin.RtlCorrect;
        json["rtl_bit_exact_images"] = twin.RtlBitExact;
        json["rtl_same_prediction_as_golden"] = twin.RtlSameAsGolden;
        json["golden_sample_correct"] = twin.GoldenSampleCorrect;
        json["energy_per_inference_pj"] = new JsonObject
        {
            ["analytical_all_images"] = twin.Energy.AnalyticalPj,
            ["analytical_sample"] = twin.Energy.SampleAnalyticalPj,
            ["ert_of_measured_counts_sample"] = twin.Energy.SampleErtOfMeasuredCountsPj,
            ["measured_sample"] = twin.Energy.SampleMeasuredPj,
        };
        json["sample_mean_cycles"] = twin.SampleMeanCycles;
        return json;
    }

    /// <summary>The per-twin fields of <c>run --json</c>: accuracy (golden, whole test set), rtl_accuracy and its sample size.</summary>
    public static void AddTwinFields(JsonObject twinJson, TwinTestResult twin)
    {
        twinJson["accuracy"] = twin.Accuracy;
        twinJson["test_images"] = twin.Images;
        twinJson["rtl_accuracy"] = twin.RtlAccuracy;
        twinJson["rtl_sample"] = twin.RtlImages;
    }
}
