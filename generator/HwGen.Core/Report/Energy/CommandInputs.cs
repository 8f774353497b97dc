// Parsing shared by the analyze and breakeven verbs: reference model names, constant overrides and --vary requests.
using System.Globalization;

using HwGen.Energy;

namespace HwGen.Report;

public static class CommandInputs
{
    /// <summary>A v1 model by name with "KEY=VALUE" constant overrides applied.</summary>
    public static YanV1Model ReferenceModel(string name, IEnumerable<string> constants)
    {
        var model = YanV1Model.ByName(name)
            ?? throw new ArgumentException($"--model {name}: unknown model; known models: {string.Join(", ", YanV1Model.Names)}.");
        foreach (var text in constants)
        {
            var equals = text.IndexOf('=');
            var key = equals > 0 ? text[..equals].Trim() : text;
            if (equals <= 0 || !double.TryParse(text[(equals + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"--constant expects KEY=VALUE, e.g. E_dram=1300; found '{text}'.");
            }

            if (!YanV1Constants.IsName(key))
            {
                throw new ArgumentException($"--constant {key}: {YanV1Constants.UnknownMessage(key)}");
            }

            model = model with { Constants = model.Constants.With(key, value) };
        }

        return model;
    }

    public static IReadOnlyList<VariedParameter> Varied(IEnumerable<string>? texts) =>
        (texts ?? []).Select(VariedParameter.Parse).ToArray();
}
