// The lines `hwgen run --gate-level` adds to the run summary: per twin the netlist's match with the RTL and the golden
// model, its energy beside the RTL's measured and the analytical energy, and the per-class correction factors.
using System.Globalization;
using HwGen.Report;

namespace HwGen.Cli.Commands;

public static class GateLevelSummary
{
    public static void Print(RunResult run, string folder, CliConsole console)
    {
        if (run.GateLevel is null)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        console.Out.WriteLine($"gate level: {run.GateLevel[0].Scale.Describe()}");
        foreach (var g in run.GateLevel)
        {
            var t = run.Twins.First(x => x.Name == g.Twin);
            console.Out.WriteLine(string.Create(inv,
                $"gate level {g.Twin}: golden {(g.GoldenMatch ? "match" : "MISMATCH")}, RTL {(g.RtlMatch ? "match" : "MISMATCH")}, {g.Cycles} cycles, {g.Cells} cells; {g.EnergyPj:0.#} pJ (logic {g.LogicPjScaled:0.#} scaled from {g.Energy.DynamicPj:0.#} at 0.18 um) vs measured {t.MeasuredEnergyPj:0.#}, analytical {t.AnalyticalEnergyPj:0.#}"));
            foreach (var c in g.Comparison.Where(c => c.GateOverRtl is not null))
            {
                console.Out.WriteLine(string.Create(inv,
                    $"  {c.Class}: gate/RTL {c.GateOverRtl:0.###}{(c.GateOverAnalytical is { } a ? string.Create(inv, $", gate/analytical {a:0.###}") : string.Empty)}"));
            }

            foreach (var line in g.RtlMismatches.Select(m => m.ToString()).Concat(g.RtlDifferences))
            {
                console.Error.WriteLine($"{g.Twin} gate level vs RTL: {line}");
            }
        }

        console.Out.WriteLine($"gate-level report: {Path.Combine(folder, "report", GateLevelReportWriter.MarkdownFile)}");
        console.Out.WriteLine($"correction factors: {Path.Combine(folder, "report", HwGen.Energy.GateCorrections.FileName)} (apply with hwgen run SPEC --apply-corrections FILE)");
    }
}
