// Located, coded problems reported by every stage; rendered as `file:line:col: error HWnnnn: message`.
namespace HwGen.Diagnostics;

/// <summary>A 1-based position in a source file.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    public static SourceSpan StartOf(string file) => new(file, 1, 1);

    public override string ToString() => $"{File}:{Line}:{Column}";
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

    public override string ToString() =>
        $"{Span}: {(Severity == Severity.Error ? "error" : "warning")} {Code}: {Message}";
}

/// <summary>Thrown by a stage when its input has errors; carries every diagnostic found in one run.</summary>
public sealed class DiagnosticException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception(diagnostics.Count > 0 ? diagnostics[0].ToString() : "invalid input")
{
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
