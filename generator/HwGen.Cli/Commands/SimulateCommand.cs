// `hwgen simulate SPEC [--json] [--twin snn|qnn|both]`: generate, build with Verilator (cached), run, compare every
// output and every action count with the golden model.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;

using HwGen.Run;
using HwGen.Data;

namespace HwGen.Cli.Commands;

public static class SimulateCommand
{
    /// <summary>What was simulated: one neural core (classical), or the cores and routers of a mesh.</summary>
    private static string ModelLabel(HardwareModel model) => model.Mesh is { } mesh
        ? $"RTL {mesh.MeshX}x{mesh.MeshY} mesh of {mesh.Cores.Count} neural core(s) ({model.Dataflow.ToString().ToLowerInvariant()} dataflow) under Verilator; golden: HwGen.Golden.GoldenModel; counts: docs/hardware.md"
        : "RTL neural core (classical dataflow) under Verilator; golden: HwGen.Golden.GoldenModel; counts: docs/hardware.md";

    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec file (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var twin = new Option<string>("--twin") { Description = "Which twin to simulate: snn, qnn or both.", DefaultValueFactory = _ => "both" };
        twin.AcceptOnlyFromAmong("snn", "qnn", "both");
        var output = new Option<string?>("--output", "-o") { Description = "Output folder (default: rtl-out/<spec name>)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr (progress is a status line on a terminal, plain lines otherwise)." };
        var command = new Command("simulate", """
            Generate the RTL, build it with Verilator (cached by content hash: runs that change only data do
            not recompile), run the spec's data (weight/input .npy files or generated stimulus), and compare
            every output event, final state and action count with the golden model. Exit 1 on any mismatch,
            3 when Verilator is missing or fails.

            Examples:
              hwgen simulate hwconfigs/default.yaml
              hwgen simulate hwconfigs/default.yaml --twin snn --json
            """)
        {
            spec,
            json,
            twin,
            output,
            quiet,
        };
        command.SetAction(parse =>
        {
            var specPath = parse.GetValue(spec);
            var model = SpecArguments.Load(specPath, console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            var requested = parse.GetValue(twin) ?? "both";
            var twins = requested switch
            {
                "snn" => [DesignKind.Snn],
                "qnn" => [DesignKind.Qnn],
                _ => RtlGenerator.TwinsOf(model).ToArray(),
            };
            if (twins.Contains(DesignKind.Snn) && !model.HasSpikingDesign)
            {
                var problem = DiagnosticBag.One(b => b.NoSpikingDesign(model.Locations.At("neuron.model")));
                CommandFailures.Print(console, "simulate", [problem]);
                return ExitCodes.For([problem]);
            }

            return CommandFailures.Guard(console, "simulate", () =>
            {
                return Run(model, specPath, twins, parse.GetValue(output), parse.GetValue(json), parse.GetValue(quiet), console);
            });
        });
        return command;
    }

    private static int Run(HardwareModel model, string? specPath, IReadOnlyList<DesignKind> twins, string? output, bool json, bool quiet, CliConsole console)
    {
        var data = SpecArguments.LoadData(model, specPath);
        var folder = output ?? RtlGenerator.DefaultFolder(model);
        IReadOnlyList<TwinOutcome> outcomes;
        using (var progress = new ProgressDisplay(console.Error, "simulate", console.Interactive))
        {
            outcomes = RunPipeline.Simulate(model, data, twins, folder, quiet || (json && !console.Interactive) ? null : progress);
        }

        var reports = new List<Dictionary<string, object?>>();
        var allMatch = true;
        foreach (var outcome in outcomes)
        {
            var (result, bound, executable) = (outcome.Rtl, outcome.Bound, outcome.Executable);
            allMatch &= outcome.GoldenMatch && outcome.CountsMatch;
            reports.Add(new Dictionary<string, object?>
            {
                ["design"] = outcome.Name,
                ["golden_match"] = outcome.GoldenMatch,
                ["counts_match"] = outcome.CountsMatch,
                ["failure"] = result.Failure,
                ["mismatches"] = outcome.Mismatches.Select(m => m.ToString()).ToList(),
                ["count_differences"] = outcome.CountDifferences.ToList(),
                ["cycles"] = result.Cycles,
                ["layer_cycles"] = result.LayerCycles,
                ["phase_cycles"] = result.PhaseCycles,
                ["cycle_bound"] = new Dictionary<string, long> { ["load"] = bound.Load, ["integrate"] = bound.Integrate, ["fire"] = bound.Fire, ["total"] = bound.Total },
                ["cycle_ratio"] = Math.Round(bound.Ratio(result.Cycles), 4),
                ["cycles_per_second"] = Math.Round(result.CyclesPerSecond),
                ["build"] = new Dictionary<string, object> { ["hash"] = executable.Hash, ["cached"] = executable.FromCache, ["seconds"] = Math.Round(executable.BuildTime.TotalSeconds, 2) },
                ["measured_counts"] = Nested(result.TotalCounts),
                ["golden_counts"] = Nested(outcome.Golden.TotalCounts),
            });
        }

        // Layers whose measured rate is far from their spike_rate: the match then tests less than the spec suggests.
        var rateWarnings = outcomes.SelectMany(o => SpikeRateCheck.Check(model, o.Golden.Trace)).ToList();
        if (json)
        {
            var document = new Dictionary<string, object?>
            {
                ["spec"] = model.Name,
                ["model"] = ModelLabel(model),
                ["verilator"] = Toolchain.VerilatorVersion,
                ["golden_match"] = allMatch,
                ["cycles"] = reports.ToDictionary(r => (string)r["design"]!, r => r["cycles"]),
                ["twins"] = reports,
                ["spike_rate_warnings"] = rateWarnings.Select(w => w.ToString()).ToList(),
            };
            console.Out.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            console.Out.WriteLine($"{model.Name}: {ModelLabel(model)}; {Toolchain.VerilatorVersion}");
            foreach (var r in reports)
            {
                var build = (Dictionary<string, object>)r["build"]!;
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r["design"]}: golden match {Yes(r["golden_match"])}, counts match {Yes(r["counts_match"])}, {r["cycles"]} cycles (lower bound {((Dictionary<string, long>)r["cycle_bound"]!)["total"]}, ratio {r["cycle_ratio"]}), {r["cycles_per_second"]} cycles/s, build {((bool)build["cached"] ? "cached" : build["seconds"] + " s")}"));
                foreach (var (component, actions) in (SortedDictionary<string, SortedDictionary<string, long>>)r["measured_counts"]!)
                {
                    foreach (var (action, count) in actions)
                    {
                        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {component + "." + action,-36} {count,12}"));
                    }
                }
            }
        }

        foreach (var warning in rateWarnings)
        {
            console.Error.WriteLine(warning.ToString());
        }

        foreach (var r in reports)
        {
            if (r["failure"] is string failure)
            {
                console.Error.WriteLine($"{r["design"]}: harness failure: {failure}");
            }

            foreach (var line in ((List<string>)r["mismatches"]!).Concat((List<string>)r["count_differences"]!))
            {
                console.Error.WriteLine($"{r["design"]}: {line}");
            }
        }

        return allMatch ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static string Yes(object? value) => value is true ? "yes" : "NO";

    private static SortedDictionary<string, SortedDictionary<string, long>> Nested(ActionCounts counts)
    {
        var nested = new SortedDictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (key, value) in counts.NonZero)
        {
            if (!nested.TryGetValue(key.Component, out var actions))
            {
                nested[key.Component] = actions = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            actions[key.Action] = value;
        }

        return nested;
    }
}
