// `hwgen sweep merge DIR` / `hwgen sweep merge SLICE... -o DIR`: joins the slices of a sharded sweep, checking that no
// point is missing or recorded twice, and writes the whole sweep's results, tables and plots.
using System.CommandLine;
using HwGen.Diagnostics;
using HwGen.Sweep;

namespace HwGen.Cli.Commands;

public static class SweepMergeCommand
{
    public static Command Create(CliConsole console)
    {
        var folders = new Argument<string[]>("FOLDER") { Description = "A sweep folder with shards/, or the slice folders.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Where the merged sweep goes (default: the one sweep folder given)." };
        var command = new Command("merge", """
            Joins the slices of a sharded sweep (hwgen sweep --shard, or a Slurm array from hwgen sweep submit):
            every slice must belong to the same sweep and every point must be recorded exactly once. Writes
            points.csv, points.jsonl, the summary, the tables and the plots, as an unsharded run does.
            Exit 0 when every point is ok, 1 when a point failed, 2 when slices are missing, doubled or foreign.

            Examples:
              hwgen sweep merge sweep-out/lanes-buffer
              hwgen sweep merge run-a/shards/0-of-2 run-b/shards/1-of-2 -o sweep-out/joined
            """)
        {
            folders, output,
        };
        command.SetAction(parse => CommandFailures.Guard(console, "sweep merge", () =>
        {
            var given = parse.GetValue(folders)!;
            var target = parse.GetValue(output);
            if (target is null)
            {
                if (given.Length != 1 || SweepMerge.SlicesOf(given[0]).Count == 0)
                {
                    return CommandFailures.Invalid(console, "sweep merge", "give one sweep folder that holds shards/, or the slices and -o DIR");
                }

                target = given[0];
            }

            return MergeInto(given, target, console);
        }));
        return command;
    }

    internal static int MergeInto(IReadOnlyList<string> given, string target, CliConsole console)
    {
        var slices = given.Count == 1 && SweepMerge.SlicesOf(given[0]) is { Count: > 0 } below ? below : given;
        var bag = new DiagnosticBag();
        var merged = SweepMerge.Read(slices, bag);
        foreach (var d in bag.Sorted())
        {
            console.Error.WriteLine(d.ToString());
        }

        if (merged is null)
        {
            return ExitCodes.InvalidInput;
        }

        var summary = SweepMerge.Write(merged, target);
        console.Out.WriteLine($"merged {merged.Slices} slices into {target}");
        SweepCommand.PrintSummary(summary, null, target, console);
        return summary.Records.All(r => r.Status == PointStatus.Ok) ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
