// One mapping from failures to messages and exit codes for the verbs that generate, build and simulate.
using HwGen.Diagnostics;
using HwGen.Energy;
using HwGen.Sim;

namespace HwGen.Cli.Commands;

public static class CommandFailures
{
    /// <summary>
    /// Runs <paramref name="action"/>; located problems print as diagnostics (exit 2), unreadable or unwritable paths
    /// and bad energy or calibration tables exit 2, a missing or failing tool or harness exits 3. No stack trace.
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
        catch (DiagnosticException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
            {
                console.Error.WriteLine(diagnostic.ToString());
            }

            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EnergyTableException or CalibrationFileException)
        {
            console.Error.WriteLine($"hwgen {verb}: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is ToolMissingException or VerilatorBuildException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            console.Error.WriteLine($"hwgen {verb}: {ex.Message}");
            return ExitCodes.ToolFailed;
        }
    }

    /// <summary>Prints <c>hwgen VERB: error: MESSAGE</c> for invalid arguments and returns exit 2.</summary>
    public static int Invalid(CliConsole console, string verb, string message)
    {
        console.Error.WriteLine($"hwgen {verb}: error: {message}");
        return ExitCodes.InvalidInput;
    }
}
