// The catalogue, RTL part (HW50xx): what the RTL generator does not support; the spec is valid for analysis.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void NoSpikingDesign(SourceSpan at) =>
        Error("HW5001", at, "design 'snn' was requested but 'neuron.model' is 'qnn', which has no spiking design; allowed: qnn");

    public void RunNeedsSpikingDesign(SourceSpan at) =>
        Error("HW5009", at, "'neuron.model' is 'qnn': `hwgen run` compares a spiking design with its QNN twin, and a QNN-only spec has no spiking design; use `hwgen simulate` and `hwgen analyze` for a QNN-only spec");

    public void ShortcutRegionsDoNotFit(SourceSpan at, string path, string source, string design, string layer, IReadOnlyList<string> live,
        long regionWords, int ringWords, long neededWords, long capacityWords) =>
        Error("HW5010", at, $"'{path}' keeps the events of '{source}' in the global buffer until its layer reads them: while layer '{layer}' runs, the {design} design holds {live.Count} event regions of {regionWords} words ({string.Join(", ", live.Select(t => $"'{t}'"))}) and a {ringWords}-word weight-staging ring, {neededWords} words, but 'memory.global_buffer.capacity_kib' gives {capacityWords}");

    public void GateLevelOfMesh(SourceSpan at, string dataflow) =>
        Error("HW5011", at, $"'dataflow' is '{dataflow}', a mesh of cores: `hwgen run --gate-level` prices the classical core only (its netlist is compared class by class with the measured model, which prices a mesh core per access); use `hwgen synth` for the mesh's cells");
}
