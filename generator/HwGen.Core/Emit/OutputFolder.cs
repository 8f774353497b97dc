// The one atomic writer of hwgen's output folders: every verb writes into a hidden staging sibling, a manifest lists
// every file with its SHA-256, and the folder is swapped into place at the end. Only a path that is free, empty, or an
// earlier hwgen output (its manifest names hwgen and lists every file the folder holds) is replaced; a failed or
// interrupted write leaves nothing behind.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HwGen.Emit;

public sealed class OutputFolder : IDisposable
{
    /// <summary>The file every hwgen output folder holds at its top.</summary>
    public const string Marker = "manifest.json";

    /// <summary>The value of the manifest's <c>generator</c> key.</summary>
    public const string GeneratorName = "hwgen";

    private bool done;

    private OutputFolder(string requested, string final, string staging)
    {
        Requested = requested;
        Final = final;
        Staging = staging;
    }

    /// <summary>The path as the user gave it (named in messages).</summary>
    public string Requested { get; }

    /// <summary>The full path the folder will have once committed.</summary>
    public string Final { get; }

    /// <summary>The hidden sibling everything is written into until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>
    /// Checks that <paramref name="folder"/> may be replaced and creates its staging sibling, so that an unwritable
    /// place fails before any work, naming the folder the user gave.
    /// </summary>
    public static OutputFolder Begin(string folder)
    {
        CheckReplaceable(folder);
        var final = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(final) ?? throw new IOException($"output folder '{folder}' has no parent folder");
        var staging = Path.Combine(parent, "." + Path.GetFileName(final) + ".hwgen-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(parent);
            DeleteIfPresent(staging);
            Directory.CreateDirectory(staging);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write output folder '{folder}': {ex.Message}", ex);
        }

        return new OutputFolder(folder, final, staging);
    }

    /// <summary>The staging path of <paramref name="relativePath"/> ('/'-separated), its folder created.</summary>
    public string PathOf(string relativePath)
    {
        var path = Path.GetFullPath(Path.Combine(Staging, relativePath));
        if (!path.StartsWith(Staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' leaves the output folder", nameof(relativePath));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes text files (UTF-8, bytes as given: the generators use LF).</summary>
    public void Write(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, text) in files)
        {
            Write(path, text);
        }
    }

    public void Write(string relativePath, string text) => File.WriteAllBytes(PathOf(relativePath), Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// Writes manifest.json (every file of the folder with its SHA-256, paths '/'-separated and sorted) and swaps the
    /// folder into place; returns the manifest's file list.
    /// </summary>
    public IReadOnlyDictionary<string, string> Commit(string specName)
    {
        if (done)
        {
            throw new InvalidOperationException("the output folder was already committed or discarded");
        }

        try
        {
            var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Staging, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Staging, file).Replace(Path.DirectorySeparatorChar, '/');
                if (relative != Marker)
                {
                    hashes[relative] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
                }
            }

            File.WriteAllBytes(Path.Combine(Staging, Marker), Encoding.UTF8.GetBytes(Manifest(specName, hashes)));

            // The old folder steps aside before the new one moves in, so a failure in between loses neither.
            var old = Staging + ".old";
            DeleteIfPresent(old);
            if (Directory.Exists(Final))
            {
                CheckReplaceable(Requested);
                Directory.Move(Final, old);
            }

            Directory.Move(Staging, Final);
            DeleteIfPresent(old);
            done = true;
            return hashes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Dispose();
            throw new IOException($"cannot write output folder '{Requested}': {ex.Message}", ex);
        }
    }

    /// <summary>Removes the staging folder unless the folder was committed.</summary>
    public void Dispose()
    {
        if (!done)
        {
            done = true;
            DeleteIfPresent(Staging);
        }
    }

    /// <summary>The manifest text: generator, spec name and the SHA-256 of every other file.</summary>
    public static string Manifest(string specName, IReadOnlyDictionary<string, string> hashes)
    {
        var manifest = new StringBuilder();
        manifest.Append("{\n  \"generator\": \"").Append(GeneratorName).Append("\",\n  \"spec\": ").Append(JsonSerializer.Serialize(specName))
            .Append(",\n  \"files\": {\n");
        manifest.Append(string.Join(",\n", hashes.Select(f => $"    {JsonSerializer.Serialize(f.Key)}: \"{f.Value}\""))).Append("\n  }\n}\n");
        return manifest.ToString();
    }

    /// <summary>
    /// Throws IOException unless <paramref name="folder"/> is absent, empty, or an earlier hwgen output: writing it replaces
    /// the folder with everything in it, so a file, an unrelated folder (e.g. `-o .`) or an hwgen folder holding a file
    /// its manifest does not list (someone else's) is refused.
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

        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any())
        {
            return;
        }

        var listed = ListedFiles(Path.Combine(full, Marker))
            ?? throw new IOException($"output folder '{folder}' is not empty and holds no {Marker} of an earlier hwgen output; refusing to replace it");
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(full, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative != Marker && !listed.Contains(relative))
            {
                throw new IOException($"output folder '{folder}' holds '{relative}', which its {Marker} does not list; refusing to replace a folder with files hwgen did not write");
            }
        }
    }

    /// <summary>The files an hwgen manifest lists, or null when the file is absent or not an hwgen manifest.</summary>
    private static HashSet<string>? ListedFiles(string manifest)
    {
        if (!File.Exists(manifest))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(manifest)) is not JsonObject root
                || root["generator"]?.GetValueKind() != JsonValueKind.String || (string?)root["generator"] != GeneratorName
                || root["files"] is not JsonObject files)
            {
                return null;
            }

            return files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void DeleteIfPresent(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Single output files (calibrations): written beside the target and renamed, replacing only hwgen's own files.</summary>
public static class OutputFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="file"/> through a temporary sibling. An existing file is replaced only
    /// when <paramref name="isOwn"/> says hwgen wrote it.
    /// </summary>
    public static void Write(string file, string text, Func<string, bool> isOwn, string what)
    {
        CheckReplaceable(file, isOwn, what);

        var partial = file + ".hwgen-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(partial, text);
            File.Move(partial, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new IOException($"cannot write {what} file '{file}': {ex.Message}", ex);
        }
    }

    /// <summary>Throws IOException unless <paramref name="file"/> is absent or a <paramref name="what"/> file hwgen wrote.</summary>
    public static void CheckReplaceable(string file, Func<string, bool> isOwn, string what)
    {
        if (Directory.Exists(file))
        {
            throw new IOException($"'{file}' is a folder; give the {what} file to write");
        }

        if (File.Exists(file) && !isOwn(SafeRead(file)))
        {
            throw new IOException($"'{file}' exists and is not a {what} file written by hwgen; refusing to replace it");
        }
    }

    private static string SafeRead(string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            var buffer = new char[4096];
            var read = reader.Read(buffer, 0, buffer.Length);
            return new string(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot read '{file}': {ex.Message}", ex);
        }
    }
}
