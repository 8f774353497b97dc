// The list of hwgen verbs, in the order --help shows them.
using System.CommandLine;

namespace HwGen.Cli.Commands;

public static class CommandCatalog
{
    /// <summary>Each verb's name and how to build it; building is deferred so a run builds only the verb it runs.</summary>
    private static readonly (string Name, Func<CliConsole, Command> Create)[] Verbs =
    [
        ("validate", ValidateCommand.Create),
        ("explain", ExplainCommand.Create),
        ("generate", GenerateCommand.Create),
        ("simulate", SimulateCommand.Create),
        ("run", RunCommand.Create),
        ("analyze", AnalyzeCommand.Create),
        ("breakeven", BreakevenCommand.Create),
        ("calibrate", CalibrateCommand.Create),
        ("synth", SynthCommand.Create),
        ("sweep", SweepCommand.Create),
        ("train", TrainCommand.Create),
    ];

    public static IEnumerable<Command> Create(CliConsole console) => Verbs.Select(v => v.Create(console));

    /// <summary>
    /// The commands a command line needs: only the named verb when <paramref name="args"/> starts with one (start-up
    /// builds one command, not all), every verb otherwise (root help, an unknown or misspelled verb).
    /// </summary>
    public static IEnumerable<Command> For(string[] args, CliConsole console)
    {
        var named = args.Length > 0 ? Verbs.Where(v => v.Name == args[0]).ToList() : [];
        return named.Count == 1 ? [named[0].Create(console)] : Create(console);
    }
}
