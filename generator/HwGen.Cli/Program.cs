// Entry point of the hwgen command: registers the verbs and maps every failure to an exit code, never a stack trace.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using HwGen.Cli.Commands;
using HwGen.Diagnostics;

namespace HwGen.Cli;

public static partial class Program
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
        foreach (var command in CommandCatalog.For(args, console))
        {
            root.Subcommands.Add(command);
        }

        var verb = "hwgen";
        try
        {
            var parsed = root.Parse(args);
            verb = parsed.CommandResult.Command == root ? "hwgen" : parsed.CommandResult.Command.Name;
            var problems = OptionProblems(parsed);
            if (problems.Count > 0)
            {
                // Bad options are invalid input (exit 2), one line each, not the whole help text.
                if (verb == "validate" && args.Contains("--json"))
                {
                    ValidateCommand.WriteJson(console, [], problems);
                    return ExitCodes.InvalidInput;
                }

                var prefix = verb == "hwgen" ? "hwgen" : $"hwgen {verb}";
                foreach (var problem in problems)
                {
                    stderr.WriteLine($"{prefix}: {problem}");
                }

                stderr.WriteLine($"see '{prefix} --help'");
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
        catch (Exception ex) when (CommandFailures.Coded(ex) is { } diagnostics)
        {
            // A verb that does not guard its own work still reports coded failures by their code range.
            CommandFailures.Print(console, verb, diagnostics);
            return ExitCodes.For(diagnostics);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything without a code is a bug in HwGen: say so, on one line, with its own exit code.
            stderr.WriteLine($"hwgen: internal error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The parser's errors, and argument values that look like options (an optional or repeated SPEC argument would
    /// otherwise take a mistyped <c>--jsn</c> or <c>--bogus</c> for a file name): HW0801 each.
    /// </summary>
    private static List<Diagnostic> OptionProblems(ParseResult parsed)
    {
        var bag = new DiagnosticBag();
        foreach (var error in parsed.Errors)
        {
            bag.OptionSyntax(ParserTypeName().Replace(error.Message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim(), string.Empty));
        }

        if (parsed.Errors.Count == 0)
        {
            foreach (var argument in parsed.CommandResult.Children.OfType<ArgumentResult>())
            {
                foreach (var token in argument.Tokens.Where(t => t.Value.Length > 1 && t.Value.StartsWith('-') && !File.Exists(t.Value)))
                {
                    bag.UnknownOption(token.Value);
                }
            }
        }

        return bag.Items.ToList();
    }

    [GeneratedRegex(" as expected type '[^']*'")]
    private static partial Regex ParserTypeName();
}
