// Entry point of the hwgen command: registers the verbs and maps every failure to an exit code, never a stack trace.
using System.CommandLine;
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
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"hwgen: internal error: {ex.Message}");
            return ExitCodes.CheckFailed;
        }
    }
}
