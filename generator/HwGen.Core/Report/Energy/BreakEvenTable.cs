// `breakeven`: the break-even spike rate per T for a v1 model or a spec, with optional sensitivity ranges; text, CSV, JSON.
using System.Text;
using System.Text.Json.Nodes;
using HwGen.Model;
using static HwGen.Report.Formatting;

using HwGen.Energy;

namespace HwGen.Report;

public sealed record BreakEvenTable(
    string ModelName,
    IReadOnlyList<string> Header,
    JsonObject Provenance,
    IReadOnlyList<BreakEvenPoint> Points,
    IReadOnlyList<VariedParameter> Varied,
    IReadOnlyList<ResultRange>? Ranges)
{
    public static BreakEvenTable ForReference(YanV1Model model, IReadOnlyList<int> timesteps, IReadOnlyList<VariedParameter> varied)
    {
        foreach (var parameter in varied.Where(p => !YanV1Constants.IsName(p.Key)))
        {
            throw new ArgumentException($"--vary {parameter.Key}: {YanV1Constants.UnknownMessage(parameter.Key)}");
        }

        var ranges = varied.Count == 0 ? null : SensitivityGrid.Evaluate(varied, factors =>
        {
            var m = ReferenceAnalysis.Vary(model, factors);
            return timesteps.Select(t => m.BreakEven(t).RawSpikeRate).ToArray();
        });
        var header = new[]
        {
            $"model: {model.Name} ({ReferenceAnalysis.Describe(model)})",
            $"constants: {ReferenceAnalysis.ConstantsText(model.Constants)}",
        };
        var provenance = new JsonObject
        {
            ["model"] = model.Name,
            ["description"] = ReferenceAnalysis.Describe(model),
            ["constants"] = ReferenceAnalysis.ConstantsJson(model.Constants),
        };
        return new BreakEvenTable(model.Name, header, provenance, timesteps.Select(model.BreakEven).ToArray(), varied, ranges)
        {
            Constants = ReferenceAnalysis.ConstantsText(model.Constants),
        };
    }

    /// <summary>
    /// Spec break-even: every layer's output spike rate set to the same s_r (the network input keeps the stimulus
    /// rate); the twin keeps each layer's qnn_sparsity and takes ceil(log2(T+1))-bit activations.
    /// </summary>
    public static BreakEvenTable ForSpec(HardwareModel model, EnergyReferenceTable table, IReadOnlyList<int> timesteps, IReadOnlyList<VariedParameter> varied)
    {
        SpecAnalysis.ValidateKeys(varied);
        var engine = new AnalyticalEnergyModel(model, table);
        var ranges = varied.Count == 0 ? null : SensitivityGrid.Evaluate(varied, factors =>
        {
            var varying = new AnalyticalEnergyModel(model, table, SpecAnalysis.PriceFactors(factors));
            return timesteps.Select(t => varying.BreakEven(t).RawSpikeRate).ToArray();
        });
        var header = SpecAnalysis.Header(model, table, model.Neuron.Timesteps, model.Twin.ActivationBits)
            .Append("sweep: the same s_r at every layer's output (network input at the stimulus rate); twin with each layer's qnn_sparsity " +
                    "and ceil(log2(T+1))-bit activations")
            .ToArray();
        var provenance = new JsonObject
        {
            ["model"] = SpecAnalysis.ModelName,
            ["spec"] = model.Name,
            ["spec_file"] = Path.GetFileName(model.SourceFile),
            ["ert_preset"] = table.Preset,
            ["dataflow"] = SpecAnalysis.DataflowName(model.Dataflow),
            ["sweep"] = "same spike rate at every layer output; input at the stimulus rate",
        };
        return new BreakEvenTable(SpecAnalysis.ModelName, header, provenance, timesteps.Select(engine.BreakEven).ToArray(), varied, ranges)
        {
            Constants = $"ERT {table.Preset}",
        };
    }

    /// <summary>The constants behind every row (the v1 constants, or the spec's ERT preset), named in each CSV row.</summary>
    public string Constants { get; init; } = string.Empty;

    public string ToCsv()
    {
        // Every row names its model and constants: a CSV row copied out of context still says what produced it.
        var sb = new StringBuilder("timesteps,breakeven_spike_rate,snn_fixed_pj,snn_slope_pj,qnn_pj");
        sb.Append(Ranges is null ? ",model,constants\n" : ",breakeven_min,breakeven_max,model,constants\n");
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            sb.Append($"{p.Timesteps},{BreakEvenPoint.Describe(p.RawSpikeRate, "R")},{Exact(p.SnnAtZeroPj)},{Exact(p.SnnSlopePj)},{Exact(p.QnnPj)}");
            if (Ranges is { } r)
            {
                sb.Append($",{BreakEvenPoint.Describe(r[i].Min, "R")},{BreakEvenPoint.Describe(r[i].Max, "R")}");
            }

            sb.Append($",{ModelName},{Constants}\n");
        }

        return sb.ToString();
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        foreach (var line in Header)
        {
            sb.Append(line).Append('\n');
        }

        if (Ranges is not null)
        {
            sb.Append($"varied: {string.Join(", ", Varied)} (every combination of low, nominal and high)\n");
        }

        sb.Append('\n');
        var rows = new List<string[]> { Ranges is null ? ["T", "s_r*", "SNN at s_r=0 pJ", "SNN slope pJ", "QNN pJ"] : ["T", "s_r*", "range", "SNN at s_r=0 pJ", "SNN slope pJ", "QNN pJ"] };
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            rows.Add(Ranges is { } r
                ? [Num(p.Timesteps), p.Describe(), RangeText(r[i], breakEven: true), Num(p.SnnAtZeroPj), Num(p.SnnSlopePj), Num(p.QnnPj)]
                : [Num(p.Timesteps), p.Describe(), Num(p.SnnAtZeroPj), Num(p.SnnSlopePj), Num(p.QnnPj)]);
        }

        sb.Append(TextTable.Render(rows));
        sb.Append("the SNN wins below s_r*; never: it loses even at s_r = 0; always: it wins even at s_r = 1\n");
        return sb.ToString();
    }

    public string ToJson()
    {
        var points = new JsonArray();
        for (var i = 0; i < Points.Count; i++)
        {
            var p = Points[i];
            var row = new JsonObject
            {
                ["timesteps"] = p.Timesteps,
                ["breakeven_spike_rate"] = BreakEvenNode(p.RawSpikeRate),
                ["snn_fixed_pj"] = p.SnnAtZeroPj,
                ["snn_slope_pj"] = p.SnnSlopePj,
                ["qnn_pj"] = p.QnnPj,
            };
            if (Ranges is { } r)
            {
                row["range"] = RangeNode(r[i], breakEven: true);
            }

            points.Add(row);
        }

        var node = (JsonObject)Provenance.DeepClone();
        if (Ranges is not null)
        {
            node["varied"] = new JsonArray(Varied.Select(v => (JsonNode)JsonValue.Create(v.ToString())!).ToArray());
        }

        node["points"] = points;
        return ToJsonText(node);
    }
}
