// Purpose-built views handed to the Scriban templates: every value a template prints is a finished string or number.
using System.Globalization;
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>One lane as the templates repeat it: its index, as a literal at the internal width, its one-hot lane mask, its weight bits.</summary>
public sealed record LaneView(int Index, string IndexAtInternalWidth, string OneHot, string WeightSlice);

/// <summary>A top-level strobe driven by core logic: port name and the expression that drives it.</summary>
public sealed record CoreStrobeView(string Port, string Expression, string Component, string Action);

/// <summary>A per-lane strobe vector: port name, the expression of lane signals behind it, and the port-list separator.</summary>
public sealed record LaneStrobeView(string Port, string Expression, string Separator, string Component, string Action);

/// <summary>
/// The pooling datapath (pool_datapath): widths and sized literals of max/sum integration and of the average pool's
/// division as (u * M) >> s (<see cref="HwGen.Model.PoolReciprocal"/>), and the twin's fire write-back and emit rules.
/// </summary>
public sealed record PoolDatapathView(
    int StateBits,
    int ValueBits,
    int MagnitudeBits,
    int MultiplierBits,
    int ShiftBits,
    int ProductBits,
    string ValueAtStateWidth,
    string ValueAtSumWidth,
    string StateSignExtended,
    string StateMaxAtSumWidth,
    string StateMax,
    string MagnitudeAtProductWidth,
    string MultiplierAtProductWidth,
    string LevelMaxAtProductWidth,
    string LevelMax,
    string FireValueAtStateWidth,
    string FireStateExpression,
    string EmitExpression,
    string FireNote);

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

/// <summary>
/// The lane datapath: widths, and the sized literals and expressions of integrate and fire. The integrate sum is formed
/// at <c>SumBits</c> (state + weight + value + 2), wide enough never to overflow, then saturated to the state width.
/// </summary>
public sealed record DatapathView(
    int StateBits,
    int WeightBits,
    int ValueBits,
    int SumBits,
    int ThresholdLog2,
    string StateSignExtended,
    string StateMaxAtSumWidth,
    string StateMinAtSumWidth,
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

/// <summary>What a lane datapath is rendered from: a twin's state, weight and value widths and its fire rule.</summary>
public sealed record LaneDatapathParameters(int StateBits, int WeightBits, int ValueBits, int MaxValue, int ThresholdLog2, int LeakShift, bool EmitZeros);

/// <summary>
/// One event_fifo instance's parameters: word and depth, address and count widths, the last address, the count when
/// full and the count one below full (as sized literals).
/// </summary>
public sealed record EventFifoView(int WordBits, int Depth, int AddressWidth, int CountWidth, string LastAddress, string FullCount, string AlmostFullCount);

/// <summary>The banked global buffer: bank count and depth, address and bank-index widths, and how an address splits.</summary>
public sealed record GlobalBufferView(
    int Banks,
    long BankDepth,
    int WordBits,
    int AddressWidth,
    int BankIndexWidth,
    int RowAddressWidth,
    string WriteBankExpression,
    string ReadBankExpression,
    string WriteRowExpression,
    string ReadRowExpression);

/// <summary>Per-layer facts the C++ harness needs to decode output events.</summary>
public sealed record HarnessLayerView(int Index, int Neurons, int Height, int Width);

/// <summary>
/// The core and its controller. Index, address and counter arithmetic runs at one <c>InternalWidth</c>; a field named
/// <c>...AtInternalWidth</c> (and <c>InternalZero</c>, <c>InternalOne</c>) is a sized literal or expression at that
/// width. <c>...Width</c> is a bit width of an address or count, <c>...Bits</c> the bit width of a data word.
/// </summary>
public sealed record CoreView(
    string TopModule,
    string DesignLabel,
    string DatapathModule,
    int Lanes,
    int InternalWidth,
    int WeightBits,
    int StateBits,
    int ValueBits,
    int WeightAddressWidth,
    int StateAddressWidth,
    long WeightWords,
    long StateWords,
    int GlobalBufferAddressWidth,
    int GlobalBufferWordBits,
    int DramAddressWidth,
    int DramWordBits,
    int EventBits,
    int TimestepIndexWidth,
    string TimestepIndexZero,
    int CountTableLast,
    string CountTableNoneWritten,
    EventFifoView InputQueue,
    EventFifoView OutputQueue,
    int LoaderBufferBits,
    string LoaderBufferBitsAtInternalWidth,
    string LoaderBufferZero,
    string GlobalBufferWordBitsAtInternalWidth,
    string GlobalBufferReadAtLoaderBufferWidth,
    string GlobalBufferReadEventSlice,
    string OutputEventAsBufferWord,
    string FcOutputEventExpression,
    string EventChannelAtInternalWidth,
    string EventRowAtInternalWidth,
    string EventColumnAtInternalWidth,
    string EventValueSlice,
    string BufferWordsPerDramWordAtInternalWidth,
    string DramWordRemainderExpression,
    string RingSlotsAtInternalWidth,
    string LastRingSlotAtInternalWidth,
    string RingBaseAtInternalWidth,
    string WeightBitsAtInternalWidth,
    string InternalZero,
    string InternalOne,
    string LanesAtInternalWidth,
    string LaneMaskZero,
    string LaneMaskOne,
    string ValueZero,
    string StateZero,
    string FireWriteback,
    string IntegrateStateOperand,
    string IntegrateWeightOperand,
    string IntegrateValueOperand,
    string FireStateOperand,
    int LaneIndexBits,
    EventFifoView SpikeFifo,
    string SpikeFifoPositionFields,
    string ConvOutputEventExpression,
    IReadOnlyList<LaneView> LaneList,
    IReadOnlyList<LaneView> LaneListReversed,
    IReadOnlyList<LaneView> LaneListReversedAfterFirst,
    IReadOnlyList<CoreStrobeView> CoreStrobes,
    IReadOnlyList<LaneStrobeView> LaneStrobes,
    IReadOnlyList<HarnessLayerView> HarnessLayers,
    int EventValueLowBit,
    int EventChannelLowBit,
    int EventRowLowBit,
    int ChannelBits,
    int RowBits,
    int ColumnBits);

/// <summary>Everything one design's templates see.</summary>
public sealed record DesignView(string Header, CoreView Core, DatapathView Datapath, PoolDatapathView Pool, GlobalBufferView GlobalBuffer, LayerTableView Table, ToggleCountingView Toggles,
    HarnessCounterView Counters, ToggleCountingView Registers, string RegistersNote);

/// <summary>The names of the counters the core harness bumps itself (<see cref="HarnessCounters"/>).</summary>
public sealed record HarnessCounterView(string Cycles, string DramBursts, string DramRows, string DramZeros, string DramRises)
{
    public static HarnessCounterView Names { get; } = new(HarnessCounters.Cycles, HarnessCounters.DramBursts, HarnessCounters.DramRows,
        HarnessCounters.DramZeros, HarnessCounters.DramRises);
}

public static class RtlViewBuilder
{
    public static DesignView Build(RtlDesign d)
    {
        var internalWidth = d.InternalBits;
        string AtInternalWidth(long v) => VerilogLiteral.Unsigned(internalWidth, v);
        var lanes = Enumerable.Range(0, d.Lanes).Select(l => new LaneView(
            l, AtInternalWidth(l), VerilogLiteral.Unsigned(d.Lanes, 1L << l), VerilogLiteral.Range(l * d.WeightBits, d.WeightBits)[1..^1])).ToList();

        var core = d.Model.Core;
        var isolate = core.OperandIsolation;
        var timestepIndexWidth = Bits.ForAddress(d.Timesteps);
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
        // A pool update is a compare (max) or an add (average): it joins the fire compares or the adder's updates.
        var binary = d.IntegrateAction == Actions.Accumulate;
        var laneStrobes = new List<(ActionKey Action, string Expression)>
        {
            (Actions.WeightMemoryRead, "lane_strobe_weight_read"),
            (Actions.WeightMemoryWrite, "lane_strobe_weight_write"),
            (Actions.StateMemoryRead, "lane_strobe_state_read"),
            (Actions.StateMemoryWrite, "lane_strobe_state_write"),
            (d.IntegrateAction, binary ? "lane_strobe_integrate | lane_strobe_pool_add" : "lane_strobe_integrate"),
        };
        if (!binary)
        {
            laneStrobes.Add((Actions.Accumulate, "lane_strobe_pool_add"));
        }

        laneStrobes.Add((Actions.Compare, "lane_strobe_fire | lane_strobe_pool_max"));
        if (d.Design == DesignKind.Snn)
        {
            // A max pool emits without subtracting; a pool never leaks.
            laneStrobes.Add((Actions.Subtract, string.Create(CultureInfo.InvariantCulture, $"lane_strobe_fire_emit & {{{d.Lanes}{{~(is_pool & pool_max)}}}}")));
            if (d.LeakShift > 0)
            {
                laneStrobes.Add((Actions.Leak, string.Create(CultureInfo.InvariantCulture, $"lane_strobe_fire & {{{d.Lanes}{{~is_pool}}}}")));
            }
        }

        var laneStrobeViews = laneStrobes.Select((s, i) => new LaneStrobeView(
            PortName(s.Action), s.Expression, i == laneStrobes.Count - 1 ? string.Empty : ",", s.Action.Component, s.Action.Action)).ToList();

        // conv2d fire: one spike FIFO per lane holding up to one channel's positions (value, row, column).
        var spikeBits = d.ValueBits + d.RowBits + d.ColumnBits;
        var spikeDepth = Math.Max(2, d.Layers.Where(l => l.Layer.Kind != LayerKind.Fc).Select(l => l.Layer.Mapping.NeuronsPerUnit).DefaultIfEmpty(2).Max());
        var coreView = new CoreView(
            TopModule: d.TopModule,
            DesignLabel: d.Design == DesignKind.Snn ? (d.Model.Neuron.Levels > 1 ? $"multi-level SNN, L={d.Model.Neuron.Levels}" : "binary SNN") : "QNN twin",
            DatapathModule: d.DatapathModule,
            Lanes: d.Lanes,
            InternalWidth: internalWidth,
            WeightBits: d.WeightBits,
            StateBits: d.StateBits,
            ValueBits: d.ValueBits,
            WeightAddressWidth: d.WeightAddressBits,
            StateAddressWidth: d.StateAddressBits,
            WeightWords: d.Model.Memory.LaneMemory.WeightWords,
            StateWords: d.Model.Memory.LaneMemory.StateWords,
            GlobalBufferAddressWidth: d.GbAddressBits,
            GlobalBufferWordBits: d.GbWordBits,
            DramAddressWidth: d.DramAddressBits,
            DramWordBits: d.DramWordBits,
            EventBits: d.EventBits,
            TimestepIndexWidth: timestepIndexWidth,
            TimestepIndexZero: VerilogLiteral.Unsigned(timestepIndexWidth, 0),
            CountTableLast: d.Timesteps - 1,
            CountTableNoneWritten: VerilogLiteral.Unsigned(d.Timesteps, 0),
            InputQueue: EventFifo(d.EventBits, core.InputQueueDepth),
            OutputQueue: EventFifo(d.EventBits, core.OutputQueueDepth),
            LoaderBufferBits: loaderBits,
            LoaderBufferBitsAtInternalWidth: AtInternalWidth(loaderBits),
            LoaderBufferZero: VerilogLiteral.Unsigned(loaderBits, 0),
            GlobalBufferWordBitsAtInternalWidth: AtInternalWidth(d.GbWordBits),
            GlobalBufferReadAtLoaderBufferWidth: VerilogLiteral.ZeroExtend("gb_rd", d.GbWordBits, loaderBits),
            GlobalBufferReadEventSlice: "gb_rd" + eventSlice,
            OutputEventAsBufferWord: VerilogLiteral.ZeroExtend("oq_head", d.EventBits, d.GbWordBits),
            FcOutputEventExpression: string.Create(CultureInfo.InvariantCulture,
                $"{{ drain_value, drain_c{VerilogLiteral.Range(0, d.ChannelBits)}, pend_y{VerilogLiteral.Range(0, d.RowBits)}, pend_x{VerilogLiteral.Range(0, d.ColumnBits)} }}"),
            EventChannelAtInternalWidth: VerilogLiteral.ZeroExtend("head" + VerilogLiteral.Range(channelLow, d.ChannelBits), d.ChannelBits, internalWidth),
            EventRowAtInternalWidth: VerilogLiteral.ZeroExtend("head" + VerilogLiteral.Range(d.ColumnBits, d.RowBits), d.RowBits, internalWidth),
            EventColumnAtInternalWidth: VerilogLiteral.ZeroExtend("head" + VerilogLiteral.Range(0, d.ColumnBits), d.ColumnBits, internalWidth),
            EventValueSlice: "head" + VerilogLiteral.Range(valueLow, d.ValueBits),
            BufferWordsPerDramWordAtInternalWidth: AtInternalWidth(ratio),
            DramWordRemainderExpression: ratio == 1 ? "cur" : VerilogLiteral.ZeroExtend("cur" + VerilogLiteral.Range(d.GbWordBits, d.DramWordBits - d.GbWordBits), d.DramWordBits - d.GbWordBits, d.DramWordBits),
            RingSlotsAtInternalWidth: AtInternalWidth(d.RingSlots),
            LastRingSlotAtInternalWidth: AtInternalWidth(d.RingSlots - 1),
            RingBaseAtInternalWidth: AtInternalWidth(d.RingBase),
            WeightBitsAtInternalWidth: AtInternalWidth(d.WeightBits),
            InternalZero: AtInternalWidth(0),
            InternalOne: AtInternalWidth(1),
            LanesAtInternalWidth: AtInternalWidth(d.Lanes),
            LaneMaskZero: VerilogLiteral.Unsigned(d.Lanes, 0),
            LaneMaskOne: VerilogLiteral.Unsigned(d.Lanes, 1),
            ValueZero: VerilogLiteral.Unsigned(d.ValueBits, 0),
            StateZero: VerilogLiteral.Unsigned(d.StateBits, 0),
            FireWriteback: d.FireWriteBack ? "1'b1" : "1'b0",
            IntegrateStateOperand: Isolated("state_now", d.StateBits, "int_valid2", isolate),
            IntegrateWeightOperand: Isolated("weight_rd", d.WeightBits, "int_valid2", isolate),
            IntegrateValueOperand: Isolated("int_value2", d.ValueBits, "int_valid2", isolate),
            FireStateOperand: Isolated("state_now", d.StateBits, "fire_valid", isolate),
            LaneIndexBits: Bits.ForAddress(d.Lanes),
            SpikeFifo: EventFifo(spikeBits, spikeDepth),
            SpikeFifoPositionFields: $"s2_oy{VerilogLiteral.Range(0, d.RowBits)}, s2_ox{VerilogLiteral.Range(0, d.ColumnBits)}",
            ConvOutputEventExpression: $"{{ sf_sel{VerilogLiteral.Range(d.RowBits + d.ColumnBits, d.ValueBits)}, conv_c{VerilogLiteral.Range(0, d.ChannelBits)}, sf_sel{VerilogLiteral.Range(0, d.RowBits + d.ColumnBits)} }}",
            LaneList: lanes,
            LaneListReversed: lanes.AsEnumerable().Reverse().ToList(),
            LaneListReversedAfterFirst: lanes.Skip(1).Reverse().ToList(),
            CoreStrobes: coreStrobes,
            LaneStrobes: laneStrobeViews,
            HarnessLayers: d.Layers.Select(l => new HarnessLayerView(l.Layer.Index, l.Layer.Neurons, l.Layer.OutputShape.Height, l.Layer.OutputShape.Width)).ToList(),
            EventValueLowBit: valueLow,
            EventChannelLowBit: channelLow,
            EventRowLowBit: d.ColumnBits,
            ChannelBits: d.ChannelBits,
            RowBits: d.RowBits,
            ColumnBits: d.ColumnBits);

        var dp = Datapath(new LaneDatapathParameters(d.StateBits, d.WeightBits, d.ValueBits, d.MaxValue, d.ThresholdLog2, d.LeakShift, d.EmitZeros));

        var banks = d.GbBanks;
        var bankBits = Math.Max(1, Bits.ForAddress(banks));
        var log2Banks = banks == 1 ? 0 : System.Numerics.BitOperations.Log2((uint)banks);
        var gbAw = d.GbAddressBits;
        var gb = new GlobalBufferView(
            Banks: banks,
            BankDepth: (d.GbWords + banks - 1) / banks,
            WordBits: d.GbWordBits,
            AddressWidth: gbAw,
            BankIndexWidth: bankBits,
            RowAddressWidth: gbAw - log2Banks,
            WriteBankExpression: banks == 1 ? "1'b0" : "wa" + VerilogLiteral.Range(0, log2Banks),
            ReadBankExpression: banks == 1 ? "1'b0" : "ra" + VerilogLiteral.Range(0, log2Banks),
            WriteRowExpression: banks == 1 ? "wa" : "wa" + VerilogLiteral.Range(log2Banks, gbAw - log2Banks),
            ReadRowExpression: banks == 1 ? "ra" : "ra" + VerilogLiteral.Range(log2Banks, gbAw - log2Banks));

        return new DesignView(
            Header: $"Generated by hwgen from spec '{d.Model.Name}' ({coreView.DesignLabel}); do not edit.",
            Core: coreView,
            Datapath: dp,
            Pool: PoolDatapath(d),
            GlobalBuffer: gb,
            Table: BuildTable(d),
            Toggles: ToggleCountingView.For(d.TopModule, CoreToggleProbes.For(d)),
            Counters: HarnessCounterView.Names,
            Registers: ToggleCountingView.For(d.TopModule, []),
            RegistersNote: "none in this form; the build adds every one");

        static CoreStrobeView Strobe(ActionKey action, string expression) =>
            new(PortName(action), expression, action.Component, action.Action);
    }

    /// <summary>
    /// The lane datapath view (snn_lane_datapath / qnn_lane_datapath) at the given widths: the core's lanes and the
    /// calibration bench render the datapath templates from this one builder.
    /// </summary>
    public static DatapathView Datapath(LaneDatapathParameters p)
    {
        if (p.ValueBits + p.ThresholdLog2 > p.StateBits)
        {
            throw new ArgumentException($"a lane datapath needs value + threshold bits <= state bits (state {p.StateBits}, value {p.ValueBits}, log2 threshold {p.ThresholdLog2})");
        }

        // The integrate sum's width: state + weight + value bits + 2 cannot overflow before saturation.
        var sum = p.StateBits + p.WeightBits + p.ValueBits + 2;
        var stateMax = (1L << (p.StateBits - 1)) - 1;
        var stateMin = -(1L << (p.StateBits - 1));
        // z * theta as a state-width word: fire_value shifted left by log2(theta), zero-padded above.
        var scaledPad = p.StateBits - p.ValueBits - p.ThresholdLog2;
        var scaledParts = new List<string>();
        if (scaledPad > 0)
        {
            scaledParts.Add(string.Create(CultureInfo.InvariantCulture, $"{scaledPad}'d0"));
        }

        scaledParts.Add("fire_value");
        if (p.ThresholdLog2 > 0)
        {
            scaledParts.Add(string.Create(CultureInfo.InvariantCulture, $"{p.ThresholdLog2}'d0"));
        }

        return new DatapathView(
            StateBits: p.StateBits,
            WeightBits: p.WeightBits,
            ValueBits: p.ValueBits,
            SumBits: sum,
            ThresholdLog2: p.ThresholdLog2,
            StateSignExtended: string.Create(CultureInfo.InvariantCulture, $"{{ {{{sum - p.StateBits}{{state_in[{p.StateBits - 1}]}}}}, state_in }}"),
            StateMaxAtSumWidth: VerilogLiteral.Signed(sum, stateMax),
            StateMinAtSumWidth: VerilogLiteral.Signed(sum, stateMin),
            StateMax: VerilogLiteral.Signed(p.StateBits, stateMax),
            StateMin: VerilogLiteral.Signed(p.StateBits, stateMin),
            StateZero: VerilogLiteral.Signed(p.StateBits, 0),
            ValueZero: VerilogLiteral.Unsigned(p.ValueBits, 0),
            LevelMax: VerilogLiteral.Unsigned(p.ValueBits, p.MaxValue),
            LevelMaxState: VerilogLiteral.Signed(p.StateBits, p.MaxValue),
            FireValueScaled: "{ " + string.Join(", ", scaledParts) + " }",
            LeakExpression: p.LeakShift > 0 ? $"reset_state - (reset_state >>> {p.LeakShift})" : "reset_state",
            LeakNote: p.LeakShift > 0 ? $", leak u -= u >>> {p.LeakShift}" : string.Empty,
            EmitExpression: p.EmitZeros ? "1'b1" : $"(fire_value != {VerilogLiteral.Unsigned(p.ValueBits, 0)})");
    }

    /// <summary>The pooling datapath of one twin: its state and value widths, the reciprocals' widths, its fire rule.</summary>
    public static PoolDatapathView PoolDatapath(RtlDesign d)
    {
        var s = d.StateBits;
        var v = d.ValueBits;
        var magnitude = d.PoolMagnitudeBits;
        var multiplierBits = Bits.ForValues(d.PoolReciprocals.Select(r => r.Multiplier).DefaultIfEmpty(1).Max());
        var product = magnitude + multiplierBits;
        var shiftBits = Bits.ForValues(product);
        string Extend(string signal, int from, int to) => VerilogLiteral.ZeroExtend(signal, from, to);
        return new PoolDatapathView(
            StateBits: s,
            ValueBits: v,
            MagnitudeBits: magnitude,
            MultiplierBits: multiplierBits,
            ShiftBits: shiftBits,
            ProductBits: product,
            ValueAtStateWidth: "$signed(" + Extend("value", v, s) + ")",
            ValueAtSumWidth: "$signed(" + Extend("value", v, s + 1) + ")",
            StateSignExtended: string.Create(CultureInfo.InvariantCulture, $"{{ state_in[{s - 1}], state_in }}"),
            StateMaxAtSumWidth: VerilogLiteral.Signed(s + 1, (1L << (s - 1)) - 1),
            StateMax: VerilogLiteral.Signed(s, (1L << (s - 1)) - 1),
            MagnitudeAtProductWidth: Extend("magnitude", magnitude, product),
            MultiplierAtProductWidth: Extend("pool_mul", multiplierBits, product),
            LevelMaxAtProductWidth: VerilogLiteral.Unsigned(product, d.MaxValue),
            LevelMax: VerilogLiteral.Unsigned(v, d.MaxValue),
            FireValueAtStateWidth: "$signed(" + Extend("fire_value", v, s) + ")",
            // The spiking pool writes back: a max pool clears, an average pool keeps the remainder u - z*A. The
            // twin's accumulator is its final state and is not written back.
            FireStateExpression: d.FireWriteBack
                ? $"pool_max ? {VerilogLiteral.Signed(s, 0)} : state_in - $signed({Extend("fire_value", v, s)} * pool_div)"
                : "state_in",
            EmitExpression: d.EmitZeros ? "1'b1" : $"(fire_value != {VerilogLiteral.Unsigned(v, 0)})",
            FireNote: d.FireWriteBack ? "a max pool clears its state after firing, an average pool keeps u - z*A" : "the accumulator is kept");
    }

    /// <summary>The parameters of one event_fifo instance: a depth-entry queue of wordBits-bit words.</summary>
    public static EventFifoView EventFifo(int wordBits, int depth)
    {
        var addressWidth = Bits.ForAddress(depth);
        var countWidth = Bits.ForValues(depth);
        return new EventFifoView(wordBits, depth, addressWidth, countWidth,
            LastAddress: VerilogLiteral.Unsigned(addressWidth, depth - 1),
            FullCount: VerilogLiteral.Unsigned(countWidth, depth),
            AlmostFullCount: VerilogLiteral.Unsigned(countWidth, depth - 1));
    }

    /// <summary>
    /// A datapath operand: the net itself, or with operand isolation the net AND-gated by the valid bit of the unit that
    /// uses it (zero in every other cycle, so an idle unit's inputs do not switch).
    /// </summary>
    private static string Isolated(string net, int width, string valid, bool isolate) =>
        isolate ? string.Create(CultureInfo.InvariantCulture, $"{net} & {{{width}{{{valid}}}}}") : net;

    /// <summary>Top-level port name of an action's strobe: <c>strobe_component_action</c>.</summary>
    public static string PortName(ActionKey action) => $"strobe_{action.Component}_{action.Action}";

    private static LayerTableView BuildTable(RtlDesign d)
    {
        var internalWidth = d.InternalBits;
        var flags = new[] { "is_conv", "add_x", "last_layer", "is_pool", "pool_max" };
        var numbers = new[]
        {
            "units", "upl", "upt", "wpu", "npu", "wout", "mul_c", "mul_y", "stride", "stride_k", "tap_y_base", "tap_x_base",
            "in_base", "in_stride", "out_base", "out_stride", "dram_base", "dram_words", "gb_words", "tile_units", "tile_neurons", "flat_j_step",
        };
        var pool = PoolDatapath(d);
        var poolFields = new[] { new FieldView("pool_mul", pool.MultiplierBits), new FieldView("pool_shift", pool.ShiftBits), new FieldView("pool_div", d.StateBits) };
        var fields = flags.Select(f => new FieldView(f, 1)).Concat(numbers.Select(n => new FieldView(n, internalWidth))).Concat(poolFields).ToList();
        var reciprocals = d.PoolReciprocals;

        var rows = new List<LayerRowView>();
        foreach (var rtl in d.Layers)
        {
            var l = rtl.Layer;
            var m = l.Mapping;
            // A pool walks and fires like a conv2d layer (tap tables, per-lane spike FIFOs), one channel per unit.
            var conv = l.Kind != LayerKind.Fc;
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
                new("is_pool", l.IsPool ? "1'b1" : "1'b0"),
                new("pool_max", l.Kind == LayerKind.MaxPool ? "1'b1" : "1'b0"),
            };
            row.AddRange(numbers.Select(n => new FieldValueView(n, VerilogLiteral.Unsigned(internalWidth, values[n]))));
            var reciprocal = reciprocals[l.Index];
            row.Add(new FieldValueView("pool_mul", VerilogLiteral.Unsigned(pool.MultiplierBits, reciprocal.Multiplier)));
            row.Add(new FieldValueView("pool_shift", VerilogLiteral.Unsigned(pool.ShiftBits, reciprocal.Shift)));
            row.Add(new FieldValueView("pool_div", VerilogLiteral.Unsigned(d.StateBits, l.Kind == LayerKind.AvgPool ? l.PoolDivisor : 0)));
            rows.Add(new LayerRowView(VerilogLiteral.Unsigned(internalWidth, l.Index),
                $"{l.Name}: {l.Kind.ToString().ToLowerInvariant()} {rtl.EventShape} -> {l.OutputShape}, {m.Tiles} tile(s)", row));
        }

        var defaults = fields.Select(f => new FieldValueView(f.Name, VerilogLiteral.Unsigned(f.Width, 0))).ToList();
        var taps = d.Taps.Select(t => new TapView(VerilogLiteral.Unsigned(internalWidth, t.Index), VerilogLiteral.Unsigned(internalWidth, t.WeightOffset),
            VerilogLiteral.Unsigned(internalWidth, t.StateOffset), VerilogLiteral.Unsigned(internalWidth, t.Count))).ToList();
        return new LayerTableView(fields, rows, defaults, taps, VerilogLiteral.Unsigned(3 * internalWidth, 0));
    }
}
