// The exit codes of every hwgen verb; a diagnostic's code range decides between 2 and 3 (docs/diagnostics.md).
using HwGen.Diagnostics;

namespace HwGen.Cli;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A check failed: golden mismatch, counts mismatch, lint or synthesis failure.</summary>
    public const int CheckFailed = 1;

    /// <summary>Invalid input: errors in the invalid-input ranges of DiagnosticRanges (files, options, paths, sweeps).</summary>
    public const int InvalidInput = 2;

    /// <summary>An external tool (Verilator, Yosys, nextpnr, the cell library) failed or is missing: errors in the tool ranges of DiagnosticRanges.</summary>
    public const int ToolFailed = 3;

    /// <summary>Interrupted by SIGINT or SIGTERM; everything half-written was removed (128 + SIGINT, the shell convention).</summary>
    public const int Interrupted = 130;

    /// <summary>A bug in HwGen (EX_SOFTWARE of sysexits.h): never disguised as invalid input, a tool or a check failing.</summary>
    public const int InternalError = 70;

    /// <summary>The exit code of a failure that reported <paramref name="diagnostics"/>: invalid input wins over a failing tool.</summary>
    public static int For(IEnumerable<Diagnostic> diagnostics)
    {
        var kinds = diagnostics.Where(d => d.IsError).Select(d => d.Kind).ToList();
        return kinds.Contains(DiagnosticKind.InvalidInput) || kinds.Count == 0 ? InvalidInput : ToolFailed;
    }
}
