// The energy reference table (ERT): component × action → pJ, with the rule that moves an entry from its anchor widths to a design's.
using System.Globalization;
using HwGen.Diagnostics;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>How an entry's energy follows the arguments of the action it prices.</summary>
public enum EnergyScaling
{
    /// <summary>The same energy whatever the widths.</summary>
    Constant,

    /// <summary>Piecewise-linear in the operand width between anchors; proportional (through zero) outside them.</summary>
    Bits,

    /// <summary>Piecewise-linear in weight_bits × activation_bits between anchors; proportional outside them.</summary>
    WidthProduct,

    /// <summary>(energy + per-capacity-bit energy × capacity bits) × word bits / anchor word bits.</summary>
    WordBits,
}

/// <summary>The arguments an action is priced at: operand widths for arithmetic, word width and capacity for memories.</summary>
public readonly record struct EnergyArguments(int Bits = 0, int WeightBits = 0, int ActivationBits = 0, int WordBits = 0, long CapacityBits = 0)
{
    public override string ToString()
    {
        var parts = new List<string>();
        if (Bits > 0)
        {
            parts.Add($"bits={Bits}");
        }

        if (WeightBits > 0)
        {
            parts.Add($"weight_bits={WeightBits}");
        }

        if (ActivationBits > 0)
        {
            parts.Add($"activation_bits={ActivationBits}");
        }

        if (WordBits > 0)
        {
            parts.Add($"word_bits={WordBits}");
        }

        if (CapacityBits > 0)
        {
            parts.Add($"capacity_bits={CapacityBits.ToString(CultureInfo.InvariantCulture)}");
        }

        return string.Join(", ", parts);
    }
}

/// <summary>
/// The memory an entry's figure was measured for: word width and capacity, or for a fit the capacity range of its
/// anchors (<paramref name="UpToCapacityBits"/>). DRAM figures give the word only.
/// </summary>
public readonly record struct MemorySize(int WordBits, long CapacityBits, long UpToCapacityBits = 0)
{
    public override string ToString() => CapacityBits == 0
        ? $"{WordBits}-bit words"
        : UpToCapacityBits > CapacityBits
            ? string.Create(CultureInfo.InvariantCulture, $"{WordBits}-bit words of {CapacityBits}..{UpToCapacityBits}-bit memories")
            : string.Create(CultureInfo.InvariantCulture, $"{WordBits}-bit words of a {CapacityBits}-bit memory");
}

/// <summary>One row of the table: the energy of an action at its anchor arguments, and where the number comes from.</summary>
public sealed record EnergyEntry(
    string Component,
    string Action,
    EnergyScaling Scaling,
    EnergyArguments Anchor,
    double EnergyPj,
    double PerCapacityBitPj,
    string Source,
    MemorySize? MeasuredAt = null)
{
    public ActionKey Key => new(Component, Action);

    /// <summary>The components whose entries must say which memory their figure was measured for.</summary>
    public static IReadOnlySet<string> MemoryComponents { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "dram", "global_buffer", "lane_weight_memory", "lane_state_memory",
    };

    /// <summary>True when the rule follows the memory's capacity (word_bits with a per-capacity-bit term); DRAM needs none.</summary>
    public bool FollowsCapacity => Component == "dram" || (Scaling == EnergyScaling.WordBits && PerCapacityBitPj > 0);

    /// <summary>The scaling variable of this anchor (bits, or weight × activation bits).</summary>
    internal double ScalingVariable => Scaling switch
    {
        EnergyScaling.Bits => Anchor.Bits,
        EnergyScaling.WidthProduct => (double)Anchor.WeightBits * Anchor.ActivationBits,
        _ => 0,
    };
}

/// <summary>
/// An error in an ERT file (with its located, coded diagnostics) or a lookup a table cannot answer. Never a silent default.
/// Lookups are checked by validation (presets, overrides, complete shipped tables), so one without diagnostics is a bug.
/// </summary>
public sealed class EnergyTableException : DiagnosticException
{
    /// <summary>A lookup the energy model cannot answer: an internal check, reported as an internal error.</summary>
    public EnergyTableException(string message)
        : base([], message)
    {
    }

    /// <summary>The problems of an ERT file.</summary>
    public EnergyTableException(IReadOnlyList<Diagnostic> diagnostics)
        : base(diagnostics)
    {
    }
}

/// <summary>A whole ERT: one preset's entries. Immutable; lookups never allocate on success.</summary>
public sealed class EnergyReferenceTable
{
    private readonly Dictionary<ActionKey, EnergyEntry[]> anchorsByAction;

    public EnergyReferenceTable(string preset, string description, int technologyNm, IReadOnlyList<EnergyEntry> entries,
        IReadOnlyList<EnergyEntry>? sizeAware = null, CircuitFigures? circuit = null)
    {
        Preset = preset;
        Description = description;
        TechnologyNm = technologyNm;
        Entries = entries;
        SizeAware = sizeAware is { Count: > 0 } ? new EnergyReferenceTable(preset, description, technologyNm, sizeAware) : null;
        Circuit = circuit;
        anchorsByAction = [];
        foreach (var group in entries.GroupBy(e => e.Key))
        {
            var anchors = group.OrderBy(e => e.ScalingVariable).ToArray();
            if (anchors.Select(a => a.Scaling).Distinct().Count() > 1)
            {
                throw new EnergyTableException($"ERT '{preset}': the entries of {group.Key} mix scaling rules; use one rule per component.action.");
            }

            var scaling = anchors[0].Scaling;
            if (anchors.Length > 1 && scaling is EnergyScaling.Constant or EnergyScaling.WordBits)
            {
                throw new EnergyTableException($"ERT '{preset}': {group.Key} has {anchors.Length} entries but scaling '{ScalingName(scaling)}' allows one.");
            }

            for (var i = 1; i < anchors.Length; i++)
            {
                if (anchors[i].ScalingVariable == anchors[i - 1].ScalingVariable)
                {
                    throw new EnergyTableException($"ERT '{preset}': {group.Key} has two anchors at the same width ({anchors[i].Anchor}).");
                }
            }

            anchorsByAction[group.Key] = anchors;
        }
    }

    public string Preset { get; }

    public string Description { get; }

    public int TechnologyNm { get; }

    public IReadOnlyList<EnergyEntry> Entries { get; }

    /// <summary>
    /// How the measured model prices a memory whose entry does not follow capacity (the `size_aware:` block): the
    /// entries keep the paper's figure for the analytical model, these price each memory at its own size.
    /// </summary>
    public EnergyReferenceTable? SizeAware { get; }

    /// <summary>The measured model's circuit figures (the `circuit:` block); null for a table without one.</summary>
    public CircuitFigures? Circuit { get; }

    public bool Contains(ActionKey key) => anchorsByAction.ContainsKey(key);

    /// <summary>The anchors of one action (several for width-scaled entries), or an error naming the component and action.</summary>
    public IReadOnlyList<EnergyEntry> AnchorsOf(ActionKey key) =>
        anchorsByAction.TryGetValue(key, out var anchors)
            ? anchors
            : throw new EnergyTableException($"ERT '{Preset}' has no entry for component '{key.Component}', action '{key.Action}' ({key}).");

    /// <summary>Energy of one action at the given arguments, pJ.</summary>
    public double EnergyPj(ActionKey key, in EnergyArguments arguments)
    {
        var anchors = (EnergyEntry[])AnchorsOf(key);
        var first = anchors[0];
        switch (first.Scaling)
        {
            case EnergyScaling.Constant:
                return first.EnergyPj;
            case EnergyScaling.WordBits:
                Require(key, arguments.WordBits > 0, "word_bits");
                return (first.EnergyPj + first.PerCapacityBitPj * arguments.CapacityBits) * arguments.WordBits / first.Anchor.WordBits;
            case EnergyScaling.Bits:
                Require(key, arguments.Bits > 0, "bits");
                return Interpolate(anchors, arguments.Bits);
            case EnergyScaling.WidthProduct:
                Require(key, arguments.WeightBits > 0 && arguments.ActivationBits > 0, "weight_bits and activation_bits");
                return Interpolate(anchors, (double)arguments.WeightBits * arguments.ActivationBits);
            default:
                throw new EnergyTableException($"ERT '{Preset}': {key} has an unknown scaling rule.");
        }
    }

    /// <summary>The anchor whose width is closest to the arguments (for reporting where a price comes from).</summary>
    public EnergyEntry NearestAnchor(ActionKey key, in EnergyArguments arguments)
    {
        var anchors = AnchorsOf(key);
        var x = anchors[0].Scaling == EnergyScaling.WidthProduct ? (double)arguments.WeightBits * arguments.ActivationBits : arguments.Bits;
        return anchors.MinBy(a => Math.Abs(a.ScalingVariable - x))!;
    }

    public static string ScalingName(EnergyScaling scaling) => scaling switch
    {
        EnergyScaling.Constant => "constant",
        EnergyScaling.Bits => "bits",
        EnergyScaling.WidthProduct => "width_product",
        EnergyScaling.WordBits => "word_bits",
        _ => scaling.ToString(),
    };

    private void Require(ActionKey key, bool present, string what)
    {
        if (!present)
        {
            throw new EnergyTableException($"ERT '{Preset}': pricing {key} needs {what}.");
        }
    }

    /// <summary>Piecewise-linear between anchors (sorted by scaling variable); proportional through zero outside them.</summary>
    private static double Interpolate(EnergyEntry[] anchors, double x)
    {
        var low = anchors[0];
        if (x <= low.ScalingVariable)
        {
            return low.EnergyPj * x / low.ScalingVariable;
        }

        var high = anchors[^1];
        if (x >= high.ScalingVariable)
        {
            return high.EnergyPj * x / high.ScalingVariable;
        }

        for (var i = 1; i < anchors.Length; i++)
        {
            var upper = anchors[i];
            if (x <= upper.ScalingVariable)
            {
                var lower = anchors[i - 1];
                var fraction = (x - lower.ScalingVariable) / (upper.ScalingVariable - lower.ScalingVariable);
                return lower.EnergyPj + fraction * (upper.EnergyPj - lower.EnergyPj);
            }
        }

        return high.EnergyPj;
    }
}
