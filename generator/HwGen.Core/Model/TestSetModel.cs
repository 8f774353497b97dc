// The labelled test set of a spec (`workload.test_set`) and the facts of the one dataset HwGen reads itself.
namespace HwGen.Model;

/// <summary>Where a test set's images come from: a dataset HwGen reads itself, or .npy files.</summary>
public enum TestSetSource
{
    /// <summary>Debian's Fashion-MNIST test split, encoded by the rule of docs/training.md.</summary>
    FashionMnist,

    /// <summary><c>inputs_file</c> ([N, T, C, H, W] spike levels) and <c>labels_file</c> ([N] class indices).</summary>
    Files,
}

/// <summary>
/// <c>workload.test_set</c>: labelled inputs the run evaluates both twins on with the golden model (accuracy), the first
/// <see cref="RtlSample"/> of them also in RTL. <see cref="Images"/> null means all of them. Files are full paths.
/// </summary>
public sealed record TestSetModel(TestSetSource Source, string? InputsFile, string? LabelsFile, int? Images, int RtlSample)
{
    /// <summary>Inputs through Verilator when the spec does not say.</summary>
    public const int DefaultRtlSample = 100;
}

/// <summary>Fashion-MNIST (Xiao, Rasul, Vollgraf 2017) as Debian's dataset-fashion-mnist package installs it.</summary>
public static class FashionMnistImages
{
    public const string Name = "Fashion-MNIST";
    public const string Package = "dataset-fashion-mnist";

    /// <summary>Where the package installs its four gzipped IDX files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";
    public const int TestImages = 10_000;
    public const int Height = 28;
    public const int Width = 28;
    public const int Classes = 10;
}
