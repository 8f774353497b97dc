// The exit codes of every hwgen verb.
namespace HwGen.Cli;

public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A check failed: golden mismatch, counts mismatch, lint or synthesis failure.</summary>
    public const int CheckFailed = 1;

    /// <summary>Invalid input: spec diagnostics, bad arguments, unreadable data files.</summary>
    public const int InvalidInput = 2;

    /// <summary>An external tool (Verilator, Yosys, Icarus) failed or is missing.</summary>
    public const int ToolFailed = 3;

    /// <summary>Interrupted by SIGINT or SIGTERM; everything half-written was removed (128 + SIGINT, the shell convention).</summary>
    public const int Interrupted = 130;
}
