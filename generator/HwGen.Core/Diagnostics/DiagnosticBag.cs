// The diagnostics catalogue: one method per problem kind, so every code and message text lives in this partial class.
// The files split it by code range (DiagnosticRanges, docs/diagnostics.md): Spec (HW00xx-HW03xx, HW09xx), EnergyTables
// (HW04xx), Calibration (HW05xx), Data (HW06xx), Tools (HW07xx), CommandLine (HW08xx), Sweep (HW10xx), Synth (HW11xx),
// Train (HW12xx), Corrections (HW13xx), Rtl (HW50xx).
using System.Globalization;

namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    private readonly List<Diagnostic> items = [];

    public IReadOnlyList<Diagnostic> Items => items;

    public bool HasErrors => items.Any(d => d.IsError);

    /// <summary>True when a diagnostic with <paramref name="code"/> was reported (later checks skip what an earlier one explains).</summary>
    public bool Has(string code) => items.Any(d => d.Code == code);

    /// <summary>Diagnostics in source order (file, line, column), errors before warnings at the same place.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        items.OrderBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column)
            .ThenBy(d => d.Severity).ToList();

    /// <summary>Throws every diagnostic reported so far, in source order, when any is an error.</summary>
    public void ThrowIfErrors()
    {
        if (HasErrors)
        {
            throw new DiagnosticException(Sorted());
        }
    }

    /// <summary>The exception of one problem, for readers that stop at the first: <c>throw DiagnosticBag.Fail(b => b.NpyFortranOrder(file))</c>.</summary>
    public static DiagnosticException Fail(Action<DiagnosticBag> report)
    {
        var bag = new DiagnosticBag();
        report(bag);
        return new DiagnosticException(bag.Sorted());
    }

    /// <summary>The one diagnostic <paramref name="report"/> produces, for callers that collect diagnostics themselves.</summary>
    public static Diagnostic One(Action<DiagnosticBag> report)
    {
        var bag = new DiagnosticBag();
        report(bag);
        return bag.items.Single();
    }

    private void Error(string code, SourceSpan span, string message) => items.Add(new Diagnostic(code, Severity.Error, span, message));

    private void Warning(string code, SourceSpan span, string message) => items.Add(new Diagnostic(code, Severity.Warning, span, message));

    private static string Show(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
