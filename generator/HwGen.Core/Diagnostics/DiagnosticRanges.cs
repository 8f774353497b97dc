// What a diagnostic code's range means: the CLI's exit code follows from it (docs/diagnostics.md).
namespace HwGen.Diagnostics;

/// <summary>The kind of problem a code range stands for.</summary>
public enum DiagnosticKind
{
    /// <summary>The user's input is invalid: a file, an option, a path (exit 2).</summary>
    InvalidInput,

    /// <summary>An external tool is missing, failed, or wrote output HwGen cannot read (exit 3).</summary>
    ToolFailure,

    /// <summary>A warning: reported, never a failure.</summary>
    Warning,
}

public static class DiagnosticRanges
{
    /// <summary>The ranges in code order, with what they hold; docs/diagnostics.md has the same table.</summary>
    public static IReadOnlyList<(int First, int Last, DiagnosticKind Kind, string Holds)> All { get; } =
    [
        (1, 99, DiagnosticKind.InvalidInput, "reading a YAML file (spec, energy table, calibration): size, encoding, syntax, hostile shapes"),
        (100, 199, DiagnosticKind.InvalidInput, "structure and types of a YAML file: unknown, duplicate and missing keys, wrong types"),
        (200, 299, DiagnosticKind.InvalidInput, "single spec values: ranges, powers of two, names"),
        (300, 399, DiagnosticKind.InvalidInput, "spec consistency: combinations of keys, capacities, tensor sizes"),
        (400, 499, DiagnosticKind.InvalidInput, "energy reference tables (ERT files)"),
        (500, 599, DiagnosticKind.InvalidInput, "toggle calibration files"),
        (600, 699, DiagnosticKind.InvalidInput, ".npy data files"),
        (700, 799, DiagnosticKind.ToolFailure, "external tools: Verilator missing or failing, harness and coverage output"),
        (800, 899, DiagnosticKind.InvalidInput, "the command line: options, arguments, paths"),
        (900, 999, DiagnosticKind.Warning, "warnings"),
        (1000, 1032, DiagnosticKind.InvalidInput, "sweep files: reading, keys and types, axes, points and the base spec"),
        (1033, 1039, DiagnosticKind.Warning, "sweep warnings: an axis value that gives a spec warning"),
        (1040, 1099, DiagnosticKind.InvalidInput, "merging sweep slices: folders, fingerprints, points"),
        (1100, 1103, DiagnosticKind.ToolFailure, "synthesis: the cell library (Liberty file) unreadable or missing, a synthesis tool missing"),
        (1104, 1107, DiagnosticKind.Warning, "synthesis warnings: iCE40 fit and block RAM"),
        (1108, 1199, DiagnosticKind.ToolFailure, "synthesis: Yosys or nextpnr-ice40 failing"),
        (1200, 1249, DiagnosticKind.InvalidInput, "test sets and training: the data a test set needs, what hwgen train can train"),
        (1250, 1299, DiagnosticKind.ToolFailure, "training tools and datasets: Debian's python3, PyTorch, Fashion-MNIST missing or failing"),
        (1300, 1349, DiagnosticKind.InvalidInput, "gate-level correction files (`hwgen run --apply-corrections`): fields and numbers, and the design, ERT preset and measured model the factors were measured with"),
        (5000, 5099, DiagnosticKind.InvalidInput, "what RTL generation does not support (the spec is valid for analysis)"),
    ];

    /// <summary>The kind of <paramref name="code"/> (<c>HWnnnn</c>); an unknown range is a bug in the catalogue.</summary>
    public static DiagnosticKind KindOf(string code)
    {
        if (code.Length == 6 && code.StartsWith("HW", StringComparison.Ordinal) && int.TryParse(code.AsSpan(2), out var number))
        {
            foreach (var (first, last, kind, _) in All)
            {
                if (number >= first && number <= last)
                {
                    return kind;
                }
            }
        }

        throw new ArgumentException($"'{code}' is not in any diagnostic code range", nameof(code));
    }
}
