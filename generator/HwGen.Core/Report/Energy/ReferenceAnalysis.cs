// `analyze --model`: one operating point of a v1 closed-form model, with optional sensitivity ranges; text and JSON.
using System.Text;
using System.Text.Json.Nodes;
using static HwGen.Report.Formatting;

using HwGen.Energy;

namespace HwGen.Report;

public sealed record ReferenceAnalysis(
    YanV1Model Model,
    int Timesteps,
    double SpikeRate,
    double SnnEnergyPj,
    double AnnEnergyPj,
    BreakEvenPoint BreakEven,
    IReadOnlyList<VariedParameter> Varied,
    IReadOnlyList<ResultRange>? Ranges)
{
    public double Ratio => SnnEnergyPj / AnnEnergyPj;

    public static ReferenceAnalysis Run(YanV1Model model, int timesteps, double spikeRate, IReadOnlyList<VariedParameter> varied)
    {
        foreach (var parameter in varied.Where(p => !YanV1Constants.IsName(p.Key)))
        {
            throw new ArgumentException($"--vary {parameter.Key}: {YanV1Constants.UnknownMessage(parameter.Key)}");
        }

        IReadOnlyList<ResultRange>? ranges = varied.Count == 0 ? null : SensitivityGrid.Evaluate(varied, factors =>
        {
            var m = Vary(model, factors);
            var snn = m.SnnEnergyPj(timesteps, spikeRate);
            var ann = m.AnnEnergyPj();
            return [snn, ann, snn / ann, m.BreakEven(timesteps).RawSpikeRate];
        });
        return new ReferenceAnalysis(model, timesteps, spikeRate, model.SnnEnergyPj(timesteps, spikeRate), model.AnnEnergyPj(),
            model.BreakEven(timesteps), varied, ranges);
    }

    internal static YanV1Model Vary(YanV1Model model, IReadOnlyDictionary<string, double> factors)
    {
        var constants = model.Constants;
        foreach (var (name, factor) in factors)
        {
            constants = constants.With(name, constants[name] * factor);
        }

        return model with { Constants = constants };
    }

    public static string Describe(YanV1Model model) => model.Architecture == YanV1Architecture.Classical
        ? "Yan et al. v1 closed form, classical hierarchy (DRAM -> SRAM -> PEs); pJ per synapse per inference"
        : "Yan et al. v1 closed form, spatial dataflow (weights resident, no DRAM); pJ per synapse per inference";

    /// <summary>The second line of a v1 model's plot title: the constants it ran with, so a --constant override shows.</summary>
    public static string CaptionConstants(YanV1Model model)
    {
        // Two lines of constants: one line of all eight is wider than the plot.
        var parts = YanV1Constants.Names.Select(n => $"{n}={Num(model.Constants[n])}").ToList();
        var half = (parts.Count + 1) / 2;
        return "\n" + string.Join(" ", parts.Take(half)) + "\n" + string.Join(" ", parts.Skip(half));
    }

    public static string ConstantsText(YanV1Constants c) => string.Join(" ", YanV1Constants.Names.Select(n => $"{n}={Num(c[n])}"));

    public static JsonObject ConstantsJson(YanV1Constants c)
    {
        var node = new JsonObject();
        foreach (var name in YanV1Constants.Names)
        {
            node[name] = c[name];
        }

        return node;
    }

    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append($"model: {Model.Name} ({Describe(Model)})\n");
        sb.Append($"constants: {ConstantsText(Model.Constants)}\n");
        sb.Append($"T = {Timesteps}, s_r = {Num(SpikeRate)}\n");
        sb.Append($"E_SNN = {Num(SnnEnergyPj)} pJ, E_ANN (8-bit) = {Num(AnnEnergyPj)} pJ, SNN/ANN = {Num(Ratio, "F4")}\n");
        var meaning = BreakEven.Kind switch
        {
            BreakEvenKind.Never => "the SNN loses even at s_r = 0",
            BreakEvenKind.Always => "the SNN wins even at s_r = 1",
            _ => "the SNN wins below it",
        };
        sb.Append($"break-even s_r* = {BreakEven.Describe()} ({meaning})\n");
        if (Ranges is { } r)
        {
            sb.Append($"varied: {string.Join(", ", Varied)} (every combination of low, nominal and high)\n");
            sb.Append($"  E_SNN {RangeText(r[0])} pJ; E_ANN {RangeText(r[1])} pJ; SNN/ANN {RangeText(r[2])}; s_r* {RangeText(r[3], breakEven: true)}\n");
        }

        return sb.ToString();
    }

    public string ToJson()
    {
        var node = new JsonObject
        {
            ["model"] = Model.Name,
            ["description"] = Describe(Model),
            ["constants"] = ConstantsJson(Model.Constants),
            ["timesteps"] = Timesteps,
            ["spike_rate"] = SpikeRate,
            ["snn_energy_pj"] = SnnEnergyPj,
            ["ann_energy_pj"] = AnnEnergyPj,
            ["ratio"] = Ratio,
            ["breakeven_spike_rate"] = BreakEvenNode(BreakEven.RawSpikeRate),
        };
        if (Ranges is { } r)
        {
            node["varied"] = new JsonArray(Varied.Select(v => (JsonNode)JsonValue.Create(v.ToString())!).ToArray());
            node["ranges"] = new JsonObject
            {
                ["snn_energy_pj"] = RangeNode(r[0]),
                ["ann_energy_pj"] = RangeNode(r[1]),
                ["ratio"] = RangeNode(r[2]),
                ["breakeven_spike_rate"] = RangeNode(r[3], breakEven: true),
            };
        }

        return ToJsonText(node);
    }
}
