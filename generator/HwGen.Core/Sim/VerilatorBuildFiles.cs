// The Verilator build cache: builds any file set (a neural core, the calibration bench, its coverage variant) once per
// content hash, as an entry of the build cache (CacheEntry: built in a temporary folder renamed into place; concurrent
// builds of one hash, in this process or another, wait for the first and reuse it).

namespace HwGen.Sim;

public static class VerilatorBuildFiles
{
    /// <summary>
    /// Builds a file set into the cache, keyed by <paramref name="hash"/> and <paramref name="arguments"/>; the executable is
    /// obj/<paramref name="executable"/>. A second call with the same hash and arguments returns the cached executable
    /// without running Verilator. An interrupted or failed build leaves nothing behind.
    /// </summary>
    public static VerilatorExecutable Ensure(IReadOnlyDictionary<string, string> files, string hash, IReadOnlyList<string> arguments,
        string executable, string? cacheRoot = null, TimeSpan? timeout = null)
    {
        var verilator = Toolchain.Require("verilator");
        var root = cacheRoot ?? VerilatorBuild.DefaultCacheRoot;
        var elapsed = TimeSpan.Zero;
        // The entry is keyed by the files and the command line: a build made with other arguments (another optimisation
        // level, another variant's flags) is another executable, never one taken from the cache for this one.
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(hash + "\0" + string.Join("\n", arguments))));
        var (folder, fromCache) = CacheEntry.Ensure(root, key, entry => File.Exists(Path.Combine(entry, "obj", executable)), temp =>
        {
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

            elapsed = run.Elapsed;
        });
        return new VerilatorExecutable(Path.Combine(folder, "obj", executable), hash, fromCache, elapsed);
    }
}
