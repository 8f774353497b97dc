// The Verilator build cache: builds any file set (a neural core, the calibration bench, its coverage variant) once per
// content hash, in a temporary folder renamed into place.
namespace HwGen.Sim;

public static class VerilatorBuildFiles
{
    /// <summary>
    /// Builds a file set into the cache, keyed by <paramref name="hash"/>; the executable is obj/<paramref name="executable"/>.
    /// A second call with the same hash returns the cached executable without running Verilator.
    /// </summary>
    public static VerilatorExecutable Ensure(IReadOnlyDictionary<string, string> files, string hash, IReadOnlyList<string> arguments,
        string executable, string? cacheRoot = null)
    {
        var verilator = Toolchain.Require("verilator");
        var folder = System.IO.Path.Combine(cacheRoot ?? VerilatorBuild.DefaultCacheRoot, hash[..24]);
        var exe = System.IO.Path.Combine(folder, "obj", executable);
        lock (BuildLock)
        {
            if (File.Exists(exe))
            {
                return new VerilatorExecutable(exe, hash, true, TimeSpan.Zero);
            }

            var temp = folder + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            foreach (var (path, text) in files)
            {
                var target = System.IO.Path.Combine(temp, path);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
            }

            var environment = new Dictionary<string, string>();
            if (Toolchain.Find("ccache") is { } ccache)
            {
                environment["OBJCACHE"] = ccache;
            }

            var run = Toolchain.Run(verilator, arguments, temp, environment);
            if (!run.Succeeded)
            {
                throw new VerilatorBuildException(run.CombinedOutput, run.ExitCode);
            }

            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.Move(temp, folder);
            return new VerilatorExecutable(exe, hash, false, run.Elapsed);
        }
    }

    private static readonly object BuildLock = new();
}
