// The sweep-file diagnostics (docs/sweep.md): HW10xx. HW100x reading the file, HW101x keys and types, HW102x axes,
// HW103x points and the base spec, HW105x merging slices.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <summary>Adds a diagnostic found by another bag (a sweep reads each point's spec with a bag of its own).</summary>
    public void Include(Diagnostic diagnostic) => items.Add(diagnostic);

    // HW100x: reading the file.
    public void SweepNotReadable(string file, string reason) =>
        Error("HW1000", SourceSpan.StartOf(file), $"cannot read the sweep file: {reason}");

    public void SweepEmpty(SourceSpan at) => Error("HW1001", at, "the sweep file is empty; expected a mapping with 'hwgen_sweep: 1'");

    public void SweepMultipleDocuments(SourceSpan at) => Error("HW1002", at, "a sweep file holds exactly one YAML document; found a second one");

    public void SweepTooLarge(SourceSpan at, long bytes, long limit) =>
        Error("HW1003", at, $"file is {bytes} bytes; a sweep file may be at most {limit} bytes");

    // HW101x: keys, types and values of the sweep file.
    public void SweepUnknownKey(SourceSpan at, string section, string key, IReadOnlyCollection<string> allowed) =>
        Error("HW1010", at, $"unknown key '{key}' in {section}{NearMiss.Hint(key, allowed)}; allowed keys: {string.Join(", ", allowed)}");

    public void SweepMissingKey(SourceSpan at, string section, string key) =>
        Error("HW1011", at, $"missing required key '{key}' in {section}");

    public void SweepWrongType(SourceSpan at, string path, string expected, string found) =>
        Error("HW1012", at, $"'{path}' must be {expected}; found {found}");

    public void SweepUnsupportedVersion(SourceSpan at, string value) =>
        Error("HW1013", at, $"'hwgen_sweep' is {value}; this HwGen reads sweep version 1");

    public void SweepUnknownValue(SourceSpan at, string path, string value, IReadOnlyCollection<string> allowed) =>
        Error("HW1014", at, $"'{path}' is '{value}'{NearMiss.Hint(value, allowed)}; allowed values: {string.Join(", ", allowed)}");

    public void SweepInvalidName(SourceSpan at, string value) =>
        Error("HW1015", at, $"'name' is '{value}'; names start with a letter and use letters, digits, '_' and '-' only (at most 64)");

    public void SweepDuplicateKey(SourceSpan at, string key, SourceSpan first) =>
        Error("HW1017", at, $"duplicate key '{key}' (first defined at line {first.Line}, column {first.Column})");

    // HW102x: axes.
    public void AxisPathSyntax(SourceSpan at, string path, string detail) =>
        Error("HW1020", at, $"axis key '{path}' is not a spec key path: {detail}; write dotted keys with list indices, e.g. 'workload.layers[1].spike_rate' or 'workload.layers[*].spike_rate'");

    public void AxisKeyNotInBase(SourceSpan at, string path, string key, string section, IReadOnlyCollection<string> present) =>
        Error("HW1021", at, $"axis key '{path}': the base spec has no list '{key}' in {section} to index{NearMiss.Hint(key, present)}; keys there: {(present.Count == 0 ? "none" : string.Join(", ", present))}");

    public void AxisIndexOutOfRange(SourceSpan at, string path, string list, int index, int count) =>
        Error("HW1022", at, $"axis key '{path}': index {index} is outside '{list}', which has {count} item{(count == 1 ? string.Empty : "s")} in the base spec (indices 0 to {count - 1})");

    public void AxisThroughScalar(SourceSpan at, string path, string prefix, string expected, string found) =>
        Error("HW1023", at, $"axis key '{path}': '{prefix}' is {found} in the base spec, so it cannot be {expected}");

    public void AxisOverlap(SourceSpan at, string path, string other, SourceSpan first) =>
        Error("HW1024", at, $"axis key '{path}' sets what axis '{other}' (line {first.Line}) already sets; each spec key may be swept by one axis");

    public void AxisNoValues(SourceSpan at, string path) => Error("HW1025", at, $"axis '{path}' must list at least one value");

    public void AxisBadRange(SourceSpan at, string path, string detail) => Error("HW1026", at, $"axis '{path}': {detail}");

    public void ZipLengthsDiffer(SourceSpan at, string path, int count, string first, int firstCount) =>
        Error("HW1027", at, $"axis '{path}' has {count} value{(count == 1 ? string.Empty : "s")} but is zipped with '{first}', which has {firstCount}; zipped axes take their values together and need equal lengths");

    public void AxisValuesOrRange(SourceSpan at, string path) =>
        Error("HW1028", at, $"axis '{path}' needs exactly one of 'values' (a list) or 'range' ({{from, to, step}} or {{from, to, count}})");

    public void TooManyPoints(SourceSpan at, long points, long limit) =>
        Error("HW1029", at, $"the axes make {points} points; a sweep may have at most {limit}");

    // HW103x: points and the base spec.
    public void PointInvalid(SourceSpan at, string cause, int points, string pointList, string detail) =>
        Error("HW1030", at, $"{cause} makes an invalid spec in {points} point{(points == 1 ? string.Empty : "s")} ({pointList}): {detail}");

    public void BaseSpecInvalid(SourceSpan at, string file, int errors) =>
        Error("HW1031", at, $"the base spec '{file}' is invalid ({errors} error{(errors == 1 ? string.Empty : "s")} above); fix it before sweeping it");

    public void BaseSpecMissing(SourceSpan at, string file, string reason) =>
        Error("HW1032", at, $"'spec' names '{file}', which cannot be read: {reason}");

    public void PointWarning(SourceSpan at, string cause, int points, string detail) =>
        Warning("HW1033", at, $"{cause} gives a warning in {points} point{(points == 1 ? string.Empty : "s")}: {detail}");

    // HW105x: merging the slices of a sharded sweep.
    public void SliceOfAnotherSweep(SourceSpan at, string slice, string fingerprint, string expected) =>
        Error("HW1050", at, $"slice '{slice}' belongs to sweep {fingerprint[..12]}, not to {expected[..12]}; merge slices of one sweep only");

    public void PointDoubled(SourceSpan at, int point, string first) =>
        Error("HW1051", at, $"point {point} is recorded twice: here and in {first}");

    public void PointsMissing(SourceSpan at, int missing, int total, string points) =>
        Error("HW1052", at, $"{missing} of {total} points have no result in any slice: {points}");

    public void NotASweepFolder(SourceSpan at, string folder) =>
        Error("HW1053", at, $"'{folder}' is not a sweep folder or slice written by hwgen (no readable sweep.json)");
}
