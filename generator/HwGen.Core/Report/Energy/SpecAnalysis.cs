// `analyze SPEC`: per layer and component, the spiking design against its QNN twin (expected mode); text, JSON and CSV.
using System.Text;
using System.Text.Json.Nodes;
using HwGen.Model;
using static HwGen.Report.Formatting;

using HwGen.Energy;
using HwGen.Golden;
using HwGen.Data;

namespace HwGen.Report;

public sealed record SpecAnalysis(NetworkComparison Comparison, IReadOnlyList<VariedParameter> Varied, IReadOnlyList<ResultRange>? Ranges, bool IsExact = false)
{
    public const string ModelName = "hwgen-analytical-v1";

    /// <summary>
    /// Exact mode: counts from the golden model's traces of the spec's data (both designs), priced like expected mode.
    /// <paramref name="data"/> is what <c>simulate</c> runs: the spec's .npy files, the rest generated from its seed
    /// (<see cref="NpyNetworkData.Load"/>).
    /// </summary>
    public static SpecAnalysis RunExact(HardwareModel model, EnergyReferenceTable table, IReadOnlyList<VariedParameter> varied, NetworkData data)
    {
        var golden = GoldenModel.Run(model, data);
        var snn = golden.Snn ?? throw new ArgumentException($"spec '{model.Name}' describes a QNN only; the analysis compares a spiking design with its QNN twin.");
        IReadOnlyList<ResultRange>? ranges = varied.Count == 0 ? null : SensitivityGrid.Evaluate(varied, factors =>
        {
            var comparison = new AnalyticalEnergyModel(model, table, PriceFactors(factors)).AnalyzeExact(snn.Trace, golden.Qnn.Trace);
            return [comparison.Snn.TotalPj, comparison.Qnn.TotalPj, comparison.Ratio];
        });
        return new SpecAnalysis(new AnalyticalEnergyModel(model, table).AnalyzeExact(snn.Trace, golden.Qnn.Trace), varied, ranges, IsExact: true)
        {
            SpikeRateWarnings = SpikeRateCheck.Check(model, snn.Trace),
            MaxPools = MaxPoolAgreement.Measure(model, snn.Trace),
        };
    }

    /// <summary>Exact mode only: per max pool, how often the SNN's per-timestep max differs from the max of rates.</summary>
    public IReadOnlyList<MaxPoolAgreement> MaxPools { get; init; } = [];

    /// <summary>Exact mode only: layers whose measured spike rate is far from their spec rate (docs/spec.md, "Generated data").</summary>
    public IReadOnlyList<SpikeRateWarning> SpikeRateWarnings { get; init; } = [];

    /// <summary>Where the data of exact mode comes from: each .npy file the spec names, otherwise the seed.</summary>
    public static string DataSource(HardwareModel model)
    {
        var generated = $"generated from seed {model.Workload.Stimulus.Seed}";
        var input = model.Workload.Stimulus.InputFile is { } inputFile ? $"input from {DataFileName(model, inputFile)}" : $"input {generated}";
        var files = model.Layers.Where(l => l.WeightFile is not null).Select(l => $"{l.Name} from {DataFileName(model, l.WeightFile!)}").ToList();
        if (files.Count == 0)
        {
            return model.Workload.Stimulus.InputFile is null ? $"input and weights {generated}" : $"{input}, weights {generated}";
        }

        var weights = "weights of " + string.Join(", of ", files);
        return files.Count == model.Layers.Count ? $"{input}, {weights}" : $"{input}, {weights}, other weights {generated}";
    }

    public static SpecAnalysis Run(HardwareModel model, EnergyReferenceTable table, IReadOnlyList<VariedParameter> varied)
    {
        var engine = new AnalyticalEnergyModel(model, table);
        IReadOnlyList<ResultRange>? ranges = varied.Count == 0 ? null : SensitivityGrid.Evaluate(varied, factors =>
        {
            var comparison = new AnalyticalEnergyModel(model, table, PriceFactors(factors)).Analyze();
            return [comparison.Snn.TotalPj, comparison.Qnn.TotalPj, comparison.Ratio];
        });
        return new SpecAnalysis(engine.Analyze(), varied, ranges);
    }

    /// <summary>Multipliers per action from "component.action" keys; an unknown key is an error listing the actions.</summary>
    public static ActionVector PriceFactors(IReadOnlyDictionary<string, double> factors)
    {
        var vector = AnalyticalEnergyModel.Ones();
        foreach (var (key, factor) in factors)
        {
            var dot = key.IndexOf('.');
            var index = dot > 0 ? ActionIndex.Of(key[..dot], key[(dot + 1)..]) : -1;
            if (index < 0)
            {
                throw new ArgumentException(
                    $"--vary {key}: for a spec, vary an ERT entry component.action, one of {string.Join(", ", Actions.All)}.");
            }

            vector[index] *= factor;
        }

        return vector;
    }

    public static void ValidateKeys(IReadOnlyList<VariedParameter> varied) =>
        PriceFactors(varied.ToDictionary(v => v.Key, _ => 1.0));

    /// <summary>Lines naming the model, preset, dataflow and widths behind every figure.</summary>
    public static IEnumerable<string> Header(HardwareModel model, EnergyReferenceTable table, int timesteps, int twinBits, bool exact = false)
    {
        yield return $"spec: {model.Name} ({Path.GetFileName(model.SourceFile)})";
        yield return exact
            ? $"model: {ModelName} (count formulas of docs/hardware.md x ERT, exact mode: counts from the golden model's traces of the spec's data: {DataSource(model)}; docs/energy.md)"
            : $"model: {ModelName} (count formulas of docs/hardware.md x ERT, expected mode from the spec's statistics; docs/energy.md)";
        yield return $"ERT preset: {table.Preset} ({table.TechnologyNm} nm): {table.Description}";
        yield return $"dataflow: {DataflowName(model.Dataflow)}; SNN T = {timesteps} ({ModelReport.KindName(model.Neuron.Kind)}), " +
                     $"QNN twin {twinBits}-bit activations, zero skipping {(model.Twin.ZeroSkipping ? "on" : "off")}";
    }

    /// <summary>A data file as the spec names it: relative to the spec's folder (the model holds resolved paths).</summary>
    public static string DataFileName(HardwareModel model, string file)
    {
        if (!Path.IsPathRooted(file))
        {
            return file.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(model.SourceFile))!, file);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? file : relative).Replace('\\', '/');
    }

    public static string DataflowName(Dataflow dataflow) => dataflow switch
    {
        Dataflow.Spatial => "spatial",
        Dataflow.Neuromorphic => "neuromorphic",
        _ => "classical",
    };

    public string ToText()
    {
        var c = Comparison;
        var sb = new StringBuilder();
        foreach (var line in Header(c.Model, c.Table, c.Timesteps, c.TwinActivationBits, IsExact))
        {
            sb.Append(line).Append('\n');
        }

        sb.Append('\n');
        var rows = new List<string[]> { new[] { "layer", "SNN pJ", "QNN pJ", "SNN/QNN", "SNN dominant", "QNN dominant" } };
        foreach (var layer in c.Layers)
        {
            rows.Add([layer.Layer.Name, Num(layer.Snn.TotalPj), Num(layer.Qnn.TotalPj), Num(layer.Ratio, "F4"), Dominant(layer.Snn), Dominant(layer.Qnn)]);
        }

        rows.Add(["total", Num(c.Snn.TotalPj), Num(c.Qnn.TotalPj), Num(c.Ratio, "F4"), Dominant(c.Snn), Dominant(c.Qnn)]);
        sb.Append(TextTable.Render(rows));

        sb.Append("\nper component (whole network)\n");
        var snnComponents = c.Snn.ByComponent();
        var qnnComponents = c.Qnn.ByComponent();
        var componentRows = new List<string[]> { new[] { "component", "SNN pJ", "SNN share", "QNN pJ", "QNN share" } };
        for (var i = 0; i < snnComponents.Count; i++)
        {
            componentRows.Add([snnComponents[i].Component, Num(snnComponents[i].EnergyPj), Percent(snnComponents[i].EnergyPj / c.Snn.TotalPj),
                Num(qnnComponents[i].EnergyPj), Percent(qnnComponents[i].EnergyPj / c.Qnn.TotalPj)]);
        }

        sb.Append(TextTable.Render(componentRows));

        sb.Append("\ncounts and prices (whole network)\n");
        var countRows = new List<string[]> { new[] { "action", "SNN count", "QNN count", "SNN pJ/action", "QNN pJ/action" } };
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            countRows.Add([ActionIndex.Key(i).ToString(), Num(c.Snn.Counts[i], "G8"), Num(c.Qnn.Counts[i], "G8"),
                Num(c.SnnPrices.Energies[i]), Num(c.QnnPrices.Energies[i])]);
        }

        sb.Append(TextTable.Render(countRows));
        if (MaxPools.Count > 0)
        {
            sb.Append("\nmax pooling: SNN per-timestep max (sum over T of the window's largest level) against the max of rates (the window's largest level sum)\n");
            var poolRows = new List<string[]> { new[] { "layer", "neurons", "differing", "share", "SNN levels", "max-of-rates levels" } };
            foreach (var pool in MaxPools)
            {
                poolRows.Add([pool.LayerName, Num(pool.Neurons), Num(pool.Disagreeing), Percent(pool.DisagreementRate), Num(pool.PerTimestepLevels), Num(pool.MaxOfRatesLevels)]);
            }

            sb.Append(TextTable.Render(poolRows));
        }

        var bitOps = c.BitOps;
        sb.Append($"\nbit-ops (Bit Budget, a metric, not an energy): SNN dense {Num(bitOps.SnnDense)}, SNN event-driven {Num(bitOps.SnnEvents)}, " +
                  $"QNN dense {Num(bitOps.QnnDense)}, QNN non-zero {Num(bitOps.QnnNonZero)}\n");
        if (Ranges is { } r)
        {
            sb.Append($"varied: {string.Join(", ", Varied)} (every combination of low, nominal and high)\n");
            sb.Append($"  SNN {RangeText(r[0])} pJ; QNN {RangeText(r[1])} pJ; SNN/QNN {RangeText(r[2])}\n");
        }

        sb.Append("\nprice origins (SNN)\n");
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            sb.Append($"  {ActionIndex.Key(i)}: {c.SnnPrices.Origins[i]}\n");
        }

        return sb.ToString();
    }

    private static string Dominant(DesignEnergy design) =>
        string.Join(", ", design.DominantTerms(2).Select(t => $"{t.Action} {Percent(t.Share)}"));

    public string ToJson()
    {
        var c = Comparison;
        var layers = new JsonArray();
        foreach (var layer in c.Layers)
        {
            layers.Add(new JsonObject
            {
                ["name"] = layer.Layer.Name,
                ["snn_energy_pj"] = layer.Snn.TotalPj,
                ["qnn_energy_pj"] = layer.Qnn.TotalPj,
                ["ratio"] = layer.Ratio,
                ["snn"] = DesignJson(layer.Snn),
                ["qnn"] = DesignJson(layer.Qnn),
                ["bit_ops"] = BitOpsJson(layer.BitOps),
            });
        }

        var prices = new JsonArray();
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            prices.Add(new JsonObject
            {
                ["action"] = ActionIndex.Key(i).ToString(),
                ["snn_pj"] = c.SnnPrices.Energies[i],
                ["qnn_pj"] = c.QnnPrices.Energies[i],
                ["snn_origin"] = c.SnnPrices.Origins[i],
                ["qnn_origin"] = c.QnnPrices.Origins[i],
            });
        }

        var node = new JsonObject
        {
            ["model"] = ModelName,
            ["spec"] = c.Model.Name,
            ["spec_file"] = Path.GetFileName(c.Model.SourceFile),
            ["ert_preset"] = c.Table.Preset,
            ["dataflow"] = DataflowName(c.Model.Dataflow),
            ["mode"] = IsExact ? "exact" : "expected",
            ["timesteps"] = c.Timesteps,
            ["twin_activation_bits"] = c.TwinActivationBits,
            ["snn_energy_pj"] = c.Snn.TotalPj,
            ["qnn_energy_pj"] = c.Qnn.TotalPj,
            ["ratio"] = c.Ratio,
            ["snn"] = DesignJson(c.Snn),
            ["qnn"] = DesignJson(c.Qnn),
            ["bit_ops"] = BitOpsJson(c.BitOps),
            ["layers"] = layers,
            ["prices"] = prices,
        };
        if (IsExact)
        {
            var weightFiles = new JsonObject();
            foreach (var layer in c.Model.Layers)
            {
                weightFiles[layer.Name] = layer.WeightFile is { } file ? DataFileName(c.Model, file) : null;
            }

            node["data"] = new JsonObject
            {
                ["seed"] = c.Model.Workload.Stimulus.Seed,
                ["input_file"] = c.Model.Workload.Stimulus.InputFile is { } input ? DataFileName(c.Model, input) : null,
                ["weights_files"] = weightFiles,
            };
            node["max_pool_agreement"] = new JsonArray(MaxPools.Select(p => (JsonNode)new JsonObject
            {
                ["layer"] = p.LayerName,
                ["neurons"] = p.Neurons,
                ["differing"] = p.Disagreeing,
                ["per_timestep_levels"] = p.PerTimestepLevels,
                ["max_of_rates_levels"] = p.MaxOfRatesLevels,
            }).ToArray());
            node["spike_rate_warnings"] = new JsonArray(SpikeRateWarnings.Select(w => (JsonNode)new JsonObject
            {
                ["layer"] = w.Layer,
                ["key"] = w.Key,
                ["spec_spike_rate"] = w.SpecRate,
                ["measured_spike_rate"] = w.MeasuredRate,
                ["message"] = w.Message,
            }).ToArray());
        }

        if (Ranges is { } r)
        {
            node["varied"] = new JsonArray(Varied.Select(v => (JsonNode)JsonValue.Create(v.ToString())!).ToArray());
            node["ranges"] = new JsonObject { ["snn_energy_pj"] = RangeNode(r[0]), ["qnn_energy_pj"] = RangeNode(r[1]), ["ratio"] = RangeNode(r[2]) };
        }

        return ToJsonText(node);
    }

    /// <summary>One row per layer, design and action: layer,design,component,action,count,energy_pj,model,constants.</summary>
    public string ToCsv()
    {
        // Every row names its model (and mode) and its ERT preset: a row copied out of context still says what produced it.
        var provenance = $"{ModelName} ({(IsExact ? "exact" : "expected")} mode),ERT {Comparison.Table.Preset}";
        var sb = new StringBuilder("layer,design,component,action,count,energy_pj,model,constants\n");
        foreach (var layer in Comparison.Layers)
        {
            foreach (var (design, energy) in new[] { ("snn", layer.Snn), ("qnn", layer.Qnn) })
            {
                for (var i = 0; i < ActionIndex.Count; i++)
                {
                    var key = ActionIndex.Key(i);
                    sb.Append($"{layer.Layer.Name},{design},{key.Component},{key.Action},{Exact(energy.Counts[i])},{Exact(energy.EnergyPj[i])},{provenance}\n");
                }
            }
        }

        return sb.ToString();
    }

    private static JsonObject DesignJson(DesignEnergy design)
    {
        var components = new JsonObject();
        foreach (var component in design.ByComponent())
        {
            components[component.Component] = component.EnergyPj;
        }

        var counts = new JsonObject();
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            counts[ActionIndex.Key(i).ToString()] = design.Counts[i];
        }

        return new JsonObject
        {
            ["energy_pj"] = design.TotalPj,
            ["components_pj"] = components,
            ["counts"] = counts,
            ["dominant"] = new JsonArray(design.DominantTerms().Select(t => (JsonNode)new JsonObject
            {
                ["action"] = t.Action.ToString(),
                ["energy_pj"] = t.EnergyPj,
                ["share"] = t.Share,
            }).ToArray()),
        };
    }

    private static JsonObject BitOpsJson(BitOperations b) => new()
    {
        ["snn_dense"] = b.SnnDense,
        ["snn_events"] = b.SnnEvents,
        ["qnn_dense"] = b.QnnDense,
        ["qnn_nonzero"] = b.QnnNonZero,
    };
}
