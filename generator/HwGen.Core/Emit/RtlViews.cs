// Purpose-built views handed to the Scriban templates: every value a template prints is a finished string or number.
using System.Globalization;
using HwGen.Model;
using HwGen.Sim;

namespace HwGen.Emit;

public sealed record LaneView(int Index, string IndexWide, string Onehot, string WeightSlice);

/// <summary>A top-level strobe driven by core logic: port name and the expression that drives it.</summary>
public sealed record CoreStrobeView(string Port, string Expression, string Component, string Action);

/// <summary>A per-lane strobe vector: port name, the lane signal behind it, and the port-list separator.</summary>
public sealed record LaneStrobeView(string Port, string LaneSignal, string Separator, string Component, string Action);

public sealed record FieldView(string Name, int Width);

public sealed record FieldValueView(string Name, string Literal);

public sealed record LayerRowView(string Index, string Comment, IReadOnlyList<FieldValueView> Values);

public sealed record TapView(string Index, string WeightOffset, string StateOffset, string Count);

public sealed record LayerTableView(
    IReadOnlyList<FieldView> Fields,
    IReadOnlyList<LayerRowView> Rows,
    IReadOnlyList<FieldValueView> Defaults,
    IReadOnlyList<TapView> Taps,
    string TapDefault);

public sealed record DatapathView(
    int StateBits,
    int WeightBits,
    int ValueBits,
    int WideBits,
    int ThresholdLog2,
    string StateExtend,
    string StateMaxWide,
    string StateMinWide,
    string StateMax,
    string StateMin,
    string StateZero,
    string ValueZero,
    string LevelMax,
    string LevelMaxState,
    string FireValueScaled,
    string LeakExpression,
    string LeakNote,
    string EmitExpression);

public sealed record GlobalBufferView(
    int Banks,
    long BankDepth,
    int WordBits,
    int Aw,
    int BankBits,
    int RowAw,
    string WriteBankExpr,
    string ReadBankExpr,
    string WriteRowExpr,
    string ReadRowExpr);

/// <summary>Per-layer facts the C++ harness needs to decode output events.</summary>
public sealed record HarnessLayerView(int Index, int Neurons, int Height, int Width);

public sealed record CoreView(
    string TopModule,
    string DesignLabel,
    string DatapathModule,
    int Lanes,
    int Iw,
    int WeightBits,
    int StateBits,
    int ValueBits,
    int Waw,
    int Saw,
    long WeightWords,
    long StateWords,
    int GbAw,
    int GbBits,
    int DramAw,
    int DramBits,
    int EventBits,
    int Tb,
    string TbZero,
    int CountTableLast,
    string CountTableNoneWritten,
    int IqDepth,
    int IqAw,
    int IqCw,
    string IqLast,
    string IqDepthCount,
    string IqAlmostFull,
    int OqDepth,
    int OqAw,
    int OqCw,
    string OqLast,
    string OqDepthCount,
    string OqAlmostFull,
    int LoaderBufferBits,
    string LoaderBufferBitsWide,
    string LoaderBufferZero,
    string GbBitsWide,
    string GbRdExtended,
    string GbRdEventSlice,
    string OutWordToGb,
    string OutEventExpr,
    string EventChannelWide,
    string EventRowWide,
    string EventColumnWide,
    string EventValueSlice,
    string DramRatioWide,
    string DramShiftExpr,
    string RingSlotsWide,
    string RingLastWide,
    string RingBaseWide,
    string WeightBitsWide,
    string IwZero,
    string IwOne,
    string LanesWide,
    string LanesLastWide,
    string LanesZero,
    string LanesOne,
    string ValueZero,
    string StateZero,
    string FireWriteback,
    int LaneIndexBits,
    int SpikeFifoBits,
    int SpikeFifoDepth,
    int SpikeFifoAw,
    int SpikeFifoCw,
    string SpikeFifoLast,
    string SpikeFifoDepthCount,
    string SpikeFifoPosition,
    string ConvEventExpr,
    IReadOnlyList<LaneView> LaneList,
    IReadOnlyList<LaneView> LaneListReversed,
    IReadOnlyList<LaneView> LaneListReversedAfterFirst,
    IReadOnlyList<CoreStrobeView> CoreStrobes,
    IReadOnlyList<LaneStrobeView> LaneStrobes,
    IReadOnlyList<HarnessLayerView> HarnessLayers,
    int EventValueLow,
    int EventChannelLow,
    int EventRowLow,
    int ChannelBits,
    int RowBits,
    int ColumnBits,
    long HostRegionBase,
    long HostRegionStride,
    int Timesteps);

/// <summary>Everything one design's templates see.</summary>
public sealed record DesignView(string Header, CoreView Core, DatapathView Dp, GlobalBufferView Gb, LayerTableView Table, ToggleCountingView Toggles);

public static class RtlViewBuilder
{
    public static DesignView Build(RtlDesign d)
    {
        var iw = d.InternalBits;
        string W(long v) => VerilogLiteral.Unsigned(iw, v);
        var lanes = Enumerable.Range(0, d.Lanes).Select(l => new LaneView(
            l, W(l), VerilogLiteral.Unsigned(d.Lanes, 1L << l), VerilogLiteral.Range(l * d.WeightBits, d.WeightBits)[1..^1])).ToList();

        var core = d.Model.Core;
        var tb = Bits.ForAddress(d.Timesteps);
        var loaderBits = d.Lanes * d.WeightBits + 2 * d.GbWordBits;
        var ratio = d.DramWordBits / d.GbWordBits;
        var valueLow = d.ChannelBits + d.RowBits + d.ColumnBits;
        var channelLow = d.RowBits + d.ColumnBits;
        var eventSlice = VerilogLiteral.Range(0, d.EventBits);

        var coreStrobes = new List<CoreStrobeView>
        {
            Strobe(Actions.DramRead, "dram_req"),
            Strobe(Actions.GlobalBufferRead, "gb_re"),
            Strobe(Actions.GlobalBufferWrite, "gb_we"),
            Strobe(Actions.InputQueuePush, "iq_push"),
            Strobe(Actions.InputQueuePop, "iq_pop"),
            Strobe(Actions.OutputQueuePush, "oq_push"),
            Strobe(Actions.OutputQueuePop, "oq_pop"),
        };
        var laneStrobes = new List<(ActionKey Action, string Signal)>
        {
            (Actions.WeightMemoryRead, "strobe_weight_read"),
            (Actions.WeightMemoryWrite, "strobe_weight_write"),
            (Actions.StateMemoryRead, "strobe_state_read"),
            (Actions.StateMemoryWrite, "strobe_state_write"),
            (d.IntegrateAction, "strobe_integrate"),
            (Actions.Compare, "strobe_fire"),
        };
        if (d.Design == DesignKind.Snn)
        {
            laneStrobes.Add((Actions.Subtract, "strobe_fire_emit"));
            if (d.LeakShift > 0)
            {
                laneStrobes.Add((Actions.Leak, "strobe_fire"));
            }
        }

        var laneStrobeViews = laneStrobes.Select((s, i) => new LaneStrobeView(
            PortName(s.Action), s.Signal, i == laneStrobes.Count - 1 ? string.Empty : ",", s.Action.Component, s.Action.Action)).ToList();

        var first = d.Layers[0];
        // conv2d fire: one spike FIFO per lane holding up to one channel's positions (value, row, column).
        var spikeBits = d.ValueBits + d.RowBits + d.ColumnBits;
        var spikeDepth = Math.Max(2, d.Layers.Where(l => l.Layer.Kind == LayerKind.Conv2d).Select(l => l.Layer.Mapping.NeuronsPerUnit).DefaultIfEmpty(2).Max());
        var coreView = new CoreView(
            TopModule: d.TopModule,
            DesignLabel: d.Design == DesignKind.Snn ? (d.Model.Neuron.Levels > 1 ? $"multi-level SNN, L={d.Model.Neuron.Levels}" : "binary SNN") : "QNN twin",
            DatapathModule: d.DatapathModule,
            Lanes: d.Lanes,
            Iw: iw,
            WeightBits: d.WeightBits,
            StateBits: d.StateBits,
            ValueBits: d.ValueBits,
            Waw: d.WeightAddressBits,
            Saw: d.StateAddressBits,
            WeightWords: d.Model.Memory.LaneMemory.WeightWords,
            StateWords: d.Model.Memory.LaneMemory.StateWords,
            GbAw: d.GbAddressBits,
            GbBits: d.GbWordBits,
            DramAw: d.DramAddressBits,
            DramBits: d.DramWordBits,
            EventBits: d.EventBits,
            Tb: tb,
            TbZero: VerilogLiteral.Unsigned(tb, 0),
            CountTableLast: d.Timesteps - 1,
            CountTableNoneWritten: VerilogLiteral.Unsigned(d.Timesteps, 0),
            IqDepth: core.InputQueueDepth,
            IqAw: Bits.ForAddress(core.InputQueueDepth),
            IqCw: Bits.ForValues(core.InputQueueDepth),
            IqLast: VerilogLiteral.Unsigned(Bits.ForAddress(core.InputQueueDepth), core.InputQueueDepth - 1),
            IqDepthCount: VerilogLiteral.Unsigned(Bits.ForValues(core.InputQueueDepth), core.InputQueueDepth),
            IqAlmostFull: VerilogLiteral.Unsigned(Bits.ForValues(core.InputQueueDepth), core.InputQueueDepth - 1),
            OqDepth: core.OutputQueueDepth,
            OqAw: Bits.ForAddress(core.OutputQueueDepth),
            OqCw: Bits.ForValues(core.OutputQueueDepth),
            OqLast: VerilogLiteral.Unsigned(Bits.ForAddress(core.OutputQueueDepth), core.OutputQueueDepth - 1),
            OqDepthCount: VerilogLiteral.Unsigned(Bits.ForValues(core.OutputQueueDepth), core.OutputQueueDepth),
            OqAlmostFull: VerilogLiteral.Unsigned(Bits.ForValues(core.OutputQueueDepth), core.OutputQueueDepth - 1),
            LoaderBufferBits: loaderBits,
            LoaderBufferBitsWide: W(loaderBits),
            LoaderBufferZero: VerilogLiteral.Unsigned(loaderBits, 0),
            GbBitsWide: W(d.GbWordBits),
            GbRdExtended: VerilogLiteral.ZeroExtend("gb_rd", d.GbWordBits, loaderBits),
            GbRdEventSlice: "gb_rd" + eventSlice,
            OutWordToGb: VerilogLiteral.ZeroExtend("oq_head", d.EventBits, d.GbWordBits),
            OutEventExpr: string.Create(CultureInfo.InvariantCulture,
                $"{{ drain_value, drain_c{VerilogLiteral.Range(0, d.ChannelBits)}, pend_y{VerilogLiteral.Range(0, d.RowBits)}, pend_x{VerilogLiteral.Range(0, d.ColumnBits)} }}"),
            EventChannelWide: VerilogLiteral.ZeroExtend("head" + VerilogLiteral.Range(channelLow, d.ChannelBits), d.ChannelBits, iw),
            EventRowWide: VerilogLiteral.ZeroExtend("head" + VerilogLiteral.Range(d.ColumnBits, d.RowBits), d.RowBits, iw),
            EventColumnWide: VerilogLiteral.ZeroExtend("head" + VerilogLiteral.Range(0, d.ColumnBits), d.ColumnBits, iw),
            EventValueSlice: "head" + VerilogLiteral.Range(valueLow, d.ValueBits),
            DramRatioWide: W(ratio),
            DramShiftExpr: ratio == 1 ? "cur" : VerilogLiteral.ZeroExtend("cur" + VerilogLiteral.Range(d.GbWordBits, d.DramWordBits - d.GbWordBits), d.DramWordBits - d.GbWordBits, d.DramWordBits),
            RingSlotsWide: W(d.RingSlots),
            RingLastWide: W(d.RingSlots - 1),
            RingBaseWide: W(d.RingBase),
            WeightBitsWide: W(d.WeightBits),
            IwZero: W(0),
            IwOne: W(1),
            LanesWide: W(d.Lanes),
            LanesLastWide: W(d.Lanes - 1),
            LanesZero: VerilogLiteral.Unsigned(d.Lanes, 0),
            LanesOne: VerilogLiteral.Unsigned(d.Lanes, 1),
            ValueZero: VerilogLiteral.Unsigned(d.ValueBits, 0),
            StateZero: VerilogLiteral.Unsigned(d.StateBits, 0),
            FireWriteback: d.FireWriteBack ? "1'b1" : "1'b0",
            LaneIndexBits: Bits.ForAddress(d.Lanes),
            SpikeFifoBits: spikeBits,
            SpikeFifoDepth: spikeDepth,
            SpikeFifoAw: Bits.ForAddress(spikeDepth),
            SpikeFifoCw: Bits.ForValues(spikeDepth),
            SpikeFifoLast: VerilogLiteral.Unsigned(Bits.ForAddress(spikeDepth), spikeDepth - 1),
            SpikeFifoDepthCount: VerilogLiteral.Unsigned(Bits.ForValues(spikeDepth), spikeDepth),
            SpikeFifoPosition: $"s2_oy{VerilogLiteral.Range(0, d.RowBits)}, s2_ox{VerilogLiteral.Range(0, d.ColumnBits)}",
            ConvEventExpr: $"{{ sf_sel{VerilogLiteral.Range(d.RowBits + d.ColumnBits, d.ValueBits)}, conv_c{VerilogLiteral.Range(0, d.ChannelBits)}, sf_sel{VerilogLiteral.Range(0, d.RowBits + d.ColumnBits)} }}",
            LaneList: lanes,
            LaneListReversed: lanes.AsEnumerable().Reverse().ToList(),
            LaneListReversedAfterFirst: lanes.Skip(1).Reverse().ToList(),
            CoreStrobes: coreStrobes,
            LaneStrobes: laneStrobeViews,
            HarnessLayers: d.Layers.Select(l => new HarnessLayerView(l.Layer.Index, l.Layer.Neurons, l.Layer.OutputShape.Height, l.Layer.OutputShape.Width)).ToList(),
            EventValueLow: valueLow,
            EventChannelLow: channelLow,
            EventRowLow: d.ColumnBits,
            ChannelBits: d.ChannelBits,
            RowBits: d.RowBits,
            ColumnBits: d.ColumnBits,
            HostRegionBase: first.InBase,
            HostRegionStride: first.InStride,
            Timesteps: d.Timesteps);

        var wide = d.StateBits + d.WeightBits + d.ValueBits + 2;
        var stateMax = (1L << (d.StateBits - 1)) - 1;
        var stateMin = -(1L << (d.StateBits - 1));
        var scaledPad = d.StateBits - d.ValueBits - d.ThresholdLog2;
        var scaled = d.ThresholdLog2 == 0
            ? $"{{ {scaledPad}'d0, fire_value }}"
            : $"{{ {scaledPad}'d0, fire_value, {d.ThresholdLog2}'d0 }}";
        var dp = new DatapathView(
            StateBits: d.StateBits,
            WeightBits: d.WeightBits,
            ValueBits: d.ValueBits,
            WideBits: wide,
            ThresholdLog2: d.ThresholdLog2,
            StateExtend: string.Create(CultureInfo.InvariantCulture, $"{{ {{{wide - d.StateBits}{{state_in[{d.StateBits - 1}]}}}}, state_in }}"),
            StateMaxWide: VerilogLiteral.Signed(wide, stateMax),
            StateMinWide: VerilogLiteral.Signed(wide, stateMin),
            StateMax: VerilogLiteral.Signed(d.StateBits, stateMax),
            StateMin: VerilogLiteral.Signed(d.StateBits, stateMin),
            StateZero: VerilogLiteral.Signed(d.StateBits, 0),
            ValueZero: VerilogLiteral.Unsigned(d.ValueBits, 0),
            LevelMax: VerilogLiteral.Unsigned(d.ValueBits, d.MaxValue),
            LevelMaxState: VerilogLiteral.Signed(d.StateBits, d.MaxValue),
            FireValueScaled: scaled,
            LeakExpression: d.LeakShift > 0 ? $"reset_state - (reset_state >>> {d.LeakShift})" : "reset_state",
            LeakNote: d.LeakShift > 0 ? $", leak u -= u >>> {d.LeakShift}" : string.Empty,
            EmitExpression: d.EmitZeros ? "1'b1" : $"(fire_value != {VerilogLiteral.Unsigned(d.ValueBits, 0)})");

        var banks = d.GbBanks;
        var bankBits = Math.Max(1, Bits.ForAddress(banks));
        var log2Banks = banks == 1 ? 0 : System.Numerics.BitOperations.Log2((uint)banks);
        var gbAw = d.GbAddressBits;
        var gb = new GlobalBufferView(
            Banks: banks,
            BankDepth: (d.GbWords + banks - 1) / banks,
            WordBits: d.GbWordBits,
            Aw: gbAw,
            BankBits: bankBits,
            RowAw: gbAw - log2Banks,
            WriteBankExpr: banks == 1 ? "1'b0" : "wa" + VerilogLiteral.Range(0, log2Banks),
            ReadBankExpr: banks == 1 ? "1'b0" : "ra" + VerilogLiteral.Range(0, log2Banks),
            WriteRowExpr: banks == 1 ? "wa" : "wa" + VerilogLiteral.Range(log2Banks, gbAw - log2Banks),
            ReadRowExpr: banks == 1 ? "ra" : "ra" + VerilogLiteral.Range(log2Banks, gbAw - log2Banks));

        return new DesignView(
            Header: $"Generated by hwgen from spec '{d.Model.Name}' ({coreView.DesignLabel}); do not edit.",
            Core: coreView,
            Dp: dp,
            Gb: gb,
            Table: BuildTable(d),
            Toggles: ToggleCountingView.For(d.TopModule, CoreToggleProbes.For(d)));

        static CoreStrobeView Strobe(ActionKey action, string expression) =>
            new(PortName(action), expression, action.Component, action.Action);
    }

    /// <summary>Top-level port name of an action's strobe: <c>strobe_component_action</c>.</summary>
    public static string PortName(ActionKey action) => $"strobe_{action.Component}_{action.Action}";

    private static LayerTableView BuildTable(RtlDesign d)
    {
        var iw = d.InternalBits;
        var flags = new[] { "is_conv", "add_x", "last_layer" };
        var numbers = new[]
        {
            "units", "upl", "upt", "wpu", "npu", "wout", "mul_c", "mul_y", "stride", "stride_k", "tap_y_base", "tap_x_base",
            "in_base", "in_stride", "out_base", "out_stride", "dram_base", "dram_words", "gb_words", "tile_units", "tile_neurons", "flat_j_step",
        };
        var fields = flags.Select(f => new FieldView(f, 1)).Concat(numbers.Select(n => new FieldView(n, iw))).ToList();

        var rows = new List<LayerRowView>();
        foreach (var rtl in d.Layers)
        {
            var l = rtl.Layer;
            var m = l.Mapping;
            var conv = l.Kind == LayerKind.Conv2d;
            var values = new Dictionary<string, long>
            {
                ["units"] = conv ? l.OutputShape.Channels : l.OutputShape.Size,
                ["upl"] = m.UnitsPerLane,
                ["upt"] = m.UnitsPerTile,
                ["wpu"] = m.WeightsPerUnit,
                ["npu"] = m.NeuronsPerUnit,
                ["wout"] = conv ? l.OutputShape.Width : 1,
                ["mul_c"] = conv ? (long)l.Kernel * l.Kernel : (long)rtl.EventShape.Height * rtl.EventShape.Width,
                ["mul_y"] = conv ? 0 : rtl.EventShape.Width,
                ["stride"] = conv ? l.Stride : 0,
                ["stride_k"] = conv ? (long)l.Stride * l.Kernel : 0,
                ["tap_y_base"] = rtl.TapYBase,
                ["tap_x_base"] = rtl.TapXBase,
                ["in_base"] = rtl.InBase,
                ["in_stride"] = rtl.InStride,
                ["out_base"] = rtl.OutBase,
                ["out_stride"] = rtl.OutStride,
                ["dram_base"] = rtl.DramBase,
                ["dram_words"] = rtl.DramWords,
                ["gb_words"] = rtl.GbWords,
                ["tile_units"] = (long)m.UnitsPerTile * d.Lanes,
                ["tile_neurons"] = (long)m.UnitsPerTile * d.Lanes * m.NeuronsPerUnit,
                ["flat_j_step"] = conv ? (long)(d.Lanes - 1) * m.NeuronsPerUnit + 1 : d.Lanes,
            };
            var row = new List<FieldValueView>
            {
                new("is_conv", conv ? "1'b1" : "1'b0"),
                new("add_x", conv ? "1'b0" : "1'b1"),
                new("last_layer", l.Index == d.Layers.Count - 1 ? "1'b1" : "1'b0"),
            };
            row.AddRange(numbers.Select(n => new FieldValueView(n, VerilogLiteral.Unsigned(iw, values[n]))));
            rows.Add(new LayerRowView(VerilogLiteral.Unsigned(iw, l.Index),
                $"{l.Name}: {l.Kind.ToString().ToLowerInvariant()} {rtl.EventShape} -> {l.OutputShape}, {m.Tiles} tile(s)", row));
        }

        var defaults = fields.Select(f => new FieldValueView(f.Name, VerilogLiteral.Unsigned(f.Width, 0))).ToList();
        var taps = d.Taps.Select(t => new TapView(VerilogLiteral.Unsigned(iw, t.Index), VerilogLiteral.Unsigned(iw, t.WeightOffset),
            VerilogLiteral.Unsigned(iw, t.StateOffset), VerilogLiteral.Unsigned(iw, t.Count))).ToList();
        return new LayerTableView(fields, rows, defaults, taps, VerilogLiteral.Unsigned(3 * iw, 0));
    }
}
