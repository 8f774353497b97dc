// Reads a YAML tree into a SpecDocument: the key names of spec version 1 live here (see docs/spec.md).
using HwGen.Diagnostics;

namespace HwGen.Spec;

public static class SpecReader
{
    public static readonly string[] RootKeys = ["hwgen_spec", "name", "description", "technology", "memory", "noc", "core", "dataflow", "neuron", "twin", "workload"];
    public static readonly string[] Dataflows = ["classical", "spatial", "neuromorphic"];
    public static readonly string[] NeuronModels = ["snn", "multilevel", "qnn"];
    public static readonly string[] Topologies = ["none", "mesh"];
    public static readonly string[] LayerTypes = ["fc", "conv2d", "maxpool", "avgpool"];
    public static readonly string[] NocEncodings = ["auto", "sparse", "dense", "hybrid"];

    private static readonly string[] TechnologyKeys = ["preset", "overrides"];
    private static readonly string[] OverrideKeys = ["component", "action", "energy_pj"];
    private static readonly string[] MemoryKeys = ["dram", "global_buffer", "lane_memory"];
    private static readonly string[] DramKeys = ["word_bits", "read_energy_pj", "write_energy_pj"];
    private static readonly string[] BufferKeys = ["capacity_kib", "word_bits", "banks", "read_energy_pj", "write_energy_pj"];
    private static readonly string[] LaneKeys = ["weight_words", "state_words", "weight_read_energy_pj", "weight_write_energy_pj", "state_read_energy_pj", "state_write_energy_pj"];
    private static readonly string[] NocKeys = ["topology", "mesh_x", "mesh_y", "link_bits", "sparse_energy_pj_per_bit_hop", "dense_energy_pj_per_bit_hop", "hops_per_transfer", "buffer_depth"];
    private static readonly string[] CoreKeys = ["lanes", "input_queue_depth", "output_queue_depth", "clock_mhz", "operand_isolation"];
    private static readonly string[] NeuronKeys = ["model", "timesteps", "levels", "threshold", "leak_shift", "weight_bits", "membrane_bits", "accumulator_bits", "activation_bits"];
    private static readonly string[] TwinKeys = ["activation_bits", "zero_skipping"];
    private static readonly string[] WorkloadKeys = ["input", "stimulus", "layers", "test_set"];
    private static readonly string[] InputKeys = ["channels", "height", "width"];
    private static readonly string[] StimulusKeys = ["seed", "input_spike_rate", "input_file"];
    private static readonly string[] TestSetKeys = ["dataset", "inputs_file", "labels_file", "images", "rtl_sample"];

    /// <summary>The test sets HwGen reads itself (docs/training.md): Debian's Fashion-MNIST test split.</summary>
    public static readonly string[] Datasets = ["fashion-mnist"];
    private static readonly string[] LayerKeys = ["name", "type", "outputs", "out_channels", "kernel", "stride", "padding", "input", "spike_rate", "qnn_sparsity", "weights_file", "noc_encoding", "residual"];

    public static SpecDocument? Read(YamlNode root, string file, DiagnosticBag bag)
    {
        if (root is not YamlMapping mapping)
        {
            bag.WrongType(root.Span, "the spec", "a mapping of sections (hwgen_spec, name, memory, ...)", SectionReader.Describe(root));
            return null;
        }

        var r = new SectionReader(mapping, string.Empty, bag, RootKeys);
        return new SpecDocument(
            file,
            r.Span,
            r.Integer("hwgen_spec", required: true),
            r.Text("name", required: true),
            r.Text("description"),
            Technology(r.Section("technology", true, TechnologyKeys)),
            Memory(r.Section("memory", true, MemoryKeys)),
            Noc(r.Section("noc", false, NocKeys)),
            Core(r.Section("core", true, CoreKeys)),
            r.Choice("dataflow", Dataflows),
            Neuron(r.Section("neuron", true, NeuronKeys)),
            Twin(r.Section("twin", false, TwinKeys), bag),
            Workload(r.Section("workload", true, WorkloadKeys)));
    }

    private static TechnologySpec? Technology(SectionReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var overrides = new List<OverrideSpec>();
        if (r.List("overrides") is { } items)
        {
            foreach (var o in r.Sections(items, "overrides", OverrideKeys))
            {
                overrides.Add(new OverrideSpec(o.Span, o.Text("component", true), o.Text("action", true), o.Number("energy_pj", true)));
            }
        }

        return new TechnologySpec(r.Span, r.Text("preset", true), overrides);
    }

    private static MemorySpec? Memory(SectionReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var dram = r.Section("dram", false, DramKeys);
        var buffer = r.Section("global_buffer", true, BufferKeys);
        var lane = r.Section("lane_memory", true, LaneKeys);
        return new MemorySpec(
            r.Span,
            dram is null ? null : new DramSpec(dram.Span, dram.Integer("word_bits"), dram.Number("read_energy_pj"), dram.Number("write_energy_pj")),
            buffer is null ? null : new GlobalBufferSpec(buffer.Span, buffer.Integer("capacity_kib", true), buffer.Integer("word_bits"), buffer.Integer("banks"), buffer.Number("read_energy_pj"), buffer.Number("write_energy_pj")),
            lane is null ? null : new LaneMemorySpec(lane.Span, lane.Integer("weight_words", true), lane.Integer("state_words", true), lane.Number("weight_read_energy_pj"), lane.Number("weight_write_energy_pj"), lane.Number("state_read_energy_pj"), lane.Number("state_write_energy_pj")));
    }

    private static NocSpec? Noc(SectionReader? r) => r is null ? null : new NocSpec(
        r.Span,
        r.Choice("topology", Topologies, true),
        r.Integer("mesh_x"),
        r.Integer("mesh_y"),
        r.Integer("link_bits"),
        r.Number("sparse_energy_pj_per_bit_hop"),
        r.Number("dense_energy_pj_per_bit_hop"),
        r.Number("hops_per_transfer"),
        r.Integer("buffer_depth")) { Written = r.Written };

    private static CoreSpec? Core(SectionReader? r) =>
        r is null ? null : new CoreSpec(r.Span, r.Integer("lanes", true), r.Integer("input_queue_depth"), r.Integer("output_queue_depth"),
            r.Number("clock_mhz"), r.Boolean("operand_isolation"));

    private static NeuronSpec? Neuron(SectionReader? r) => r is null ? null : new NeuronSpec(
        r.Span,
        r.Choice("model", NeuronModels, true),
        r.Integer("timesteps"),
        r.Integer("levels"),
        r.Integer("threshold", true),
        r.Integer("leak_shift"),
        r.Integer("weight_bits", true),
        r.Integer("membrane_bits"),
        r.Integer("accumulator_bits"),
        r.Integer("activation_bits")) { Written = r.Written };

    private static TwinSpec? Twin(SectionReader? r, DiagnosticBag bag)
    {
        if (r is null)
        {
            return null;
        }

        Located<long>? bits = null;
        if (r.Has("activation_bits"))
        {
            // 'auto' derives ceil(log2(L*T+1)); anything else must be an integer.
            var word = r.Text("activation_bits");
            if (word is { Value: not "auto" })
            {
                if (long.TryParse(word.Value.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
                {
                    bits = new Located<long>(value, word.Value.Span);
                }
                else
                {
                    bag.WrongType(word.Value.Span, "twin.activation_bits", "'auto' or an integer", $"'{word.Value.Value}'");
                }
            }
        }

        return new TwinSpec(r.Span, bits, r.Boolean("zero_skipping"));
    }

    private static WorkloadSpec? Workload(SectionReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var input = r.Section("input", true, InputKeys);
        var stimulus = r.Section("stimulus", false, StimulusKeys);
        var testSet = r.Section("test_set", false, TestSetKeys);
        var layers = new List<LayerSpec>();
        var items = r.List("layers", true);
        if (items is not null)
        {
            foreach (var l in r.Sections(items, "layers", LayerKeys))
            {
                layers.Add(new LayerSpec(
                    l.Span,
                    l.Text("name", true),
                    l.Choice("type", LayerTypes, true),
                    l.Integer("outputs"),
                    l.Integer("out_channels"),
                    l.Integer("kernel"),
                    l.Integer("stride"),
                    l.Integer("padding"),
                    l.IntegerList("input", 3),
                    l.Number("spike_rate"),
                    l.Number("qnn_sparsity"),
                    l.Text("weights_file"),
                    l.Choice("noc_encoding", NocEncodings),
                    l.Text("residual")) { Written = l.Written });
            }
        }

        return new WorkloadSpec(
            r.Span,
            input is null ? null : new InputSpec(input.Span, input.Integer("channels", true), input.Integer("height"), input.Integer("width")),
            stimulus is null ? null : new StimulusSpec(stimulus.Span, stimulus.UnsignedInteger("seed"), stimulus.Number("input_spike_rate"), stimulus.Text("input_file")),
            layers,
            items is null ? null : r.KeySpan("layers"))
        {
            TestSet = testSet is null ? null : new TestSetSpec(
                testSet.Span,
                testSet.Choice("dataset", Datasets),
                testSet.Text("inputs_file"),
                testSet.Text("labels_file"),
                testSet.Integer("images"),
                testSet.Integer("rtl_sample")) { Written = testSet.Written },
        };
    }
}
