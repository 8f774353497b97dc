// Compares output with a golden file, or rewrites the golden when HWGEN_UPDATE_GOLDENS=1.
namespace HwGen.Tests;

public static class Golden
{
    public static void Check(string goldenPath, string actual)
    {
        if (RepoPaths.UpdateGoldens)
        {
            File.WriteAllText(goldenPath, actual);
            return;
        }

        Assert.That(File.Exists(goldenPath), Is.True, $"missing golden {goldenPath}; run with HWGEN_UPDATE_GOLDENS=1 to create it");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(goldenPath).Replace("\r\n", "\n", StringComparison.Ordinal)));
    }
}
