// Shared argument handling for verbs that take a spec: load, print diagnostics, choose the exit code.
using HwGen.Data;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Cli.Commands;

public static class SpecArguments
{
    /// <summary>Loads a spec (the embedded default when <paramref name="path"/> is null) and prints its diagnostics.</summary>
    public static HardwareModel? Load(string? path, CliConsole console)
    {
        // Program refuses argument values that look like options (a mistyped --jsn) before any verb runs.
        var result = path is null ? ModelLoader.LoadDefault() : ModelLoader.LoadFile(path);
        foreach (var diagnostic in result.Diagnostics)
        {
            console.Error.WriteLine(diagnostic.ToString());
        }

        // A mesh dataflow's auto encodings and hybrid crossovers are decided from the preset's NoC prices, once, here.
        return result.Succeeded ? NocEncodingResolver.Resolve(result.Model!) : null;
    }

    /// <summary>The spec's test set (<c>workload.test_set</c>), or null when it names none.</summary>
    public static Train.TestSet? LoadTestSet(HardwareModel model, string? specPath) => model.Workload.TestSet is null
        ? null
        : Train.TestSetLoader.Load(model, specPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(specPath))!);

    /// <summary>The spec's network data: its .npy files, relative to the spec's folder (the working folder for the default spec), completed by the seeded stimulus.</summary>
    public static NetworkData LoadData(HardwareModel model, string? specPath) =>
        NpyNetworkData.Load(model, specPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(specPath))!);
}
