// `hwgen analyze`: analytical energy of a spec's SNN and its QNN twin, or of a v1 closed-form reference model.
using System.CommandLine;
using HwGen.Energy;
using HwGen.Report;

namespace HwGen.Cli.Commands;

public static class AnalyzeCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file to analyze (omit when using --model).", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model") { Description = $"A closed-form reference model instead of a spec: {string.Join(", ", YanV1Model.Names)}." };
        var timesteps = new Option<int?>("--timesteps") { Description = "Timesteps T (with --model)." };
        var spikeRate = new Option<double?>("--spike-rate") { Description = "Spike rate s_r in [0, 1] (with --model)." };
        var constants = new Option<string[]>("--constant") { Description = "Override a reference-model constant, KEY=VALUE (E_add, E_mul, E_sram, E_dram, rho, N, R, E_ev); repeatable." };
        var vary = new Option<string[]>("--vary") { Description = "Report the range of the results when KEY varies by ±x%: a model constant (E_dram=±50%) or, for a spec, an ERT entry (dram.read=±50%); repeatable." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV: layer,design,component,action,count,energy_pj,model,constants (spec only)." };
        var exact = new Option<bool>("--exact") { Description = "Spec only: count from the golden model's traces of the spec's data (its .npy files, the rest generated from the seed, as simulate runs) instead of its statistics." };
        var plot = new Option<string?>("--plot") { Description = "Also write a plot (.png or .svg): stacked per-component energy (spec) or energy against spike rate (--model)." };
        var command = new Command("analyze", """
            Analytical energy of a spec's spiking design against its QNN twin, per layer and component
            (counts, prices, dominant terms, bit-ops), or of a Yan et al. v1 closed-form model.

            Examples:
              hwgen analyze hwconfigs/default.yaml
              hwgen analyze hwconfigs/vgg16-cifar10.yaml --json --vary dram.read=±50%
              hwgen analyze hwconfigs/default.yaml --exact
              hwgen analyze --model yan2024-v1-classical --timesteps 4 --spike-rate 0.1 --json
              hwgen analyze --model yan2024-v1-spatial --timesteps 8 --spike-rate 0.05 --constant E_sram=10 --plot energy.svg
            """)
        {
            spec, model, timesteps, spikeRate, constants, vary, json, csv, exact, plot,
        };
        command.SetAction(parse =>
        {
            try
            {
                var varied = CommandInputs.Varied(parse.GetValue(vary));
                var plotPath = parse.GetValue(plot);
                if (plotPath is not null)
                {
                    Plots.CheckPath(plotPath);
                }

                if (parse.GetValue(json) && parse.GetValue(csv))
                {
                    return Fail(console, "--json and --csv exclude each other.");
                }

                var modelName = parse.GetValue(model);
                var specPath = parse.GetValue(spec);
                if (modelName is not null)
                {
                    if (specPath is not null)
                    {
                        return Fail(console, "give either SPEC or --model, not both.");
                    }

                    if (parse.GetValue(timesteps) is not { } t || t < 1 || t > 1024 || parse.GetValue(spikeRate) is not { } s || s < 0 || s > 1 || !double.IsFinite(s))
                    {
                        return Fail(console, "--model needs --timesteps T (1 <= T <= 1024, as breakeven) and --spike-rate S (0 <= S <= 1).");
                    }

                    if (parse.GetValue(csv) || parse.GetValue(exact))
                    {
                        return Fail(console, "--csv and --exact are for specs; use --json with --model.");
                    }

                    var reference = CommandInputs.ReferenceModel(modelName, parse.GetValue(constants) ?? []);
                    var analysis = ReferenceAnalysis.Run(reference, t, s, varied);
                    // The plot first: when it cannot be written, nothing is printed as if the command had succeeded.
                    if (plotPath is not null)
                    {
                        Plots.Save(EnergyCurve.ForReference(reference, t), plotPath);
                    }

                    console.Out.Write(parse.GetValue(json) ? analysis.ToJson() : analysis.ToText());

                    return ExitCodes.Success;
                }

                if (specPath is null)
                {
                    return Fail(console, "give a SPEC file or --model NAME (see --help).");
                }

                if (parse.GetValue(timesteps) is not null || parse.GetValue(spikeRate) is not null || (parse.GetValue(constants) ?? []).Length > 0)
                {
                    return Fail(console, "--timesteps, --spike-rate and --constant go with --model; a spec takes them from its own keys.");
                }

                var hardware = SpecArguments.Load(specPath, console);
                if (hardware is null)
                {
                    return ExitCodes.InvalidInput;
                }

                var table = EnergyReferenceTableLoader.LoadPreset(hardware.Technology.Preset);
                // Exact mode counts the data simulate runs: the spec's .npy files, the rest generated from its seed.
                var result = parse.GetValue(exact)
                    ? SpecAnalysis.RunExact(hardware, table, varied, SpecArguments.LoadData(hardware, specPath))
                    : SpecAnalysis.Run(hardware, table, varied);
                if (plotPath is not null)
                {
                    Plots.Save(ComponentBreakdown.For(result.Comparison, result.IsExact ? SpecAnalysis.DataSource(hardware) : null), plotPath);
                }

                console.Out.Write(parse.GetValue(json) ? result.ToJson() : parse.GetValue(csv) ? result.ToCsv() : result.ToText());
                foreach (var warning in result.SpikeRateWarnings)
                {
                    console.Error.WriteLine(warning.ToString());
                }

                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                return Fail(console, ex.Message);
            }
        });
        return command;
    }

    private static int Fail(CliConsole console, string message) => CommandFailures.Invalid(console, "analyze", message);
}
