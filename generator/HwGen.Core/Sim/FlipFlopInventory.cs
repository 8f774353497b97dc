// Finds every flip-flop of a generated design mechanically: Yosys elaborates the RTL (`proc; memory_collect`), and every
// $dff-family cell's outputs are mapped to the named net they drive, per module and then per instance of the hierarchy.
// Register arrays are the memories with write ports. The result is cached by the hash of the RTL and the script.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HwGen.Diagnostics;
using HwGen.Emit;

namespace HwGen.Sim;

public static class FlipFlopInventory
{
    /// <summary>The Yosys script: elaborate, turn processes into cells, collect each memory into one cell; nothing is optimised.</summary>
    public static string Script(string top) => $"read_verilog -sv rtl/*.v; hierarchy -check -top {top}; proc; memory_collect; write_json design.json";

    private const string Format = "hwgen-register-inventory 2";

    /// <summary>The cache folder: next to the Verilator cache, registers/.</summary>
    public static string CacheFolder(string? cacheRoot) => Path.Combine(Path.GetDirectoryName(cacheRoot ?? VerilatorBuild.DefaultCacheRoot)!, "registers");

    /// <summary>The inventory of <paramref name="set"/>'s RTL, from the cache or from one Yosys run (about a second).</summary>
    public static RegisterInventory Of(RtlFileSet set, string? cacheRoot = null)
    {
        var rtl = set.Files.Where(f => f.Key.StartsWith("rtl/", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);
        var script = Script(set.Design.TopModule);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FileSetHash.Of(rtl) + "\0" + script)));
        var folder = CacheFolder(cacheRoot);
        var cached = Path.Combine(folder, hash[..24] + ".txt");
        if (File.Exists(cached))
        {
            return Parse(File.ReadAllText(cached));
        }

        var yosys = Toolchain.Require("yosys");
        // One folder per call: parallel runs of one process (a sweep's points) may list the same RTL at once.
        var work = Path.Combine(folder, hash[..24] + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var (path, text) in rtl)
            {
                var target = Path.Combine(work, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
            }

            var run = Toolchain.Run(yosys, ["-q", "-p", script], work);
            if (!run.Succeeded)
            {
                throw DiagnosticBag.Fail(b => b.YosysInventoryFailed(run.ExitCode, VerilatorBuildException.FirstError(run.CombinedOutput)));
            }

            var inventory = FromYosysJson(File.ReadAllText(Path.Combine(work, "design.json")), set.Design.TopModule);
            var text2 = Write(inventory);
            Directory.CreateDirectory(folder);
            var temp = cached + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
            File.WriteAllText(temp, text2);
            File.Move(temp, cached, overwrite: true);
            return inventory;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static readonly HashSet<string> FlipFlopCells = new(StringComparer.Ordinal)
    {
        "$dff", "$dffe", "$adff", "$adffe", "$sdff", "$sdffe", "$sdffce", "$aldff", "$aldffe", "$dffsr", "$dffsre",
    };

    /// <summary>
    /// Reads Yosys' JSON: per module, the named nets its flip-flops drive (bits that drive only hidden nets are
    /// write-port registers of a memory, not flip-flops of the design) and its memories with write ports; then walks
    /// the instance tree from <paramref name="top"/>.
    /// </summary>
    public static RegisterInventory FromYosysJson(string json, string top)
    {
        using var doc = JsonDocument.Parse(json);
        var modules = doc.RootElement.GetProperty("modules");
        var perModule = new Dictionary<string, (List<(string Name, int Width, int FlipFlops)> Registers, List<(string Name, int Words, int Width)> Arrays,
            List<(string Cell, string Type)> Instances, string Module, List<(string Name, int Width, bool Input)> Ports)>(StringComparer.Ordinal);
        foreach (var module in modules.EnumerateObject())
        {
            var named = new Dictionary<long, string>();
            var widths = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var net in module.Value.GetProperty("netnames").EnumerateObject())
            {
                var hidden = net.Value.TryGetProperty("hide_name", out var h) && h.GetInt32() != 0;
                var bits = net.Value.GetProperty("bits");
                widths[net.Name] = bits.GetArrayLength();
                if (hidden)
                {
                    continue;
                }

                foreach (var bit in bits.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Number))
                {
                    named.TryAdd(bit.GetInt64(), net.Name);
                }
            }

            var ports = new List<(string, int, bool)>();
            foreach (var port in module.Value.GetProperty("ports").EnumerateObject())
            {
                ports.Add((port.Name, port.Value.GetProperty("bits").GetArrayLength(), port.Value.GetProperty("direction").GetString() == "input"));
            }

            var flipFlops = new Dictionary<string, int>(StringComparer.Ordinal);
            var arrays = new List<(string, int, int)>();
            var instances = new List<(string, string)>();
            foreach (var cell in module.Value.GetProperty("cells").EnumerateObject())
            {
                var type = cell.Value.GetProperty("type").GetString()!;
                if (FlipFlopCells.Contains(type))
                {
                    foreach (var bit in cell.Value.GetProperty("connections").GetProperty("Q").EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Number))
                    {
                        if (named.TryGetValue(bit.GetInt64(), out var name))
                        {
                            flipFlops[name] = flipFlops.GetValueOrDefault(name) + 1;
                        }
                    }
                }
                else if (type == "$mem_v2")
                {
                    var p = cell.Value.GetProperty("parameters");
                    if (Binary(p, "WR_PORTS") > 0)
                    {
                        var id = p.GetProperty("MEMID").GetString()!.TrimStart('\\');
                        arrays.Add((id, (int)Binary(p, "SIZE"), (int)Binary(p, "WIDTH")));
                    }
                }
                else if (modules.TryGetProperty(type, out _))
                {
                    instances.Add((cell.Name, type));
                }
            }

            var original = module.Value.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty("hdlname", out var hdl)
                ? hdl.GetString()!.TrimStart('\\')
                : module.Name;
            perModule[module.Name] = (flipFlops.Select(f => (f.Key, widths[f.Key], f.Value)).OrderBy(f => f.Key, StringComparer.Ordinal).ToList(),
                arrays.OrderBy(a => a.Item1, StringComparer.Ordinal).ToList(), instances.OrderBy(i => i.Item1, StringComparer.Ordinal).ToList(), original,
                ports.OrderBy(p => p.Item1, StringComparer.Ordinal).ToList());
        }

        var signals = new List<RegisterSignal>();
        var regArrays = new List<RegisterArray>();
        var instancePorts = new List<InstancePort>();
        void Walk(string module, string path)
        {
            var m = perModule[module];
            instancePorts.AddRange(m.Ports.Select(p => new InstancePort(path, m.Module, p.Name, p.Width, p.Input)));
            signals.AddRange(m.Registers.Select(r => new RegisterSignal(path, m.Module, r.Name, r.Width, r.FlipFlops)));
            regArrays.AddRange(m.Arrays.Select(a => new RegisterArray(path, m.Module, a.Name, a.Words, a.Width)));
            foreach (var (cell, type) in m.Instances)
            {
                Walk(type, path.Length == 0 ? cell : path + "." + cell);
            }
        }

        Walk(top, string.Empty);
        return new RegisterInventory(signals, regArrays, instancePorts);
    }

    /// <summary>A Yosys parameter: a binary string (or a number).</summary>
    private static long Binary(JsonElement parameters, string name)
    {
        var value = parameters.GetProperty(name);
        return value.ValueKind == JsonValueKind.Number ? value.GetInt64() : Convert.ToInt64(value.GetString()!, 2);
    }

    /// <summary>
    /// The cache file: "register PATH MODULE NAME WIDTH FLIPFLOPS", "array PATH MODULE NAME WORDS WIDTH" and
    /// "port PATH MODULE NAME WIDTH in|out" lines ('-' for the top's path).
    /// </summary>
    public static string Write(RegisterInventory inventory)
    {
        static string P(string path) => path.Length == 0 ? "-" : path;
        var sb = new StringBuilder(Format).Append('\n');
        foreach (var s in inventory.Signals)
        {
            sb.Append(CultureInfo.InvariantCulture, $"register {P(s.Path)} {s.Module} {s.Name} {s.Width} {s.FlipFlops}\n");
        }

        foreach (var a in inventory.Arrays)
        {
            sb.Append(CultureInfo.InvariantCulture, $"array {P(a.Path)} {a.Module} {a.Name} {a.Words} {a.Width}\n");
        }

        foreach (var p in inventory.InstancePorts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"port {P(p.Path)} {p.Module} {p.Name} {p.Width} {(p.IsInput ? "in" : "out")}\n");
        }

        return sb.ToString();
    }

    public static RegisterInventory Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Format)
        {
            throw new FormatException($"register inventory: expected header '{Format}'");
        }

        static string P(string path) => path == "-" ? string.Empty : path;
        static int I(string s) => int.Parse(s, CultureInfo.InvariantCulture);
        var signals = new List<RegisterSignal>();
        var arrays = new List<RegisterArray>();
        var ports = new List<InstancePort>();
        foreach (var f in lines.Skip(1).Select(l => l.Split(' ')))
        {
            switch (f[0])
            {
                case "register": signals.Add(new RegisterSignal(P(f[1]), f[2], f[3], I(f[4]), I(f[5]))); break;
                case "array": arrays.Add(new RegisterArray(P(f[1]), f[2], f[3], I(f[4]), I(f[5]))); break;
                case "port": ports.Add(new InstancePort(P(f[1]), f[2], f[3], I(f[4]), f[5] == "in")); break;
                default: throw new FormatException($"register inventory: unknown line '{string.Join(' ', f)}'");
            }
        }

        return new RegisterInventory(signals, arrays, ports);
    }
}
