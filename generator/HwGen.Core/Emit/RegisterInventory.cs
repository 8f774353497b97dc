// Every flip-flop of a generated design, per instance: the registers (named nets driven by flip-flops) and the register
// arrays (memories that are not SRAM macros), as Yosys finds them in the RTL (Sim/FlipFlopInventory.cs), and the probes
// that make the harness count every one of them.
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>A register: <paramref name="FlipFlops"/> flip-flop bits driving the net <paramref name="Name"/> of the instance at <paramref name="Path"/>.</summary>
public sealed record RegisterSignal(string Path, string Module, string Name, int Width, int FlipFlops);

/// <summary>A register array (or an SRAM macro's array): <paramref name="Words"/> words of <paramref name="Width"/> bits.</summary>
public sealed record RegisterArray(string Path, string Module, string Name, int Words, int Width)
{
    public long Bits => (long)Words * Width;
}

/// <summary>A port of the module instantiated at <paramref name="Path"/>: a pin of a hierarchical netlist (the top's ports when the path is empty).</summary>
public sealed record InstancePort(string Path, string Module, string Name, int Width, bool IsInput);

/// <summary>
/// Every register and array of a design, instance by instance, and every instance's ports; SRAM macros (sram_1r1w) are
/// listed but are no flip-flops.
/// </summary>
public sealed record RegisterInventory(IReadOnlyList<RegisterSignal> Signals, IReadOnlyList<RegisterArray> Arrays, IReadOnlyList<InstancePort>? Ports = null)
{
    /// <summary>The ports of every instance (none when the inventory was made without them).</summary>
    public IReadOnlyList<InstancePort> InstancePorts => Ports ?? [];

    /// <summary>True when <paramref name="name"/> is a port of the instance at <paramref name="path"/>.</summary>
    public bool IsPort(string path, string name) => InstancePorts.Any(p => p.Path == path && p.Name == name);

    /// <summary>Arrays up to this many words are counted word by word every cycle; larger ones need a countable write port.</summary>
    public const int WordByWordLimit = 1024;

    /// <summary>True for a path inside an SRAM macro (its array and its read register are the memory model's).</summary>
    public static bool IsSramMacro(string module) => module == CoreToggleProbes.SramModule;

    /// <summary>The flip-flops of the design: every register bit and every bit of a register array outside the SRAM macros.</summary>
    public long FlipFlops => Signals.Where(s => !IsSramMacro(s.Module)).Sum(s => (long)s.FlipFlops)
        + Arrays.Where(a => !IsSramMacro(a.Module)).Sum(a => a.Bits);

    /// <summary>The flip-flops at or below the instance <paramref name="path"/>.</summary>
    public long FlipFlopsUnder(string path) =>
        Signals.Where(s => !IsSramMacro(s.Module) && Under(s.Path, path)).Sum(s => (long)s.FlipFlops)
        + Arrays.Where(a => !IsSramMacro(a.Module) && Under(a.Path, path)).Sum(a => a.Bits);

    private static bool Under(string path, string root) => path == root || path.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>
    /// The probes that count every flip-flop: a net per register (register class), and per register array either its
    /// write port's flipped bits (an event_fifo: push, wp, din) or, up to <see cref="WordByWordLimit"/> words, each word.
    /// The SRAM macros and the probes the core already has (<paramref name="existing"/>) are left out.
    /// </summary>
    public IReadOnlyList<ToggleProbe> Probes(IReadOnlyList<ToggleProbe> existing)
    {
        var counted = existing.Where(p => p.Kind == ProbeKind.Net).Select(p => (p.Path, p.Net ?? p.Signal)).ToHashSet();
        var flipped = existing.Where(p => p.Kind == ProbeKind.WriteFlips).Select(p => (p.Path, p.Array!.Name)).ToHashSet();
        var probes = new List<ToggleProbe>();
        foreach (var s in Signals.Where(s => !IsSramMacro(s.Module) && !counted.Contains((s.Path, s.Name))))
        {
            probes.Add(new ToggleProbe(s.Path, s.Module, s.Name, SignalClass.Register, s.Width));
        }

        foreach (var a in Arrays.Where(a => !IsSramMacro(a.Module) && !flipped.Contains((a.Path, a.Name))))
        {
            if (a.Module == CoreToggleProbes.QueueModule)
            {
                NetRef Net(string name) => new(a.Path, a.Module, name);
                probes.Add(new ToggleProbe(a.Path, a.Module, a.Name + ":flips", SignalClass.Register, a.Width)
                {
                    Kind = ProbeKind.WriteFlips, Enable = Net("push"), Address = Net("wp"), AddressBits = Bits.ForAddress(a.Words),
                    Data = Net("din"), DataBits = a.Width, Array = Net(a.Name),
                });
            }
            else if (a.Words <= WordByWordLimit)
            {
                for (var w = 0; w < a.Words; w++)
                {
                    probes.Add(new ToggleProbe(a.Path, a.Module, $"{a.Name}[{w}]", SignalClass.Register, a.Width) { Net = a.Name, ArrayIndex = w });
                }
            }
            else
            {
                throw new ArgumentException($"register array {a.Path}.{a.Name} has {a.Words} words: more than {WordByWordLimit} to count word by word, and no write port the harness knows");
            }
        }

        return probes;
    }
}
