// The synthesis and gate-level catalogue (HW11xx): Liberty files, synthesis targets, FPGA fit, node scaling.
using System.Globalization;

namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void LibertySyntax(SourceSpan at, string detail) => Error("HW1101", at, $"Liberty syntax error: {detail}");

    public void LibertyContent(SourceSpan at, string detail) => Error("HW1102", at, $"Liberty file: {detail}");

    public void NoFpgaPartFits(SourceSpan at, string twin, string needed, string largest) =>
        Warning("HW1104", at, $"the {twin} design fits no iCE40 part: it needs {needed}, and the largest iCE40 part nextpnr-ice40 offers is {largest}; place-and-route skipped");

    public void MemoryNotInBlockRam(SourceSpan at, string twin, string instance, int words, int bits, string mappedTo) =>
        Warning("HW1105", at, string.Create(CultureInfo.InvariantCulture,
            $"the {twin} design's memory '{instance}' ({words} x {bits} bits) maps to {mappedTo} on iCE40, not to block RAM"));

    public void NoNodeScaling(SourceSpan at, string preset, double technologyNm, string nodes) =>
        Error("HW1108", at, string.Create(CultureInfo.InvariantCulture,
            $"'technology.preset' is '{preset}' at {technologyNm} nm; gate-level energy is scaled from 180 nm with Stillmaker & Baas 2017, whose nodes are {nodes} nm"));
}
