// Finds the OSU 0.18 µm standard-cell library (Debian's qflow-tech-osu018: Liberty, LEF, Verilog models) and the
// FPGA tools, and says how to get whatever is missing.
using HwGen.Diagnostics;
using HwGen.Sim;
using HwGen.Synth.Liberty;

namespace HwGen.Synth;

/// <summary>The files of one standard-cell library.</summary>
public sealed record TechLibraryFiles(string Name, string Folder, string Liberty, string VerilogModels)
{
    public string LibertyFileName => Path.GetFileName(Liberty);
}

public static class TechLibrary
{
    public const string Osu018 = "osu018";

    /// <summary>The Debian package that ships the OSU 0.18 µm cells and where it installs them.</summary>
    public const string Osu018Package = "qflow-tech-osu018";

    private const string PackageFolder = "usr/share/qflow/tech/osu018";

    /// <summary>How scripts/setup.sh takes only the package's files (no qflow dependencies) into the cache.</summary>
    public static string Osu018InstallHint =>
        $"run ./hwgen synth (scripts/setup.sh fetches it), or: apt-get download {Osu018Package} && dpkg -x {Osu018Package}_*.deb \"{Osu018CacheFolder}\"" +
        $" (or: sudo apt-get install -y {Osu018Package}; or set HWGEN_OSU018_DIR to a folder holding osu018_stdcells.lib)";

    /// <summary>The hwgen cache root ($HWGEN_CACHE, else $XDG_CACHE_HOME/hwgen, else ~/.cache/hwgen).</summary>
    public static string CacheRoot => Path.GetDirectoryName(VerilatorBuild.DefaultCacheRoot)!;

    /// <summary>Where setup extracts the package's files (dpkg -x keeps the usr/share/... layout below it).</summary>
    public static string Osu018CacheFolder => Path.Combine(CacheRoot, "tech", Osu018Package);

    /// <summary>The folders searched, in order: $HWGEN_OSU018_DIR, the installed package, the cache.</summary>
    public static IReadOnlyList<string> Osu018Candidates()
    {
        var list = new List<string>();
        if (Environment.GetEnvironmentVariable("HWGEN_OSU018_DIR") is { Length: > 0 } dir)
        {
            list.Add(dir);
        }

        list.Add("/" + PackageFolder);
        list.Add(Path.Combine(Osu018CacheFolder, PackageFolder));
        return list;
    }

    public static TechLibraryFiles? FindOsu018()
    {
        foreach (var folder in Osu018Candidates())
        {
            var lib = Path.Combine(folder, "osu018_stdcells.lib");
            var verilog = Path.Combine(folder, "osu018_stdcells.v");
            if (File.Exists(lib))
            {
                return new TechLibraryFiles(Osu018, folder, lib, verilog);
            }
        }

        return null;
    }

    public static TechLibraryFiles RequireOsu018() => FindOsu018()
        ?? throw DiagnosticBag.Fail(b => b.SynthToolMissing("the OSU 0.18 um Liberty file osu018_stdcells.lib", $"(looked in {string.Join(", ", Osu018Candidates())})", Osu018InstallHint));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<LibertyLibrary>> Libraries = new(StringComparer.Ordinal);

    /// <summary>
    /// The OSU 0.18 µm library, read once per process and file (the file found may change with HWGEN_OSU018_DIR); a
    /// file that cannot be read is not remembered, so it is read again once it is fixed.
    /// </summary>
    public static LibertyLibrary Osu018Liberty
    {
        get
        {
            var path = RequireOsu018().Liberty;
            var entry = Libraries.GetOrAdd(path, p => new Lazy<LibertyLibrary>(() => LibertyLibrary.Read(p)));
            try
            {
                return entry.Value;
            }
            catch
            {
                Libraries.TryRemove(new KeyValuePair<string, Lazy<LibertyLibrary>>(path, entry));
                throw;
            }
        }
    }

    /// <summary>An FPGA tool on PATH, or a coded refusal with its install command (exit 3).</summary>
    public static string RequireFpgaTool(string name) => Toolchain.Find(name)
        ?? throw DiagnosticBag.Fail(b => b.SynthToolMissing(name, "on PATH", "install it with: sudo apt-get install -y nextpnr-ice40 fpga-icestorm"));

    public static string RequireYosys() => Toolchain.Find("yosys")
        ?? throw DiagnosticBag.Fail(b => b.SynthToolMissing("yosys", "on PATH", $"install it with: {Toolchain.InstallCommand}"));
}
