// The catalogue, energy-table part (HW04xx): energy reference table (ERT) files. Keys, types and YAML problems of an
// ERT are reported with the shared HW00xx/HW01xx codes; these are the rules of the table itself.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void ErtVersion(SourceSpan at, long found) => Error("HW0401", at, $"'ert' must be 1, found {found}");

    public void ErtScaling(SourceSpan at, string entry, string found, IReadOnlyCollection<string> allowed) =>
        Error("HW0402", at, $"{entry}: 'scaling' must be one of {string.Join(", ", allowed)}; found '{found}'{NearMiss.Hint(found, allowed)}");

    public void ErtEnergy(SourceSpan at, string entry, double found) =>
        Error("HW0403", at, $"{entry}: 'energy_pj' must be a finite number >= 0; found {Show(found)}");

    public void ErtSource(SourceSpan at, string entry) =>
        Error("HW0404", at, $"{entry}: 'source' is required (the paper or table the number comes from)");

    public void ErtArgumentMissing(SourceSpan at, string entry, string scaling, string argument) =>
        Error("HW0405", at, $"{entry}: scaling '{scaling}' needs arguments.{argument} >= 1");

    public void ErtArgumentUnused(SourceSpan at, string entry, string argument, string scaling) =>
        Error("HW0406", at, $"{entry}: argument '{argument}' means nothing for scaling '{scaling}'");

    public void ErtCapacitySlope(SourceSpan at, string entry, string scaling, double found) =>
        Error("HW0407", at, $"{entry}: 'per_capacity_bit_pj' needs scaling word_bits and a finite value >= 0, found {Show(found)} with scaling '{scaling}'");

    public void ErtMixedScaling(SourceSpan at, string action, string scaling, string firstScaling, SourceSpan first) =>
        Error("HW0408", at, $"{action} is scaled by '{scaling}' here but by '{firstScaling}' at line {first.Line}; use one rule per component.action");

    public void ErtSecondAnchor(SourceSpan at, string action, string scaling, SourceSpan first) =>
        Error("HW0409", at, $"{action} has a second entry (the first is at line {first.Line}) but scaling '{scaling}' allows one");

    public void ErtSameAnchor(SourceSpan at, string action, string anchor, SourceSpan first) =>
        Error("HW0410", at, $"{action} has two anchors at the same width ({anchor}; the first is at line {first.Line})");

    public void ErtMissingActions(SourceSpan at, string preset, IReadOnlyCollection<string> missing) =>
        Error("HW0411", at, $"energy reference table '{preset}' has no entry for {string.Join(", ", missing)}; a table must price every action of the core");

    public void ErtMeasuredAtMissing(SourceSpan at, string action) =>
        Error("HW0412", at, $"{action}: a memory figure needs 'measured_at' (word_bits and capacity_bits of the memory it was measured for)");

    public void ErtSizeRuleMissing(SourceSpan at, string action, string scaling, string measuredAt) =>
        Error("HW0413", at, $"{action}: scaling '{scaling}' prices every memory at the figure for {measuredAt}; give a size_aware entry for {action} (how a memory of another size is priced) or a rule with per_capacity_bit_pj");

    public void ErtCircuitMissing(SourceSpan at, string preset) =>
        Error("HW0414", at, $"energy reference table '{preset}' has no 'circuit' block (flip_flop, sram, dram): the measured energy model needs it");

    public void ErtSharesSum(SourceSpan at, string path, double sum) =>
        Error("HW0415", at, $"{path}: the shares must add up to 1, found {Show(sum)}");

    public void ErtCircuitValue(SourceSpan at, string path, string allowed, double found) =>
        Error("HW0416", at, $"{path} must be {allowed}, found {Show(found)}");
}
