// Shows a sweep's progress on stderr: a Spectre.Console progress bar (points done, failures, running, time left) when
// stderr is a terminal, one plain line per finished point when it is redirected. Never writes to stdout.
using System.Globalization;
using HwGen.Sweep;
using Spectre.Console;

namespace HwGen.Cli;

public sealed class SweepProgressDisplay(CliConsole console, int points)
{
    private readonly object gate = new();

    /// <summary>Runs <paramref name="work"/> with a progress sink shown in the style that suits stderr.</summary>
    public T Run<T>(Func<IProgress<SweepProgress>, T> work)
    {
        if (!console.Interactive)
        {
            return work(new Sink(Plain));
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Error),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Detect,
        });
        var result = default(T)!;
        ansi.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("sweep", maxValue: Math.Max(1, points));
                result = work(new Sink(p =>
                {
                    task.Value = p.Done;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{p.Done}/{p.Total} points, {p.Failed} failed, {p.Running} running{(p.Skipped > 0 ? $", {p.Skipped} resumed" : string.Empty)}"));
                    if (p.Status is { } status && status != PointStatus.Ok)
                    {
                        ansi.MarkupLine(Markup.Escape($"point {p.Point} {PointRecord.StatusText(status)}: {p.Message}"));
                    }
                }));
                task.Value = task.MaxValue;
            });
        return result;
    }

    private void Plain(SweepProgress p)
    {
        lock (gate)
        {
            if (p.Point is { } point && p.Status is { } status)
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hwgen sweep: point {point} {PointRecord.StatusText(status)} ({p.Done}/{p.Total} done, {p.Failed} failed){(p.Message is null ? string.Empty : ": " + p.Message)}"));
            }
            else if (p.Point is null && p.Message is not null)
            {
                console.Error.WriteLine($"hwgen sweep: {p.Message}");
            }
        }
    }

    private sealed class Sink(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
