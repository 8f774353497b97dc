// One entry of a content-addressed cache folder (Verilator builds, synthesis runs): built once, in a temporary sibling
// folder that is renamed into place, so an interrupted or failed build leaves nothing behind. Builds of different
// entries run in parallel; a second build of the same entry, in this process or another, waits for the first and
// reuses it.
using System.Collections.Concurrent;
using System.Globalization;
using HwGen.Diagnostics;

namespace HwGen.Sim;

public static class CacheEntry
{
    private static readonly ConcurrentDictionary<string, object> FolderLocks = new(StringComparer.Ordinal);

    /// <summary>The entry folder of <paramref name="hash"/> under <paramref name="root"/> (the hash's first 24 digits).</summary>
    public static string FolderOf(string root, string hash) => Path.Combine(root, hash[..24]);

    /// <summary>
    /// The entry of <paramref name="hash"/>: when <paramref name="isComplete"/> holds for its folder, that folder (true:
    /// from the cache); otherwise <paramref name="build"/> fills an empty temporary folder, which then becomes the entry
    /// (false). <paramref name="isComplete"/> must be true of the folder <paramref name="build"/> leaves.
    /// </summary>
    public static (string Folder, bool FromCache) Ensure(string root, string hash, Func<string, bool> isComplete, Action<string> build)
    {
        var folder = FolderOf(root, hash);
        lock (FolderLocks.GetOrAdd(folder, _ => new object()))
        {
            if (isComplete(folder))
            {
                return (folder, true);
            }

            Directory.CreateDirectory(root);
            using var processLock = AcquireFileLock(folder + ".lock");
            if (isComplete(folder))
            {
                return (folder, true);
            }

            var temp = folder + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            try
            {
                DeleteIfPresent(temp);
                Directory.CreateDirectory(temp);
                build(temp);
                DeleteIfPresent(folder);
                Directory.Move(temp, folder);
                return (folder, false);
            }
            finally
            {
                DeleteIfPresent(temp);
            }
        }
    }

    private static void DeleteIfPresent(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>An exclusive lock on <paramref name="path"/> between processes (flock), waited for in short steps.</summary>
    private static FileStream AcquireFileLock(string path)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                Interruption.ThrowIfRequested();
                Thread.Sleep(100);
            }
        }
    }
}
