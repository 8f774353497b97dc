// Entry point of the hwgen command: registers the verbs and maps every failure to an exit code, never a stack trace.
using System.CommandLine;
using System.Text.RegularExpressions;
using HwGen.Cli.Commands;

namespace HwGen.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("HwGen: generate, simulate and measure SNN accelerators and their QNN twins.");
        var console = new CliConsole(stdout, stderr);
        foreach (var command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }

        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // Bad options are invalid input (exit 2), one line each, not the whole help text.
                var verb = parsed.CommandResult.Command == root ? "hwgen" : $"hwgen {parsed.CommandResult.Command.Name}";
                foreach (var error in parsed.Errors)
                {
                    var message = Regex.Replace(error.Message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim(), " as expected type '[^']*'", string.Empty);
                    stderr.WriteLine($"{verb}: error: {message}");
                }

                stderr.WriteLine($"see '{verb} --help'");
                return ExitCodes.InvalidInput;
            }

            // Exceptions reach the catch below (one line) instead of System.CommandLine's handler, which prints a stack trace.
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"hwgen: internal error: {ex.Message}");
            return ExitCodes.CheckFailed;
        }
    }
}
