// The catalogue, gate-level corrections part (HW13xx): the correction-factor files `hwgen run --gate-level` writes and
// `hwgen run --apply-corrections FILE` applies (exit 2). YAML problems are reported with the HW00xx codes.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void CorrectionsVersion(SourceSpan at, long expected, long found) =>
        Error("HW1301", at, $"'gate_corrections' must be {expected}, found {found}");

    public void CorrectionsUnknownKey(SourceSpan at, string where, string key, IReadOnlyCollection<string> allowed) =>
        Error("HW1302", at, $"{where}: unknown key '{key}'{NearMiss.Hint(key, allowed)}; allowed: {string.Join(", ", allowed)}");

    public void CorrectionsMissingKey(SourceSpan at, string where, string key) =>
        Error("HW1303", at, $"{where}: '{key}' is missing");

    /// <param name="expected">What the key holds: "a list of twins", "a non-empty text", "a SHA-256 in 64 lower-case hex digits".</param>
    public void CorrectionsWrongType(SourceSpan at, string where, string key, string expected) =>
        Error("HW1304", at, $"{where}: '{key}' must be {expected}");

    public void CorrectionsNumber(SourceSpan at, string where, string key, string expected, string found) =>
        Error("HW1305", at, $"{where}: '{key}' must be {expected}, found '{found}'");

    /// <param name="key">"class" or "twin".</param>
    public void CorrectionsUnknownName(SourceSpan at, string where, string key, string found, IReadOnlyCollection<string> allowed) =>
        Error("HW1306", at, $"{where}: '{key}' is '{found}'{NearMiss.Hint(found, allowed)}; allowed: {string.Join(", ", allowed)}");

    public void CorrectionsDuplicate(SourceSpan at, string where, string what, SourceSpan first) =>
        Error("HW1307", at, $"{where}: {what} appears twice (first at line {first.Line})");

    public void CorrectionsInconsistent(SourceSpan at, string where, string found, string expected) =>
        Error("HW1308", at, $"{where}: 'factor' is {found} but gate_pj / rtl_measured_pj is {expected}");

    public void CorrectionsMeasuredModel(SourceSpan at, string found, string expected) =>
        Error("HW1309", at, $"'measured_model' is '{found}': the factors scale that model's figures, and this hwgen measures with '{expected}'; measure them again with `hwgen run SPEC --gate-level`");

    public void CorrectionsPreset(SourceSpan at, string found, string run, SourceSpan runKey) =>
        Error("HW1310", at, $"'ert_preset' is '{found}' but the run prices with '{run}' (technology.preset at {runKey}): the factors hold only at the preset they were measured with");

    public void CorrectionsOtherDesign(SourceSpan at, string twin, string fileSpec, string fileHash, string runSpec, string runHash) =>
        Error("HW1311", at, $"the {twin} factors were measured on design {fileHash[..12]} (spec '{fileSpec}'), but this run's {twin} design is {runHash[..12]} (spec '{runSpec}'): correction factors hold only for the design they were measured on; measure this one with `hwgen run SPEC --gate-level`");

    public void CorrectionsMissingTwin(SourceSpan at, string twin, IReadOnlyCollection<string> present) =>
        Error("HW1312", at, $"'twins' has no {twin} factors (it has: {(present.Count == 0 ? "none" : string.Join(", ", present))}); the run needs factors for each of its twins");
}
