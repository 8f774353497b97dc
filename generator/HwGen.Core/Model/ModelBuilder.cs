// Validates a SpecDocument and derives the immutable HardwareModel: ranges, defaults, twin widths, shapes, mapping.
using HwGen.Diagnostics;
using HwGen.Spec;

namespace HwGen.Model;

public sealed partial class ModelBuilder(DiagnosticBag bag, string baseDirectory, IReadOnlyCollection<string> presets)
{
    public HardwareModel? Build(SpecDocument doc)
    {
        if (doc.Version is { } version && version.Value != 1)
        {
            bag.UnsupportedVersion(version.Span, version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (doc.Name is { } name && !IsName(name.Value))
        {
            bag.InvalidName(name.Span, "name", name.Value);
        }

        var technology = Technology(doc.Technology);
        var memory = Memory(doc.Memory);
        var noc = Noc(doc.Noc);
        var core = doc.Core is null ? null : new CoreModel(
            Int(doc.Core.Lanes, "core.lanes", 1, 256, 1),
            Int(doc.Core.InputQueueDepth, "core.input_queue_depth", 2, 65536, 16),
            Int(doc.Core.OutputQueueDepth, "core.output_queue_depth", 2, 65536, 16),
            Real(doc.Core.ClockMhz, "core.clock_mhz", 1, 10000, CoreModel.DefaultClockMhz),
            doc.Core.OperandIsolation?.Value ?? false);
        var dataflow = doc.Dataflow?.Value switch
        {
            "spatial" => Dataflow.Spatial,
            "neuromorphic" => Dataflow.Neuromorphic,
            _ => Dataflow.Classical,
        };
        var neuron = Neuron(doc.Neuron);
        var twin = neuron is null ? null : Twin(doc.Twin, doc.Neuron!, neuron);
        if (neuron is not null && twin is not null && neuron.Kind != NeuronKind.Qnn && doc.Neuron?.AccumulatorBits is not null
            && neuron.AccumulatorBits < neuron.WeightBits + twin.ActivationBits + 1)
        {
            bag.AccumulatorTooNarrow(doc.Neuron.AccumulatorBits.Value.Span, neuron.AccumulatorBits, neuron.WeightBits + twin.ActivationBits + 1);
        }

        if (noc is not null && dataflow != Dataflow.Classical && noc.Topology == NocTopology.None)
        {
            bag.DataflowNeedsMesh(doc.Dataflow!.Value.Span, doc.Dataflow.Value.Value);
        }

        var workload = memory is null || core is null || neuron is null || twin is null
            ? null
            : Workload(doc.Workload, memory, core, neuron, dataflow);
        CheckNocEncodings(doc, dataflow);
        NocMapping? mesh = null;
        if (workload is not null && noc is not null && core is not null && memory is not null && neuron is not null
            && dataflow != Dataflow.Classical && noc.Topology == NocTopology.Mesh && !bag.HasErrors)
        {
            var (mapping, layers, problem) = NocMapper.Map(dataflow, noc, core, memory, neuron, workload.Stimulus.InputSpikeRate, workload.Layers);
            switch (problem)
            {
                case NocMappingProblem.TooFewRouters p:
                    bag.MeshTooSmall(doc.Noc!.MeshX?.Span ?? doc.Noc.Span, doc.Dataflow!.Value.Value, noc.MeshX, noc.MeshY, p.Needed,
                        string.Join(", ", layers.Select((l, i) => $"{l.Name} {p.SlicesPerLayer[i]}")));
                    break;
                case NocMappingProblem.BufferTooSmall p:
                    bag.CoreBufferTooSmall(doc.Memory!.GlobalBuffer!.CapacityKib?.Span ?? doc.Memory.GlobalBuffer.Span, p.Core, p.Slices, p.Needed, p.Capacity,
                        neuron.Kind == NeuronKind.Qnn ? 1 : neuron.Timesteps);
                    break;
            }

            mesh = mapping;
            workload = workload with { Layers = layers };
        }

        var designs = workload is null || neuron is null || twin is null || memory is null ? null : HardwareModel.DesignsOf(neuron, twin, workload);
        if (designs is not null)
        {
            CheckDesigns(doc, designs, memory!, dataflow);
            if (mesh is not null)
            {
                CheckPackets(doc, designs, mesh);
            }
        }

        if (bag.HasErrors || doc.Name is null || technology is null || memory is null || noc is null || core is null
            || neuron is null || twin is null || workload is null)
        {
            return null;
        }

        return new HardwareModel(doc.Name.Value.Value, doc.File, technology, memory, noc, core, dataflow, neuron, twin, workload, designs!)
        {
            Locations = Locations(doc),
            Mesh = mesh,
        };
    }

    /// <summary><c>noc_encoding</c> says how a layer's events cross the mesh: only a mesh dataflow has one.</summary>
    private void CheckNocEncodings(SpecDocument doc, Dataflow dataflow)
    {
        if (dataflow != Dataflow.Classical)
        {
            return;
        }

        for (var i = 0; i < (doc.Workload?.Layers.Count ?? 0); i++)
        {
            if (doc.Workload!.Layers[i].NocEncoding is { } e)
            {
                bag.KeyNotAllowedFor(e.Span, $"workload.layers[{i}].noc_encoding", "with the 'spatial' and 'neuromorphic' dataflows (their layers send events over the mesh)");
            }
        }
    }

    /// <summary>Every packet is one flit: the link must carry a sparse event with its header, and at least one dense value.</summary>
    private void CheckPackets(SpecDocument doc, IReadOnlyList<TwinDesign> designs, NocMapping mesh)
    {
        var at = doc.Noc!.LinkBits?.Span ?? doc.Noc.Span;
        foreach (var design in designs)
        {
            var format = mesh.PacketFormat(design);
            var needed = Math.Max(format.SparseFlitBits, mesh.Header.Bits + design.ValueBits);
            if (needed > mesh.LinkBits)
            {
                bag.LinkTooNarrow(at, mesh.LinkBits, design.Name, needed, mesh.Header.ToString(), format.AddressBits, format.SparsePayloadBits, design.ValueBits);
                return;
            }
        }
    }

    /// <summary>
    /// What each twin's hardware needs from the memories: its state holds a level shifted by the threshold plus a sign
    /// bit, its event word fits a buffer word, the buffer holds two event regions and the weight-staging ring, and the
    /// weight loader moves whole buffer words out of each DRAM word.
    /// </summary>
    private void CheckDesigns(SpecDocument doc, IReadOnlyList<TwinDesign> designs, MemoryModel memory, Dataflow dataflow)
    {
        var gb = doc.Memory!.GlobalBuffer!;
        foreach (var design in designs)
        {
            // HW0312 already says the threshold does not fit the membrane.
            var neededState = design.ValueBits + design.ThresholdLog2 + 1;
            if (design.StateBits < neededState && !(design.IsSpiking && bag.Items.Any(d => d.Code == "HW0312")))
            {
                var (key, located) = design.IsSpiking
                    ? ("neuron.membrane_bits", doc.Neuron!.MembraneBits)
                    : ("neuron.accumulator_bits", doc.Neuron!.AccumulatorBits);
                bag.StateTooNarrowForLevel(located?.Span ?? doc.Neuron!.Threshold!.Value.Span, key, design.StateBits, design.Name,
                    design.ValueBits, design.ThresholdLog2, neededState);
            }
        }

        // One diagnostic per memory, naming the twin that needs the most.
        var widest = designs.MaxBy(d => d.Event.Bits)!;
        if (widest.Event.Bits > memory.GlobalBuffer.WordBits)
        {
            bag.EventWordTooNarrow(gb.WordBits?.Span ?? gb.Span, memory.GlobalBuffer.WordBits, widest.Name, widest.Event.ToString());
        }

        // The classical core's buffer layout; a mesh core's event buffer is checked by the mapping (HW0321).
        var largest = designs.MaxBy(d => d.EventRegionWords)!;
        var neededWords = 2 * largest.EventRegionWords + TwinDesign.StagingRingWords;
        if (dataflow == Dataflow.Classical && neededWords > memory.GlobalBuffer.CapacityWords && !bag.Items.Any(d => d.Code == "HW0311"))
        {
            bag.BufferTooSmallForLayout(gb.CapacityKib?.Span ?? gb.Span, memory.GlobalBuffer.CapacityWords, largest.Name, neededWords,
                largest.EventRegionWords, TwinDesign.StagingRingWords);
        }

        var dramBits = memory.Dram.WordBits;
        var gbBits = memory.GlobalBuffer.WordBits;
        if (dataflow == Dataflow.Classical && dramBits % gbBits != 0)
        {
            bag.DramWordNotMultipleOfBufferWord(doc.Memory.Dram?.WordBits?.Span ?? gb.WordBits?.Span ?? gb.Span, dramBits, gbBits);
        }
    }

    /// <summary>Where the keys that later stages name in their diagnostics were written.</summary>
    private static SpecLocations Locations(SpecDocument doc)
    {
        var at = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        void Add(string key, SourceSpan? span)
        {
            if (span is { } s)
            {
                at[key] = s;
            }
        }

        Add("dataflow", doc.Dataflow?.Span);
        Add("neuron.model", doc.Neuron?.Model?.Span);
        Add("neuron", doc.Neuron?.Span);
        Add("workload.stimulus.input_file", doc.Workload?.Stimulus?.InputFile?.Span);
        Add("workload", doc.Workload?.Span);
        Add("workload.input", doc.Workload?.Input?.Span);
        Add("workload.test_set", doc.Workload?.TestSet?.Span);
        Add("workload.test_set.dataset", doc.Workload?.TestSet?.Dataset?.Span);
        Add("workload.test_set.inputs_file", doc.Workload?.TestSet?.InputsFile?.Span);
        Add("workload.test_set.labels_file", doc.Workload?.TestSet?.LabelsFile?.Span);
        Add("workload.test_set.images", doc.Workload?.TestSet?.Images?.Span);
        Add("workload.test_set.rtl_sample", doc.Workload?.TestSet?.RtlSample?.Span);
        // Synthesis and gate-level diagnostics (HW11xx) point at the keys that size what does not fit or scale.
        Add("technology.preset", doc.Technology?.Preset?.Span ?? doc.Technology?.Span);
        Add("core.lanes", doc.Core?.Lanes?.Span ?? doc.Core?.Span);
        Add("memory.global_buffer.capacity_kib", doc.Memory?.GlobalBuffer?.CapacityKib?.Span ?? doc.Memory?.GlobalBuffer?.Span);
        Add("memory.lane_memory.weight_words", doc.Memory?.LaneMemory?.WeightWords?.Span ?? doc.Memory?.LaneMemory?.Span);
        Add("memory.lane_memory.state_words", doc.Memory?.LaneMemory?.StateWords?.Span ?? doc.Memory?.LaneMemory?.Span);
        for (var i = 0; i < (doc.Workload?.Layers.Count ?? 0); i++)
        {
            Add($"workload.layers[{i}]", doc.Workload!.Layers[i].Span);
            Add($"workload.layers[{i}].weights_file", doc.Workload.Layers[i].WeightsFile?.Span);
            Add($"workload.layers[{i}].type", doc.Workload.Layers[i].Type?.Span);
            Add($"workload.layers[{i}].residual", doc.Workload.Layers[i].Residual?.Span);
            Add($"workload.layers[{i}].spike_rate", doc.Workload.Layers[i].SpikeRate?.Span ?? doc.Workload.Layers[i].Span);
        }

        return new SpecLocations(doc.File, at);
    }

    private static bool IsName(string value) =>
        value.Length is > 0 and <= 64 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private int Int(Located<long>? value, string path, long min, long max, long fallback)
    {
        if (value is not { } v)
        {
            return (int)fallback;
        }

        if (v.Value < min || v.Value > max)
        {
            bag.OutOfRange(v.Span, path, v.Value, min, max);
            return (int)fallback;
        }

        return (int)v.Value;
    }

    private double Real(Located<double>? value, string path, double min, double max, double fallback)
    {
        if (value is not { } v)
        {
            return fallback;
        }

        if (v.Value < min || v.Value > max)
        {
            bag.OutOfRange(v.Span, path, v.Value, min, max);
            return fallback;
        }

        return v.Value;
    }

    private double? Energy(Located<double>? value, string path)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v.Value < 0 || v.Value > 1e9)
        {
            bag.OutOfRange(v.Span, path, v.Value, 0, 1e9);
            return null;
        }

        return v.Value;
    }

    private double Fraction(Located<double>? value, string path, double fallback)
    {
        if (value is not { } v)
        {
            return fallback;
        }

        if (v.Value is < 0 or > 1)
        {
            bag.OutOfRange(v.Span, path, v.Value, 0, 1);
            return fallback;
        }

        return v.Value;
    }

    private TechnologyModel? Technology(TechnologySpec? spec)
    {
        if (spec?.Preset is not { } preset)
        {
            return null;
        }

        if (!presets.Contains(preset.Value))
        {
            bag.UnknownPreset(preset.Span, preset.Value, presets);
        }

        var overrides = new List<EnergyOverride>();
        var actions = Actions.All.Select(k => k.ToString()).ToList();
        for (var i = 0; i < spec.Overrides.Count; i++)
        {
            var o = spec.Overrides[i];
            var energy = Energy(o.EnergyPj, "technology.overrides.energy_pj");
            if (o.Component is { } c && o.Action is { } a)
            {
                var action = $"{c.Value}.{a.Value}";
                if (!actions.Contains(action))
                {
                    bag.OverrideOfUnknownAction(c.Span, $"technology.overrides[{i}]", action, actions);
                }
                else if (energy is { } e)
                {
                    overrides.Add(new EnergyOverride(c.Value, a.Value, e));
                }
            }
        }

        return new TechnologyModel(preset.Value, overrides);
    }

    private MemoryModel? Memory(MemorySpec? spec)
    {
        if (spec?.GlobalBuffer is not { } gb || spec.LaneMemory is not { } lane)
        {
            return null;
        }

        var dram = spec.Dram;
        var gbWordBits = Int(gb.WordBits, "memory.global_buffer.word_bits", 8, 64, 64);
        var banks = Int(gb.Banks, "memory.global_buffer.banks", 1, 64, 1);
        if (gb.Banks is { } b && b.Value is >= 1 and <= 64 && !Bits.IsPowerOfTwo(b.Value))
        {
            bag.NotPowerOfTwo(b.Span, "memory.global_buffer.banks", b.Value, "the bank is selected by low address bits");
        }

        return new MemoryModel(
            new DramModel(
                Int(dram?.WordBits, "memory.dram.word_bits", 8, 64, 64),
                Energy(dram?.ReadEnergyPj, "memory.dram.read_energy_pj"),
                Energy(dram?.WriteEnergyPj, "memory.dram.write_energy_pj")),
            new GlobalBufferModel(
                (long)Int(gb.CapacityKib, "memory.global_buffer.capacity_kib", 1, 1 << 20, 64) * 8192,
                gbWordBits,
                banks,
                Energy(gb.ReadEnergyPj, "memory.global_buffer.read_energy_pj"),
                Energy(gb.WriteEnergyPj, "memory.global_buffer.write_energy_pj")),
            new LaneMemoryModel(
                Int(lane.WeightWords, "memory.lane_memory.weight_words", 1, 1 << 22, 1024),
                Int(lane.StateWords, "memory.lane_memory.state_words", 1, 1 << 22, 1024),
                Energy(lane.WeightReadEnergyPj, "memory.lane_memory.weight_read_energy_pj"),
                Energy(lane.WeightWriteEnergyPj, "memory.lane_memory.weight_write_energy_pj"),
                Energy(lane.StateReadEnergyPj, "memory.lane_memory.state_read_energy_pj"),
                Energy(lane.StateWriteEnergyPj, "memory.lane_memory.state_write_energy_pj")));
    }

    private NocModel? Noc(NocSpec? spec)
    {
        if (spec is null)
        {
            return new NocModel(NocTopology.None, 0, 0, 32, null, null, null);
        }

        if (spec.Topology is null)
        {
            return null;
        }

        var mesh = spec.Topology.Value.Value == "mesh";
        if (mesh)
        {
            foreach (var (value, key) in new[] { (spec.MeshX, "mesh_x"), (spec.MeshY, "mesh_y") })
            {
                if (value is null && !spec.Written.Contains(key))
                {
                    bag.MissingKey(spec.Span, "'noc' (topology mesh)", key);
                }
            }
        }
        else
        {
            foreach (var (value, key) in new[] { (spec.MeshX, "mesh_x"), (spec.MeshY, "mesh_y") })
            {
                if (value is { } v)
                {
                    bag.KeyNotAllowedFor(v.Span, $"noc.{key}", "with 'noc.topology: mesh'");
                }
            }
        }

        if (!mesh && spec.BufferDepth is { } depth)
        {
            bag.KeyNotAllowedFor(depth.Span, "noc.buffer_depth", "with 'noc.topology: mesh'");
        }

        var hops = spec.HopsPerTransfer is { } h && (h.Value < 0 || h.Value > 1024)
            ? Reject(h, "noc.hops_per_transfer", 0, 1024)
            : spec.HopsPerTransfer?.Value;
        return new NocModel(
            mesh ? NocTopology.Mesh : NocTopology.None,
            mesh ? Int(spec.MeshX, "noc.mesh_x", 1, 64, 1) : 0,
            mesh ? Int(spec.MeshY, "noc.mesh_y", 1, 64, 1) : 0,
            Int(spec.LinkBits, "noc.link_bits", 1, 1024, 32),
            Energy(spec.SparseEnergyPjPerBitHop, "noc.sparse_energy_pj_per_bit_hop"),
            Energy(spec.DenseEnergyPjPerBitHop, "noc.dense_energy_pj_per_bit_hop"),
            hops,
            mesh ? Int(spec.BufferDepth, "noc.buffer_depth", 2, 64, NocModel.DefaultBufferDepth) : NocModel.DefaultBufferDepth);
    }

    private double? Reject(Located<double> value, string path, double min, double max)
    {
        bag.OutOfRange(value.Span, path, value.Value, min, max);
        return null;
    }

    private NeuronModel? Neuron(NeuronSpec? spec)
    {
        if (spec?.Model is not { } model || spec.Threshold is null || spec.WeightBits is null)
        {
            return null;
        }

        var kind = model.Value switch
        {
            "multilevel" => NeuronKind.MultiLevel,
            "qnn" => NeuronKind.Qnn,
            _ => NeuronKind.Snn,
        };
        var spiking = kind != NeuronKind.Qnn;
        if (spiking)
        {
            if (spec.Timesteps is null && !spec.Written.Contains("timesteps"))
            {
                bag.MissingKey(spec.Span, "'neuron'", "timesteps");
            }

            if (spec.MembraneBits is null && !spec.Written.Contains("membrane_bits"))
            {
                bag.MissingKey(spec.Span, "'neuron'", "membrane_bits");
            }

            if (spec.ActivationBits is { } ab)
            {
                bag.KeyNotAllowedFor(ab.Span, "neuron.activation_bits", "with 'neuron.model: qnn' (spiking designs set 'twin.activation_bits')");
            }
        }
        else
        {
            foreach (var (value, key) in new[] { (spec.Timesteps, "timesteps"), (spec.MembraneBits, "membrane_bits"), (spec.LeakShift, "leak_shift") })
            {
                if (value is { } v)
                {
                    bag.KeyNotAllowedFor(v.Span, $"neuron.{key}", "for spiking models ('snn', 'multilevel')");
                }
            }

            if (spec.ActivationBits is null && !spec.Written.Contains("activation_bits"))
            {
                bag.MissingKey(spec.Span, "'neuron' (model qnn)", "activation_bits");
            }
        }

        if (kind != NeuronKind.MultiLevel && spec.Levels is { } levels)
        {
            bag.KeyNotAllowedFor(levels.Span, "neuron.levels", "with 'neuron.model: multilevel'");
        }

        var weightBits = Int(spec.WeightBits, "neuron.weight_bits", 2, 16, 8);
        var membraneBits = Int(spec.MembraneBits, "neuron.membrane_bits", 2, 32, 16);
        var threshold = Int(spec.Threshold, "neuron.threshold", 1, 1 << 30, 1);
        if (spec.Threshold is { } t && t.Value is >= 1 and <= 1 << 30 && !Bits.IsPowerOfTwo(t.Value))
        {
            bag.NotPowerOfTwo(t.Span, "neuron.threshold", t.Value, "firing and requantisation divide by it with a shift");
        }

        if (spiking && spec.MembraneBits is { } mb && spec.WeightBits is { } wb && mb.Value <= wb.Value && mb.Value is >= 2 and <= 32 && wb.Value is >= 2 and <= 16)
        {
            bag.MembraneNarrowerThanWeights(mb.Span, (int)mb.Value, (int)wb.Value);
        }

        if (spiking && spec.MembraneBits is { Value: >= 2 and <= 32 } mbits && spec.Threshold is { } th && th.Value > (1L << ((int)mbits.Value - 1)) - 1)
        {
            bag.ThresholdExceedsMembrane(th.Span, (int)th.Value, (int)mbits.Value);
        }

        return new NeuronModel(
            kind,
            spiking ? Int(spec.Timesteps, "neuron.timesteps", 1, 256, 1) : 1,
            kind == NeuronKind.MultiLevel ? Int(spec.Levels, "neuron.levels", 1, 255, 1) : 1,
            threshold,
            spiking ? Int(spec.LeakShift, "neuron.leak_shift", 0, 31, 0) : 0,
            weightBits,
            spiking ? membraneBits : 0,
            Int(spec.AccumulatorBits, "neuron.accumulator_bits", 2, 32, 32));
    }

    private TwinModel? Twin(TwinSpec? spec, NeuronSpec neuronSpec, NeuronModel neuron)
    {
        if (neuron.Kind == NeuronKind.Qnn)
        {
            if (spec is not null)
            {
                bag.KeyNotAllowedFor(spec.Span, "twin", "for spiking models ('snn', 'multilevel'); a 'qnn' spec has no twin");
            }

            return new TwinModel(Int(neuronSpec.ActivationBits, "neuron.activation_bits", 1, 16, 4), false, true);
        }

        // Over T timesteps a neuron emits 0..L·T levels: the capacity-matched twin needs ceil(log2(L·T+1)) bits.
        var needed = TwinModel.CapacityMatchedBits(neuron.Levels, neuron.Timesteps);
        var zeroSkipping = spec?.ZeroSkipping?.Value ?? true;
        if (spec?.ActivationBits is not { } given)
        {
            return new TwinModel(needed, true, zeroSkipping);
        }

        var bits = Int(given, "twin.activation_bits", 1, 16, needed);
        if (bits < needed && given.Value is >= 1 and <= 16)
        {
            bag.ActivationBitsTooFew(given.Span, bits, needed);
        }

        return new TwinModel(bits, false, zeroSkipping);
    }

    private WorkloadModel? Workload(WorkloadSpec? spec, MemoryModel memory, CoreModel core, NeuronModel neuron, Dataflow dataflow)
    {
        if (spec?.Input is not { } inputSpec)
        {
            return null;
        }

        var input = new Shape(
            Int(inputSpec.Channels, "workload.input.channels", 1, 1 << 16, 1),
            Int(inputSpec.Height, "workload.input.height", 1, 4096, 1),
            Int(inputSpec.Width, "workload.input.width", 1, 4096, 1));
        if (input.Elements > Shape.MaxElements)
        {
            // Every dimension may be at its maximum, but not all at once: sizes beyond this cannot be held (or counted in an int).
            bag.TooManyElements(inputSpec.Span, $"'workload.input' ({input})", input.Elements, Shape.MaxElements);
            return null;
        }

        var stimulusSpec = spec.Stimulus;
        var inputFile = DataFile(stimulusSpec?.InputFile, "workload.stimulus.input_file");
        var stimulus = new StimulusModel(
            stimulusSpec?.Seed?.Value ?? 1,
            Fraction(stimulusSpec?.InputSpikeRate, "workload.stimulus.input_spike_rate", 0.1),
            inputFile);
        if (spec.Layers.Count == 0)
        {
            if (spec.LayersSpan is { } at)
            {
                bag.EmptyList(at, "workload.layers");
            }

            return null;
        }

        var layers = new List<LayerModel>();
        var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var current = input;
        foreach (var layerSpec in spec.Layers)
        {
            CheckReservedName(layerSpec, layers.Count);
            var layer = Layer(layerSpec, layers.Count, current, names, memory, core, neuron, dataflow);
            layer = layer is null ? null : WithResidual(layerSpec, layer, input, layers, spec.Layers, memory, neuron, dataflow);
            if (layer is null)
            {
                return null;
            }

            layers.Add(layer);
            current = layer.OutputShape;
        }

        return new WorkloadModel(input, stimulus, layers) { TestSet = TestSet(spec.TestSet, neuron, input, layers) };
    }

    /// <summary>
    /// <c>workload.test_set</c>: one source (a dataset, or inputs with labels), a spiking design to evaluate, and for a
    /// dataset an input and an output layer that fit its images and classes. The files' contents are checked on loading.
    /// </summary>
    private TestSetModel? TestSet(TestSetSpec? spec, NeuronModel neuron, Shape input, IReadOnlyList<LayerModel> layers)
    {
        if (spec is null)
        {
            return null;
        }

        var errors = bag.Items.Count(d => d.IsError);
        if (neuron.Kind == NeuronKind.Qnn)
        {
            bag.TestSetNeedsSpikingDesign(spec.Span, "qnn");
        }

        var dataset = spec.Dataset is not null || spec.Written.Contains("dataset");
        var inputs = spec.InputsFile is not null || spec.Written.Contains("inputs_file");
        if (dataset == inputs)
        {
            bag.TestSetSourceAmbiguous(spec.Span, both: dataset);
        }
        else if (spec.InputsFile is not null && spec.LabelsFile is null)
        {
            bag.TestSetLabels(spec.InputsFile.Value.Span, missing: true);
        }
        else if (spec.Dataset is not null && spec.LabelsFile is { } labels)
        {
            bag.TestSetLabels(labels.Span, missing: false);
        }

        var images = spec.Images is { } n ? Int(n, "workload.test_set.images", 1, 1 << 24, 1) : (int?)null;
        var sample = Int(spec.RtlSample, "workload.test_set.rtl_sample", 0, 1 << 24, TestSetModel.DefaultRtlSample);
        var source = spec.Dataset is null ? TestSetSource.Files : TestSetSource.FashionMnist;
        if (source == TestSetSource.FashionMnist)
        {
            CheckFitsImages(bag, spec.Dataset!.Value.Span, input, layers, FashionMnistImages.Name);
            if (images > FashionMnistImages.TestImages)
            {
                bag.TestSetImagesTooMany(spec.Images!.Value.Span, images.Value, FashionMnistImages.TestImages, $"the {FashionMnistImages.Name} test split");
            }
        }

        // A sample the spec gives must fit the test set; the default sample is every image of a smaller one.
        var limit = images ?? (source == TestSetSource.FashionMnist ? FashionMnistImages.TestImages : int.MaxValue);
        if (spec.RtlSample is { } given && sample > limit)
        {
            bag.RtlSampleTooLarge(given.Span, sample, limit);
        }

        sample = Math.Min(sample, limit);

        var inputsFile = DataFile(spec.InputsFile, "workload.test_set.inputs_file");
        var labelsFile = spec.Dataset is null ? DataFile(spec.LabelsFile, "workload.test_set.labels_file") : null;
        return bag.Items.Count(d => d.IsError) > errors ? null : new TestSetModel(source, inputsFile, labelsFile, images, sample);
    }

    /// <summary>HW1204/HW1205: the input holds the dataset's images (1 channel, at most 28x28) and the last layer one neuron per class.</summary>
    public static void CheckFitsImages(DiagnosticBag bag, SourceSpan at, Shape input, IReadOnlyList<LayerModel> layers, string dataset)
    {
        if (input.Channels != 1 || input.Height > FashionMnistImages.Height || input.Width > FashionMnistImages.Width)
        {
            bag.InputDoesNotFitImages(at, $"{input.Channels}x{input.Height}x{input.Width}", dataset, $"1x{FashionMnistImages.Height}x{FashionMnistImages.Width}");
        }

        var last = layers[^1];
        if (last.Neurons != FashionMnistImages.Classes)
        {
            bag.OutputsAreNotClasses(at, last.Name, last.Neurons, dataset, FashionMnistImages.Classes);
        }
    }

    private LayerModel? Layer(LayerSpec spec, int index, Shape input, Dictionary<string, SourceSpan> names, MemoryModel memory, CoreModel core, NeuronModel neuron,
        Dataflow dataflow)
    {
        var name = spec.Name?.Value ?? $"layer{index}";
        if (spec.Name is { } n)
        {
            if (!IsName(n.Value))
            {
                bag.InvalidName(n.Span, $"workload.layers[{index}].name", n.Value);
            }
            else if (names.TryGetValue(n.Value, out var first))
            {
                bag.DuplicateLayerName(n.Span, n.Value, first);
            }
            else
            {
                names.Add(n.Value, n.Span);
            }
        }

        if (spec.Type is null || spec.Name is null)
        {
            return null;
        }

        var path = $"workload.layers[{index}]";
        var kind = KindOf(spec.Type.Value.Value);
        if (spec.Input is { } declared)
        {
            var shape = declared.Value;
            var actual = index == 0 ? "workload.input" : "the output of the previous layer";
            var matches = shape.Length == 3 && shape[0] == input.Channels && shape[1] == input.Height && shape[2] == input.Width;
            if (!matches)
            {
                bag.InputShapeMismatch(declared.Span, name, $"[{string.Join(", ", shape)}]", $"[{input.Channels}, {input.Height}, {input.Width}]", actual);
                return null;
            }
        }

        int outputs, kernel = 1, stride = 1, padding = 0;
        if (kind == LayerKind.Fc)
        {
            foreach (var (value, key) in new[] { (spec.OutChannels, "out_channels"), (spec.Kernel, "kernel"), (spec.Stride, "stride"), (spec.Padding, "padding") })
            {
                if (value is { } v)
                {
                    bag.KeyNotAllowedFor(v.Span, $"{path}.{key}", "for 'conv2d', 'maxpool' and 'avgpool' layers");
                }
            }

            if (spec.Outputs is null)
            {
                if (!spec.Written.Contains("outputs"))
                {
                    bag.MissingKey(spec.Span, $"'{path}' (type fc)", "outputs");
                }

                return null;
            }

            outputs = Int(spec.Outputs, $"{path}.outputs", 1, 1 << 20, 1);
            input = new Shape(input.Size, 1, 1);
        }
        else if (LayerGeometry.IsPool(kind))
        {
            if (PoolWindow(spec, path) is not { } window)
            {
                return null;
            }

            (kernel, stride, padding) = window;
            outputs = input.Channels;
        }
        else
        {
            if (spec.Outputs is { } o)
            {
                bag.KeyNotAllowedFor(o.Span, $"{path}.outputs", "for 'fc' layers (conv2d uses 'out_channels')");
            }

            if (spec.OutChannels is null || spec.Kernel is null)
            {
                foreach (var key in new[] { "out_channels", "kernel" }.Where(k => !spec.Written.Contains(k)))
                {
                    bag.MissingKey(spec.Span, $"'{path}' (type conv2d)", key);
                }

                return null;
            }

            outputs = Int(spec.OutChannels, $"{path}.out_channels", 1, 1 << 16, 1);
            kernel = Int(spec.Kernel, $"{path}.kernel", 1, 15, 1);
            stride = Int(spec.Stride, $"{path}.stride", 1, 4, 1);
            padding = Int(spec.Padding, $"{path}.padding", 0, kernel - 1, 0);
        }

        var output = LayerGeometry.OutputShape(kind, input, outputs, kernel, stride, padding);
        if (output is not { } outputShape)
        {
            bag.KernelLargerThanInput(spec.Kernel!.Value.Span, name, kernel, padding, input.Height, input.Width);
            return null;
        }

        var size = (kind == LayerKind.Fc ? spec.Outputs : spec.OutChannels)?.Span ?? spec.Span;
        if (outputShape.Elements > Shape.MaxElements)
        {
            bag.TooManyElements(size, $"the output of layer '{name}' ({outputShape})", outputShape.Elements, Shape.MaxElements);
            return null;
        }

        var weights = LayerModel.WeightsOf(kind, input, outputShape, kernel);
        if (weights > Shape.MaxElements)
        {
            bag.TooManyElements(size, $"the weights of layer '{name}'", weights, Shape.MaxElements);
            return null;
        }

        var spikeRate = Fraction(spec.SpikeRate, $"{path}.spike_rate", 0.1);
        var sparsity = Fraction(spec.QnnSparsity, $"{path}.qnn_sparsity", 1 - spikeRate);
        if (spec.QnnSparsity is { } g && spec.SpikeRate is not null && neuron.Kind != NeuronKind.Qnn && !bag.HasErrors)
        {
            // A non-zero QNN level v is v spikes over T steps, so (1-γ)/T <= s_r <= 1-γ (multi-level: levels up to L per step).
            var low = (1 - sparsity) / (neuron.Timesteps * neuron.Levels);
            if (spikeRate < low - 1e-12 || spikeRate > 1 - sparsity + 1e-12)
            {
                bag.OutOfRange(g.Span, $"{path}.qnn_sparsity", g.Value, Math.Max(0, 1 - spikeRate * neuron.Timesteps * neuron.Levels), 1 - spikeRate);
            }
        }

        var mapping = LayerGeometry.Map(kind, input, outputShape, kernel, core.Lanes, memory.LaneMemory.WeightWords, memory.LaneMemory.StateWords);
        if (mapping is null)
        {
            var (weightsPerUnit, neuronsPerUnit) = LayerGeometry.PerUnit(kind, input, outputShape, kernel);
            if (weightsPerUnit > memory.LaneMemory.WeightWords)
            {
                bag.LaneMemoryTooSmall(spec.Span, name, "weight", weightsPerUnit, memory.LaneMemory.WeightWords);
            }
            else
            {
                bag.LaneMemoryTooSmall(spec.Span, name, "state", neuronsPerUnit, memory.LaneMemory.StateWords);
            }

            return null;
        }

        // The classical core stages weights and keeps a layer's inputs and outputs in the global buffer; a mesh core's
        // event buffer holds its slices' inputs only (checked by the mapping, HW0321).
        var rowBits = (long)mapping.WeightsPerUnit * neuron.WeightBits;
        if (dataflow == Dataflow.Classical && rowBits > memory.GlobalBuffer.CapacityBits)
        {
            bag.BufferCannotHoldWeightRow(spec.Span, name, rowBits, memory.GlobalBuffer.CapacityBits);
        }

        var steps = neuron.Kind == NeuronKind.Qnn ? 1 : neuron.Timesteps;
        var eventWords = (input.Elements + outputShape.Elements) * steps;
        if (dataflow == Dataflow.Classical && eventWords > memory.GlobalBuffer.CapacityWords)
        {
            bag.BufferCannotHoldActivations(spec.Span, name, eventWords, memory.GlobalBuffer.CapacityWords);
        }

        var encoding = spec.NocEncoding?.Value switch
        {
            "sparse" => NocEncoding.Sparse,
            "dense" => NocEncoding.Dense,
            "hybrid" => NocEncoding.Hybrid,
            _ => NocEncoding.Auto,
        };
        return new LayerModel(index, name, kind, input, outputShape, kernel, stride, padding, spikeRate, sparsity,
            LayerGeometry.IsPool(kind) ? null : DataFile(spec.WeightsFile, $"{path}.weights_file"), mapping)
        {
            Synapses = LayerGeometry.Synapses(kind, input, outputShape, kernel, stride, padding),
            NocEncoding = encoding,
        };
    }

    /// <summary>A data file path relative to the spec's folder; reported when missing.</summary>
    private string? DataFile(Located<string>? value, string path)
    {
        if (value is not { } v)
        {
            return null;
        }

        // A path that exists but cannot be read (a folder, no permission) is the data reader's HW0611.
        var full = Path.GetFullPath(Path.Combine(baseDirectory, v.Value));
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            bag.DataFileMissing(v.Span, path, v.Value);
            return null;
        }

        return full;
    }
}
