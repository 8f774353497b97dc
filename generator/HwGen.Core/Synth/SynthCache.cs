// A content-addressed cache of synthesis runs (Yosys, nextpnr): each entry is built once in a temporary folder and
// renamed into place, so an interrupted or failed run leaves nothing behind and a repeated run is instant.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HwGen.Sim;

namespace HwGen.Synth;

public static class SynthCache
{
    private const string DoneMarker = ".hwgen-done";

    /// <summary>$HWGEN_CACHE (or the XDG/home default)/synth.</summary>
    public static string DefaultRoot => Path.Combine(TechLibrary.CacheRoot, "synth");

    /// <summary>SHA-256 (hex) over the parts, each length-prefixed so no two part lists collide.</summary>
    public static string Hash(params string[] parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            sb.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// The cache folder of <paramref name="hash"/>, built by <paramref name="build"/> (given an empty temporary folder)
    /// when missing; true in the result when it came from the cache.
    /// </summary>
    public static (string Folder, bool FromCache) Ensure(string hash, Action<string> build, string? root = null) =>
        CacheEntry.Ensure(root ?? DefaultRoot, hash, folder => File.Exists(Path.Combine(folder, DoneMarker)), temp =>
        {
            build(temp);
            File.WriteAllText(Path.Combine(temp, DoneMarker), hash + "\n");
        });
}
