// Located, coded problems reported by every stage; rendered as `file:line:col: error HWnnnn: message`.
namespace HwGen.Diagnostics;

/// <summary>A 1-based position in a source file; <see cref="None"/> for problems that are not in a file (command-line options, tools).</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    /// <summary>No file position: the problem is in the command line or in a tool, not in a file.</summary>
    public static SourceSpan None { get; } = new(string.Empty, 0, 0);

    public bool IsNone => Line == 0;

    /// <summary>The whole file: only for problems that are about the file as a whole (unreadable, too large, empty).</summary>
    public static SourceSpan StartOf(string file) => new(file, 1, 1);

    public override string ToString() => IsNone ? File : $"{File}:{Line}:{Column}";
}

public enum Severity
{
    Error,
    Warning,
}

/// <summary>One problem with a stable code (HWnnnn), a location and a message naming key, value and what is allowed.</summary>
public sealed record Diagnostic(string Code, Severity Severity, SourceSpan Span, string Message)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>What the code's range says the problem is (invalid input, a failing tool, a warning).</summary>
    public DiagnosticKind Kind => DiagnosticRanges.KindOf(Code);

    /// <summary><c>file:line:col: error HWnnnn: message</c>, or <c>error HWnnnn: message</c> when the problem is not in a file.</summary>
    public override string ToString()
    {
        var head = $"{(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
        return Span.IsNone ? head : $"{Span}: {head}";
    }
}

/// <summary>
/// Thrown by a stage when its input has errors; carries every diagnostic found in one run. A subclass may carry no
/// diagnostic (an internal check of a later stage): the CLI reports that as an internal error, never as invalid input.
/// </summary>
public class DiagnosticException(IReadOnlyList<Diagnostic> diagnostics, string? message = null)
    : Exception(message ?? (diagnostics.Count > 0 ? diagnostics[0].ToString() : "invalid input"))
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
