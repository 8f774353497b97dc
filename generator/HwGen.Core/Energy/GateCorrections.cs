// Per-class gate/RTL correction factors: what `hwgen run --gate-level` measured (each signal class's gate-level energy
// over its hwgen-measured-v2 figure on the same run), the file it writes them to (report/gate-corrections.yaml), the
// located reader of that file, the checks that the factors belong to the design a run simulates, and their application
// to a run's measured energy (`hwgen run --apply-corrections FILE`, docs/measurement.md, "Gate-level corrections").
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Diagnostics;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Spec;

namespace HwGen.Energy;

/// <summary>One class's factor: its gate-level energy (at the ERT's node) over its measured RTL energy on the same run.</summary>
public sealed record GateCorrectionFactor(string Class, double GatePj, double RtlMeasuredPj, double Factor)
{
    /// <summary>Where the factor is written (for diagnostics); none for factors not read from a file.</summary>
    public SourceSpan Span { get; init; } = SourceSpan.None;
}

/// <summary>One twin's factors and the design they were measured on (the SHA-256 of its rtl/ files).</summary>
public sealed record GateCorrectionTwin(string Twin, string DesignSha256, long Cycles, IReadOnlyList<GateCorrectionFactor> Factors)
{
    public SourceSpan Span { get; init; } = SourceSpan.None;

    public SourceSpan DesignSpan { get; init; } = SourceSpan.None;

    public GateCorrectionFactor? Factor(string cls) => Factors.FirstOrDefault(f => f.Class == cls);
}

/// <summary>A gate-level run's correction factors, as written to and read from a corrections file.</summary>
public sealed record GateCorrections(string Spec, string SpecLabel, string ErtPreset, string MeasuredModel, string Liberty, double ScalingFactor,
    IReadOnlyList<GateCorrectionTwin> Twins)
{
    public const int FormatVersion = 1;

    /// <summary>The file name a gate-level run writes into its report folder.</summary>
    public const string FileName = "gate-corrections.yaml";

    /// <summary>The name a run that applied a file keeps its copy under, in its report folder.</summary>
    public const string AppliedCopyName = "applied-gate-corrections.yaml";

    public const string FirstKey = "gate_corrections";

    /// <summary>The file as the user named it (diagnostics, reports); empty for factors not read from a file.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>The file's text as read (a run that applies it keeps a copy) and its SHA-256.</summary>
    public string Text { get; init; } = string.Empty;

    public string Sha256 { get; init; } = string.Empty;

    public SourceSpan PresetSpan { get; init; } = SourceSpan.None;

    public SourceSpan TwinsSpan { get; init; } = SourceSpan.None;

    public GateCorrectionTwin? Twin(string name) => Twins.FirstOrDefault(t => t.Twin == name);

    /// <summary>The file: LF, invariant round-trip numbers, no dates, no paths; the same run gives the same bytes.</summary>
    public string ToYaml()
    {
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append("# Gate-level correction factors of spec '").Append(Spec).Append("': per twin and signal class, the gate-level energy of its\n");
        sb.Append("# OSU 0.18 um netlist (scaled to the ERT's node) over the ").Append(MeasuredModel).Append(" figure of the same class on the same run.\n");
        sb.Append("# Written by `hwgen run --gate-level` (docs/measurement.md, \"Gate-level corrections\"); apply them to a later run of the\n");
        sb.Append("# same design with `hwgen run SPEC --apply-corrections FILE`. Regenerate, do not edit: factor = gate_pj / rtl_measured_pj.\n");
        sb.Append(FirstKey).Append(": ").Append(FormatVersion).Append('\n');
        sb.Append("spec: ").Append(Quote(Spec)).Append('\n');
        sb.Append("spec_label: ").Append(Quote(SpecLabel)).Append('\n');
        sb.Append("ert_preset: ").Append(ErtPreset).Append('\n');
        sb.Append("measured_model: ").Append(MeasuredModel).Append('\n');
        sb.Append("liberty: ").Append(Quote(Liberty)).Append('\n');
        sb.Append("scaling_factor: ").Append(N(ScalingFactor)).Append('\n');
        sb.Append("twins:\n");
        foreach (var twin in Twins)
        {
            sb.Append("  - twin: ").Append(twin.Twin).Append('\n');
            sb.Append("    design_sha256: ").Append(twin.DesignSha256).Append('\n');
            sb.Append("    cycles: ").Append(twin.Cycles.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append(twin.Factors.Count == 0 ? "    factors: []\n" : "    factors:\n");
            foreach (var f in twin.Factors)
            {
                sb.Append("      - class: ").Append(Quote(f.Class)).Append('\n');
                sb.Append("        gate_pj: ").Append(N(f.GatePj)).Append('\n');
                sb.Append("        rtl_measured_pj: ").Append(N(f.RtlMeasuredPj)).Append('\n');
                sb.Append("        factor: ").Append(N(f.Factor)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The design a twin's factors hold for: SHA-256 over its rtl/ files (paths and text); harness and build flags excluded.</summary>
    public static string DesignSha256Of(RtlFileSet set) =>
        FileSetHash.Of(set.Files.Where(f => f.Key.StartsWith("rtl/", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));

    /// <summary>
    /// The factors of the classes a gate-level comparison has both figures of (a class whose measured figure is zero has no
    /// factor). <paramref name="rows"/> are (class, gate-level pJ, measured pJ).
    /// </summary>
    public static IReadOnlyList<GateCorrectionFactor> FactorsOf(IEnumerable<(string Class, double GatePj, double RtlMeasuredPj)> rows) =>
        rows.Where(r => MeasuredClasses.Correctable.Contains(r.Class) && r.RtlMeasuredPj > 0)
            .Select(r => new GateCorrectionFactor(r.Class, r.GatePj, r.RtlMeasuredPj, r.GatePj / r.RtlMeasuredPj))
            .ToList();

    /// <summary>
    /// The diagnostics of applying these factors to a run: the run's ERT preset must be the file's, and each twin of the
    /// run must have factors measured on its own design (<paramref name="twins"/>: name and design SHA-256).
    /// </summary>
    public IReadOnlyList<Diagnostic> CheckAgainst(HardwareModel model, IReadOnlyList<(string Twin, string DesignSha256)> twins)
    {
        var bag = new DiagnosticBag();
        if (ErtPreset != model.Technology.Preset)
        {
            bag.CorrectionsPreset(PresetSpan, ErtPreset, model.Technology.Preset, model.Locations.At("technology.preset"));
        }

        foreach (var (name, hash) in twins)
        {
            if (Twin(name) is not { } twin)
            {
                bag.CorrectionsMissingTwin(TwinsSpan, name, Twins.Select(t => t.Twin).ToList());
            }
            else if (twin.DesignSha256 != hash)
            {
                bag.CorrectionsOtherDesign(twin.DesignSpan, name, Spec, twin.DesignSha256, model.Name, hash);
            }
        }

        return bag.Sorted();
    }

    /// <summary>
    /// One twin's measured energy with the factors applied: per layer, every class with a factor is its measured figure
    /// times the factor; everything else (memories, DRAM, leakage, classes without a factor) stays as measured.
    /// <paramref name="classes"/> are each layer's measured energy by class (<see cref="MeasuredEnergyModel.Classes"/>).
    /// </summary>
    public static CorrectedTwinEnergy Apply(GateCorrectionTwin factors, IReadOnlyList<LayerMeasuredEnergy> measured,
        IReadOnlyList<IReadOnlyList<MeasuredClassEnergy>> classes)
    {
        if (measured.Count != classes.Count)
        {
            throw new ArgumentException($"{measured.Count} layers measured but {classes.Count} split into classes");
        }

        var layers = measured.Select((m, l) =>
        {
            var rows = classes[l].Select(c => factors.Factor(c.Class) is { } f
                ? new CorrectedClass(c.Class, c.Pj, f.Factor, c.Pj * f.Factor)
                : new CorrectedClass(c.Class, c.Pj, null, c.Pj)).ToList();
            return new CorrectedWindow(m.Layer, m.MeasuredEnergyPj, m.MeasuredEnergyPj + rows.Sum(r => r.CorrectedPj - r.MeasuredPj), rows);
        }).ToList();
        return new CorrectedTwinEnergy(factors, layers);
    }

    /// <summary>SHA-256 (lower-case hex) of a file's bytes.</summary>
    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>One class of one layer: its measured figure, the factor applied (null: none in the file) and the corrected figure.</summary>
public sealed record CorrectedClass(string Class, double MeasuredPj, double? Factor, double CorrectedPj);

/// <summary>One layer: its measured energy and its gate-corrected energy, with the classes.</summary>
public sealed record CorrectedWindow(int Layer, double MeasuredPj, double CorrectedPj, IReadOnlyList<CorrectedClass> Classes);

/// <summary>A twin's measured energy with gate-level correction factors applied (the measured figure is kept beside it).</summary>
public sealed record CorrectedTwinEnergy(GateCorrectionTwin Factors, IReadOnlyList<CorrectedWindow> Layers)
{
    public double MeasuredPj => Layers.Sum(l => l.MeasuredPj);

    public double CorrectedPj => Layers.Sum(l => l.CorrectedPj);

    /// <summary>Per class over the layers: measured, factor, corrected (the order of <see cref="MeasuredClasses.Correctable"/>).</summary>
    public IReadOnlyList<CorrectedClass> Classes =>
        MeasuredClasses.Correctable.Select(c =>
        {
            var rows = Layers.SelectMany(l => l.Classes).Where(r => r.Class == c).ToList();
            return new CorrectedClass(c, rows.Sum(r => r.MeasuredPj), Factors.Factor(c)?.Factor, rows.Sum(r => r.CorrectedPj));
        }).ToList();
}

/// <summary>Reads a corrections file; every problem is a located HW13xx diagnostic (YAML problems: HW00xx).</summary>
public static class GateCorrectionsLoader
{
    public static YamlDocumentKind Kind { get; } = new("gate-level corrections file", "a gate-level corrections file", GateCorrections.FirstKey + ": 1");

    private static readonly string[] RootKeys = [GateCorrections.FirstKey, "spec", "spec_label", "ert_preset", "measured_model", "liberty", "scaling_factor", "twins"];
    private static readonly string[] TwinKeys = ["twin", "design_sha256", "cycles", "factors"];
    private static readonly string[] FactorKeys = ["class", "gate_pj", "rtl_measured_pj", "factor"];
    private static readonly string[] TwinNames = ["snn", "qnn"];

    /// <summary>Reads the file at <paramref name="path"/> (shown as <paramref name="display"/>).</summary>
    public static (GateCorrections? Corrections, IReadOnlyList<Diagnostic> Diagnostics) ReadFile(string path, string display)
    {
        var bag = new DiagnosticBag();
        var bytes = YamlFile.ReadBytes(path, display, Kind, bag);
        return bytes is null ? (null, bag.Sorted()) : Read(bytes, display);
    }

    public static (GateCorrections? Corrections, IReadOnlyList<Diagnostic> Diagnostics) Read(byte[] bytes, string display)
    {
        var bag = new DiagnosticBag();
        var tree = YamlTreeReader.Read(bytes, display, bag, Kind);
        var corrections = tree is null ? null : Build(tree, new Reader(bag));
        if (bag.HasErrors || corrections is null)
        {
            return (null, bag.Sorted());
        }

        return (corrections with { File = display, Text = Encoding.UTF8.GetString(bytes), Sha256 = GateCorrections.Sha256Of(bytes) }, bag.Sorted());
    }

    private static GateCorrections? Build(YamlNode tree, Reader file)
    {
        if (tree is not YamlMapping root)
        {
            file.Bag.WrongType(tree.Span, "the gate-level corrections file", "a mapping (gate_corrections, spec, ..., twins)", SectionReader.Describe(tree));
            return null;
        }

        file.OnlyKeys(root, "root", RootKeys);
        if (file.Integer(root, GateCorrections.FirstKey, "root", minimum: 0) is { } version && version != GateCorrections.FormatVersion)
        {
            file.Bag.CorrectionsVersion(file.Node(root, GateCorrections.FirstKey)!.Span, GateCorrections.FormatVersion, version);
        }

        var spec = file.Text(root, "spec", "root");
        var label = file.Text(root, "spec_label", "root");
        var preset = file.Text(root, "ert_preset", "root");
        var model = file.Text(root, "measured_model", "root");
        if (model is not null && model != MeasuredEnergy.ModelName)
        {
            file.Bag.CorrectionsMeasuredModel(file.Node(root, "measured_model")!.Span, model, MeasuredEnergy.ModelName);
        }

        var liberty = file.Text(root, "liberty", "root");
        var scaling = file.Number(root, "scaling_factor", "root", positive: true);
        var twins = new List<GateCorrectionTwin>();
        var twinsNode = file.Node(root, "twins", "root");
        switch (twinsNode)
        {
            case YamlSequence list:
                var seen = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (Twin(file, list.Items[i], $"twins[{i}]", seen) is { } twin)
                    {
                        twins.Add(twin);
                    }
                }

                break;
            case { } other:
                file.Bag.CorrectionsWrongType(other.Span, "root", "twins", "a list of twins");
                break;
        }

        return spec is null || label is null || preset is null || model is null || liberty is null || scaling is null || twinsNode is null
            ? null
            : new GateCorrections(spec, label, preset, model, liberty, scaling.Value, twins)
            {
                PresetSpan = file.Node(root, "ert_preset")!.Span,
                TwinsSpan = twinsNode.Span,
            };
    }

    private static GateCorrectionTwin? Twin(Reader file, YamlNode node, string where, Dictionary<string, SourceSpan> seen)
    {
        if (node is not YamlMapping map)
        {
            file.Bag.CorrectionsWrongType(node.Span, "twins", where, "a mapping (twin, design_sha256, cycles, factors)");
            return null;
        }

        file.OnlyKeys(map, where, TwinKeys);
        var name = file.Text(map, "twin", where);
        if (name is not null)
        {
            var at = file.Node(map, "twin")!.Span;
            if (!TwinNames.Contains(name))
            {
                file.Bag.CorrectionsUnknownName(at, where, "twin", name, TwinNames);
                name = null;
            }
            else if (seen.TryGetValue(name, out var first))
            {
                file.Bag.CorrectionsDuplicate(at, where, $"twin '{name}'", first);
                name = null;
            }
            else
            {
                seen[name] = at;
            }
        }

        var hash = file.Text(map, "design_sha256", where);
        if (hash is not null && (hash.Length != 64 || !hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')))
        {
            file.Bag.CorrectionsWrongType(file.Node(map, "design_sha256")!.Span, where, "design_sha256", "a SHA-256 in 64 lower-case hex digits");
            hash = null;
        }

        var cycles = file.Integer(map, "cycles", where, minimum: 1);
        var factors = new List<GateCorrectionFactor>();
        switch (file.Node(map, "factors", where))
        {
            case YamlSequence list:
                var classes = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (Factor(file, list.Items[i], $"{where}.factors[{i}]", classes) is { } factor)
                    {
                        factors.Add(factor);
                    }
                }

                break;
            case { } other:
                file.Bag.CorrectionsWrongType(other.Span, where, "factors", "a list of class factors");
                break;
            default:
                return null;
        }

        return name is null || hash is null || cycles is null
            ? null
            : new GateCorrectionTwin(name, hash, cycles.Value, factors) { Span = map.Span, DesignSpan = file.Node(map, "design_sha256")!.Span };
    }

    private static GateCorrectionFactor? Factor(Reader file, YamlNode node, string where, Dictionary<string, SourceSpan> seen)
    {
        if (node is not YamlMapping map)
        {
            file.Bag.CorrectionsWrongType(node.Span, "factors", where, "a mapping (class, gate_pj, rtl_measured_pj, factor)");
            return null;
        }

        file.OnlyKeys(map, where, FactorKeys);
        var cls = file.Text(map, "class", where);
        if (cls is not null)
        {
            var at = file.Node(map, "class")!.Span;
            if (!MeasuredClasses.Correctable.Contains(cls))
            {
                file.Bag.CorrectionsUnknownName(at, where, "class", cls, MeasuredClasses.Correctable);
                cls = null;
            }
            else if (seen.TryGetValue(cls, out var first))
            {
                file.Bag.CorrectionsDuplicate(at, where, $"class '{cls}'", first);
                cls = null;
            }
            else
            {
                seen[cls] = at;
            }
        }

        var gate = file.Number(map, "gate_pj", where, positive: false);
        var rtl = file.Number(map, "rtl_measured_pj", where, positive: true);
        var factor = file.Number(map, "factor", where, positive: true);
        if (gate is { } g && rtl is { } r && factor is { } f && Math.Abs(f - (g / r)) > 1e-12 * Math.Max(1, Math.Abs(g / r)))
        {
            file.Bag.CorrectionsInconsistent(file.Node(map, "factor")!.Span, where, f.ToString("R", CultureInfo.InvariantCulture),
                (g / r).ToString("R", CultureInfo.InvariantCulture));
            return null;
        }

        return cls is null || gate is null || rtl is null || factor is null
            ? null
            : new GateCorrectionFactor(cls, gate.Value, rtl.Value, factor.Value) { Span = file.Node(map, "factor")!.Span };
    }

    /// <summary>Typed reads of the file's mappings; each problem goes to the bag and the read yields null.</summary>
    private sealed class Reader(DiagnosticBag bag)
    {
        public DiagnosticBag Bag { get; } = bag;

        public void OnlyKeys(YamlMapping map, string where, string[] allowed)
        {
            foreach (var entry in map.Entries.Where(e => !allowed.Contains(e.Key.Value)))
            {
                Bag.CorrectionsUnknownKey(entry.Key.Span, where, entry.Key.Value, allowed);
            }
        }

        public YamlNode? Node(YamlMapping map, string key, string? where = null)
        {
            var node = map.Entries.FirstOrDefault(e => e.Key.Value == key)?.Value;
            if (node is null && where is not null)
            {
                Bag.CorrectionsMissingKey(map.Span, where, key);
            }

            return node;
        }

        public string? Text(YamlMapping map, string key, string where)
        {
            switch (Node(map, key, where))
            {
                case YamlScalar { IsNull: false, Value.Length: > 0 } scalar:
                    return scalar.Value;
                case { } other:
                    Bag.CorrectionsWrongType(other.Span, where, key, "a non-empty text");
                    return null;
                default:
                    return null;
            }
        }

        public long? Integer(YamlMapping map, string key, string where, long minimum)
        {
            var text = Text(map, key, where);
            if (text is null)
            {
                return null;
            }

            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= minimum)
            {
                return value;
            }

            Bag.CorrectionsNumber(Node(map, key)!.Span, where, key, $"an integer >= {minimum}", text);
            return null;
        }

        /// <summary>A finite number, greater than 0 when <paramref name="positive"/>, otherwise at least 0.</summary>
        public double? Number(YamlMapping map, string key, string where, bool positive)
        {
            var text = Text(map, key, where);
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && (positive ? value > 0 : value >= 0))
            {
                return value;
            }

            Bag.CorrectionsNumber(Node(map, key)!.Span, where, key, positive ? "a finite number > 0" : "a finite number >= 0", text);
            return null;
        }
    }
}
