// Entry point of the hwgen command: registers the verbs and maps every failure to an exit code, never a stack trace.
using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using HwGen.Cli.Commands;
using HwGen.Diagnostics;

namespace HwGen.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        // The first SIGINT or SIGTERM asks the work to stop: external tools are killed, half-written folders removed,
        // exit 130. A second SIGINT ends the process at once.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        return Run(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
    }

    private static void Interrupt(PosixSignalContext context)
    {
        if (!Interruption.IsRequested)
        {
            context.Cancel = true;
            Interruption.Request();
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false)
    {
        var root = new RootCommand("HwGen: generate, simulate and measure SNN accelerators and their QNN twins.");
        var console = new CliConsole(stdout, stderr, interactive);
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
        catch (OperationCanceledException)
        {
            stderr.WriteLine("hwgen: interrupted; nothing half-written was left behind");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"hwgen: internal error: {ex.Message}");
            return ExitCodes.CheckFailed;
        }
    }
}
