// The optional waveform of a window of core cycles: a --trace build variant of the same harness writes a VCD of
// main-loop cycles [first, end) only (GTKWave). Tracing costs far more than counting, so it is never the default.
using System.Globalization;
using HwGen.Emit;

namespace HwGen.Sim;

public static class VcdTrace
{
    /// <summary>The --trace variant of a design's build (its own cache entry).</summary>
    public static VerilatorExecutable Build(RtlFileSet set, string? cacheRoot = null) =>
        VerilatorBuild.EnsureVariant(set, "trace", ["--trace", "-CFLAGS", "-DHWGEN_TRACE"], cacheRoot);

    /// <summary>Runs <paramref name="input"/> and writes <paramref name="vcdPath"/> with core cycles [first, end).</summary>
    public static RtlRunResult Run(RtlFileSet set, RtlRunInput input, long first, long end, string workFolder, string vcdPath, string? cacheRoot = null)
    {
        if (first < 0 || end <= first)
        {
            throw new ArgumentException($"the VCD window [{first}, {end}) is empty");
        }

        var vcd = Path.GetFullPath(vcdPath);
        return VerilatorSimulation.Execute(Build(set, cacheRoot), set, input, workFolder,
            extraArguments: [vcd, first.ToString(CultureInfo.InvariantCulture), end.ToString(CultureInfo.InvariantCulture)]);
    }
}
