// `hwgen breakeven`: the spike rate below which the SNN costs less than its QNN twin, for each T.
using System.CommandLine;
using HwGen.Energy;
using HwGen.Report;

namespace HwGen.Cli.Commands;

public static class BreakevenCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file (omit when using --model).", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string?>("--model") { Description = $"A closed-form reference model instead of a spec: {string.Join(", ", YanV1Model.Names)}." };
        var timesteps = new Option<string>("--timesteps") { Description = "Timesteps: N or FIRST-LAST, e.g. 1-16.", DefaultValueFactory = _ => "1-16" };
        var constants = new Option<string[]>("--constant") { Description = "Override a reference-model constant, KEY=VALUE; repeatable." };
        var vary = new Option<string[]>("--vary") { Description = "Report the range of s_r* when KEY varies by ±x%: E_dram=±50% (model) or dram.read=±50% (spec); repeatable." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV: timesteps,breakeven_spike_rate,snn_fixed_pj,snn_slope_pj,qnn_pj[,breakeven_min,breakeven_max],model,constants." };
        var plot = new Option<string?>("--plot") { Description = "Also write a T × spike-rate heat map of the energy ratio with the break-even curve (.png or .svg)." };
        var command = new Command("breakeven", """
            Break-even spike rate s_r*(T): the SNN costs less than its QNN twin below it. Solved exactly
            (the SNN energy is affine in s_r); "never" when the SNN loses even at s_r = 0, "always" when
            it wins even at s_r = 1. For a spec, every layer fires at the same s_r.

            Examples:
              hwgen breakeven --model yan2024-v1-classical --timesteps 1-16 --csv
              hwgen breakeven hwconfigs/vgg16-cifar10.yaml --timesteps 1-64 --plot breakeven.png
              hwgen breakeven --model yan2024-v1-spatial --timesteps 1-8 --vary E_sram=±50%
            """)
        {
            spec, model, timesteps, constants, vary, json, csv, plot,
        };
        command.SetAction(parse =>
        {
            try
            {
                var varied = CommandInputs.Varied(parse.GetValue(vary));
                var range = Formatting.ParseTimestepRange(parse.GetValue(timesteps) ?? "1-16");
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
                BreakEvenTable table;
                RatioHeatmap? heatmap = null;
                if (modelName is not null)
                {
                    if (specPath is not null)
                    {
                        return Fail(console, "give either SPEC or --model, not both.");
                    }

                    var reference = CommandInputs.ReferenceModel(modelName, parse.GetValue(constants) ?? []);
                    table = BreakEvenTable.ForReference(reference, range, varied);
                    if (plotPath is not null)
                    {
                        heatmap = RatioHeatmap.ForReference(reference, range);
                    }
                }
                else
                {
                    if (specPath is null)
                    {
                        return Fail(console, "give a SPEC file or --model NAME (see --help).");
                    }

                    if ((parse.GetValue(constants) ?? []).Length > 0)
                    {
                        return Fail(console, "--constant goes with --model; a spec takes its energies from its ERT preset and overrides.");
                    }

                    var hardware = SpecArguments.Load(specPath, console);
                    if (hardware is null)
                    {
                        return ExitCodes.InvalidInput;
                    }

                    var ert = EnergyReferenceTableLoader.LoadPreset(hardware.Technology.Preset);
                    table = BreakEvenTable.ForSpec(hardware, ert, range, varied);
                    if (plotPath is not null)
                    {
                        heatmap = RatioHeatmap.ForSpec(new AnalyticalEnergyModel(hardware, ert), range);
                    }
                }

                // The plot first: when it cannot be written, nothing is printed as if the command had succeeded.
                if (plotPath is not null && heatmap is not null)
                {
                    Plots.Save(heatmap, plotPath);
                }

                console.Out.Write(parse.GetValue(json) ? table.ToJson() : parse.GetValue(csv) ? table.ToCsv() : table.ToText());

                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                return Fail(console, ex.Message);
            }
        });
        return command;
    }

    private static int Fail(CliConsole console, string message) => CommandFailures.Invalid(console, "breakeven", message);
}
