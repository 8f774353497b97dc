// Reads ERT YAML files (hwconfigs/ert/*.yaml, embedded in this assembly) into EnergyReferenceTable values.
using System.Collections.Concurrent;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HwGen.Energy;

public static class EnergyReferenceTableLoader
{
    /// <summary>Prefix of the embedded ERT resources; the spec loader validates technology.preset against these names.</summary>
    public const string ResourcePrefix = "HwGen.hwconfigs.ert.";

    private static readonly ConcurrentDictionary<string, EnergyReferenceTable> Cache = new(StringComparer.Ordinal);

    /// <summary>Names of the built-in presets, sorted.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = typeof(EnergyReferenceTableLoader).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>A built-in preset by name (cached: tables are immutable).</summary>
    public static EnergyReferenceTable LoadPreset(string preset) => Cache.GetOrAdd(preset, name =>
    {
        using var stream = typeof(EnergyReferenceTableLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".yaml")
            ?? throw new EnergyTableException($"unknown ERT preset '{name}'; known presets: {string.Join(", ", PresetNames)}.");
        using var reader = new StreamReader(stream);
        return LoadText(reader.ReadToEnd(), name + ".yaml");
    });

    public static EnergyReferenceTable LoadText(string yaml, string fileName)
    {
        EnergyTableDocument document;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .WithDuplicateKeyChecking()
                .Build();
            document = deserializer.Deserialize<EnergyTableDocument>(yaml)
                ?? throw new EnergyTableException($"{fileName}: empty energy reference table.");
        }
        catch (YamlException ex)
        {
            var cause = ex.InnerException?.Message ?? ex.Message;

            // YamlDotNet names .NET types here ("into type System.String, System.Private.CoreLib, ..."); say it in YAML terms.
            if (cause.StartsWith("No node deserializer", StringComparison.Ordinal))
            {
                cause = "this value has the wrong shape: a list or mapping where a single value belongs, or the reverse";
            }

            throw new EnergyTableException($"{fileName}:{ex.Start.Line}:{ex.Start.Column}: {cause}");
        }

        if (document.Ert != 1)
        {
            throw new EnergyTableException($"{fileName}: 'ert' must be 1, found {document.Ert}.");
        }

        if (string.IsNullOrWhiteSpace(document.Preset))
        {
            throw new EnergyTableException($"{fileName}: 'preset' is missing.");
        }

        var entries = new List<EnergyEntry>();
        for (var i = 0; i < document.Entries.Count; i++)
        {
            entries.Add(ToEntry(document.Entries[i], $"{fileName}: entries[{i}]"));
        }

        return new EnergyReferenceTable(document.Preset, document.Description?.Trim() ?? "", document.TechnologyNm, entries);
    }

    private static EnergyEntry ToEntry(EnergyEntryDocument row, string where)
    {
        if (string.IsNullOrWhiteSpace(row.Component) || string.IsNullOrWhiteSpace(row.Action))
        {
            throw new EnergyTableException($"{where}: 'component' and 'action' are required.");
        }

        where += $" ({row.Component}.{row.Action})";
        if (row.EnergyPj is not { } energy || !double.IsFinite(energy) || energy < 0)
        {
            throw new EnergyTableException($"{where}: 'energy_pj' must be a finite number >= 0.");
        }

        if (string.IsNullOrWhiteSpace(row.Source))
        {
            throw new EnergyTableException($"{where}: 'source' is required (the paper or table the number comes from).");
        }

        var scaling = row.Scaling switch
        {
            "constant" => EnergyScaling.Constant,
            "bits" => EnergyScaling.Bits,
            "width_product" => EnergyScaling.WidthProduct,
            "word_bits" => EnergyScaling.WordBits,
            _ => throw new EnergyTableException($"{where}: 'scaling' must be one of constant, bits, width_product, word_bits; found '{row.Scaling}'."),
        };

        var args = row.Arguments ?? [];
        int Argument(string name)
        {
            if (!args.TryGetValue(name, out var value) || value < 1)
            {
                throw new EnergyTableException($"{where}: scaling '{row.Scaling}' needs arguments.{name} >= 1.");
            }

            return value;
        }

        var anchor = scaling switch
        {
            EnergyScaling.Bits => new EnergyArguments(Bits: Argument("bits")),
            EnergyScaling.WidthProduct => new EnergyArguments(WeightBits: Argument("weight_bits"), ActivationBits: Argument("activation_bits")),
            EnergyScaling.WordBits => new EnergyArguments(WordBits: Argument("word_bits")),
            _ => default,
        };

        var allowed = scaling switch
        {
            EnergyScaling.Bits => new[] { "bits" },
            EnergyScaling.WidthProduct => ["weight_bits", "activation_bits"],
            EnergyScaling.WordBits => ["word_bits"],
            _ => [],
        };
        foreach (var name in args.Keys.Where(k => !allowed.Contains(k)))
        {
            throw new EnergyTableException($"{where}: argument '{name}' means nothing for scaling '{row.Scaling}'.");
        }

        if (row.PerCapacityBitPj is { } slope && (scaling != EnergyScaling.WordBits || !double.IsFinite(slope) || slope < 0))
        {
            throw new EnergyTableException(
                $"{where}: 'per_capacity_bit_pj' needs scaling word_bits and a finite value >= 0, found {slope.ToString("R", CultureInfo.InvariantCulture)}.");
        }

        return new EnergyEntry(row.Component, row.Action, scaling, anchor, energy, row.PerCapacityBitPj ?? 0, row.Source.Trim());
    }

    private sealed class EnergyTableDocument
    {
        public int Ert { get; set; }

        public string Preset { get; set; } = "";

        public int TechnologyNm { get; set; }

        public string? Description { get; set; }

        public List<EnergyEntryDocument> Entries { get; set; } = [];
    }

    private sealed class EnergyEntryDocument
    {
        public string Component { get; set; } = "";

        public string Action { get; set; } = "";

        public string Scaling { get; set; } = "";

        public Dictionary<string, int>? Arguments { get; set; }

        public double? EnergyPj { get; set; }

        public double? PerCapacityBitPj { get; set; }

        public string Source { get; set; } = "";
    }
}
