// Runs one generated Yosys script on one twin's RTL in the synthesis cache (keyed by the RTL, the script, the cell
// library and the Yosys version) and hands back the folder with the netlist, statistics and log.
using System.Globalization;
using HwGen.Emit;
using HwGen.Diagnostics;
using HwGen.Sim;

namespace HwGen.Synth;

/// <summary>One finished synthesis: the cache folder laid out as a twin folder (rtl/, synth/&lt;target&gt;/).</summary>
public sealed record YosysRun(SynthTarget Target, string Folder, string Script, TimeSpan Elapsed, bool FromCache)
{
    public string TargetFolder => Path.Combine(Folder, SynthScripts.Folder(Target));

    public string File(string name) => Path.Combine(TargetFolder, name);

    public YosysNetlist ReadNetlist() => YosysNetlist.Read(File(SynthScripts.NetlistJson));

    /// <summary>The files an output folder keeps, relative to the twin folder (the JSON netlist stays in the cache).</summary>
    public IEnumerable<string> KeptFiles =>
        Directory.EnumerateFiles(TargetFolder).Select(f => Path.GetFileName(f)).Where(f => f != SynthScripts.NetlistJson && !f.StartsWith('.'))
            .Order(StringComparer.Ordinal).Select(f => SynthScripts.Folder(Target) + "/" + f);
}

public static class YosysRunner
{
    private const string ElapsedFile = ".elapsed";

    /// <summary>`yosys -V` of the yosys on PATH, probed once per executable.</summary>
    public static string Version => Versions.GetOrAdd(TechLibrary.RequireYosys(), yosys =>
        Toolchain.Run(yosys, ["-V"], Directory.GetCurrentDirectory()).StandardOutput.Trim());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Versions = new(StringComparer.Ordinal);

    public static YosysRun Run(RtlFileSet set, SynthTarget target, string label, string? cacheRoot = null) =>
        Run(set.Files.Where(f => f.Key.StartsWith("rtl/", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value),
            set.Design.TopModule, target, label, cacheRoot);

    /// <summary>Synthesises <paramref name="rtl"/> (paths rtl/*.v) for <paramref name="target"/>; throws on a Yosys error.</summary>
    public static YosysRun Run(IReadOnlyDictionary<string, string> rtl, string top, SynthTarget target, string label, string? cacheRoot = null)
    {
        var yosys = TechLibrary.RequireYosys();
        var script = SynthScripts.For(target, top, rtl.Keys, label);
        var library = target == SynthTarget.Osu018 ? TechLibrary.RequireOsu018() : null;
        var libraryText = library is null ? string.Empty : System.IO.File.ReadAllText(library.Liberty);
        var parts = new List<string> { "hwgen-synth-1", Version, script, libraryText };
        foreach (var (path, text) in rtl.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            parts.Add(path);
            parts.Add(text);
        }

        var elapsed = TimeSpan.Zero;
        var (folder, fromCache) = SynthCache.Ensure(SynthCache.Hash([.. parts]), temp =>
        {
            foreach (var (path, text) in rtl)
            {
                var file = Path.Combine(temp, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                System.IO.File.WriteAllText(file, text);
            }

            var dir = Path.Combine(temp, SynthScripts.Folder(target));
            Directory.CreateDirectory(dir);
            System.IO.File.WriteAllText(Path.Combine(dir, SynthScripts.ScriptFile), script);
            if (library is not null)
            {
                System.IO.File.WriteAllText(Path.Combine(dir, SynthScripts.LibertyCopy), libraryText);
            }

            var log = Path.Combine(dir, SynthScripts.LogFile);
            var run = Toolchain.Run(yosys, ["-q", "-l", SynthScripts.Folder(target) + "/" + SynthScripts.LogFile, "-s", SynthScripts.Folder(target) + "/" + SynthScripts.ScriptFile],
                temp, timeout: TimeSpan.FromHours(2));
            if (!run.Succeeded)
            {
                var tail = System.IO.File.Exists(log) ? string.Join('\n', System.IO.File.ReadLines(log).TakeLast(15)) : run.CombinedOutput;
                throw DiagnosticBag.Fail(b => b.SynthToolFailed("yosys", $"on {label} for {SynthScripts.Name(target)} (exit {run.ExitCode})", tail));
            }

            CleanLog(log);
            elapsed = run.Elapsed;
            System.IO.File.WriteAllText(Path.Combine(temp, ElapsedFile), run.Elapsed.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
        }, cacheRoot);
        if (fromCache && System.IO.File.Exists(Path.Combine(folder, ElapsedFile)))
        {
            elapsed = TimeSpan.FromSeconds(double.Parse(System.IO.File.ReadAllText(Path.Combine(folder, ElapsedFile)), CultureInfo.InvariantCulture));
        }

        return new YosysRun(target, folder, script, elapsed, fromCache);
    }

    /// <summary>Drops the lines of a Yosys log that carry run times, so the same run gives the same bytes.</summary>
    private static void CleanLog(string log)
    {
        if (!System.IO.File.Exists(log))
        {
            return;
        }

        var lines = System.IO.File.ReadAllLines(log).Where(l =>
            !l.StartsWith("End of script.", StringComparison.Ordinal) && !l.StartsWith("Time spent:", StringComparison.Ordinal)
            && !l.Contains("CPU: user", StringComparison.Ordinal));
        System.IO.File.WriteAllText(log, string.Join('\n', lines) + "\n");
    }
}
