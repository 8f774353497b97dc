// `hwgen generate SPEC [-o DIR]`: renders the RTL of both twins into one self-describing folder.
using System.CommandLine;
using HwGen.Emit;

namespace HwGen.Cli.Commands;

public static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: rtl-out/<spec name>)." };
        var command = new Command("generate", """
            Generate the Verilog of the neural core for the spiking design and its QNN twin, the Verilator
            harness, build flags, the resolved spec and manifest.json (SHA-256 of every file). The folder is
            written atomically; the same spec always gives the same bytes.

            Examples:
              hwgen generate hwconfigs/default.yaml
              hwgen generate hwconfigs/default.yaml -o build/tiny-twin-rtl
            """)
        {
            spec,
            output,
        };
        command.SetAction(parse =>
        {
            var model = SpecArguments.Load(parse.GetValue(spec), console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            return CommandFailures.Guard(console, "generate", () =>
            {
                var sets = RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model));
                var folder = parse.GetValue(output) ?? RtlGenerator.DefaultFolder(model);
                var files = RtlGenerator.Write(model, sets, folder);
                foreach (var set in sets)
                {
                    var twin = set.Design.Design.ToString().ToLowerInvariant();
                    console.Out.WriteLine($"{twin}: {set.VerilogFiles.Count()} Verilog modules, top {set.Design.TopModule}, {set.Design.Lanes} lanes, {set.Design.Layers.Count} layers");
                }

                console.Out.WriteLine($"wrote {files.Count} files to {folder}");
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
