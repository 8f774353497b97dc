// The catalogue, training and test-set part (HW12xx): `workload.test_set`, `hwgen train` and what they need.
// HW1200-HW1249 are invalid input (exit 2); HW1250-HW1299 are a missing or failing tool or dataset (exit 3).
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void TestSetSourceAmbiguous(SourceSpan at, bool both) => Error("HW1201", at, both
        ? "'workload.test_set' names both 'dataset' and 'inputs_file'; give one: 'dataset: fashion-mnist', or 'inputs_file' with 'labels_file'"
        : "'workload.test_set' names no data; give 'dataset: fashion-mnist', or 'inputs_file' with 'labels_file'");

    public void TestSetLabels(SourceSpan at, bool missing) => Error("HW1202", at, missing
        ? "'workload.test_set.inputs_file' needs 'labels_file': one class index per input, shape [N]"
        : "'workload.test_set.labels_file' is only for 'inputs_file'; the labels of 'dataset' come with the dataset");

    public void TestSetNeedsSpikingDesign(SourceSpan at, string model) => Error("HW1203", at,
        $"'workload.test_set' is given but 'neuron.model' is '{model}': a test set evaluates a spiking design and its QNN twin (snn or multilevel)");

    public void InputDoesNotFitImages(SourceSpan at, string input, string dataset, string images) => Error("HW1204", at,
        $"'workload.input' is {input}, but {dataset} images are {images}: the input must have 1 channel and at most 28x28 pixels (smaller inputs are box-averaged, docs/training.md)");

    public void OutputsAreNotClasses(SourceSpan at, string layer, int neurons, string dataset, int classes) => Error("HW1205", at,
        $"the last layer '{layer}' has {neurons} output neurons, but {dataset} has {classes} classes: the network needs one output neuron per class");

    public void RtlSampleTooLarge(SourceSpan at, long sample, long images) => Error("HW1206", at,
        $"'workload.test_set.rtl_sample' is {sample}, more than the {images} images of the test set");

    public void TestSetImagesTooMany(SourceSpan at, long images, long available, string source) => Error("HW1207", at,
        $"'workload.test_set.images' is {images}, but {source} holds {available}");

    public void NotTrainable(SourceSpan at, string problem) => Error("HW1210", at, problem);

    public void TrainedSpecNotEditable(SourceSpan at, string key) => Error("HW1211", at,
        $"'{key}' is written in flow style ({{...}} or [...]); hwgen train adds the data keys to the spec's own text and needs block style there");

    public void DatasetMissing(SourceSpan at, string dataset, string folder, string package) => Error("HW1250", at,
        $"{dataset} was not found in {folder}: install Debian's {package} package with: sudo apt-get install -y {package}");

    public void DatasetMalformed(string file, string problem) => Error("HW1251", new SourceSpan(file, 0, 0), $"{file}: {problem}");

    public void TrainingPythonMissing(string python, string package) => Error("HW1252", SourceSpan.None,
        $"{python} (Debian's python3) was not found; hwgen train runs PyTorch under it: install it with: sudo apt-get install -y --no-install-recommends {package}");

    public void TrainingTorchMissing(string python, string problem, string package) => Error("HW1253", SourceSpan.None,
        $"{python} cannot import PyTorch ({problem}): install Debian's {package} with: sudo apt-get install -y --no-install-recommends {package}");

    public void TrainingFailed(int exitCode, string output) => Error("HW1254", SourceSpan.None,
        $"the training program exited with {exitCode}: {(output.Length == 0 ? "no output" : output)}");

    public void TrainingOutputMalformed(string file, string problem) => Error("HW1255", SourceSpan.None,
        $"{file} written by the training program cannot be read: {problem}");
}
