// Guards for the folders hwgen replaces as a whole: only a path that is free or an earlier hwgen output is taken over.
namespace HwGen.Emit;

public static class OutputFolder
{
    /// <summary>The file every hwgen output folder holds at its top.</summary>
    public const string Marker = "manifest.json";

    /// <summary>
    /// Throws IOException unless <paramref name="folder"/> is absent, empty, or an earlier hwgen output (has manifest.json):
    /// writing it replaces the folder with everything in it, so a file or an unrelated folder (e.g. `-o .`) is refused.
    /// </summary>
    public static void CheckReplaceable(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new IOException("the output folder path is empty");
        }

        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new IOException($"output folder '{folder}' is a file; give a folder path");
        }

        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, Marker)))
        {
            throw new IOException($"output folder '{folder}' is not empty and holds no {Marker} of an earlier hwgen output; refusing to replace it");
        }
    }
}
