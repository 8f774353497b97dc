// The catalogue, spec part: reading YAML files (HW00xx), their structure (HW01xx), spec values (HW02xx), spec
// consistency (HW03xx) and warnings (HW09xx).
using System.Globalization;

namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    // HW00xx: reading the file.
    public void YamlSyntax(SourceSpan at, string detail) => Error("HW0001", at, $"YAML syntax error: {detail}");

    public void FileTooLarge(SourceSpan at, string document, long bytes, long limit) =>
        Error("HW0002", at, $"file is {bytes} bytes; {document} may be at most {limit} bytes");

    public void BinaryFile(SourceSpan at, long offset) =>
        Error("HW0003", at, $"file is not UTF-8 text (invalid or NUL byte at offset {offset})");

    public void TabIndentation(SourceSpan at) =>
        Error("HW0004", at, "tab character in indentation; YAML indents with spaces only");

    public void AliasExpansionTooLarge(SourceSpan at, long limit) =>
        Error("HW0005", at, $"aliases expand to more than {limit} nodes; refusing the document");

    public void EmptyDocument(SourceSpan at, string document, string firstKey) =>
        Error("HW0006", at, $"the {document} is empty; expected a mapping with '{firstKey}'");

    public void MultipleDocuments(SourceSpan at, string document) =>
        Error("HW0007", at, $"a {document} file holds exactly one YAML document; found a second one");

    public void FileNotReadable(string file, string document, string reason) =>
        Error("HW0008", SourceSpan.StartOf(file), $"cannot read the {document}: {reason}");

    public void ComplexKey(SourceSpan at) => Error("HW0009", at, "mapping keys must be plain scalars");

    public void NestingTooDeep(SourceSpan at, int limit) =>
        Error("HW0010", at, $"collections nest more than {limit} levels deep here; a HwGen file nests a few levels, so the document is refused");

    public void TooManyNodes(SourceSpan at, long limit) =>
        Error("HW0011", at, $"the document has more than {limit} nodes (keys, values and list items); refusing it from here on");

    public void KeyTooLong(SourceSpan at, int length, int limit) =>
        Error("HW0012", at, $"a key of {length} characters; keys may be at most {limit} characters");

    public void ScalarTooLong(SourceSpan at, int length, int limit) =>
        Error("HW0013", at, $"a value of {length} characters; values may be at most {limit} characters");

    public void LineTooLong(SourceSpan at, int length, int limit) =>
        Error("HW0014", at, $"line of {length} characters; lines may be at most {limit} characters");

    public void ControlCharacter(SourceSpan at, int codePoint) =>
        Error("HW0015", at, $"control character U+{codePoint:X4}; YAML text allows tab, line feed and carriage return only (write it as an escape in a double-quoted string)");

    // HW01xx: structure and types.
    public void UnknownKey(SourceSpan at, string section, string key, IReadOnlyCollection<string> allowed) =>
        Error("HW0101", at, $"unknown key '{key}' in {section}{NearMiss.Hint(key, allowed)}; allowed keys: {string.Join(", ", allowed)}");

    public void DuplicateKey(SourceSpan at, string key, SourceSpan first) =>
        Error("HW0102", at, $"duplicate key '{key}' (first defined at line {first.Line}, column {first.Column})");

    public void MissingKey(SourceSpan at, string section, string key) =>
        Error("HW0103", at, $"missing required key '{key}' in {section}");

    public void WrongType(SourceSpan at, string path, string expected, string found) =>
        Error("HW0104", at, $"'{path}' must be {expected}; found {found}");

    public void UnknownValue(SourceSpan at, string path, string value, IReadOnlyCollection<string> allowed) =>
        Error("HW0105", at, $"'{path}' is '{value}'{NearMiss.Hint(value, allowed)}; allowed values: {string.Join(", ", allowed)}");

    public void UnsupportedVersion(SourceSpan at, string value) =>
        Error("HW0106", at, $"'hwgen_spec' is {value}; this HwGen reads spec version 1");

    // HW02xx: single values.
    public void OutOfRange(SourceSpan at, string path, double value, double min, double max) =>
        Error("HW0201", at, $"'{path}' is {Show(value)}; allowed range is {Show(min)} to {Show(max)}");

    public void NotPowerOfTwo(SourceSpan at, string path, long value, string why) =>
        Error("HW0202", at, $"'{path}' is {value}; it must be a power of two ({why})");

    public void EmptyList(SourceSpan at, string path) => Error("HW0203", at, $"'{path}' must list at least one item");

    public void InvalidName(SourceSpan at, string path, string value) =>
        Error("HW0204", at, $"'{path}' is '{value}'; names start with a letter and use letters, digits, '_' and '-' only");

    // HW03xx: combinations.
    public void MembraneNarrowerThanWeights(SourceSpan at, int membraneBits, int weightBits) =>
        Error("HW0301", at, $"'neuron.membrane_bits' is {membraneBits}; it must be at least 'neuron.weight_bits' + 1 = {weightBits + 1} so one weight fits without saturating");

    public void AccumulatorTooNarrow(SourceSpan at, int accumulatorBits, int needed) =>
        Error("HW0302", at, $"'neuron.accumulator_bits' is {accumulatorBits}; the QNN twin needs at least {needed} (weight bits + activation bits + 1)");

    public void KernelLargerThanInput(SourceSpan at, string layer, int kernel, int padding, int height, int width) =>
        Error("HW0303", at, $"layer '{layer}': kernel {kernel} does not fit the input {height}x{width} with padding {padding}");

    public void InputShapeMismatch(SourceSpan at, string layer, string declared, string actual, string source) =>
        Error("HW0304", at, $"layer '{layer}': 'input' is {declared} but {source} is {actual}");

    public void BufferCannotHoldWeightRow(SourceSpan at, string layer, long rowBits, long capacityBits) =>
        Error("HW0305", at, $"layer '{layer}': the global buffer ({capacityBits} bits) cannot hold one row of weights ({rowBits} bits)");

    public void LaneMemoryTooSmall(SourceSpan at, string layer, string memory, long needed, int available) =>
        Error("HW0306", at, $"layer '{layer}': one unit needs {needed} words of lane {memory} memory; 'memory.lane_memory.{memory}_words' is {available}");

    public void DuplicateLayerName(SourceSpan at, string name, SourceSpan first) =>
        Error("HW0307", at, $"layer name '{name}' is already used at line {first.Line}");

    public void UnknownPreset(SourceSpan at, string preset, IReadOnlyCollection<string> allowed) =>
        Error("HW0308", at, $"'technology.preset' is '{preset}'{NearMiss.Hint(preset, allowed)}; available presets: {string.Join(", ", allowed)}");

    public void DataflowNeedsMesh(SourceSpan at, string dataflow) =>
        Error("HW0309", at, $"dataflow '{dataflow}' moves activations over the network-on-chip; 'noc.topology' must be 'mesh'");

    public void MeshTooSmall(SourceSpan at, string dataflow, int meshX, int meshY, int needed, string slicesPerLayer) =>
        Error("HW0310", at, $"the {dataflow} mapping needs {needed} cores but the {meshX}x{meshY} mesh has {meshX * meshY} routers (slices per layer: {slicesPerLayer}); enlarge the mesh or the lane memories");

    public void BufferCannotHoldActivations(SourceSpan at, string layer, long neededWords, long capacityWords) =>
        Error("HW0311", at, $"layer '{layer}': the global buffer holds {capacityWords} event words but the layer's inputs and outputs need up to {neededWords} (every neuron firing every timestep)");

    public void ThresholdExceedsMembrane(SourceSpan at, int threshold, int membraneBits) =>
        Error("HW0312", at, $"'neuron.threshold' is {threshold}; with 'neuron.membrane_bits' {membraneBits} the membrane never reaches values above {(1L << (membraneBits - 1)) - 1}");

    public void KeyNotAllowedFor(SourceSpan at, string path, string condition) =>
        Error("HW0313", at, $"'{path}' is only allowed {condition}");

    public void EventWordTooNarrow(SourceSpan at, int wordBits, string design, string format) =>
        Error("HW0314", at, $"'memory.global_buffer.word_bits' is {wordBits}; the {design} design's event word needs {format}");

    public void DataFileMissing(SourceSpan at, string path, string file) =>
        Error("HW0315", at, $"'{path}' names '{file}', which does not exist");

    public void StateTooNarrowForLevel(SourceSpan at, string path, int stateBits, string design, int valueBits, int thresholdLog2, int needed) =>
        Error("HW0316", at, $"'{path}' is {stateBits}; the {design} design's state must hold a {valueBits}-bit level shifted by the threshold (2^{thresholdLog2}) plus a sign bit, so at least {needed}");

    public void DramWordNotMultipleOfBufferWord(SourceSpan at, int dramBits, int bufferBits) =>
        Error("HW0317", at, $"'memory.dram.word_bits' is {dramBits}; it must be a multiple of 'memory.global_buffer.word_bits' ({bufferBits}) because the weight loader splits each DRAM word into whole buffer words");

    public void BufferTooSmallForLayout(SourceSpan at, long capacityWords, string design, long neededWords, long regionWords, int ringWords) =>
        Error("HW0318", at, $"'memory.global_buffer.capacity_kib' gives {capacityWords} words; the {design} design needs {neededWords}: two event regions of {regionWords} words (every timestep of the largest tensor) and a {ringWords}-word weight-staging ring");

    public void TooManyElements(SourceSpan at, string what, long count, long limit) =>
        Error("HW0319", at, $"{what}: {count} elements, more than the {limit} (2^30) one tensor or one layer's weights may have");

    public void OverrideOfUnknownAction(SourceSpan at, string path, string action, IReadOnlyCollection<string> allowed) =>
        Error("HW0320", at, $"'{path}' names '{action}'{NearMiss.Hint(action, allowed)}, which is not an action of the core; actions: {string.Join(", ", allowed)}");

    public void CoreBufferTooSmall(SourceSpan at, int core, string slices, long needed, long capacity, int timesteps) =>
        Error("HW0321", at, $"core {core} ({slices}) needs {needed} event-buffer words ({timesteps} timestep region(s) of each slice's inputs) but 'memory.global_buffer' gives every core {capacity}");

    public void LinkTooNarrow(SourceSpan at, int linkBits, string design, int needed, string header, int addressBits, int payloadBits, int valueBits) =>
        Error("HW0322", at, $"'noc.link_bits' is {linkBits}; every packet is one flit and the {design} design needs {needed}: header {header}, then a sparse event of {addressBits} address and {payloadBits} value bits, or at least one {valueBits}-bit dense value");

    // HW09xx: warnings.
    public void SpikeRateOffTarget(SourceSpan at, string key, double specRate, string layer, double measuredRate, long activity, long slots, double tolerance, string cause) =>
        Warning("HW0910", at, string.Create(CultureInfo.InvariantCulture,
            $"'{key}' is {specRate:0.####}, but layer '{layer}' fires at {measuredRate:0.####} on this run's data ({activity} over {slots} neuron-steps), outside {specRate:0.####} ± {tolerance:0.####}: {cause}; expected-mode energies assume the spec rate"));

    public void ActivationBitsTooFew(SourceSpan at, int bits, int needed) =>
        Warning("HW0901", at, $"'twin.activation_bits' is {bits}; the capacity-matched twin needs {needed} bits, so the twin is not capacity-matched");
}
