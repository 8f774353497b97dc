// Locates the source tree from the test binaries, so tests read goldens and write regenerated ones in place.
namespace HwGen.Tests;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Cases => Path.Combine(Root, "generator", "HwGen.Tests", "Cases");

    public static string HwConfigs => Path.Combine(Root, "hwconfigs");

    /// <summary>True when goldens should be rewritten from the current output (HWGEN_UPDATE_GOLDENS=1).</summary>
    public static bool UpdateGoldens => Environment.GetEnvironmentVariable("HWGEN_UPDATE_GOLDENS") == "1";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HwGen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HwGen.sln not found above the test binaries");
    }
}
