// Builds a generated design with Verilator into a cache keyed by the hash of RTL + harness + flags: runs that change
// only data (weights, input events, timesteps) reuse the executable.
using HwGen.Diagnostics;
using HwGen.Emit;

namespace HwGen.Sim;

/// <summary>A built harness executable and whether it came from the cache.</summary>
public sealed record VerilatorExecutable(string Path, string Hash, bool FromCache, TimeSpan BuildTime);

public static class VerilatorBuild
{
    /// <summary>The cache root: $HWGEN_CACHE, else $XDG_CACHE_HOME/hwgen, else ~/.cache/hwgen; then /verilator.</summary>
    public static string DefaultCacheRoot
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("HWGEN_CACHE");
            if (string.IsNullOrEmpty(root))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                root = string.IsNullOrEmpty(xdg)
                    ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hwgen")
                    : System.IO.Path.Combine(xdg, "hwgen");
            }

            return System.IO.Path.Combine(root, "verilator");
        }
    }

    /// <summary>The verilator command line (relative to the build folder), also recorded in docs/rtl.md.</summary>
    public static IReadOnlyList<string> Arguments(RtlFileSet set)
    {
        var args = new List<string>
        {
            "--cc", "--exe", "--build", "-j", "2", "-f", "build/" + RtlGenerator.FlagsFile, "build/" + RtlGenerator.WaiverFile,
            "build/" + RtlGenerator.ToggleProbeFile,
        };
        if (set.Files.ContainsKey("build/" + RtlGenerator.RegisterProbeFile))
        {
            args.Add("build/" + RtlGenerator.RegisterProbeFile);
        }

        if (set.Design.Mesh is not null)
        {
            // A mesh model is one evaluation function per core instance and its simulations run for millions of cycles: at
            // -O3 instead of the makefile's -Os the full-size spatial VGG16 QNN twin's harness ran 1.30x faster (684 s to
            // 525 s; -O2: 578 s) for about the same compile time (docs/performance.md, "Mesh designs").
            args.AddRange(["-MAKEFLAGS", "OPT_FAST=-O3"]);
        }

        args.AddRange(["--top-module", set.Design.TopModule, "-Mdir", "obj", "-o", "harness", "-CFLAGS", "-O1", "-CFLAGS", "-Iharness"]);
        args.AddRange(set.VerilogFiles);
        args.Add("harness/harness_main.cpp");
        return args;
    }

    /// <summary>
    /// The set the build compiles: <paramref name="set"/> with every flip-flop Yosys finds counted (cached per RTL); a
    /// mesh design's harness counts its links and injections only, so its set is compiled as rendered.
    /// </summary>
    public static RtlFileSet Counted(RtlFileSet set, string? cacheRoot = null) =>
        set.Registers is not null || set.Design.Mesh is not null
            ? set
            : CountedSets.GetValue(set, _ => new()).GetOrAdd(cacheRoot ?? string.Empty, _ => RtlGenerator.WithRegisters(set, FlipFlopInventory.Of(set, cacheRoot)));

    /// <summary>
    /// Each rendered set's counted set, made once per process and cache root: the runs of a sweep share their twins'
    /// sets, and each would otherwise read the register inventory and render the register probes again.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RtlFileSet, System.Collections.Concurrent.ConcurrentDictionary<string, RtlFileSet>> CountedSets = new();

    public static VerilatorExecutable Ensure(RtlFileSet set, string? cacheRoot = null)
    {
        set = Counted(set, cacheRoot);
        return VerilatorBuildFiles.Ensure(set.Files, set.ContentHash, Arguments(set), "harness", cacheRoot);
    }

    /// <summary>
    /// A build variant of the same harness (e.g. <c>--trace</c>, <c>--coverage-toggle</c>): <paramref name="flags"/> go
    /// before the object folder; the variant has its own cache entry, keyed by the design's hash and its name.
    /// <paramref name="timeout"/> bounds the build (default 10 minutes; a gate-level netlist's build grows with its cells).
    /// </summary>
    public static VerilatorExecutable EnsureVariant(RtlFileSet set, string variant, IReadOnlyList<string> flags, string? cacheRoot = null, TimeSpan? timeout = null)
    {
        set = Counted(set, cacheRoot);
        var args = Arguments(set).ToList();
        args.InsertRange(args.IndexOf("-Mdir"), flags);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(set.ContentHash + "\0" + variant)));
        return VerilatorBuildFiles.Ensure(set.Files, hash, args, "harness", cacheRoot, timeout);
    }
}

/// <summary>Verilator (or the C++ compiler it runs) failed (HW0703); <see cref="Log"/> is its whole output.</summary>
public sealed class VerilatorBuildException(string log, int exitCode = 1)
    : DiagnosticException([DiagnosticBag.One(b => b.VerilatorBuildFailed(exitCode, FirstError(log)))], "verilator build failed:\n" + log)
{
    public string Log { get; } = log;

    /// <summary>The first line that reports an error (Verilator's %Error, the compiler's "error:"), else the first non-empty line.</summary>
    public static string FirstError(string log)
    {
        var lines = log.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.FirstOrDefault(l => l.StartsWith("%Error", StringComparison.Ordinal) || l.Contains("error:", StringComparison.Ordinal))
            ?? lines.FirstOrDefault() ?? "no output";
    }
}
