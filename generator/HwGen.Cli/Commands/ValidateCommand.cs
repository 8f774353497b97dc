// `hwgen validate SPEC...`: checks specs and reports every problem with file, line, column and code.
using System.CommandLine;
using HwGen.Model;

namespace HwGen.Cli.Commands;

public static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var specs = new Argument<string[]>("SPEC") { Description = "Spec files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", """
            Check hardware specs and report every problem as file:line:col: error HWnnnn: message.
            Exit 0 when all are valid, 2 when any has an error.

            Examples:
              hwgen validate hwconfigs/default.yaml
              hwgen validate hwconfigs/*.yaml
            """)
        {
            specs,
        };
        command.SetAction(parse =>
        {
            var failed = 0;
            var paths = parse.GetValue(specs) ?? [];
            foreach (var path in paths)
            {
                var result = ModelLoader.LoadFile(path);
                foreach (var diagnostic in result.Diagnostics)
                {
                    console.Error.WriteLine(diagnostic.ToString());
                }

                if (result.Succeeded)
                {
                    console.Out.WriteLine($"{path}: ok ({result.Model!.Layers.Count} layers, {result.Model.Layers.Sum(l => l.Synapses)} synapses)");
                }
                else
                {
                    failed++;
                }
            }

            if (failed > 0)
            {
                console.Error.WriteLine($"{failed} of {paths.Length} spec(s) invalid");
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
