// The content hash of a rendered file set: the Verilator build cache key and the provenance of calibrations.
using System.Security.Cryptography;
using System.Text;

namespace HwGen.Emit;

public static class FileSetHash
{
    /// <summary>SHA-256 (lower-case hex) over every file's path and text, in ordinal path order.</summary>
    public static string Of(IReadOnlyDictionary<string, string> files)
    {
        var sb = new StringBuilder();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sb.Append(path).Append('\0').Append(text).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
