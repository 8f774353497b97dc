// One mapping from failures to messages and exit codes for every verb: coded diagnostics exit by their code range,
// file-system refusals are HW0803, anything else is a bug and reaches Program's internal-error line.
using HwGen.Diagnostics;
using HwGen.Sim;

namespace HwGen.Cli.Commands;

public static class CommandFailures
{
    /// <summary>
    /// Runs <paramref name="action"/>; diagnostics it throws are printed and exit 2 (input) or 3 (a tool), a path the file
    /// system refuses exits 2 (HW0803). Other exceptions are bugs: they go on to <see cref="Program"/>. No stack trace.
    /// </summary>
    public static int Guard(CliConsole console, string verb, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"hwgen {verb}: interrupted; nothing half-written was left behind");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (Coded(ex) is { } diagnostics)
        {
            Print(console, verb, diagnostics);
            if (ex is VerilatorBuildException build)
            {
                // The diagnostic names the first error; the whole log follows, indented, for the rest.
                foreach (var line in build.Log.TrimEnd().Split('\n'))
                {
                    console.Error.WriteLine("  " + line.TrimEnd('\r'));
                }
            }

            return ExitCodes.For(diagnostics);
        }
    }

    /// <summary>The diagnostics a failure carries, or null for a bug (an exception without a code).</summary>
    public static IReadOnlyList<Diagnostic>? Coded(Exception ex) => ex switch
    {
        DiagnosticException { Diagnostics.Count: > 0 } coded => coded.Diagnostics,
        IOException or UnauthorizedAccessException => [DiagnosticBag.One(b => b.PathProblem(ex.Message))],
        _ => null,
    };

    /// <summary>Prints diagnostics to stderr: located ones as <c>file:line:col: error HWnnnn: ...</c>, others after the verb.</summary>
    public static void Print(CliConsole console, string verb, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            console.Error.WriteLine(diagnostic.Span.IsNone ? $"hwgen {verb}: {diagnostic}" : diagnostic.ToString());
        }
    }

    /// <summary>Prints <c>hwgen VERB: error HW0802: MESSAGE</c> for options that do not fit and returns exit 2.</summary>
    public static int Invalid(CliConsole console, string verb, string message)
    {
        Print(console, verb, [DiagnosticBag.One(b => b.InvalidOption(message))]);
        return ExitCodes.InvalidInput;
    }
}
