// `hwgen calibrate [SPEC] [--tech NAME] [-o PATH]`: random-operand microbenchmarks under Verilator give each arithmetic
// unit an energy per bit toggle that reproduces the ERT on random data; writes one calibration file per preset.
using System.CommandLine;
using System.Globalization;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Measure;
using HwGen.Report;
using HwGen.Sim;

namespace HwGen.Cli.Commands;

public static class CalibrateCommand
{
    /// <summary>The seed and length the shipped calibration files are made with.</summary>
    public const ulong DefaultSeed = ToggleCalibration.DefaultSeed;

    public const long DefaultCycles = ToggleCalibration.DefaultCycles;

    public static Command Create(CliConsole console)
    {
        var spec = new Argument<string?>("SPEC") { Description = "Spec whose widths the microbenchmarks use (default: the embedded default spec).", Arity = ArgumentArity.ZeroOrOne };
        var tech = new Option<string?>("--tech") { Description = "ERT preset to calibrate (default: every preset in hwconfigs/ert/)." };
        var output = new Option<string?>("--output", "-o") { Description = "Output file with --tech; output folder otherwise (default: hwconfigs/calibration/ below the working directory: run from the repository root, where the next build embeds them for hwgen run)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random operands.", DefaultValueFactory = _ => DefaultSeed };
        var cycles = new Option<long>("--cycles") { Description = "Simulated cycles of random operands.", DefaultValueFactory = _ => DefaultCycles };
        var audit = new Option<bool>("--audit-coverage")
        {
            Description = "Instead of calibrating: build the microbenchmarks with --coverage-toggle and check the harness's toggle counts against coverage.dat, bus by bus (exit 1 on any difference).",
        };
        var command = new Command("calibrate", """
            Calibrate toggle energies: simulate small microbenchmarks (accumulator, multiplier-accumulator,
            comparator/subtractor, register bank, SRAM port, event FIFO) with seeded random operands, count bit
            toggles and actions, and set each arithmetic unit's energy per toggle so that random data reproduces
            the ERT's energy per action. Memories, register files and queues keep their per-access ERT energy.
            Output is deterministic: same spec, seed and cycles give the same bytes.
            --audit-coverage checks the harness's XOR/popcount toggle counts against Verilator's own
            toggle coverage on the same run instead.

            Examples:
              hwgen calibrate
              hwgen calibrate --audit-coverage --cycles 20000
              hwgen calibrate --tech lemaire2022-45nm -o lemaire.yaml
              hwgen calibrate hwconfigs/vgg16-cifar10.yaml --tech yan2024-v1-45nm -o vgg16-calibration.yaml
            """)
        {
            spec,
            tech,
            output,
            seed,
            cycles,
            audit,
        };
        command.SetAction(parse =>
        {
            var model = SpecArguments.Load(parse.GetValue(spec), console);
            if (model is null)
            {
                return ExitCodes.InvalidInput;
            }

            var preset = parse.GetValue(tech);
            var presets = preset is null ? EnergyReferenceTableLoader.PresetNames : [preset];
            if (preset is not null && !EnergyReferenceTableLoader.PresetNames.Contains(preset))
            {
                return CommandFailures.Invalid(console, "calibrate", $"unknown ERT preset '{preset}'; known presets: {string.Join(", ", EnergyReferenceTableLoader.PresetNames)}");
            }

            var cycleCount = parse.GetValue(cycles);
            if (cycleCount < 1000)
            {
                return CommandFailures.Invalid(console, "calibrate", $"--cycles must be at least 1000, found {cycleCount}");
            }

            var target = parse.GetValue(output) ?? Path.Combine("hwconfigs", "calibration");
            // Checked before the microbenchmarks run: with --tech the target is one file, otherwise a folder of files.
            if (string.IsNullOrWhiteSpace(target))
            {
                return CommandFailures.Invalid(console, "calibrate", "-o needs a path");
            }

            if (preset is not null && Directory.Exists(target))
            {
                return CommandFailures.Invalid(console, "calibrate", $"-o {target} is a folder; with --tech give the calibration file to write");
            }

            if (preset is null && File.Exists(target))
            {
                return CommandFailures.Invalid(console, "calibrate", $"-o {target} is a file; without --tech give the folder to write one calibration per preset into");
            }

            // Only an earlier calibration is ever replaced; checked before the microbenchmarks run.
            var targets = CommandFailures.Guard(console, "calibrate", () =>
            {
                foreach (var name in presets)
                {
                    OutputFile.CheckReplaceable(preset is null ? Path.Combine(target, name + ".yaml") : target, ToggleCalibration.IsCalibrationText, "calibration");
                }

                return ExitCodes.Success;
            });
            if (targets != ExitCodes.Success)
            {
                return targets;
            }

            CalibrationBenchFiles bench;
            try
            {
                bench = CalibrationBench.Render(CalibrationWidths.Of(model));
            }
            catch (ArgumentException ex)
            {
                // The spec's widths do not fit the microbenchmarks (e.g. weights wider than the membrane).
                return CommandFailures.Invalid(console, "calibrate", ex.Message);
            }

            return CommandFailures.Guard(console, "calibrate", () =>
            {
                var work = Path.Combine(Path.GetTempPath(), "hwgen-calibrate-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                if (parse.GetValue(audit))
                {
                    try
                    {
                        return Audit(console, bench, parse.GetValue(seed), cycleCount, work);
                    }
                    finally
                    {
                        DeleteFolder(work);
                    }
                }

                CalibrationMeasurement measured;
                try
                {
                    measured = CalibrationRun.Run(bench, parse.GetValue(seed), cycleCount, work);
                }
                finally
                {
                    DeleteFolder(work);
                }

                foreach (var name in presets)
                {
                    var calibration = ToggleCalibration.Derive(EnergyReferenceTableLoader.LoadPreset(name), bench, measured, Toolchain.VerilatorVersion);
                    var file = preset is null ? Path.Combine(target, name + ".yaml") : target;
                    var folder = Path.GetDirectoryName(Path.GetFullPath(file));

                    // Written beside the target and renamed: a reader never sees half a calibration file, and only an
                    // earlier calibration is ever replaced.
                    OutputFile.Write(file, calibration.ToYaml(), ToggleCalibration.IsCalibrationText, "calibration");

                    console.Out.WriteLine($"calibration of ERT '{name}' at the widths of spec '{model.Name}', seed {measured.Seed}, {measured.Cycles} cycles -> {file}");
                    console.Out.Write(Table(calibration));
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static int Audit(CliConsole console, CalibrationBenchFiles bench, ulong seed, long cycles, string work)
    {
        if (cycles > ToggleAudit.MaxAuditCycles)
        {
            return CommandFailures.Invalid(console, "calibrate", $"an audit runs at most {ToggleAudit.MaxAuditCycles} cycles (Verilator 5.006 keeps 32-bit coverage counters)");
        }

        var coverage = Path.Combine(work, "coverage.dat");
        var measured = CalibrationRun.Run(bench, seed, cycles, work, coverage);
        var result = ToggleAudit.Compare(measured.Toggles, CoverageFile.ParseToggles(File.ReadAllText(coverage), "coverage.dat"));
        var rows = new List<string[]> { new[] { "bus", "harness toggles", "coverage.dat toggles", "" } };
        rows.AddRange(result.Rows.Select(r => new[]
        {
            $"{r.Hierarchy}.{r.Signal}", r.Harness.ToString(CultureInfo.InvariantCulture), r.Coverage.ToString(CultureInfo.InvariantCulture),
            r.Matches ? "equal" : "DIFFERENT",
        }));
        console.Out.WriteLine($"coverage audit of the calibration microbenchmarks (Verilator --coverage-toggle, per instance), seed {seed}, {cycles} cycles");
        console.Out.Write(TextTable.Render(rows));
        foreach (var missing in result.NotInCoverage)
        {
            console.Out.WriteLine($"not in coverage.dat (names starting with '_' or arrays wider than --coverage-max-width): {missing}");
        }

        console.Out.WriteLine(result.Passed ? "audit passed: every bus both count agrees exactly" : $"audit FAILED: {result.Mismatches.Count} buses differ");
        return result.Passed ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static void DeleteFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Table(ToggleCalibration calibration)
    {
        var rows = new List<string[]> { new[] { "action", "class", "ERT arguments", "ERT pJ/action", "toggles/action", "pJ/toggle" } };
        rows.AddRange(calibration.Entries.Select(e => new[]
        {
            e.Action.ToString(),
            ToggleProbes.ClassName(e.Class),
            e.ErtArguments,
            e.ErtEnergyPj.ToString("G6", CultureInfo.InvariantCulture),
            e.TogglesPerAction.ToString("F3", CultureInfo.InvariantCulture),
            e.EnergyPerTogglePj is { } t ? t.ToString("G6", CultureInfo.InvariantCulture) : "per access",
        }));
        return TextTable.Render(rows);
    }
}
