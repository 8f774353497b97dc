// `hwgen explain SPEC [--json]`: the resolved model with every derived width, capacity and mapping.
using System.CommandLine;
using HwGen.Report;

namespace HwGen.Cli.Commands;

public static class ExplainCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the resolved model as JSON." };
        var command = new Command("explain", """
            Show the resolved model: derived twin widths, capacities, what stays resident,
            per-layer shapes, synapse counts and the lane/tile mapping.

            Examples:
              hwgen explain hwconfigs/default.yaml
              hwgen explain hwconfigs/vgg16-cifar10.yaml --json
            """)
        {
            spec,
            json,
        };
        command.SetAction(parse =>
        {
            var model = SpecArguments.Load(parse.GetValue(spec), console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            console.Out.Write(parse.GetValue(json) ? ModelReport.ToJsonText(model) : ModelReport.ToText(model));
            return ExitCodes.Success;
        });
        return command;
    }
}
