// The Verilator build cache: builds any file set (a neural core, the calibration bench, its coverage variant) once per
// content hash, in a temporary folder renamed into place. Concurrent builds of different hashes run in parallel; a
// second build of the same hash, in this process or another, waits for the first and reuses it.
using System.Collections.Concurrent;
using System.Globalization;
using HwGen.Diagnostics;

namespace HwGen.Sim;

public static class VerilatorBuildFiles
{
    private static readonly ConcurrentDictionary<string, object> FolderLocks = new(StringComparer.Ordinal);

    /// <summary>
    /// Builds a file set into the cache, keyed by <paramref name="hash"/>; the executable is obj/<paramref name="executable"/>.
    /// A second call with the same hash returns the cached executable without running Verilator. An interrupted or
    /// failed build leaves nothing behind.
    /// </summary>
    public static VerilatorExecutable Ensure(IReadOnlyDictionary<string, string> files, string hash, IReadOnlyList<string> arguments,
        string executable, string? cacheRoot = null, TimeSpan? timeout = null)
    {
        var verilator = Toolchain.Require("verilator");
        var root = cacheRoot ?? VerilatorBuild.DefaultCacheRoot;
        var folder = Path.Combine(root, hash[..24]);
        var exe = Path.Combine(folder, "obj", executable);
        lock (FolderLocks.GetOrAdd(folder, _ => new object()))
        {
            if (File.Exists(exe))
            {
                return new VerilatorExecutable(exe, hash, true, TimeSpan.Zero);
            }

            Directory.CreateDirectory(root);
            using var processLock = AcquireFileLock(folder + ".lock");
            if (File.Exists(exe))
            {
                return new VerilatorExecutable(exe, hash, true, TimeSpan.Zero);
            }

            var temp = folder + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            try
            {
                DeleteIfPresent(temp);
                foreach (var (path, text) in files)
                {
                    var target = Path.Combine(temp, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.WriteAllText(target, text);
                }

                var environment = new Dictionary<string, string>();
                if (Toolchain.Find("ccache") is { } ccache)
                {
                    environment["OBJCACHE"] = ccache;
                }

                var run = Toolchain.Run(verilator, arguments, temp, environment, timeout);
                if (!run.Succeeded)
                {
                    throw new VerilatorBuildException(run.CombinedOutput, run.ExitCode);
                }

                DeleteIfPresent(folder);
                Directory.Move(temp, folder);
                return new VerilatorExecutable(exe, hash, false, run.Elapsed);
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
