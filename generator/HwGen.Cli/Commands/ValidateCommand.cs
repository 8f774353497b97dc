// `hwgen validate SPEC... [--json]`: checks specs (and the .npy files they name), energy reference tables and toggle
// calibrations, and reports every problem with file, line, column and code.
using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using HwGen.Data;
using HwGen.Diagnostics;
using HwGen.Energy;
using HwGen.Model;
using HwGen.Spec;

namespace HwGen.Cli.Commands;

public static class ValidateCommand
{
    /// <summary>One checked file: what it is ("spec", "energy_reference_table", "calibration", "gate_corrections", "sweep"; null when unreadable) and, when valid, a summary.</summary>
    public sealed record CheckedFile(string File, string? Kind, bool Valid, string? Summary);

    public static Command Create(CliConsole console)
    {
        var specs = new Argument<string[]>("SPEC") { Description = "Spec files to check.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the files and every diagnostic (code, severity, file, line, column, message) as JSON." };
        var command = new Command("validate", """
            Check hardware specs and report every problem as file:line:col: error HWnnnn: message.
            The .npy data files a spec names are read as simulate reads them (dtype, shape, values).
            Energy reference tables (first key 'ert: 1'), toggle calibrations ('calibration: 1') and
            gate-level correction files ('gate_corrections: 1') are checked by their own loaders; a table must price every action of the core. Sweep files
            ('hwgen_sweep: 1') are planned as hwgen sweep plans them: every point's spec is validated.
            Exit 0 when all are valid, 2 when any has an error.

            Examples:
              hwgen validate hwconfigs/default.yaml
              hwgen validate hwconfigs/*.yaml hwconfigs/ert/*.yaml hwconfigs/calibration/*.yaml
              hwgen validate hwconfigs/sweeps/lanes-buffer.yaml
              hwgen validate my-spec.yaml --json
            """)
        {
            specs,
            json,
        };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(specs) ?? [];
            var files = new List<CheckedFile>();
            var diagnostics = new List<Diagnostic>();
            foreach (var path in paths)
            {
                var (file, found) = Check(path);
                files.Add(file);
                diagnostics.AddRange(found);
            }

            var failed = files.Count(f => !f.Valid);
            if (parse.GetValue(json))
            {
                WriteJson(console, files, diagnostics);
                return failed > 0 ? ExitCodes.InvalidInput : ExitCodes.Success;
            }

            foreach (var diagnostic in diagnostics)
            {
                console.Error.WriteLine(diagnostic.ToString());
            }

            foreach (var file in files.Where(f => f.Valid))
            {
                console.Out.WriteLine($"{file.File}: ok ({file.Summary})");
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

    /// <summary>Checks one file by its kind: its first key says whether it is an energy table, a calibration or a spec.</summary>
    private static (CheckedFile File, IReadOnlyList<Diagnostic> Diagnostics) Check(string path)
    {
        var display = YamlFile.DisplayPath(path);
        var bag = new DiagnosticBag();
        var bytes = YamlFile.ReadBytes(path, display, YamlDocumentKind.Spec, bag);
        if (bytes is null)
        {
            return (new CheckedFile(display, null, false, null), bag.Sorted());
        }

        switch (FirstKey(bytes))
        {
            case "ert":
            {
                var (table, found) = EnergyReferenceTableLoader.Read(bytes, display, requireEveryAction: true);
                return (new CheckedFile(display, "energy_reference_table", table is not null,
                    table is null ? null : $"energy reference table '{table.Preset}', {table.Entries.Count} entries"), found);
            }

            case "hwgen_sweep":
            {
                // A sweep file: read and planned as `hwgen sweep` plans it, so every point's spec is validated too.
                var plan = HwGen.Sweep.SweepPlanner.Plan(path, bag);
                return (new CheckedFile(display, "sweep", plan is not null && !bag.HasErrors,
                    plan is null ? null : $"sweep '{plan.Definition.Name}', {plan.Points.Count} points"), bag.Sorted());
            }

            case GateCorrections.FirstKey:
            {
                var (corrections, found) = GateCorrectionsLoader.Read(bytes, display);
                return (new CheckedFile(display, "gate_corrections", corrections is not null,
                    corrections is null ? null : $"gate-level correction factors of spec '{corrections.Spec}', {string.Join(", ", corrections.Twins.Select(t => $"{t.Twin} {t.Factors.Count} classes"))}"), found);
            }

            case "calibration":
            {
                var (calibration, found) = ToggleCalibrationLoader.Read(bytes, display);
                return (new CheckedFile(display, "calibration", calibration is not null,
                    calibration is null ? null : $"toggle calibration of '{calibration.Preset}', {calibration.Entries.Count} entries"), found);
            }

            default:
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
                var result = ModelLoader.LoadBytes(bytes, display, folder);
                var found = result.Diagnostics.ToList();
                if (result.Succeeded)
                {
                    // The data files' contents, read by the code simulate and run use.
                    found.AddRange(NpyNetworkData.Check(result.Model!, folder));
                    found.AddRange(Train.TestSetLoader.Check(result.Model!, folder));
                }

                var valid = result.Succeeded && found.All(d => !d.IsError);
                return (new CheckedFile(display, "spec", valid,
                    valid ? $"{result.Model!.Layers.Count} layers, {result.Model.Layers.Sum(l => l.Synapses)} synapses" : null), found);
            }
        }
    }

    /// <summary>The first key of a YAML file (comments and blank lines skipped), or an empty string.</summary>
    private static string FirstKey(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? string.Empty;
        var colon = first.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? first[..colon] : string.Empty;
    }

    /// <summary>
    /// The JSON form of a validation, always printed with --json (also for unreadable files and option errors):
    /// <c>{ "valid", "files": [{ file, kind, valid, summary }], "diagnostics": [{ code, severity, file, line, column, message }] }</c>;
    /// a diagnostic that is not in a file (an option) has null file, line and column.
    /// </summary>
    public static void WriteJson(CliConsole console, IReadOnlyList<CheckedFile> files, IReadOnlyList<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", files.Count > 0 && files.All(f => f.Valid) && diagnostics.All(d => !d.IsError));
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("file", file.File);
                json.WriteString("kind", file.Kind);
                json.WriteBoolean("valid", file.Valid);
                json.WriteString("summary", file.Summary);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("diagnostics");
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("code", d.Code);
                json.WriteString("severity", d.IsError ? "error" : "warning");
                if (d.Span.IsNone)
                {
                    json.WriteNull("file");
                    json.WriteNull("line");
                    json.WriteNull("column");
                }
                else
                {
                    json.WriteString("file", d.Span.File);
                    json.WriteNumber("line", d.Span.Line);
                    json.WriteNumber("column", d.Span.Column);
                }

                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
