// The catalogue, calibration part (HW05xx): toggle calibration files (hwconfigs/calibration/*.yaml), which
// `hwgen calibrate` writes and readers check field by field. YAML problems are reported with the HW00xx codes.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void CalibrationVersion(SourceSpan at, long expected, long found) =>
        Error("HW0501", at, $"'calibration' must be {expected}, found {found}");

    public void CalibrationUnknownKey(SourceSpan at, string where, string key, IReadOnlyCollection<string> allowed) =>
        Error("HW0502", at, $"{where}: unknown key '{key}'{NearMiss.Hint(key, allowed)}; allowed: {string.Join(", ", allowed)}");

    public void CalibrationMissingKey(SourceSpan at, string where, string key) =>
        Error("HW0503", at, $"{where}: '{key}' is missing");

    /// <param name="expected">What the key holds: "a mapping", "a list of signal names", "a non-empty text".</param>
    public void CalibrationWrongType(SourceSpan at, string where, string key, string expected) =>
        Error("HW0504", at, $"{where}: '{key}' must be {expected}");

    public void CalibrationNumber(SourceSpan at, string key, string expected, string found) =>
        Error("HW0505", at, $"'{key}' must be {expected}, found '{found}'");

    public void CalibrationDuplicateAction(SourceSpan at, string where, string action, SourceSpan first) =>
        Error("HW0506", at, $"{where}: {action} appears twice (first at line {first.Line})");

    /// <param name="problem">The signal-class parser's message, naming the classes it knows.</param>
    public void CalibrationSignalClass(SourceSpan at, string where, string problem) => Error("HW0507", at, $"{where}: {problem}");

    public void CalibrationPricing(SourceSpan at, string where, string found) =>
        Error("HW0508", at, $"{where}: 'pricing' must be toggle or per_access, found '{found}'");

    public void CalibrationInconsistent(SourceSpan at, string where, string key, string found, string expected) =>
        Error("HW0509", at, $"{where}: '{key}' is {found} but the entry's own numbers give {expected}");

    public void CalibrationPerAccessEnergy(SourceSpan at, string where) =>
        Error("HW0510", at, $"{where}: a per_access entry (or one without toggles) takes no energy_per_toggle_pj; remove the key");
}
