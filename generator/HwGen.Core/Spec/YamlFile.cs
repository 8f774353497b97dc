// Reads a YAML file from disk for any HwGen reader (spec, energy table, calibration): unreadable and oversized files
// are reported before a byte is parsed, and paths are shown as the user gave them.
using HwGen.Diagnostics;

namespace HwGen.Spec;

public static class YamlFile
{
    /// <summary>The file's bytes, or null with HW0008 (unreadable) or HW0002 (too large) in <paramref name="bag"/>.</summary>
    public static byte[]? ReadBytes(string path, string display, YamlDocumentKind kind, DiagnosticBag bag)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                bag.FileNotReadable(display, kind.Name, Directory.Exists(path) ? "it is a directory" : "no such file");
                return null;
            }

            if (info.Length > YamlTreeReader.MaxFileBytes)
            {
                bag.FileTooLarge(SourceSpan.StartOf(display), kind.WithArticle, info.Length, YamlTreeReader.MaxFileBytes);
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            bag.FileNotReadable(display, kind.Name, ex.Message);
            return null;
        }
    }

    /// <summary>Paths in diagnostics are as the user gave them, relative when under the working directory.</summary>
    public static string DisplayPath(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return path.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? path : relative).Replace('\\', '/');
    }
}
