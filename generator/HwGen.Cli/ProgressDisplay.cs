// Shows what a long verb is doing, on stderr only: one status line rewritten in place when stderr is a terminal, plain
// lines (one per step or twin phase, and every ~2^20 simulated cycles) when it is redirected, nothing when disabled.
using System.Globalization;
using HwGen.Run;
using HwGen.Sim;

namespace HwGen.Cli;

public sealed class ProgressDisplay(TextWriter error, string verb, bool interactive) : IProgress<RunProgress>, IDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, string> twins = new(StringComparer.Ordinal);
    private string step = string.Empty;
    private int lastWidth;

    public void Report(RunProgress value)
    {
        lock (gate)
        {
            string line;
            if (value.Twin is { } twin)
            {
                var name = twin.Twin.ToString().ToLowerInvariant();
                line = $"{name}: {Describe(twin)}";
                twins[name] = Describe(twin);
            }
            else
            {
                step = value.Step;
                line = step;
            }

            if (interactive)
            {
                var status = $"hwgen {verb}: {step}" + string.Concat(twins.Select(t => $" | {t.Key} {t.Value}"));
                var padding = new string(' ', Math.Max(0, lastWidth - status.Length));
                error.Write("\r" + status + padding);
                lastWidth = status.Length;
            }
            else
            {
                error.WriteLine($"hwgen {verb}: {line}");
            }

            error.Flush();
        }
    }

    /// <summary>Ends the status line so that what follows starts on a line of its own.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (interactive && lastWidth > 0)
            {
                error.Write("\r" + new string(' ', lastWidth) + "\r");
                error.Flush();
                lastWidth = 0;
            }
        }
    }

    private static string Describe(SimulationProgress p) => p.Phase switch
    {
        SimulationPhase.Golden => "golden model",
        SimulationPhase.Build => "verilator build",
        SimulationPhase.Simulate when p.Cycles == 0 => string.Create(CultureInfo.InvariantCulture, $"simulating (lower bound {p.BoundCycles:N0} cycles)"),
        SimulationPhase.Simulate => string.Create(CultureInfo.InvariantCulture,
            $"simulating layer {p.Layer}: {p.Cycles:N0} cycles ({100.0 * p.Cycles / Math.Max(1, p.BoundCycles):0}% of the lower bound)"),
        SimulationPhase.Compare => string.Create(CultureInfo.InvariantCulture, $"comparing with the golden model ({p.Cycles:N0} cycles)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"done ({p.Cycles:N0} cycles)"),
    };
}
