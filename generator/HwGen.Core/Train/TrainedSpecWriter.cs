// The trained spec: the source spec's own text (comments and order kept) with the data keys hwgen train adds: each
// layer's weights_file, the stimulus input_file and the test set. Edits are made at the positions of the YAML tree.
using System.Text;
using HwGen.Diagnostics;
using HwGen.Spec;

namespace HwGen.Train;

/// <summary>What hwgen train writes into the spec: file names relative to the trained spec, and header comment lines.</summary>
public sealed record TrainedSpecData(IReadOnlyDictionary<string, string> LayerWeights, string InputFile, string Dataset, int RtlSample, IReadOnlyList<string> Header);

public static class TrainedSpecWriter
{
    /// <summary>
    /// The trained spec's text from the source spec's <paramref name="text"/> (shown as <paramref name="file"/> in
    /// diagnostics). Throws <see cref="DiagnosticException"/> (HW1211) when a section to edit is in flow style, and
    /// (HW1210) when the source names a test set from files (hwgen train writes its own).
    /// </summary>
    public static string Write(string text, string file, TrainedSpecData data)
    {
        var bag = new DiagnosticBag();
        var root = YamlTreeReader.Read(Encoding.UTF8.GetBytes(text), file, bag) as YamlMapping;
        bag.ThrowIfErrors();
        var edit = new TextEdit(text, file);
        var workload = Mapping(root!, "workload", "workload", edit);
        if (Child(workload, "test_set") is { } testSet)
        {
            if (testSet.Value is YamlMapping existing && Child(existing, "inputs_file") is not null)
            {
                throw DiagnosticBag.Fail(b => b.NotTrainable(testSet.Value.Span,
                    "'workload.test_set' names inputs_file: hwgen train writes the trained spec's own test set (dataset: fashion-mnist); remove the section from the source spec"));
            }

            var set = Mapping(workload, "test_set", "workload.test_set", edit);
            edit.Set(set, "dataset", data.Dataset);
            edit.Set(set, "rtl_sample", data.RtlSample.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            edit.AddSection(workload, "test_set", [("dataset", data.Dataset), ("rtl_sample", data.RtlSample.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        if (Child(workload, "stimulus") is not null)
        {
            edit.Set(Mapping(workload, "stimulus", "workload.stimulus", edit), "input_file", data.InputFile);
        }
        else
        {
            edit.AddSection(workload, "stimulus", [("input_file", data.InputFile)]);
        }

        var layers = Child(workload, "layers")?.Value as YamlSequence;
        for (var i = 0; i < (layers?.Items.Count ?? 0); i++)
        {
            if (layers!.Items[i] is not YamlMapping layer)
            {
                continue;
            }

            edit.RequireBlock(layer, $"workload.layers[{i}]");
            var name = Child(layer, "name")?.Value as YamlScalar;
            if (name is not null && data.LayerWeights.TryGetValue(name.Value, out var weights))
            {
                edit.Set(layer, "weights_file", weights);
            }
        }

        return edit.Result(data.Header);
    }

    /// <summary>
    /// The source text with one-line scalar keys set by dotted path (<c>neuron.threshold</c>; the section must exist) and
    /// header comment lines added: how the Bit Budget view derives its variants.
    /// </summary>
    public static string SetKeys(string text, string file, IReadOnlyList<(string Path, string Value)> values, IReadOnlyList<string> header)
    {
        var bag = new DiagnosticBag();
        var root = YamlTreeReader.Read(Encoding.UTF8.GetBytes(text), file, bag) as YamlMapping;
        bag.ThrowIfErrors();
        var edit = new TextEdit(text, file);
        foreach (var (path, value) in values)
        {
            var parts = path.Split('.');
            var mapping = root!;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                mapping = Mapping(mapping, parts[i], string.Join('.', parts[..(i + 1)]), edit);
            }

            edit.Set(mapping, parts[^1], value);
        }

        return edit.Result(header);
    }

    private static YamlEntry? Child(YamlMapping mapping, string key) => mapping.Entries.FirstOrDefault(e => e.Key.Value == key);

    private static YamlMapping Mapping(YamlMapping parent, string key, string path, TextEdit edit)
    {
        var mapping = Child(parent, key)?.Value as YamlMapping
            ?? throw new InvalidOperationException($"the spec has no '{path}' mapping (validation checks it first)");
        edit.RequireBlock(mapping, path);
        return mapping;
    }

    /// <summary>Line edits applied bottom-up, so the positions of the tree stay valid while editing.</summary>
    private sealed class TextEdit(string text, string file)
    {
        private readonly List<string> lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        private readonly List<(int Line, int Order, Action<List<string>> Apply)> edits = [];

        public void RequireBlock(YamlMapping mapping, string path)
        {
            var line = lines[mapping.Span.Line - 1];
            if (mapping.Span.Column - 1 < line.Length && line[mapping.Span.Column - 1] == '{')
            {
                throw DiagnosticBag.Fail(b => b.TrainedSpecNotEditable(mapping.Span, path));
            }
        }

        /// <summary>Sets <paramref name="key"/> of a block mapping: replaces a one-line scalar value, or adds the key.</summary>
        public void Set(YamlMapping mapping, string key, string value)
        {
            if (Child(mapping, key) is { } entry)
            {
                if (entry.Value is not YamlScalar scalar || scalar.Span.Line != entry.Key.Span.Line)
                {
                    throw DiagnosticBag.Fail(b => b.TrainedSpecNotEditable(entry.Key.Span, key));
                }

                var start = scalar.Span.Column - 1;
                var line = scalar.Span.Line - 1;
                var end = scalar.IsNull && scalar.Value.Length == 0 ? start : start + RawLength(lines[line], start, scalar);
                edits.Add((line, 0, l => l[line] = l[line][..start] + value + l[line][end..]));
                return;
            }

            Insert(mapping, [$"{key}: {value}"]);
        }

        /// <summary>Adds a section with one-line scalar children to a block mapping.</summary>
        public void AddSection(YamlMapping mapping, string key, IReadOnlyList<(string Key, string Value)> children) =>
            Insert(mapping, [$"{key}:", .. children.Select(c => $"  {c.Key}: {c.Value}")]);

        /// <summary>
        /// New lines at the mapping's indentation: before its first key when that key starts its line, otherwise (a list
        /// item, `- name: x`) after the first entry when that entry is one line.
        /// </summary>
        private void Insert(YamlMapping mapping, IReadOnlyList<string> newLines)
        {
            var first = mapping.Entries[0];
            var keyLine = first.Key.Span.Line - 1;
            var indent = new string(' ', first.Key.Span.Column - 1);
            var block = newLines.Select(l => indent + l).ToList();
            if (lines[keyLine][..(first.Key.Span.Column - 1)].Trim().Length == 0)
            {
                edits.Add((keyLine, 1, l => l.InsertRange(keyLine, block)));
            }
            else if (first.Value is YamlScalar scalar && scalar.Span.Line == first.Key.Span.Line)
            {
                edits.Add((keyLine + 1, 1, l => l.InsertRange(keyLine + 1, block)));
            }
            else
            {
                throw DiagnosticBag.Fail(b => b.TrainedSpecNotEditable(first.Key.Span, first.Key.Value));
            }
        }

        /// <summary>The characters a one-line scalar takes in its line: plain as read, quoted up to its closing quote.</summary>
        private int RawLength(string line, int start, YamlScalar scalar)
        {
            if (scalar.IsPlain)
            {
                return scalar.Value.Length;
            }

            var quote = line[start];
            for (var i = start + 1; i < line.Length; i++)
            {
                if (quote == '"' && line[i] == '\\')
                {
                    i++;
                }
                else if (line[i] == quote)
                {
                    if (quote == '\'' && i + 1 < line.Length && line[i + 1] == '\'')
                    {
                        i++;
                        continue;
                    }

                    return i - start + 1;
                }
            }

            throw DiagnosticBag.Fail(b => b.TrainedSpecNotEditable(scalar.Span, $"{file}: a value spanning lines"));
        }

        public string Result(IReadOnlyList<string> header)
        {
            foreach (var (_, _, apply) in edits.OrderByDescending(e => e.Line).ThenBy(e => e.Order))
            {
                apply(lines);
            }

            var body = string.Join('\n', lines);
            return string.Concat(header.Select(h => "# " + h + "\n")) + body;
        }
    }
}
