// The content hash of a rendered file set: the Verilator build cache key and the provenance of calibrations.
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace HwGen.Emit;

public static class FileSetHash
{
    /// <summary>
    /// SHA-256 (lower-case hex) over every file's path and text, in ordinal path order. A file set's files are never
    /// changed once rendered (a changed set is a new dictionary), so the hash is computed once per dictionary: planning,
    /// build lookup and reports ask for it many times, and each time would otherwise encode and hash the whole design.
    /// </summary>
    public static string Of(IReadOnlyDictionary<string, string> files) => Known.GetValue(files, Compute);

    private static readonly ConditionalWeakTable<IReadOnlyDictionary<string, string>, string> Known = new();

    private static string Compute(IReadOnlyDictionary<string, string> files)
    {
        var sb = new StringBuilder();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sb.Append(path).Append('\0').Append(text).Append('\0');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
