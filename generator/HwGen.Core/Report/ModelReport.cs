// Renders a resolved HardwareModel for people (aligned text) and programs (JSON): what `hwgen explain` prints.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HwGen.Model;

namespace HwGen.Report;

public static class ModelReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static JsonObject ToJson(HardwareModel m)
    {
        var layers = new JsonArray();
        foreach (var l in m.Layers)
        {
            var layer = new JsonObject
            {
                ["index"] = l.Index,
                ["name"] = l.Name,
                ["type"] = TypeName(l.Kind),
                ["input_shape"] = new JsonArray(l.InputShape.Channels, l.InputShape.Height, l.InputShape.Width),
                ["output_shape"] = new JsonArray(l.OutputShape.Channels, l.OutputShape.Height, l.OutputShape.Width),
                ["kernel"] = l.Kernel,
                ["stride"] = l.Stride,
                ["padding"] = l.Padding,
                ["neurons"] = l.Neurons,
                ["fan_in"] = l.FanIn,
                ["weights"] = l.WeightCount,
                ["synapses"] = l.Synapses,
                ["spike_rate"] = l.SpikeRate,
                ["qnn_sparsity"] = l.QnnSparsity,
                ["mapping"] = new JsonObject
                {
                    ["lanes"] = l.Mapping.Lanes,
                    ["units_per_lane"] = l.Mapping.UnitsPerLane,
                    ["neurons_per_unit"] = l.Mapping.NeuronsPerUnit,
                    ["weights_per_unit"] = l.Mapping.WeightsPerUnit,
                    ["units_per_tile"] = l.Mapping.UnitsPerTile,
                    ["tiles"] = l.Mapping.Tiles,
                    ["weight_words_per_lane"] = l.Mapping.WeightWordsPerTile,
                    ["state_words_per_lane"] = l.Mapping.StateWordsPerTile,
                    ["weights_resident"] = l.Mapping.WeightsResident,
                },
            };
            if (l.Residual is { } residual)
            {
                layer["residual"] = residual.Name;
            }

            layers.Add(layer);
        }

        var n = m.Neuron;
        var json = new JsonObject
        {
            ["spec_version"] = 1,
            ["name"] = m.Name,
            ["dataflow"] = m.Dataflow.ToString().ToLowerInvariant(),
            ["technology"] = new JsonObject
            {
                ["preset"] = m.Technology.Preset,
                ["overrides"] = new JsonArray(m.Technology.Overrides.Select(o => (JsonNode)new JsonObject
                {
                    ["component"] = o.Component,
                    ["action"] = o.Action,
                    ["energy_pj"] = o.EnergyPj,
                }).ToArray()),
            },
            ["neuron"] = new JsonObject
            {
                ["model"] = KindName(n.Kind),
                ["timesteps"] = n.Timesteps,
                ["levels"] = n.Levels,
                ["threshold"] = n.Threshold,
                ["threshold_log2"] = n.ThresholdLog2,
                ["leak_shift"] = n.LeakShift,
                ["weight_bits"] = n.WeightBits,
                ["membrane_bits"] = n.MembraneBits,
                ["accumulator_bits"] = n.AccumulatorBits,
                ["payload_bits"] = n.PayloadBits,
            },
            ["twin"] = new JsonObject
            {
                ["activation_bits"] = m.Twin.ActivationBits,
                ["activation_bits_derived"] = m.Twin.ActivationBitsDerived,
                ["max_activation"] = m.Twin.MaxActivation,
                ["zero_skipping"] = m.Twin.ZeroSkipping,
            },
            ["memory"] = new JsonObject
            {
                ["dram_word_bits"] = m.Memory.Dram.WordBits,
                ["global_buffer_bits"] = m.Memory.GlobalBuffer.CapacityBits,
                ["global_buffer_words"] = m.Memory.GlobalBuffer.CapacityWords,
                ["global_buffer_word_bits"] = m.Memory.GlobalBuffer.WordBits,
                ["global_buffer_banks"] = m.Memory.GlobalBuffer.Banks,
                ["lane_weight_words"] = m.Memory.LaneMemory.WeightWords,
                ["lane_state_words"] = m.Memory.LaneMemory.StateWords,
            },
            ["noc"] = new JsonObject
            {
                ["topology"] = m.Noc.Topology.ToString().ToLowerInvariant(),
                ["mesh_x"] = m.Noc.MeshX,
                ["mesh_y"] = m.Noc.MeshY,
                ["link_bits"] = m.Noc.LinkBits,
                ["hops_per_transfer"] = m.Noc.HopsPerTransfer,
                ["buffer_depth"] = m.Noc.BufferDepth,
            },
            ["core"] = new JsonObject
            {
                ["lanes"] = m.Core.Lanes,
                ["input_queue_depth"] = m.Core.InputQueueDepth,
                ["output_queue_depth"] = m.Core.OutputQueueDepth,
            },
            ["workload"] = new JsonObject
            {
                ["input_shape"] = new JsonArray(m.Workload.Input.Channels, m.Workload.Input.Height, m.Workload.Input.Width),
                ["seed"] = m.Workload.Stimulus.Seed,
                ["input_spike_rate"] = m.Workload.Stimulus.InputSpikeRate,
                ["layers"] = layers,
                ["total_weights"] = m.Layers.Sum(l => l.WeightCount),
                ["total_synapses"] = m.Layers.Sum(l => l.Synapses),
            },
        };
        if (m.Mesh is { } mesh)
        {
            json["mesh"] = MeshJson(m, mesh);
        }

        if (m.Workload.TestSet is { } t)
        {
            json["workload"]!["test_set"] = new JsonObject
            {
                ["source"] = t.Source == TestSetSource.FashionMnist ? "fashion-mnist" : "files",
                ["images"] = t.Images,
                ["rtl_sample"] = t.RtlSample,
            };
        }

        return json;
    }

    private static JsonObject MeshJson(HardwareModel m, NocMapping mesh)
    {
        var h = mesh.Header;
        var twins = new JsonObject();
        foreach (var design in m.Designs)
        {
            var format = mesh.PacketFormat(design);
            twins[design.Name] = new JsonObject
            {
                ["sparse_flit_bits"] = format.SparseFlitBits,
                ["dense_flit_bits"] = format.DenseFlitBits,
                ["dense_values_per_flit"] = format.DenseValues,
                ["marker_bits"] = format.MarkerBits,
            };
        }

        return new JsonObject
        {
            ["routers"] = mesh.Routers,
            ["buffer_depth"] = mesh.BufferDepth,
            ["header_bits"] = new JsonObject
            {
                ["total"] = h.Bits, ["kind"] = NocHeader.KindBits, ["x"] = h.XBits, ["y"] = h.YBits, ["slot"] = h.SlotBits, ["source"] = h.SourceBits,
            },
            ["packets"] = twins,
            ["cores"] = new JsonArray(mesh.Cores.Select(c => (JsonNode)new JsonObject
            {
                ["index"] = c.Index,
                ["x"] = c.Position.X,
                ["y"] = c.Position.Y,
                ["slots"] = new JsonArray(c.Slots.Select(sl => (JsonNode)new JsonObject
                {
                    ["layer"] = m.Layers[sl.Layer].Name,
                    ["slice"] = sl.Index,
                    ["first_neuron"] = sl.FirstNeuron,
                    ["neurons"] = sl.Neurons,
                }).ToArray()),
                ["weight_words_per_lane"] = c.WeightWords,
                ["state_words_per_lane"] = c.StateWords,
                ["event_buffer_words"] = c.BufferWords,
            }).ToArray()),
            ["layers"] = new JsonArray(m.Layers.Select(l => (JsonNode)MeshLayerJson(m, mesh, l)).ToArray()),
        };
    }

    private static JsonObject MeshLayerJson(HardwareModel m, NocMapping mesh, LayerModel l)
    {
        var o = new JsonObject
        {
            ["name"] = l.Name,
            ["slices"] = mesh.Slices[l.Index].Count,
            ["cores"] = new JsonArray(mesh.Slices[l.Index].Select(sl => (JsonNode)sl.Core).ToArray()),
            ["noc_encoding"] = l.NocEncoding.ToString().ToLowerInvariant(),
            ["average_hops"] = mesh.AverageHops(l.Index),
        };
        if (mesh.ShortcutSource(l.Index) is var source and >= 0)
        {
            // Every slice of the shortcut's layer sends each output event to every slice of this one.
            o["shortcut_from"] = m.Layers[source].Name;
            o["shortcut_source_cores"] = new JsonArray(mesh.Slices[source].Select(sl => (JsonNode)sl.Core).ToArray());
        }
        else if (mesh.HasInputShortcut(l.Index))
        {
            // The host writes the input into every slice of this layer: no source core.
            o["shortcut_from"] = Shortcut.InputName;
            o["shortcut_source_cores"] = new JsonArray();
        }

        if (m.NocEncodings is not null)
        {
            foreach (var design in m.Designs)
            {
                var encoding = m.EncodingsOf(design.Kind)[l.Index];
                o[design.Name] = new JsonObject
                {
                    ["encoding"] = encoding.ToString(),
                    ["flits_per_event"] = mesh.FlitsPerEvent(l.Index, mesh.PacketFormat(design), encoding, EventsPerNeuron(m, design, l), design.Timesteps),
                    ["hybrid_crossover_events"] = encoding.Mode == NocEncoding.Hybrid ? new JsonArray(encoding.HybridThresholds.Select(t => (JsonNode)t).ToArray()) : null,
                };
            }
        }

        return o;
    }

    /// <summary>Expected output events per neuron and timestep at the spec's statistics.</summary>
    private static double EventsPerNeuron(HardwareModel m, TwinDesign design, LayerModel l) =>
        design.IsSpiking ? l.SpikeRate : design.ZeroSkipping ? 1 - l.QnnSparsity : 1;

    public static string ToJsonText(HardwareModel m) =>
        ToJson(m).ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    public static string KindName(NeuronKind kind) => kind switch
    {
        NeuronKind.MultiLevel => "multilevel",
        NeuronKind.Qnn => "qnn",
        _ => "snn",
    };

    public static string ToText(HardwareModel m)
    {
        var n = m.Neuron;
        var sb = new StringBuilder();
        sb.Append(Inv, $"spec        {m.Name} (version 1, {m.SourceFile})\n");
        sb.Append(Inv, $"dataflow    {m.Dataflow.ToString().ToLowerInvariant()}; energy table '{m.Technology.Preset}' with {m.Technology.Overrides.Count} override(s)\n");
        if (m.HasSpikingDesign)
        {
            sb.Append(Inv, $"neuron      {KindName(n.Kind)}: T={n.Timesteps}, L={n.Levels}, threshold={n.Threshold} (2^{n.ThresholdLog2}), leak_shift={n.LeakShift}, weights {n.WeightBits} b, membrane {n.MembraneBits} b\n");
            var rule = m.Twin.ActivationBitsDerived ? $"derived: ceil(log2(L*T+1)) = ceil(log2({(long)n.Levels * n.Timesteps + 1}))" : "given";
            sb.Append(Inv, $"QNN twin    activations {m.Twin.ActivationBits} b ({rule}), accumulator {n.AccumulatorBits} b, zero skipping {(m.Twin.ZeroSkipping ? "on" : "off")}\n");
        }
        else
        {
            sb.Append(Inv, $"neuron      qnn: activations {m.Twin.ActivationBits} b, weights {n.WeightBits} b, accumulator {n.AccumulatorBits} b, threshold={n.Threshold}\n");
        }

        var gb = m.Memory.GlobalBuffer;
        sb.Append(Inv, $"memory      DRAM {m.Memory.Dram.WordBits} b words; global buffer {gb.CapacityBits / 8192} KiB = {gb.CapacityWords} x {gb.WordBits} b in {gb.Banks} bank(s)\n");
        sb.Append(Inv, $"            per lane: {m.Memory.LaneMemory.WeightWords} weight words, {m.Memory.LaneMemory.StateWords} state words\n");
        sb.Append(Inv, $"core        {m.Core.Lanes} lanes, input queue {m.Core.InputQueueDepth}, output queue {m.Core.OutputQueueDepth}\n");
        sb.Append(m.Noc.Topology == NocTopology.None
            ? "noc         none\n"
            : m.Mesh is null
                ? string.Create(Inv, $"noc         mesh {m.Noc.MeshX}x{m.Noc.MeshY}, {m.Noc.LinkBits} b links (unused by the classical dataflow)\n")
                : string.Create(Inv, $"noc         mesh {m.Noc.MeshX}x{m.Noc.MeshY}, {m.Noc.LinkBits} b links{(m.Noc.HopsPerTransfer is { } h ? string.Create(Inv, $", expected mode at {h:0.###} hops per flit (noc.hops_per_transfer)") : "")}\n"));
        sb.Append(Inv, $"workload    input {m.Workload.Input}, seed {m.Workload.Stimulus.Seed}, input spike rate {m.Workload.Stimulus.InputSpikeRate}\n");
        if (m.Workload.TestSet is { } testSet)
        {
            var source = testSet.Source == TestSetSource.FashionMnist ? $"{FashionMnistImages.Name} test split ({FashionMnistImages.Package})" : "inputs_file and labels_file";
            sb.Append(Inv, $"test set    {source}, {(testSet.Images is { } count ? $"first {count} images" : "every image")}; the first {testSet.RtlSample} also in RTL\n");
        }

        sb.Append('\n');
        var rows = new List<string[]>
        {
            new[] { "#", "layer", "type", "input", "output", "neurons", "fan-in", "weights", "synapses", "tiles", "weights/lane", "state/lane", "resident" },
        };
        foreach (var l in m.Layers)
        {
            rows.Add([
                l.Index.ToString(Inv), l.Name,
                Describe(l),
                l.InputShape.ToString(), l.OutputShape.ToString(), l.Neurons.ToString(Inv), l.FanIn.ToString(Inv),
                l.WeightCount.ToString(Inv), l.Synapses.ToString(Inv), l.Mapping.Tiles.ToString(Inv),
                l.Mapping.WeightWordsPerTile.ToString(Inv), l.Mapping.StateWordsPerTile.ToString(Inv), l.Mapping.WeightsResident ? "yes" : "no",
            ]);
        }

        sb.Append(TextTable.Render(rows));
        if (m.Mesh is { } mesh)
        {
            sb.Append('\n').Append(MeshText(m, mesh));
        }

        return sb.ToString();
    }

    /// <summary>The mesh mapping: packet formats, the cores and their slices, per layer its cores, encodings, flits per event and hops.</summary>
    private static string MeshText(HardwareModel m, NocMapping mesh)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"mesh        {mesh.Cores.Count} core(s) on {mesh.Routers} routers, XY routing, credit flow control, {mesh.BufferDepth}-flit router input buffers; header {mesh.Header}\n");
        foreach (var design in m.Designs)
        {
            sb.Append(Inv, $"packets     {design.Name}: {mesh.PacketFormat(design)}\n");
        }

        foreach (var core in mesh.Cores)
        {
            var slots = string.Join(", ", core.Slots.Select(sl => string.Create(Inv, $"{m.Layers[sl.Layer].Name}[{sl.Index}] neurons {sl.FirstNeuron}..{sl.FirstNeuron + sl.Neurons - 1}")));
            sb.Append(Inv, $"core {core.Index,-6} at {core.Position}: {slots}; per lane {core.WeightWords} weight + {core.StateWords} state words; event buffer {core.BufferWords} words\n");
        }

        sb.Append('\n');
        var header = new List<string> { "#", "layer", "slices", "cores", "noc_encoding" };
        foreach (var design in m.Designs)
        {
            header.Add($"{design.Name} encoding");
            header.Add($"{design.Name} flits/event");
        }

        header.Add("avg hops");
        var rows = new List<string[]> { header.ToArray() };
        foreach (var l in m.Layers)
        {
            var row = new List<string>
            {
                l.Index.ToString(Inv), l.Name, mesh.Slices[l.Index].Count.ToString(Inv),
                CoreList(mesh.Slices[l.Index].Select(sl => sl.Core).ToList()), l.NocEncoding.ToString().ToLowerInvariant(),
            };
            foreach (var design in m.Designs)
            {
                if (m.NocEncodings is null)
                {
                    row.Add("unresolved");
                    row.Add("-");
                    continue;
                }

                var encoding = m.EncodingsOf(design.Kind)[l.Index];
                var flits = mesh.FlitsPerEvent(l.Index, mesh.PacketFormat(design), encoding, EventsPerNeuron(m, design, l), design.Timesteps);
                row.Add(mesh.Destinations(l.Index).Count == 0 ? "-" : encoding.ToString());
                row.Add(flits is { } f ? f.ToString("0.###", Inv) : "-");
            }

            row.Add(mesh.AverageHops(l.Index) is { } hops ? hops.ToString("0.###", Inv) : "-");
            rows.Add(row.ToArray());
        }

        sb.Append(TextTable.Render(rows));
        var shortcuts = m.Layers.Where(l => mesh.ShortcutSource(l.Index) >= 0 || mesh.HasInputShortcut(l.Index)).ToList();
        if (shortcuts.Count > 0)
        {
            // Flits/event and hops above count every stream a layer sends on, its shortcut streams included.
            sb.Append('\n');
            foreach (var l in shortcuts)
            {
                var source = mesh.ShortcutSlices(l.Index);
                var to = mesh.Slices[l.Index];
                if (source.Count == 0)
                {
                    sb.Append(Inv, $"shortcut    input -> {l.Name}: the host writes every input event into each of {to.Count} slice(s) of {l.Name} ");
                    sb.Append(Inv, $"(cores {CoreList(to.Select(d => d.Core).ToList())}) before the run, no NoC traffic; {l.Name} integrates them after its own input's\n");
                    continue;
                }

                var hops = source.Sum(s => to.Sum(d => mesh.Hops(s, d)));
                sb.Append(Inv, $"shortcut    {m.Layers[source[0].Layer].Name} -> {l.Name}: each of {source.Count} source slice(s) (cores {CoreList(source.Select(s => s.Core).ToList())}) ");
                sb.Append(Inv, $"sends every output event to each of {to.Count} slice(s) of {l.Name} (cores {CoreList(to.Select(d => d.Core).ToList())}), ");
                sb.Append(Inv, $"{(double)hops / (source.Count * to.Count):0.###} hops on average; {l.Name} integrates them after its own input's\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Core indices as ranges: 0-3, 5, 7-8.</summary>
    private static string CoreList(IReadOnlyList<int> cores)
    {
        var parts = new List<string>();
        for (var i = 0; i < cores.Count;)
        {
            var j = i;
            while (j + 1 < cores.Count && cores[j + 1] == cores[j] + 1)
            {
                j++;
            }

            parts.Add(j == i ? cores[i].ToString(Inv) : string.Create(Inv, $"{cores[i]}-{cores[j]}"));
            i = j + 1;
        }

        return string.Join(",", parts);
    }

    /// <summary>The spec's word for a layer kind.</summary>
    public static string TypeName(LayerKind kind) => kind switch
    {
        LayerKind.Fc => "fc",
        LayerKind.Conv2d => "conv2d",
        LayerKind.MaxPool => "maxpool",
        _ => "avgpool",
    };

    /// <summary>The type column: kind, window, stride and padding, and the shortcut a residual layer adds.</summary>
    private static string Describe(LayerModel l)
    {
        var kind = l.Kind switch
        {
            LayerKind.Fc => "fc",
            LayerKind.Conv2d => string.Create(Inv, $"conv{l.Kernel}x{l.Kernel}/s{l.Stride}/p{l.Padding}"),
            LayerKind.MaxPool => string.Create(Inv, $"maxpool{l.Kernel}x{l.Kernel}/s{l.Stride}/p{l.Padding}"),
            _ => string.Create(Inv, $"avgpool{l.Kernel}x{l.Kernel}/s{l.Stride}/p{l.Padding}"),
        };
        return l.Residual is { } residual ? $"{kind} +{residual.Name}" : kind;
    }
}
