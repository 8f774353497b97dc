// `hwgen validate SPEC...`: checks specs and reports every problem with file, line, column and code.
using System.CommandLine;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Cli.Commands;

public static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var specs = new Argument<string[]>("SPEC") { Description = "Spec files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", """
            Check hardware specs and report every problem as file:line:col: error HWnnnn: message.
            Energy reference tables (first key 'ert: 1') and toggle calibrations ('calibration: 1') are
            checked by their own loaders; a table must price every action of the core.
            Exit 0 when all are valid, 2 when any has an error.

            Examples:
              hwgen validate hwconfigs/default.yaml
              hwgen validate hwconfigs/*.yaml hwconfigs/ert/*.yaml hwconfigs/calibration/*.yaml
            """)
        {
            specs,
        };
        command.SetAction(parse =>
        {
            var failed = 0;
            var paths = parse.GetValue(specs) ?? [];
            foreach (var path in paths)
            {
                if (OtherDataFile(path, console) is { } valid)
                {
                    failed += valid ? 0 : 1;
                    continue;
                }

                var result = ModelLoader.LoadFile(path);
                foreach (var diagnostic in result.Diagnostics)
                {
                    console.Error.WriteLine(diagnostic.ToString());
                }

                if (result.Succeeded)
                {
                    console.Out.WriteLine($"{path}: ok ({result.Model!.Layers.Count} layers, {result.Model.Layers.Sum(l => l.Synapses)} synapses)");
                }
                else
                {
                    failed++;
                }
            }

            if (failed > 0)
            {
                console.Error.WriteLine($"{failed} of {paths.Length} spec(s) invalid");
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Energy reference tables (<c>ert: 1</c>) and toggle calibrations (<c>calibration: 1</c>) in hwconfigs/ are checked by
    /// their own loaders; null when the file is neither (a hardware spec, or unreadable: the spec loader reports it).
    /// </summary>
    private static bool? OtherDataFile(string path, CliConsole console)
    {
        string text;
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > 1 << 20)
            {
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? string.Empty;
        try
        {
            if (first.StartsWith("ert:", StringComparison.Ordinal))
            {
                var table = EnergyReferenceTableLoader.LoadText(text, Path.GetFileName(path));
                var missing = Actions.All.Where(a => !table.Contains(a)).Select(a => a.ToString()).ToList();
                if (missing.Count > 0)
                {
                    // Lookups of a missing action fail when a design uses it; a shipped table must price every action.
                    console.Error.WriteLine($"{path}: energy reference table '{table.Preset}' has no entry for {string.Join(", ", missing)}");
                    return false;
                }

                console.Out.WriteLine($"{path}: ok (energy reference table '{table.Preset}', {table.Entries.Count} entries)");
                return true;
            }

            if (first.StartsWith("calibration:", StringComparison.Ordinal))
            {
                var calibration = ToggleCalibrationLoader.LoadText(text, Path.GetFileName(path));
                console.Out.WriteLine($"{path}: ok (toggle calibration of '{calibration.Preset}', {calibration.Entries.Count} entries)");
                return true;
            }
        }
        catch (Exception ex) when (ex is EnergyTableException or CalibrationFileException)
        {
            console.Error.WriteLine(ex.Message);
            return false;
        }

        return null;
    }
}
