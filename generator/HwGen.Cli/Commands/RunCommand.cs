// `hwgen run [SPEC] [--json] [-o DIR]`: the main job: generate, simulate both twins against the golden model,
// measure, and report analytical against measured energy and where the SNN stops winning.
using System.CommandLine;
using System.Globalization;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Report;
using HwGen.Run;
using HwGen.Spec;
using HwGen.Train;

namespace HwGen.Cli.Commands;

public static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print report.json instead of the summary." };
        var output = new Option<string?>("--output", "-o") { Description = "Run folder (default: rtl-out/<spec name>)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr (progress is a status line on a terminal, plain lines otherwise)." };
        var audit = new Option<bool>("--audit-coverage") { Description = "Also rerun both twins built with --coverage-toggle and check the toggle counts against coverage.dat (slow builds)." };
        var gateLevel = new Option<bool>("--gate-level") { Description = "Also synthesise both twins to OSU 0.18 um cells, simulate the netlists on the same data, check them against the RTL and golden model, and price their toggles from the Liberty (docs/measurement.md, \"Gate level\")." };
        var corrections = new Option<string?>("--apply-corrections") { Description = "Apply the per-class gate/RTL correction factors of a gate-level run (its report/gate-corrections.yaml) to the measured energy; refused when they were measured on another design or preset. The report keeps the measured figure beside the gate-corrected one." };
        var command = new Command("run", """
            The main job: generate the SNN and its QNN twin, simulate both under Verilator on the spec's data,
            check every output against the golden model and every measured action count against the analytical
            engine's exact prediction, measure toggles, and write a report (Markdown, JSON, plots, Accelergy and
            OpenSTA exports) of analytical against measured energy and the break-even spike rate.
            Exit 0 when everything matches, 1 on any mismatch, 2 on invalid input, 3 when a tool fails.

            Examples:
              hwgen run
              hwgen run hwconfigs/default.yaml -o rtl-out/tiny
              hwgen run my-spec.yaml --json
              hwgen run --audit-coverage
              hwgen run --gate-level
              hwgen run --apply-corrections rtl-out/tiny-twin-gate/report/gate-corrections.yaml
            """)
        {
            spec,
            json,
            output,
            quiet,
            audit,
            gateLevel,
            corrections,
        };
        command.SetAction(parse =>
        {
            var specPath = parse.GetValue(spec);
            var model = SpecArguments.Load(specPath, console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            GateCorrections? factors = null;
            if (parse.GetValue(corrections) is { } correctionsPath)
            {
                var (loaded, problems) = GateCorrectionsLoader.ReadFile(correctionsPath, YamlFile.DisplayPath(correctionsPath));
                foreach (var problem in problems)
                {
                    console.Error.WriteLine(problem.ToString());
                }

                if (loaded is null)
                {
                    return ExitCodes.InvalidInput;
                }

                factors = loaded;
            }

            return CommandFailures.Guard(console, "run", () =>
            {
                var data = SpecArguments.LoadData(model, specPath);
                var testSet = SpecArguments.LoadTestSet(model, specPath);
                var folder = parse.GetValue(output) ?? RtlGenerator.DefaultFolder(model);
                var label = specPath ?? $"{ModelLoader.DefaultSpecName} (embedded default)";
                var asJson = parse.GetValue(json);
                RunResult result;
                using (var progress = new ProgressDisplay(console.Error, "run", console.Interactive))
                {
                    // Progress goes to stderr; with --json it is shown only on a terminal, so redirected output stays clean.
                    result = RunPipeline.Execute(new RunRequest(model, label, data, folder, parse.GetValue(audit), GateLevel: parse.GetValue(gateLevel)) { TestSet = testSet, Corrections = factors }, parse.GetValue(quiet) || (asJson && !console.Interactive) ? null : progress);
                }

                if (asJson)
                {
                    var report = RunReportWriter.Json(result);
                    GateLevelReportWriter.AddTo(report, result);
                    console.Out.Write(Formatting.ToJsonText(report));
                }
                else
                {
                    PrintSummary(result, folder, console);
                    GateLevelSummary.Print(result, folder, console);
                }

                // Layers whose measured rate is far from their spike_rate (docs/spec.md, "Generated data").
                foreach (var warning in result.SpikeRateWarnings)
                {
                    console.Error.WriteLine(warning.ToString());
                }

                foreach (var twin in result.Twins)
                {
                    var o = twin.Simulation;
                    foreach (var line in o.Mismatches.Select(x => x.ToString()).Concat(o.CountDifferences).Concat(twin.PredictionDifferences))
                    {
                        console.Error.WriteLine($"{twin.Name}: {line}");
                    }

                    if (o.Rtl.Failure is { } failure)
                    {
                        console.Error.WriteLine($"{twin.Name}: harness failure: {failure}");
                    }

                    if (twin.Audit is { } audit)
                    {
                        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"coverage audit {twin.Name}: {audit.Rows.Count} buses compared with Verilator --coverage-toggle, {audit.Mismatches.Count} differ, {audit.NotInCoverage.Count} not covered: {(twin.AuditPassed ? "passed" : "FAILED")}"));
                        foreach (var row in audit.Mismatches)
                        {
                            console.Error.WriteLine($"{twin.Name}: coverage audit: {row}");
                        }

                        foreach (var missing in audit.NotInCoverage)
                        {
                            console.Error.WriteLine($"{twin.Name}: coverage audit: {missing} is not in coverage.dat");
                        }
                    }
                }

                return result.Passed ? ExitCodes.Success : ExitCodes.CheckFailed;
            });
        });
        return command;
    }

    private static void PrintSummary(RunResult run, string folder, CliConsole console)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = run.Model;
        var p = run.Provenance;
        console.Out.WriteLine($"{m.Name}: {p.SpecLabel}");
        console.Out.WriteLine($"analytical model: {RunReportWriter.AnalyticalModel}; 'analytical pJ' counts this run's golden traces (exact mode), 'expected pJ' the spec's statistics (expected mode)");
        console.Out.WriteLine($"measured model:   {RunReportWriter.MeasuredModel}");
        console.Out.WriteLine($"ERT {p.ErtPreset}; calibration {p.Calibration.Preset} (seed {p.Calibration.Seed}); {p.VerilatorVersion}");
        console.Out.WriteLine();
        var rows = new List<string[]> { new[] { "twin", "golden", "counts", "cycles", "bound", "analytical pJ", "measured pJ", "diff", "expected pJ" } };
        foreach (var t in run.Twins)
        {
            var o = t.Simulation;
            rows.Add([
                t.Name, o.GoldenMatch ? "match" : "MISMATCH", t.CountsMatch ? "match" : "MISMATCH",
                o.Rtl.Cycles.ToString(inv), o.Bound.Total.ToString(inv),
                t.AnalyticalEnergyPj.ToString("0.#", inv), t.MeasuredEnergyPj.ToString("0.#", inv),
                t.AnalyticalEnergyPj == 0 ? "n/a" : ((t.MeasuredEnergyPj - t.AnalyticalEnergyPj) / t.AnalyticalEnergyPj * 100).ToString("+0.0;-0.0;0.0", inv) + "%",
                t.ExpectedEnergyPj.ToString("0.#", inv),
            ]);
        }

        console.Out.Write(TextTable.Render(rows));
        if (run.TestSet is { } testSet)
        {
            foreach (var twin in testSet.Twins)
            {
                console.Out.WriteLine(string.Create(inv,
                    $"{twin.Twin} accuracy {twin.Accuracy:P2} on {twin.Images} test images (golden model); RTL {(twin.RtlAccuracy is { } r ? r.ToString("P2", inv) : "n/a")} on {twin.RtlImages} ({twin.RtlBitExact} bit-exact); {twin.Energy.SampleMeasuredPj:0.#} pJ/inference measured, {twin.Energy.AnalyticalPj:0.#} pJ analytical"));
            }
        }

        var snn = run.Snn;
        var c = run.Comparison;
        if (run.Corrections is { } k)
        {
            console.Out.WriteLine($"gate-corrected (not measured): the per-class factors of {k.File}, measured by hwgen run --gate-level on spec '{k.Spec}' (design sha256 {string.Join(", ", k.Twins.Select(t => $"{t.Twin} {t.DesignSha256[..12]}"))})");
            foreach (var t in run.Twins.Where(t => t.Corrected is not null))
            {
                var classes = string.Join(", ", t.Corrected!.Classes.Where(c => c.Factor is not null).Select(c => string.Create(inv, $"{c.Class} x{c.Factor:0.###}")));
                console.Out.WriteLine(string.Create(inv, $"  {t.Name}: gate-corrected {t.Corrected.CorrectedPj:0.#} pJ, measured {t.MeasuredEnergyPj:0.#} pJ ({classes})"));
            }
        }

        console.Out.WriteLine(string.Create(inv,
            $"SNN/QNN ratio: analytical {snn.AnalyticalEnergyPj / run.Qnn.AnalyticalEnergyPj:0.####}, measured {snn.MeasuredEnergyPj / run.Qnn.MeasuredEnergyPj:0.####}, expected {snn.ExpectedEnergyPj / run.Qnn.ExpectedEnergyPj:0.####}"));
        console.Out.WriteLine(string.Create(inv,
            $"break-even spike rate at T={m.Neuron.Timesteps} (analytical): {c.BreakEven.Describe("0.####")} with the spec's statistics, {c.RunBreakEven.Describe("0.####")} with this run's; this run's SNN spike rate {c.MeasuredSpikeRate:0.####}"));
        console.Out.WriteLine($"report: {Path.Combine(folder, "report", "report.md")}");
    }
}
