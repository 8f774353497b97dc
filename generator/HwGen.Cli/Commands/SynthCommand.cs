// `hwgen synth [SPEC] [--target osu018|ice40|generic|all] [--json] [-o DIR] [--quiet]`: both twins through Yosys for OSU 0.18 um
// cells, iCE40 (with nextpnr place-and-route) and generic gates; per module and total, SNN beside its QNN twin.
using System.CommandLine;
using System.Globalization;
using HwGen.Model;
using HwGen.Report;
using HwGen.Run;
using HwGen.Synth;

namespace HwGen.Cli.Commands;

public static class SynthCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var target = new Option<string>("--target", "-t") { Description = "osu018, ice40, generic or all (default).", DefaultValueFactory = _ => "all" };
        target.AcceptOnlyFromAmong("osu018", "ice40", "generic", "all");
        var json = new Option<bool>("--json") { Description = "Print synth.json instead of the summary." };
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: rtl-out/<spec name>-synth)." };
        var noPnr = new Option<bool>("--no-place-and-route") { Description = "Skip nextpnr-ice40 (iCE40 synthesis figures only)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only warnings and errors: no progress, no summary (the report is in the output folder)." };
        var command = new Command("synth", """
            Synthesise the SNN and its QNN twin with Yosys 0.23: OSU 0.18 um standard cells (area in um^2 from the
            Liberty, memories kept as sram_1r1w macros), Lattice iCE40 (LUTs, flip-flops, block RAMs, DSPs, then
            nextpnr-ice40 on the smallest part that fits, for the achieved Fmax), and Yosys's generic gates. Reports
            every module and the total, both twins side by side, which memories reach iCE40 block RAM, and the ERT's
            add and multiply entries against synthesised units on random data. Scripts, logs and netlists are kept in
            the output folder; results are cached by content hash.
            Exit 0 on success (a design no iCE40 part holds is a warning, HW1104), 2 on invalid input, 3 when a tool
            or the cell library is missing or fails.

            Examples:
              hwgen synth
              hwgen synth hwconfigs/default.yaml --target osu018
              hwgen synth my-spec.yaml --json -o rtl-out/my-synth
            """)
        {
            spec,
            target,
            json,
            output,
            noPnr,
            quiet,
        };
        command.SetAction(parse =>
        {
            var model = SpecArguments.Load(parse.GetValue(spec), console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            return CommandFailures.Guard(console, "synth", () =>
            {
                var name = parse.GetValue(target)!;
                var targets = name == "all" ? new[] { SynthTarget.Osu018, SynthTarget.Ice40, SynthTarget.Generic } : [SynthScripts.Parse(name)];
                var folder = parse.GetValue(output) ?? DefaultFolder(model);
                var asJson = parse.GetValue(json);
                var silent = parse.GetValue(quiet);
                SynthOutcome outcome;
                using (var progress = new ProgressDisplay(console.Error, "synth", console.Interactive))
                {
                    outcome = SynthPipeline.Execute(new SynthRequest(model, targets, folder, !parse.GetValue(noPnr)), silent || (asJson && !console.Interactive) ? null : progress);
                }

                foreach (var warning in outcome.Report.Warnings)
                {
                    console.Error.WriteLine(warning.ToString());
                }

                if (asJson && !silent)
                {
                    console.Out.Write(Formatting.ToJsonText(SynthReportWriter.Json(outcome.Report, outcome.Check)));
                }
                else if (!silent)
                {
                    PrintSummary(outcome, folder, console);
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    public static string DefaultFolder(HardwareModel model) => Path.Combine("rtl-out", model.Name + "-synth");

    private static void PrintSummary(SynthOutcome outcome, string folder, CliConsole console)
    {
        var inv = CultureInfo.InvariantCulture;
        var report = outcome.Report;
        console.Out.WriteLine($"{report.SpecName}: {report.YosysVersion}{(report.LibertyFile is { } l ? $"; cells {l}" : string.Empty)}");
        foreach (var run in report.Runs)
        {
            var line = $"{SynthScripts.Name(run.Target),-8} {run.Twin}: {SynthReportWriter.Summary(run)} ({run.Elapsed.TotalSeconds.ToString("0.0", inv)} s{(run.FromCache ? ", cached" : string.Empty)})";
            if (run.PlaceAndRoute is { } p)
            {
                line += string.Create(inv, $"; {p.Part.Name}: Fmax {p.FmaxMhz:0.##} MHz");
            }
            else if (run.Refusal is not null)
            {
                line += "; fits no iCE40 part (HW1104)";
            }

            console.Out.WriteLine(line);
        }

        foreach (var target in report.Runs.Select(r => r.Target).Distinct().Where(t => t != SynthTarget.Ice40))
        {
            var runs = report.For(target).ToList();
            var datapaths = runs.Select(r => r.Modules.FirstOrDefault(m => SynthReportWriter.RowKey(m) == "lane datapath")).ToList();
            if (datapaths.All(d => d is not null) && runs.Count == 2)
            {
                console.Out.WriteLine(string.Create(inv,
                    $"{SynthScripts.Name(target),-8} lane datapath: {runs[0].Twin} {datapaths[0]!.Cells} cells{Area(datapaths[0]!)} vs {runs[1].Twin} {datapaths[1]!.Cells} cells{Area(datapaths[1]!)} per lane"));
            }

            foreach (var run in runs)
            {
                var queues = run.Modules.Where(m => m.BaseName == "event_fifo").ToList();
                if (queues.Count > 0)
                {
                    console.Out.WriteLine(string.Create(inv,
                        $"{SynthScripts.Name(target),-8} {run.Twin} queues: {string.Join(", ", queues.Select(q => $"{q.Instances} x {q.Module} ({q.Cells} cells{Area(q)})"))}"));
                }
            }
        }

        if (outcome.Check is { } check)
        {
            console.Out.WriteLine($"ERT {check.Preset} against synthesised units ({check.Vectors} random operand pairs; {check.Scaling.Describe()}):");
            foreach (var u in check.Units)
            {
                console.Out.WriteLine(string.Create(inv,
                    $"  {u.Name,-18} {u.EnergyPj180,9:0.####} pJ at 0.18 um -> {u.EnergyPjScaled,9:0.#####} pJ; ERT {u.ErtPj:0.###} pJ ({u.ErtEntry}): {(u.ErtPj == 0 ? "n/a" : ((u.EnergyPjScaled - u.ErtPj) / u.ErtPj).ToString("+0%;-0%;0%", inv))}"));
            }
        }

        console.Out.WriteLine($"report: {Path.Combine(folder, SynthPipeline.MarkdownFile)}");
    }

    private static string Area(ModuleStatistics m) => m.AreaUm2 is { } a ? string.Create(CultureInfo.InvariantCulture, $", {a:0} um^2") : string.Empty;
}
