// The two files between C# and the C++ harness: run data (DRAM image, layer-0 input events) and results (counts,
// events, final states, cycles). Formats: docs/rtl.md, "Harness files".
using System.Globalization;
using System.Text;
using HwGen.Emit;
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Sim;

/// <summary>
/// The DRAM geometry the harness counts bursts and row activations in: bits per burst and per row. The default is a
/// 64-bit DDR4 rank of eight x8 devices (BL8: 512 bits; 1024 columns x 8 bits x 8 devices: 65536 bits), the DRAMPower
/// MICRON_4Gb_DDR4-2400_8bit_A memspec; a run that prices DRAM passes its ERT's geometry.
/// </summary>
public readonly record struct DramGeometry(long BurstBits, long RowBits)
{
    public static DramGeometry Ddr4Rank64 { get; } = new(512, 65536);
}

/// <summary>The data of one run: signed weights per layer ([unit * FanIn + i]) and the input events per timestep.</summary>
public sealed record RtlRunInput(IReadOnlyList<IReadOnlyList<int>> Weights, IReadOnlyList<IReadOnlyList<SpikeEvent>> Inputs)
{
    public int Timesteps => Inputs.Count;

    /// <summary>The geometry the harness counts DRAM bursts and rows in.</summary>
    public DramGeometry Dram { get; init; } = DramGeometry.Ddr4Rank64;
}

/// <summary>What the RTL did, as read back from the harness.</summary>
public sealed record RtlRunResult(
    bool Finished,
    string? Failure,
    long Cycles,
    double WallSeconds,
    IReadOnlyList<long> LayerCycles,
    IReadOnlyDictionary<string, long> PhaseCycles,
    IReadOnlyList<ActionCounts> LayerCounts,
    NetworkTrace Trace)
{
    public ActionCounts TotalCounts => ActionCounts.Sum(LayerCounts);

    /// <summary>Bit toggles of every counted bus over the whole run (CoreToggleProbes), from the harness.</summary>
    public IReadOnlyList<MeasuredToggles> Toggles { get; init; } = [];

    /// <summary>The same per layer: the cycles whose status_layer was that layer.</summary>
    public IReadOnlyList<IReadOnlyList<MeasuredToggles>> LayerToggles { get; init; } = [];

    /// <summary>
    /// The same per layer and timestep ([layer][t]): the integrate, fire and drain cycles of that timestep (all tiles);
    /// tile loads count towards <see cref="LayerToggles"/> only.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<MeasuredToggles>>> StepToggles { get; init; } = [];

    /// <summary>
    /// Action counts per layer and timestep ([layer][t]), over the same cycles as <see cref="StepToggles"/>: the
    /// integrate, fire and drain phases of t (all tiles); weight loading counts towards the layer only.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ActionCounts>> StepCounts { get; init; } = [];

    /// <summary>The NoC traffic the harness counted on a mesh design (per sending layer and router port); null for the classical core.</summary>
    public NocTrafficResult? Noc { get; init; }

    /// <summary>Cycles a network interface had a flit to inject but no credit (backpressure from the router).</summary>
    public long NocStallCycles { get; init; }

    /// <summary>Per layer, the bit toggles its flits caused on the inter-router links, by class; empty for the classical core.</summary>
    public IReadOnlyList<NocLinkToggles> NocLinkToggles { get; init; } = [];

    /// <summary>The DRAM geometry the harness counted bursts and rows in (null: a harness without counters).</summary>
    public DramGeometry? Dram { get; init; }

    /// <summary>Simulated cycles per wall-clock second of the harness loop.</summary>
    public double CyclesPerSecond => WallSeconds > 0 ? Cycles / WallSeconds : 0;

    /// <summary>Processor seconds of the same loop (0 when the harness does not report them).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Simulated cycles per processor second: what the loop costs, whatever else the machine runs.</summary>
    public double CyclesPerCpuSecond => CpuSeconds > 0 ? Cycles / CpuSeconds : 0;
}

/// <summary>Bit toggles a layer's flits caused on the inter-router links: sparse events and markers, and dense words.</summary>
public readonly record struct NocLinkToggles(long Sparse, long Dense);

public static class HarnessFiles
{
    /// <summary>The per-layer NoC counters of a mesh harness's noc_count lines, in the order of <see cref="NocLayerCounts"/>.</summary>
    private static readonly string[] NocCountNames = ["sparse_flits", "dense_flits", "markers", "flit_hops", "router_traversals", "sparse_bit_hops", "dense_bit_hops"];

    private static MeshPort ParsePort(string name) => name switch
    {
        "east" => MeshPort.East,
        "west" => MeshPort.West,
        "south" => MeshPort.South,
        "north" => MeshPort.North,
        "local" => MeshPort.Local,
        _ => throw new FormatException($"harness results: unknown router port '{name}'"),
    };

    public static string RunData(RtlDesign design, RtlRunInput input, long cycleLimit = 0)
    {
        if (input.Timesteps < 1 || input.Timesteps > design.Timesteps)
        {
            throw new ArgumentException($"the run has {input.Timesteps} timesteps; the {design.Design} design holds 1..{design.Timesteps}");
        }

        if (design.Mesh is { } mesh)
        {
            return MeshRunData(design, mesh, input, cycleLimit);
        }

        var first = design.Layers[0];
        var sb = new StringBuilder();
        sb.Append("hwgen-rtl-data 1\n");
        sb.Append(CultureInfo.InvariantCulture, $"timesteps {input.Timesteps}\n");
        sb.Append(CultureInfo.InvariantCulture, $"cycle_limit {cycleLimit}\n");
        sb.Append(CultureInfo.InvariantCulture, $"dram_geometry {input.Dram.BurstBits} {input.Dram.RowBits}\n");
        var dram = design.PackDram(input.Weights);
        sb.Append(CultureInfo.InvariantCulture, $"dram {dram.Length}\n");
        foreach (var word in dram)
        {
            sb.Append(word.ToString("x", CultureInfo.InvariantCulture)).Append('\n');
        }

        var writes = new List<string>();
        for (var t = 0; t < input.Timesteps; t++)
        {
            var events = input.Inputs[t];
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                if (e.Address < 0 || e.Address >= first.EventShape.Size || e.Value < 0 || e.Value > design.MaxValue)
                {
                    throw new ArgumentException($"input event {e} at timestep {t} is outside the input (size {first.EventShape.Size}, values 0..{design.MaxValue})");
                }

                var address = first.InBase + (long)t * first.InStride + i;
                var word = design.PackEvent(first.EventShape, e.Address, e.Value);
                writes.Add(string.Create(CultureInfo.InvariantCulture, $"{address} {word:x}"));
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"host {writes.Count}\n");
        foreach (var w in writes)
        {
            sb.Append(w).Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"counts {input.Timesteps}\n");
        foreach (var events in input.Inputs)
        {
            sb.Append(events.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        sb.Append("end\n");
        return sb.ToString();
    }

    /// <summary>
    /// A mesh design's run data: per core its lane weight rows (config: core, lane address, one weight per lane), the
    /// layer-0 input events written into the event buffer of each core that holds a layer-0 slice (host: core, address,
    /// word), and their per-timestep counts (counts: core, count-table index, mark index, events).
    /// </summary>
    private static string MeshRunData(RtlDesign design, RtlMesh mesh, RtlRunInput input, long cycleLimit)
    {
        var model = design.Model;
        var sb = new StringBuilder();
        sb.Append("hwgen-rtl-data 1\n");
        sb.Append(CultureInfo.InvariantCulture, $"timesteps {input.Timesteps}\n");
        sb.Append(CultureInfo.InvariantCulture, $"cycle_limit {cycleLimit}\n");
        var mask = (1UL << design.WeightBits) - 1;
        var rows = new List<string>();
        foreach (var core in mesh.Slots)
        {
            foreach (var slot in core)
            {
                var slice = slot.Slice;
                var layer = model.Layers[slice.Layer];
                if (layer.IsPool)
                {
                    // A pool has no weights: its slot configures nothing.
                    continue;
                }

                var weights = input.Weights[slice.Layer];
                var units = layer.Kind == LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
                var fanIn = layer.FanIn;
                for (var j = 0; j < slice.LocalUnits; j++)
                {
                    for (var i = 0; i < fanIn; i++)
                    {
                        var row = new StringBuilder();
                        row.Append(CultureInfo.InvariantCulture, $"{slice.Core} {slice.WeightBase + (long)j * fanIn + i}");
                        for (var lane = 0; lane < design.Lanes; lane++)
                        {
                            var unit = (slice.FirstLocalUnit + j) * design.Lanes + lane;
                            var value = unit < units ? (ulong)weights[unit * fanIn + i] & mask : 0;
                            row.Append(' ').Append(value.ToString("x", CultureInfo.InvariantCulture));
                        }

                        rows.Add(row.ToString());
                    }
                }
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"config {rows.Count}\n");
        foreach (var row in rows)
        {
            sb.Append(row).Append('\n');
        }

        var shape = model.Workload.Input;
        var writes = new List<string>();
        var counts = new List<string>();
        foreach (var slice in mesh.Mapping.Slices[0])
        {
            var slot = mesh.SlotOf(slice);
            for (var t = 0; t < input.Timesteps; t++)
            {
                var events = input.Inputs[t];
                for (var n = 0; n < events.Count; n++)
                {
                    var e = events[n];
                    if (e.Address < 0 || e.Address >= shape.Size || e.Value < 0 || e.Value > design.MaxValue)
                    {
                        throw new ArgumentException($"input event {e} at timestep {t} is outside the input (size {shape.Size}, values 0..{design.MaxValue})");
                    }

                    writes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{slice.Core} {mesh.BufferAddress(slot, t, 0, n)} {design.PackEvent(shape, e.Address, e.Value):x}"));
                }

                counts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{slice.Core} {mesh.CountIndex(slot, t, 0)} {mesh.MarkIndex(slice.Slot, t)} {events.Count}"));
            }
        }

        // A shortcut from the network input: the host writes every input event into each slice of the adding layer as
        // its last stream (after its own input's), like layer 0's input.
        foreach (var layer in model.Layers.Where(l => mesh.Mapping.HasInputShortcut(l.Index)))
        {
            foreach (var slice in mesh.Mapping.Slices[layer.Index])
            {
                var slot = mesh.SlotOf(slice);
                var stream = slot.Sources - 1;
                for (var t = 0; t < input.Timesteps; t++)
                {
                    var events = input.Inputs[t];
                    for (var n = 0; n < events.Count; n++)
                    {
                        var e = events[n];
                        writes.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{slice.Core} {mesh.BufferAddress(slot, t, stream, n)} {design.PackEvent(shape, e.Address, e.Value):x}"));
                    }

                    counts.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{slice.Core} {mesh.CountIndex(slot, t, stream)} {mesh.MarkIndex(slice.Slot, t)} {events.Count}"));
                }
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"host {writes.Count}\n");
        foreach (var w in writes)
        {
            sb.Append(w).Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"counts {counts.Count}\n");
        foreach (var c in counts)
        {
            sb.Append(c).Append('\n');
        }

        sb.Append("end\n");
        return sb.ToString();
    }

    public static RtlRunResult ParseResults(RtlDesign design, RtlRunInput input, string text)
    {
        var layers = design.Layers.Count;
        var timesteps = input.Timesteps;
        var counts = Enumerable.Range(0, layers).Select(_ => new ActionCounts()).ToList();
        var layerCycles = new long[layers];
        var phaseCycles = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var outputs = Enumerable.Range(0, layers).Select(_ => Enumerable.Range(0, timesteps).Select(_ => new List<SpikeEvent>()).ToList()).ToList();
        var states = design.Layers.Select(l => Enumerable.Repeat(long.MinValue, l.Layer.Neurons).ToArray()).ToList();
        bool finished = false;
        string? failure = null;
        long cycles = 0;
        double wall = 0;
        double cpu = 0;
        var toggles = new List<MeasuredToggles>();
        var layerToggles = Enumerable.Range(0, layers).Select(_ => new List<MeasuredToggles>()).ToList();
        var stepCounts = Enumerable.Range(0, layers).Select(_ => Enumerable.Range(0, timesteps).Select(_ => new ActionCounts()).ToList()).ToList();
        var stepToggles = Enumerable.Range(0, layers).Select(_ => Enumerable.Range(0, timesteps).Select(_ => new List<MeasuredToggles>()).ToList()).ToList();
        var nocLayers = Enumerable.Range(0, layers).Select(_ => new long[7]).ToList();
        var nocPorts = new List<NocLinkCounts>();
        long stalls = 0;
        var linkToggles = new NocLinkToggles[design.Layers.Count];
        DramGeometry? dram = null;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != "hwgen-rtl-results 1")
        {
            throw new FormatException("harness results: expected header 'hwgen-rtl-results 1'");
        }

        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ');
            switch (f[0])
            {
                case "finished": finished = f[1] == "1"; break;
                case "failure": failure = f[1]; break;
                case "cycles": cycles = long.Parse(f[1], CultureInfo.InvariantCulture); break;
                case "wall_seconds": wall = double.Parse(f[1], CultureInfo.InvariantCulture); break;
                case "cpu_seconds": cpu = double.Parse(f[1], CultureInfo.InvariantCulture); break;
                case "bad_state_addresses":
                    if (f[1] != "0")
                    {
                        failure ??= "observation port reported neuron addresses outside the layer";
                    }

                    break;
                case "phase_cycles": phaseCycles[f[1]] = long.Parse(f[2], CultureInfo.InvariantCulture); break;
                case "layer_cycles": layerCycles[int.Parse(f[1], CultureInfo.InvariantCulture)] = long.Parse(f[2], CultureInfo.InvariantCulture); break;
                case "count":
                    var dot = f[2].IndexOf('.', StringComparison.Ordinal);
                    counts[int.Parse(f[1], CultureInfo.InvariantCulture)].Add(new ActionKey(f[2][..dot], f[2][(dot + 1)..]), long.Parse(f[3], CultureInfo.InvariantCulture));
                    break;
                case "event":
                    var layer = int.Parse(f[1], CultureInfo.InvariantCulture);
                    var t = int.Parse(f[2], CultureInfo.InvariantCulture);
                    if (t >= timesteps)
                    {
                        failure ??= $"output event in layer {layer} at timestep {t} beyond the run's {timesteps} timesteps";
                        break;
                    }

                    outputs[layer][t].Add(new SpikeEvent(int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture)));
                    break;
                case "state":
                    if (f[3] != "unset")
                    {
                        states[int.Parse(f[1], CultureInfo.InvariantCulture)][int.Parse(f[2], CultureInfo.InvariantCulture)] = long.Parse(f[3], CultureInfo.InvariantCulture);
                    }

                    break;
                case MeasuredToggles.LineKey:
                    toggles.Add(MeasuredToggles.TryParse(f) ?? throw new FormatException($"harness results: malformed line '{line}'"));
                    break;
                case "toggle_layer":
                    layerToggles[int.Parse(f[1], CultureInfo.InvariantCulture)].Add(
                        MeasuredToggles.TryParse([MeasuredToggles.LineKey, .. f[2..]]) ?? throw new FormatException($"harness results: malformed line '{line}'"));
                    break;
                case "count_step":
                    var stepDot = f[3].IndexOf('.', StringComparison.Ordinal);
                    stepCounts[int.Parse(f[1], CultureInfo.InvariantCulture)][int.Parse(f[2], CultureInfo.InvariantCulture)]
                        .Add(new ActionKey(f[3][..stepDot], f[3][(stepDot + 1)..]), long.Parse(f[4], CultureInfo.InvariantCulture));
                    break;
                case "toggle_step":
                    stepToggles[int.Parse(f[1], CultureInfo.InvariantCulture)][int.Parse(f[2], CultureInfo.InvariantCulture)].Add(
                        MeasuredToggles.TryParse([MeasuredToggles.LineKey, .. f[3..]]) ?? throw new FormatException($"harness results: malformed line '{line}'"));
                    break;
                case "noc_count":
                    nocLayers[int.Parse(f[1], CultureInfo.InvariantCulture)][Array.IndexOf(NocCountNames, f[2]) is var k and >= 0 ? k
                        : throw new FormatException($"harness results: unknown NoC counter '{f[2]}'")] = long.Parse(f[3], CultureInfo.InvariantCulture);
                    break;
                case "noc_port":
                    nocPorts.Add(new NocLinkCounts(int.Parse(f[1], CultureInfo.InvariantCulture), ParsePort(f[2]),
                        long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)));
                    break;
                case "noc_stall_cycles": stalls = long.Parse(f[1], CultureInfo.InvariantCulture); break;
                case "noc_link_toggles":
                    linkToggles[int.Parse(f[1], CultureInfo.InvariantCulture)] =
                        new NocLinkToggles(long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture));
                    break;
                case "dram_geometry":
                    dram = new DramGeometry(long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture));
                    break;
                case "end": break;
                default: throw new FormatException($"harness results: unknown line '{line}'");
            }
        }

        var traces = new List<LayerTrace>();
        IReadOnlyList<IReadOnlyList<SpikeEvent>> layerInputs = input.Inputs;
        for (var l = 0; l < layers; l++)
        {
            IReadOnlyList<IReadOnlyList<SpikeEvent>> layerOutputs = outputs[l].Select(o => (IReadOnlyList<SpikeEvent>)o).ToList();
            traces.Add(new LayerTrace(l, layerInputs, layerOutputs, states[l]));
            layerInputs = layerOutputs;
        }

        return new RtlRunResult(finished, failure, cycles, wall, layerCycles, phaseCycles, counts, new NetworkTrace(design.Design, traces))
        {
            Noc = design.Mesh is null ? null : new NocTrafficResult(
                nocLayers.Select(n => new NocLayerCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6])).ToList(), nocPorts),
            NocStallCycles = stalls,
            NocLinkToggles = design.Mesh is null ? [] : linkToggles,
            CpuSeconds = cpu,
            Toggles = toggles,
            Dram = dram,
            LayerToggles = layerToggles,
            StepCounts = stepCounts.Select(l => (IReadOnlyList<ActionCounts>)l).ToList(),
            StepToggles = stepToggles.Select(l => (IReadOnlyList<IReadOnlyList<MeasuredToggles>>)l.Select(t => (IReadOnlyList<MeasuredToggles>)t).ToList()).ToList(),
        };
    }
}
