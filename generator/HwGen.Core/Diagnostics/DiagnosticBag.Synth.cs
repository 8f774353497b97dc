// The synthesis and gate-level catalogue (HW11xx): the cell library and the synthesis tools (exit 3), FPGA fit warnings.
using System.Globalization;

namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    // HW1100-HW1103: the cell library and the tools, as found on this machine (exit 3).
    public void LibertySyntax(SourceSpan at, string detail) => Error("HW1101", at, $"Liberty syntax error: {detail}");

    public void LibertyContent(SourceSpan at, string detail) => Error("HW1102", at, $"Liberty file: {detail}");

    public void SynthToolMissing(string what, string where, string installHint) =>
        Error("HW1103", SourceSpan.None, $"{what} was not found {where}; {installHint}");

    // HW1104-HW1107: warnings.
    public void NoFpgaPartFits(SourceSpan at, string twin, string needed, string largest) =>
        Warning("HW1104", at, $"the {twin} design fits no iCE40 part: it needs {needed}, and the largest iCE40 part nextpnr-ice40 offers is {largest}; place-and-route skipped");

    public void MemoryNotInBlockRam(SourceSpan at, string twin, string instance, int words, int bits, string mappedTo) =>
        Warning("HW1105", at, string.Create(CultureInfo.InvariantCulture,
            $"the {twin} design's memory '{instance}' ({words} x {bits} bits) maps to {mappedTo} on iCE40, not to block RAM"));

    // HW1108-HW1199: a synthesis tool failed (exit 3).
    public void SynthToolFailed(string tool, string what, string output) =>
        Error("HW1109", SourceSpan.None, $"{tool} failed {what}:{(output.Contains('\n', StringComparison.Ordinal) ? "\n" : " ")}{output.TrimEnd()}");
}
