// The list of hwgen verbs, in the order --help shows them.
using System.CommandLine;

namespace HwGen.Cli.Commands;

public static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliConsole console)
    {
        yield return ValidateCommand.Create(console);
        yield return ExplainCommand.Create(console);
        yield return GenerateCommand.Create(console);
        yield return SimulateCommand.Create(console);
        yield return RunCommand.Create(console);
        yield return AnalyzeCommand.Create(console);
        yield return BreakevenCommand.Create(console);
        yield return CalibrateCommand.Create(console);
        yield return TrainCommand.Create(console);
    }
}
