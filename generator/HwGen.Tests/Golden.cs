// Compares output with a golden file (or a whole golden folder), or rewrites the golden when HWGEN_UPDATE_GOLDENS=1.
using System.Text;

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

    /// <summary>
    /// Compares a file set (relative path -> text) with a golden folder byte for byte: the same file names, none
    /// missing and none extra, and the same UTF-8 bytes in each (no line-ending normalisation). With
    /// HWGEN_UPDATE_GOLDENS=1 the folder is rewritten to hold exactly the set.
    /// </summary>
    public static void CheckFolder(string goldenFolder, IReadOnlyDictionary<string, string> files)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (RepoPaths.UpdateGoldens)
        {
            if (Directory.Exists(goldenFolder))
            {
                Directory.Delete(goldenFolder, recursive: true);
            }

            foreach (var (path, text) in files)
            {
                var target = Path.Combine(goldenFolder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, utf8.GetBytes(text));
            }

            return;
        }

        Assert.That(Directory.Exists(goldenFolder), Is.True, $"missing golden folder {goldenFolder}; run with HWGEN_UPDATE_GOLDENS=1 to create it");
        var onDisk = Directory.EnumerateFiles(goldenFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(goldenFolder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.That(onDisk, Is.EqualTo(files.Keys.Order(StringComparer.Ordinal).ToList()), $"files in {goldenFolder}");
        foreach (var (path, text) in files)
        {
            var golden = File.ReadAllBytes(Path.Combine(goldenFolder, path));
            var actual = utf8.GetBytes(text);
            if (!golden.AsSpan().SequenceEqual(actual))
            {
                // Show where the texts part; the byte comparison below then also fails on line endings alone.
                Assert.That(text, Is.EqualTo(utf8.GetString(golden)), path);
                Assert.That(actual, Is.EqualTo(golden), $"{path}: same text, other bytes");
            }
        }
    }
}
