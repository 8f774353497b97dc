// Views of a mesh design for its templates (templates/mesh/): the top, the router, the network interface, the mesh
// core and the generic table ROM. Every width, slice, sized literal and flit expression is computed here.
using System.Globalization;
using HwGen.Model;

namespace HwGen.Emit;

/// <summary>A ROM output field: name, width and the port-list separator after it.</summary>
public sealed record RomFieldView(string Name, int Width, string Separator);

/// <summary>One table ROM module (templates/mesh/table_rom.v.sbn): its index width, fields and rows.</summary>
public sealed record RomView(string Module, string Purpose, int IndexBits, IReadOnlyList<RomFieldView> Fields, IReadOnlyList<LayerRowView> Rows,
    IReadOnlyList<FieldValueView> Defaults);

/// <summary>What the table ROM template sees.</summary>
public sealed record RomDesignView(string Header, RomView Rom);

/// <summary>One router port: its name, its index in the arbiter vectors (east 0 .. local 4).</summary>
public sealed record RouterPortView(string Name, int Index);

/// <summary>The router module: widths, its five ports, the input FIFO and the credit counters.</summary>
public sealed record RouterView(
    int BufferDepth,
    int LinkBits,
    int XBits,
    int YBits,
    string XSlice,
    string YSlice,
    IReadOnlyList<RouterPortView> Ports,
    EventFifoView Fifo,
    int CreditWidth,
    string CreditZero,
    string CreditOne,
    string CreditFull,
    string FlitZero);

/// <summary>One router port as the top connects it: what drives its inputs (a neighbour, a network interface, or nothing).</summary>
public sealed record TopPortView(string Name, string InValid, string InFlit, string OutCredit, string Separator);

public sealed record TopRouterView(int Index, string X, string Y, IReadOnlyList<TopPortView> Ports);

public sealed record TopCoreView(int Index, string Id, int Router, string Position, string Comment, int InjectionBus);

/// <summary>A strobe the mesh harness counts: the port (per core), the port naming the layer it counts towards, and whether it counts per timestep.</summary>
public sealed record MeshStrobeView(string Port, string LayerPort, string OwnStep, int ActionIndex);

public sealed record MeshLaneStrobeView(string Port, int ActionIndex);

public sealed record MeshHarnessLayerView(int Index, int Neurons, int Height, int Width, IReadOnlyList<int> SliceCores);

/// <summary>A counted router port: its results name, the top signal suffix, its bus and port indices, whether it is a link between routers.</summary>
public sealed record MeshPortView(string Name, string Signal, int Bus, int Index, string InterRouter);

/// <summary>A link bus whose bit changes the harness counts: its index, top signal and results-line prefix.</summary>
public sealed record MeshBusView(int Index, string Signal, string Line);

/// <summary>What the mesh harness needs: action names and indices, per-layer shapes and slice cores, the router/slot tables, ports and buses.</summary>
public sealed record MeshHarnessView(
    IReadOnlyList<string> Actions,
    IReadOnlyList<MeshStrobeView> CoreStrobes,
    IReadOnlyList<MeshLaneStrobeView> LaneStrobes,
    IReadOnlyList<MeshHarnessLayerView> Layers,
    IReadOnlyList<int> RouterCores,
    IReadOnlyList<IReadOnlyList<int>> SlotLayers,
    IReadOnlyList<string> StreamLayers,
    IReadOnlyList<string> HostRegions,
    bool HasShortcuts,
    int SourceLow,
    int SourceBits,
    IReadOnlyList<MeshPortView> Ports,
    IReadOnlyList<MeshBusView> Buses,
    int XLow,
    int XBits,
    int YLow,
    int YBits,
    int SlotLow,
    int SlotBits,
    int KindDense,
    int KindMarker,
    int SparseBits,
    int DenseBits,
    int MarkerBits,
    int SparseAction,
    int DenseAction,
    int LinkWords);

/// <summary>Everything the mesh templates compute with beyond the core's own view.</summary>
public sealed class MeshView
{
    public required string Dataflow { get; init; }

    /// <summary>Some slot adds a shortcut: its input queue carries a shortcut flag beside each event, its streams their shapes.</summary>
    public required bool HasShortcuts { get; init; }

    /// <summary>Some slot adds the network input: the host's writes carry the layer they count at.</summary>
    public required bool HasInputShortcuts { get; init; }

    /// <summary>The input queue: the event word, and with shortcuts one more bit (the event is a shortcut's).</summary>
    public required EventFifoView InputQueue { get; init; }
    public required int MeshX { get; init; }
    public required int MeshY { get; init; }
    public required int CoreCount { get; init; }
    public required int RouterCount { get; init; }
    public required int CoreBits { get; init; }
    public required int SlotBits { get; init; }
    public required int SourceBits { get; init; }
    public required int PairBits { get; init; }
    public required int XBits { get; init; }
    public required int YBits { get; init; }
    public required int LinkBits { get; init; }
    public required int MaxSlots { get; init; }
    public required int MarkIndexBits { get; init; }
    public required int SourceCountBits { get; init; }
    public required int CountIndexBits { get; init; }
    public required int SendWordBits { get; init; }
    public required int TokenBit { get; init; }
    public required string SendSlotSlice { get; init; }
    public required string SendEventSlice { get; init; }
    public required IReadOnlyList<RomFieldView> CoreSlotFields { get; init; }
    public required string MarkIndexExpression { get; init; }
    public required string CountIndexSlice { get; init; }
    public required string PairSlice { get; init; }
    public required string SourceCountSlice { get; init; }
    public required string BufferWriteWord { get; init; }
    public required string WeightAddressSlice { get; init; }
    public required string StateAddressSlice { get; init; }
    public required string TokenWord { get; init; }
    public required string EventSendWord { get; init; }
    public required string SlotAtInternalWidth { get; init; }
    public required string SlotZero { get; init; }
    public required string SlotOne { get; init; }
    public required IReadOnlyList<TopCoreView> Cores { get; init; }
    public required IReadOnlyList<TopRouterView> Routers { get; init; }
    public required int SparseFlitBits { get; init; }
    public required int DenseValues { get; init; }
    public required int DenseFlitBits { get; init; }
    public required int DenseBodyBits { get; init; }
    public required string DenseBodyZero { get; init; }
    public required string DenseNextZero { get; init; }
    public required int CreditWidth { get; init; }
    public required string CreditZero { get; init; }
    public required string CreditOne { get; init; }
    public required string CreditFull { get; init; }
    public required string DestIndexSlice { get; init; }
    public required string InjectChannel { get; init; }
    public required string InjectRow { get; init; }
    public required string InjectColumn { get; init; }
    public required string InjectValue { get; init; }
    public required string DenseValuesAtInternalWidth { get; init; }
    public required string ValueBitsAtInternalWidth { get; init; }
    public required string SparseFlitExpression { get; init; }
    public required string DenseFlitExpression { get; init; }
    public required string MarkerFlitExpression { get; init; }
    public required EventFifoView EjectFifo { get; init; }
    public required string HeaderSlotSlice { get; init; }
    public required string HeaderSourceSlice { get; init; }
    public required string SourceAtInternalWidth { get; init; }
    public required int PairTimestepBits { get; init; }
    public required int PairCountBits { get; init; }
    public required int PairOffsetBits { get; init; }
    public required int PairTimestepIndexBits { get; init; }
    public required int PairCountIndexBits { get; init; }
    public required int DenseBodyIndexBits { get; init; }
    public required string PairTimestepOffset { get; init; }
    public required string PairCountOffset { get; init; }
    public required string PairTimestepZero { get; init; }
    public required string PairCountZero { get; init; }
    public required int TimestepCountBits { get; init; }
    public required string TimestepCountOne { get; init; }
    public required string TimestepAtInternalWidth { get; init; }
    public required int LinkIndexBits { get; init; }
    public required string DenseValueOffset { get; init; }
    public required string EmitZeros { get; init; }
    public required int DenseIndexBits { get; init; }
    public required string DenseLastIndex { get; init; }
    public required string DenseIndexZero { get; init; }
    public required string DenseIndexOne { get; init; }
    public required int KindSparse { get; init; }
    public required int KindDense { get; init; }
    public required int KindMarker { get; init; }
    public required string SparseEventFromFlit { get; init; }
    public required string DenseEventExpression { get; init; }
    public required string EjectMarkIndexExpression { get; init; }
    public required long CountTableLast { get; init; }
    public required int MarksBits { get; init; }
    public required string MarksZero { get; init; }
    public required int MarkOffsetBits { get; init; }
    public required string CoreMarkOffset { get; init; }
    public required string HostMarkOffset { get; init; }
    public required string EjectMarkOffset { get; init; }
    public required string SourceCountOne { get; init; }
}

/// <summary>Everything a mesh design's module templates see (the core's view, its datapath and buffer, the mesh, the router).</summary>
public sealed record MeshDesignView(string Header, CoreView Core, DatapathView Datapath, PoolDatapathView Pool, GlobalBufferView GlobalBuffer, LayerTableView Table,
    ToggleCountingView Toggles, MeshView Mesh, RouterView Router, MeshHarnessView Harness);

/// <summary>The buses of a mesh design the harness counts bit changes on: every router output that feeds a neighbour or a core, every injection.</summary>
public static class MeshToggleProbes
{
    /// <summary>
    /// Class noc_link, counted and not priced here (null PricedAs): the measured energy prices NoC movement per bit × hop
    /// from the ERT until a link calibration exists.
    /// </summary>
    public static List<ToggleProbe> For(RtlDesign d)
    {
        var mesh = d.Mesh!.Mapping;
        var coreAt = mesh.Cores.ToDictionary(c => c.Position.Y * mesh.MeshX + c.Position.X, c => c.Index);
        var probes = new List<ToggleProbe>();
        for (var y = 0; y < mesh.MeshY; y++)
        {
            for (var x = 0; x < mesh.MeshX; x++)
            {
                var r = y * mesh.MeshX + x;
                (string Port, bool Exists)[] ports =
                [
                    ("e", x + 1 < mesh.MeshX), ("w", x > 0), ("s", y + 1 < mesh.MeshY), ("n", y > 0), ("l", coreAt.ContainsKey(r)),
                ];
                foreach (var (port, exists) in ports.Where(p => p.Exists))
                {
                    probes.Add(new ToggleProbe(string.Empty, d.TopModule, $"noc_flit_{r}_{port}", SignalClass.NocLink, mesh.LinkBits));
                }
            }
        }

        foreach (var core in mesh.Cores)
        {
            probes.Add(new ToggleProbe(string.Empty, d.TopModule, $"noc_inj_flit_{core.Index}", SignalClass.NocLink, mesh.LinkBits));
        }

        return probes;
    }
}

public static class MeshViewBuilder
{
    private static readonly string[] PortNames = ["e", "w", "s", "n", "l"];

    /// <summary>The core slot table's fields after <c>layer</c>, in port order.</summary>
    public static readonly string[] CoreSlotFieldNames = ["nslots", "tile_ubase", "tile_units", "tile_flat0", "jlast", "rem0", "wbase", "sbase", "bbase", "nin", "ksrc", "pair_base", "cbase", "kown"];

    /// <summary>
    /// The slot-table fields of a design: <c>tile_units</c> (the single-unit walker's tile bound) only when some layer
    /// pools or adds a shortcut; <c>kown</c> (the streams of the slot's own input; the rest carry its shortcut) only
    /// with a shortcut.
    /// </summary>
    public static string[] CoreSlotFieldNamesOf(RtlDesign d) => CoreSlotFieldNames
        .Where(n => (n != "tile_units" || d.HasPools || d.HasShortcuts) && (n != "kown" || d.HasShortcuts)).ToArray();

    /// <summary>The views of a mesh design: the module view and its table ROMs (one module each).</summary>
    public static (MeshDesignView Design, IReadOnlyList<RomDesignView> Roms) Build(RtlDesign d)
    {
        var m = d.Mesh ?? throw new ArgumentException("not a mesh design", nameof(d));
        var classical = RtlViewBuilder.Build(d);
        var iw = d.InternalBits;
        string AtIw(long v) => VerilogLiteral.Unsigned(iw, v);
        var mesh = m.Mapping;
        var f = m.Format;
        var h = mesh.Header;
        var eb = d.EventBits;
        var sb = m.SlotBits;
        var kb = m.SourceBits;

        // The core's strobes: the event buffer read, the queues (output-queue events only, tokens are not events).
        var coreStrobes = new List<CoreStrobeView>
        {
            Strobe(Actions.GlobalBufferRead, "gb_re"),
            Strobe(Actions.InputQueuePush, "iq_push"),
            Strobe(Actions.InputQueuePop, "iq_pop"),
            Strobe(Actions.OutputQueuePush, "event_push"),
            Strobe(Actions.OutputQueuePop, "send_pop && !send_token"),
        };
        var core = classical.Core with
        {
            TopModule = d.TopModule,
            CoreStrobes = coreStrobes,
        };

        var table = MeshLayerTable(d);
        var creditWidth = Bits.ForValues(mesh.BufferDepth);
        var linkBits = mesh.LinkBits;
        string Pad(int used) => used < linkBits ? string.Create(CultureInfo.InvariantCulture, $"{linkBits - used}'d0, ") : string.Empty;
        // With shortcuts a source slot's streams differ per destination (own input or shortcut): the destination table names it.
        var header = d.HasShortcuts ? "dst_src, dst_slot, dst_y, dst_x" : $"src_index{VerilogLiteral.Range(0, kb)}, dst_slot, dst_y, dst_x";
        var bodyBits = f.SparseBodyBits;
        var denseBody = Math.Max(1, f.DenseValues * d.ValueBits);
        var channelLow = d.RowBits + d.ColumnBits;
        var valueLow = channelLow + d.ChannelBits;
        var tcb = m.TimestepCountBits;
        var pairTimestepBits = m.MaxPairs * tcb;
        var pairCountBits = m.MaxPairs * iw;
        var pairOffsetBits = Bits.ForValues(Math.Max(pairTimestepBits, pairCountBits));
        var kcw = m.SourceCountBits;
        var marksBits = m.MarkEntries * kcw;
        var markOffsetBits = Bits.ForAddress(marksBits);
        var linkIndexBits = Bits.ForAddress(linkBits);
        string Times(string expression, int width, int target, long factor, long plus = 0) =>
            $"{VerilogLiteral.ZeroExtend(expression, width, target)} * {VerilogLiteral.Unsigned(target, factor)}"
            + (plus == 0 ? string.Empty : $" + {VerilogLiteral.Unsigned(target, plus)}");

        var probes = MeshToggleProbes.For(d);
        var cores = mesh.Cores.Select(c => new TopCoreView(
            c.Index, VerilogLiteral.Unsigned(m.CoreBits, c.Index), c.Position.Y * mesh.MeshX + c.Position.X, c.Position.ToString(),
            string.Join(", ", c.Slots.Select(sl => $"{d.Model.Layers[sl.Layer].Name}[{sl.Index}]")),
            probes.FindIndex(p => p.Signal == $"noc_inj_flit_{c.Index}"))).ToList();
        var routers = new List<TopRouterView>();
        var coreAt = mesh.Cores.ToDictionary(c => c.Position.Y * mesh.MeshX + c.Position.X, c => c.Index);
        for (var y = 0; y < mesh.MeshY; y++)
        {
            for (var x = 0; x < mesh.MeshX; x++)
            {
                var r = y * mesh.MeshX + x;
                var ports = new List<TopPortView>();
                // Each direction's input comes from the neighbour's opposite output; mesh edges and idle local ports are tied off.
                (int Dx, int Dy, string Opposite)[] directions = [(1, 0, "w"), (-1, 0, "e"), (0, 1, "n"), (0, -1, "s")];
                for (var p = 0; p < 4; p++)
                {
                    var (dx, dy, opposite) = directions[p];
                    var nx = x + dx;
                    var ny = y + dy;
                    var inside = nx >= 0 && nx < mesh.MeshX && ny >= 0 && ny < mesh.MeshY;
                    var n = ny * mesh.MeshX + nx;
                    ports.Add(inside
                        ? new TopPortView(PortNames[p], $"noc_valid_{n}_{opposite}", $"noc_flit_{n}_{opposite}", $"r{n}_in_credit_{opposite}", ",")
                        : new TopPortView(PortNames[p], "1'b0", VerilogLiteral.Unsigned(linkBits, 0), "1'b0", ","));
                }

                ports.Add(coreAt.TryGetValue(r, out var c)
                    ? new TopPortView("l", $"c{c}_inj_valid", $"c{c}_inj_flit", $"c{c}_ej_credit", ",")
                    : new TopPortView("l", "1'b0", VerilogLiteral.Unsigned(linkBits, 0), "1'b0", ","));
                routers.Add(new TopRouterView(r, VerilogLiteral.Unsigned(h.XBits, x), VerilogLiteral.Unsigned(h.YBits, y), ports));
            }
        }

        // The last observation port of the last router closes the top's port list.
        var lastRouter = routers[^1];
        routers[^1] = lastRouter with { Ports = [.. lastRouter.Ports.Take(4), lastRouter.Ports[4] with { Separator = string.Empty }] };

        var view = new MeshView
        {
            Dataflow = d.Model.Dataflow.ToString().ToLowerInvariant(),
            HasShortcuts = d.HasShortcuts,
            HasInputShortcuts = m.HasInputShortcuts,
            InputQueue = d.HasShortcuts ? RtlViewBuilder.EventFifo(eb + 1, d.Model.Core.InputQueueDepth) : classical.Core.InputQueue,
            MeshX = mesh.MeshX,
            MeshY = mesh.MeshY,
            CoreCount = m.Cores,
            RouterCount = mesh.Routers,
            CoreBits = m.CoreBits,
            SlotBits = sb,
            SourceBits = kb,
            PairBits = m.PairBits,
            XBits = h.XBits,
            YBits = h.YBits,
            LinkBits = linkBits,
            MaxSlots = 1 << sb,
            MarkIndexBits = m.MarkIndexBits,
            SourceCountBits = kcw,
            CountIndexBits = m.CountIndexBits,
            SendWordBits = 1 + sb + eb,
            TokenBit = eb + sb,
            SendSlotSlice = VerilogLiteral.Range(eb, sb),
            SendEventSlice = VerilogLiteral.Range(0, eb),
            CoreSlotFields = CoreSlotFieldNamesOf(d).Select((n, i) => new RomFieldView(n, iw, i == CoreSlotFieldNamesOf(d).Length - 1 ? string.Empty : ",")).ToList(),
            MarkIndexExpression = $"{{ slot, t{VerilogLiteral.Range(0, m.TimestepIndexBits)} }}",
            CountIndexSlice = VerilogLiteral.Range(0, m.CountIndexBits),
            PairSlice = VerilogLiteral.Range(0, m.PairBits),
            SourceCountSlice = VerilogLiteral.Range(0, kcw),
            BufferWriteWord = VerilogLiteral.ZeroExtend("buf_wd", eb, d.GbWordBits),
            WeightAddressSlice = VerilogLiteral.Range(0, d.WeightAddressBits),
            StateAddressSlice = VerilogLiteral.Range(0, d.StateAddressBits),
            TokenWord = $"{{ 1'b1, slot, {VerilogLiteral.Unsigned(eb, 0)} }}",
            EventSendWord = "{ 1'b0, slot, event_word }",
            SlotAtInternalWidth = VerilogLiteral.ZeroExtend("slot", sb, iw),
            SlotZero = VerilogLiteral.Unsigned(sb, 0),
            SlotOne = VerilogLiteral.Unsigned(sb, 1),
            Cores = cores,
            Routers = routers,
            SparseFlitBits = f.SparseFlitBits,
            DenseValues = f.DenseValues,
            DenseFlitBits = f.DenseFlitBits,
            DenseBodyBits = denseBody,
            DenseBodyZero = VerilogLiteral.Unsigned(denseBody, 0),
            DenseNextZero = VerilogLiteral.Unsigned(1 << sb, 0),
            CreditWidth = creditWidth,
            CreditZero = VerilogLiteral.Unsigned(creditWidth, 0),
            CreditOne = VerilogLiteral.Unsigned(creditWidth, 1),
            CreditFull = VerilogLiteral.Unsigned(creditWidth, mesh.BufferDepth),
            DestIndexSlice = VerilogLiteral.Range(0, m.DestIndexBits),
            InjectChannel = VerilogLiteral.ZeroExtend("iev" + VerilogLiteral.Range(channelLow, d.ChannelBits), d.ChannelBits, iw),
            InjectRow = VerilogLiteral.ZeroExtend("iev" + VerilogLiteral.Range(d.ColumnBits, d.RowBits), d.RowBits, iw),
            InjectColumn = VerilogLiteral.ZeroExtend("iev" + VerilogLiteral.Range(0, d.ColumnBits), d.ColumnBits, iw),
            InjectValue = "iev" + VerilogLiteral.Range(valueLow, d.ValueBits),
            DenseValuesAtInternalWidth = AtIw(Math.Max(1, f.DenseValues)),
            ValueBitsAtInternalWidth = AtIw(d.ValueBits),
            SparseFlitExpression = $"{{ {Pad(f.SparseFlitBits)}iev{VerilogLiteral.Range(0, bodyBits)}, {header}, 2'd{NocHeader.KindSparse} }}",
            DenseFlitExpression = $"{{ {Pad(h.Bits + denseBody)}blk, {header}, 2'd{NocHeader.KindDense} }}",
            MarkerFlitExpression = $"{{ {Pad(f.MarkerBits)}{header}, 2'd{NocHeader.KindMarker} }}",
            EjectFifo = RtlViewBuilder.EventFifo(linkBits, mesh.BufferDepth),
            HeaderSlotSlice = VerilogLiteral.Range(h.SlotLow, sb),
            HeaderSourceSlice = VerilogLiteral.Range(h.SourceLow, kb),
            SourceAtInternalWidth = VerilogLiteral.ZeroExtend("e_src", kb, iw),
            PairTimestepBits = pairTimestepBits,
            PairCountBits = pairCountBits,
            PairOffsetBits = pairOffsetBits,
            PairTimestepIndexBits = Bits.ForAddress(pairTimestepBits),
            PairCountIndexBits = Bits.ForAddress(pairCountBits),
            DenseBodyIndexBits = Bits.ForAddress(denseBody),
            PairTimestepOffset = Times("pair", m.PairBits, iw, tcb),
            PairCountOffset = Times("pair", m.PairBits, iw, iw),
            PairTimestepZero = VerilogLiteral.Unsigned(pairTimestepBits, 0),
            PairCountZero = VerilogLiteral.Unsigned(pairCountBits, 0),
            TimestepCountBits = tcb,
            TimestepCountOne = VerilogLiteral.Unsigned(tcb, 1),
            TimestepAtInternalWidth = VerilogLiteral.ZeroExtend("cur_t", tcb, iw),
            LinkIndexBits = linkIndexBits,
            DenseValueOffset = Times("dj", m.DenseIndexBits, iw, d.ValueBits, h.Bits),
            EmitZeros = d.EmitZeros ? "1'b1" : "1'b0",
            DenseIndexBits = m.DenseIndexBits,
            DenseLastIndex = VerilogLiteral.Unsigned(m.DenseIndexBits, Math.Max(0, f.DenseValues - 1)),
            DenseIndexZero = VerilogLiteral.Unsigned(m.DenseIndexBits, 0),
            DenseIndexOne = VerilogLiteral.Unsigned(m.DenseIndexBits, 1),
            KindSparse = NocHeader.KindSparse,
            KindDense = NocHeader.KindDense,
            KindMarker = NocHeader.KindMarker,
            SparseEventFromFlit = d.Twin.BinarySpikes
                ? $"{{ 1'b1, eh{VerilogLiteral.Range(h.Bits, f.AddressBits)} }}"
                : "eh" + VerilogLiteral.Range(h.Bits, eb),
            DenseEventExpression = $"{{ dval, pos_c{VerilogLiteral.Range(0, d.ChannelBits)}, pos_y{VerilogLiteral.Range(0, d.RowBits)}, pos_x{VerilogLiteral.Range(0, d.ColumnBits)} }}",
            EjectMarkIndexExpression = $"{{ e_slot, cur_t{VerilogLiteral.Range(0, m.TimestepIndexBits)} }}",
            CountTableLast = m.CountEntries - 1,
            MarksBits = marksBits,
            MarksZero = VerilogLiteral.Unsigned(marksBits, 0),
            MarkOffsetBits = markOffsetBits,
            CoreMarkOffset = Times("mark_index", m.MarkIndexBits, iw, kcw),
            HostMarkOffset = Times("host_mark_index", m.MarkIndexBits, iw, kcw),
            EjectMarkOffset = Times("e_mark_index", m.MarkIndexBits, iw, kcw),
            SourceCountOne = VerilogLiteral.Unsigned(kcw, 1),
        };

        var router = new RouterView(
            BufferDepth: mesh.BufferDepth,
            LinkBits: linkBits,
            XBits: h.XBits,
            YBits: h.YBits,
            XSlice: VerilogLiteral.Range(h.XLow, h.XBits),
            YSlice: VerilogLiteral.Range(h.YLow, h.YBits),
            Ports: PortNames.Select((n, i) => new RouterPortView(n, i)).ToList(),
            Fifo: RtlViewBuilder.EventFifo(linkBits, mesh.BufferDepth),
            CreditWidth: creditWidth,
            CreditZero: view.CreditZero,
            CreditOne: view.CreditOne,
            CreditFull: view.CreditFull,
            FlitZero: VerilogLiteral.Unsigned(linkBits, 0));

        var design = new MeshDesignView(classical.Header, core, classical.Datapath, classical.Pool, classical.GlobalBuffer, table,
            ToggleCountingView.For(d.TopModule, probes), view, router, Harness(d, classical.Core, probes));
        return (design, Roms(d, classical.Header));

        static CoreStrobeView Strobe(ActionKey action, string expression) =>
            new(RtlViewBuilder.PortName(action), expression, action.Component, action.Action);
    }

    /// <summary>
    /// The harness's tables: the counted actions (the core's strobes, the event-buffer write at the written slot's layer,
    /// the lanes', then NoC bits × hops by class), per layer its shape and slice cores, and every counted router port.
    /// </summary>
    private static MeshHarnessView Harness(RtlDesign d, CoreView classical, List<ToggleProbe> probes)
    {
        var m = d.Mesh!;
        var mesh = m.Mapping;
        var h = mesh.Header;
        var actions = new List<string>();
        int Add(ActionKey a)
        {
            actions.Add(a.ToString());
            return actions.Count - 1;
        }

        var coreStrobes = new List<MeshStrobeView>
        {
            new(RtlViewBuilder.PortName(Actions.GlobalBufferRead), "status_layer", "true", Add(Actions.GlobalBufferRead)),
            new(RtlViewBuilder.PortName(Actions.InputQueuePush), "status_layer", "true", Add(Actions.InputQueuePush)),
            new(RtlViewBuilder.PortName(Actions.InputQueuePop), "status_layer", "true", Add(Actions.InputQueuePop)),
            new(RtlViewBuilder.PortName(Actions.OutputQueuePush), "status_layer", "true", Add(Actions.OutputQueuePush)),
            new(RtlViewBuilder.PortName(Actions.OutputQueuePop), "pop_layer", "false", Add(Actions.OutputQueuePop)),
            new(RtlViewBuilder.PortName(Actions.GlobalBufferWrite), "rx_layer", "false", Add(Actions.GlobalBufferWrite)),
        };
        var laneStrobes = classical.LaneStrobes.Select(s => new MeshLaneStrobeView(s.Port, Add(new ActionKey(s.Component, s.Action)))).ToList();
        var sparse = Add(Actions.NocSparseBitHop);
        var dense = Add(Actions.NocDenseBitHop);

        var ports = new List<MeshPortView>();
        var coreAt = mesh.Cores.ToDictionary(c => c.Position.Y * mesh.MeshX + c.Position.X, c => c.Index);
        foreach (var probe in probes)
        {
            // Router output buses are noc_flit_<router>_<port>; injection buses noc_inj_flit_<core> are counted apart.
            if (!probe.Signal.StartsWith("noc_flit_", StringComparison.Ordinal))
            {
                continue;
            }

            var suffix = probe.Signal["noc_flit_".Length..];
            var router = int.Parse(suffix[..suffix.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var port = suffix[(suffix.IndexOf('_', StringComparison.Ordinal) + 1)..];
            ports.Add(new MeshPortView($"{router} {PortLabel(port)}", suffix, probes.IndexOf(probe), ports.Count, port == "l" ? "false" : "true"));
        }

        return new MeshHarnessView(
            actions, coreStrobes, laneStrobes,
            d.Model.Layers.Select(l => new MeshHarnessLayerView(l.Index, l.Neurons, l.OutputShape.Height, l.OutputShape.Width,
                mesh.Slices[l.Index].Select(sl => sl.Core).ToList())).ToList(),
            Enumerable.Range(0, mesh.Routers).Select(r => coreAt.TryGetValue(r, out var c) ? c : m.Cores).ToList(),
            mesh.Cores.Select(c => (IReadOnlyList<int>)c.Slots.Select(sl => sl.Layer).ToList()).ToList(),
            // Per core, slot and stream: the layer that sends on the stream (the previous layer, then the shortcut's source).
            mesh.Cores.Select(c => "{ " + string.Join(", ", c.Slots.Select(sl => "{ " + string.Join(", ", Enumerable.Range(0, mesh.SourceCount(sl.Layer))
                .Select(k => k >= mesh.OwnSourceCount(sl.Layer) && mesh.ShortcutSource(sl.Layer) >= 0 ? mesh.ShortcutSource(sl.Layer)
                    : k < mesh.OwnSourceCount(sl.Layer) && sl.Layer > 0 ? sl.Layer - 1 : d.Model.Layers.Count)) + " }")) + " },").ToList(),
            // Per core, every slot's event-buffer region and layer (the layer a host write into it counts at).
            m.Slots.Select(c => "{ " + string.Join(", ", c.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{{ {s.Slice.BufferBase}, {s.Slice.BufferBase + (long)m.MaxTimesteps * s.Stride}, {s.Slice.Layer} }}"))) + " },").ToList(),
            d.HasShortcuts, h.SourceLow, h.SourceBits,
            ports,
            probes.Select((p, i) => new MeshBusView(i, p.Signal, $"{p.Hierarchy(d.TopModule)} {p.Signal} {ToggleProbes.ClassName(p.Class)} {p.Width}")).ToList(),
            h.XLow, h.XBits, h.YLow, h.YBits, h.SlotLow, h.SlotBits,
            NocHeader.KindDense, NocHeader.KindMarker,
            m.Format.SparseFlitBits, m.Format.DenseFlitBits, m.Format.MarkerBits,
            sparse, dense,
            (mesh.LinkBits + 31) / 32);
    }

    /// <summary>A router port's name in results files: east, west, south, north, local.</summary>
    public static string PortLabel(string port) => port switch
    {
        "e" => "east",
        "w" => "west",
        "s" => "south",
        "n" => "north",
        _ => "local",
    };

    /// <summary>
    /// The layer descriptors a mesh core needs (shapes, walking steps and the pooling fields; no buffer regions, no
    /// DRAM) and the tap tables. A pool walks and fires like a conv2d layer, one channel per unit, as on the classical core.
    /// </summary>
    private static LayerTableView MeshLayerTable(RtlDesign d)
    {
        var iw = d.InternalBits;
        var numbers = new[] { "wpu", "npu", "wout", "mul_c", "mul_y", "stride", "stride_k", "tap_y_base", "tap_x_base", "flat_j_step" };
        var pool = RtlViewBuilder.PoolDatapath(d);
        var reciprocals = d.PoolReciprocals;
        // The pooling fields only when some layer pools (a core without pools has no pooling hardware, as on the classical core).
        var pools = d.HasPools;
        var fields = new[] { "is_conv", "add_x" }.Concat(pools ? ["is_pool", "pool_max"] : []).Select(n => new FieldView(n, 1))
            .Concat(numbers.Select(n => new FieldView(n, iw)))
            .Concat(pools ? [new FieldView("pool_mul", pool.MultiplierBits), new FieldView("pool_shift", pool.ShiftBits), new FieldView("pool_div", d.StateBits)] : [])
            .ToList();
        var rows = new List<LayerRowView>();
        foreach (var rtl in d.Layers)
        {
            var l = rtl.Layer;
            var mp = l.Mapping;
            var conv = l.Kind != LayerKind.Fc;
            var values = new Dictionary<string, long>
            {
                ["wpu"] = mp.WeightsPerUnit,
                ["npu"] = mp.NeuronsPerUnit,
                ["wout"] = conv ? l.OutputShape.Width : 1,
                ["mul_c"] = conv ? (long)l.Kernel * l.Kernel : (long)rtl.EventShape.Height * rtl.EventShape.Width,
                ["mul_y"] = conv ? 0 : rtl.EventShape.Width,
                ["stride"] = conv ? l.Stride : 0,
                ["stride_k"] = conv ? (long)l.Stride * l.Kernel : 0,
                ["tap_y_base"] = rtl.TapYBase,
                ["tap_x_base"] = rtl.TapXBase,
                ["flat_j_step"] = conv ? (long)(d.Lanes - 1) * mp.NeuronsPerUnit + 1 : d.Lanes,
            };
            var row = new List<FieldValueView>
            {
                new("is_conv", conv ? "1'b1" : "1'b0"),
                new("add_x", conv ? "1'b0" : "1'b1"),
            };
            if (pools)
            {
                row.Add(new("is_pool", l.IsPool ? "1'b1" : "1'b0"));
                row.Add(new("pool_max", l.Kind == LayerKind.MaxPool ? "1'b1" : "1'b0"));
            }

            row.AddRange(numbers.Select(n => new FieldValueView(n, VerilogLiteral.Unsigned(iw, values[n]))));
            if (pools)
            {
                var reciprocal = reciprocals[l.Index];
                row.Add(new FieldValueView("pool_mul", VerilogLiteral.Unsigned(pool.MultiplierBits, reciprocal.Multiplier)));
                row.Add(new FieldValueView("pool_shift", VerilogLiteral.Unsigned(pool.ShiftBits, reciprocal.Shift)));
                row.Add(new FieldValueView("pool_div", VerilogLiteral.Unsigned(d.StateBits, l.Kind == LayerKind.AvgPool ? l.PoolDivisor : 0)));
            }
            rows.Add(new LayerRowView(VerilogLiteral.Unsigned(iw, l.Index),
                $"{l.Name}: {l.Kind.ToString().ToLowerInvariant()} {rtl.EventShape} -> {l.OutputShape}, {mp.Tiles} slice(s)", row));
        }

        var defaults = fields.Select(fv => new FieldValueView(fv.Name, VerilogLiteral.Unsigned(fv.Width, 0))).ToList();
        var taps = d.Taps.Select(t => new TapView(VerilogLiteral.Unsigned(iw, t.Index), VerilogLiteral.Unsigned(iw, t.WeightOffset),
            VerilogLiteral.Unsigned(iw, t.StateOffset), VerilogLiteral.Unsigned(iw, t.Count))).ToList();
        return new LayerTableView(fields, rows, defaults, taps, VerilogLiteral.Unsigned(3 * iw, 0));
    }

    /// <summary>The table ROMs: per (core, slot) the core's, the sender's and the receiver's fields; per (core, pair) the source streams; the destinations.</summary>
    private static IReadOnlyList<RomDesignView> Roms(RtlDesign d, string header)
    {
        var m = d.Mesh!;
        var iw = d.InternalBits;
        var model = d.Model;
        var slotIndexBits = m.CoreBits + m.SlotBits;
        var pairIndexBits = m.CoreBits + m.PairBits;
        string SlotIndex(int core, int slot) => VerilogLiteral.Unsigned(slotIndexBits, ((long)core << m.SlotBits) | (uint)slot);
        string PairIndex(int core, int pair) => VerilogLiteral.Unsigned(pairIndexBits, ((long)core << m.PairBits) | (uint)pair);

        RomView Rom(string module, string purpose, int indexBits, (string Name, int Width)[] fields, IEnumerable<(string Index, string Comment, long[] Values)> rows) =>
            new(module, purpose, indexBits,
                fields.Select((fl, i) => new RomFieldView(fl.Name, fl.Width, i == fields.Length - 1 ? string.Empty : ",")).ToList(),
                rows.Select(r => new LayerRowView(r.Index, r.Comment,
                    fields.Select((fl, i) => new FieldValueView(fl.Name, VerilogLiteral.Unsigned(fl.Width, r.Values[i]))).ToList())).ToList(),
                fields.Select(fl => new FieldValueView(fl.Name, VerilogLiteral.Unsigned(fl.Width, 0))).ToList());

        var slots = m.Slots.SelectMany(c => c).ToList();
        string Name(RtlMeshSlot s) => $"core {s.Slice.Core} slot {s.Slice.Slot}: {model.Layers[s.Slice.Layer].Name}[{s.Slice.Index}]";
        (string, int)[] Wide(params string[] names) => names.Select(n => (n, iw)).ToArray();

        var coreFields = Wide(["layer", .. CoreSlotFieldNamesOf(d)]);
        var kept = new[] { "layer" }.Concat(CoreSlotFieldNames).Select(n => coreFields.Any(f => f.Item1 == n)).ToArray();
        var coreRows = slots.Select(s => (SlotIndex(s.Slice.Core, s.Slice.Slot), Name(s), new long[]
        {
            s.Slice.Layer, m.Slots[s.Slice.Core].Count, s.Slice.FirstUnit, (long)s.Slice.LocalUnits * d.Lanes, s.Slice.FirstNeuron, s.Slice.LocalUnits - 1,
            model.Layers[s.Slice.Layer].Kind == LayerKind.Fc ? model.Layers[s.Slice.Layer].OutputShape.Size - s.Slice.FirstUnit : model.Layers[s.Slice.Layer].OutputShape.Channels - s.Slice.FirstUnit,
            s.Slice.WeightBase, s.Slice.StateBase, s.Slice.BufferBase, s.Stride, s.Sources, s.PairBase, s.CountBase, s.OwnSources,
        }.Where((_, i) => kept[i]).ToArray()));

        var shortcuts = d.HasShortcuts;
        (string, int)[] sendFields =
        [
            ("dests", iw), ("dest_base", iw), ("src_index", iw), ("encoding", 2), ("dense_threshold", iw), ("first_neuron", iw), ("neurons", iw),
            ("out_h", iw), ("out_w", iw),
        ];
        var sendRows = slots.Select(s => (SlotIndex(s.Slice.Core, s.Slice.Slot), Name(s) + $", {s.Encoding.ToString().ToLowerInvariant()}", new long[]
        {
            s.Destinations, s.DestBase, s.Slice.Index, s.Encoding switch { NocEncoding.Dense => 1, NocEncoding.Hybrid => 2, _ => 0 },
            s.DenseThreshold, s.Slice.FirstNeuron, s.Slice.Neurons,
            model.Layers[s.Slice.Layer].OutputShape.Height, model.Layers[s.Slice.Layer].OutputShape.Width,
        }.Where((_, i) => !shortcuts || i != 2).ToArray()));
        if (shortcuts)
        {
            // The stream index comes from the destination table (own input or shortcut), not from the sending slice.
            sendFields = sendFields.Where(fl => fl.Item1 != "src_index").ToArray();
        }

        // With shortcuts a slot's streams address two tensors: the stream shape moves from the slot to the pair table.
        var recvRows = slots.Select(s => (SlotIndex(s.Slice.Core, s.Slice.Slot), Name(s), new long[]
        {
            s.Slice.Layer, s.Slice.BufferBase, s.Stride, s.Sources, s.PairBase, s.CountBase, s.EventShape.Height, s.EventShape.Width,
        }.Take(shortcuts ? 6 : 8).ToArray()));

        var pairs = m.Pairs.SelectMany(c => c).ToList();
        var pairRows = pairs.Select((p, i) => (PairIndex(p.Core, m.Pairs[p.Core].ToList().IndexOf(p)),
            $"core {p.Core} slot {p.Slot} source {p.Source}",
            shortcuts ? new long[] { p.Offset, p.StartChannel, p.StartRow, p.StartColumn, p.Neurons, p.Height, p.Width } : new long[] { p.Offset, p.StartChannel, p.StartRow, p.StartColumn, p.Neurons }));
        var offsetRows = pairs.Select(p => (PairIndex(p.Core, m.Pairs[p.Core].ToList().IndexOf(p)),
            $"core {p.Core} slot {p.Slot} source {p.Source}", new long[] { p.Offset }));
        var h = m.Mapping.Header;
        var destRows = m.Destinations.Select((dst, i) => (VerilogLiteral.Unsigned(m.DestIndexBits, i),
            shortcuts ? $"router ({dst.X},{dst.Y}) slot {dst.Slot} stream {dst.Stream}" : $"router ({dst.X},{dst.Y}) slot {dst.Slot}",
            shortcuts ? new long[] { dst.X, dst.Y, dst.Slot, dst.Stream } : new long[] { dst.X, dst.Y, dst.Slot }));
        (string, int)[] destFields = shortcuts
            ? [("dst_x", h.XBits), ("dst_y", h.YBits), ("dst_slot", m.SlotBits), ("dst_src", m.SourceBits)]
            : [("dst_x", h.XBits), ("dst_y", h.YBits), ("dst_slot", m.SlotBits)];

        RomDesignView View(RomView rom) => new(header, rom);
        return
        [
            View(Rom("mesh_slot_table", "Per (core, slot): which layer slice the core runs there and where its weights, state and input events live.",
                slotIndexBits, coreFields, coreRows)),
            View(Rom("mesh_slot_layer", "Per (core, slot): the layer of the slot (for the output queue's pop strobe).",
                slotIndexBits, Wide("layer"), slots.Select(s => (SlotIndex(s.Slice.Core, s.Slice.Slot), Name(s), new long[] { s.Slice.Layer })))),
            View(Rom("mesh_send_table", shortcuts
                    ? "Per (core, slot): where its output events go (the next layer's slices and the slices of every layer whose shortcut names it), how (encoding, hybrid crossover + 1) and its slice."
                    : "Per (core, slot): where its output events go (the next layer's slices), how (encoding, hybrid crossover + 1) and its slice.",
                slotIndexBits, sendFields, sendRows)),
            View(Rom("mesh_recv_table", shortcuts
                    ? "Per (core, slot): the input region (its input's words, then its shortcut's) and streams of the slot."
                    : "Per (core, slot): the input region and sources of the slot and the shape its input events address.",
                slotIndexBits, shortcuts ? Wide("layer", "bbase", "nin", "ksrc", "pair_base", "cbase") : Wide("layer", "bbase", "nin", "ksrc", "pair_base", "cbase", "ev_h", "ev_w"), recvRows)),
            View(Rom("mesh_pair_table", shortcuts
                    ? "Per (core, slot source): the source slice's region offset, its first position (channel, row, column), neurons and the shape its events address."
                    : "Per (core, slot source): the source slice's region offset, its first position (channel, row, column) and neurons.",
                pairIndexBits, shortcuts ? Wide("offset", "start_c", "start_y", "start_x", "neurons", "ev_h", "ev_w") : Wide("offset", "start_c", "start_y", "start_x", "neurons"), pairRows)),
            View(Rom("mesh_source_offset", "Per (core, slot source): the source slice's offset in the slot's input region.",
                pairIndexBits, Wide("offset"), offsetRows)),
            View(Rom("mesh_dest_table", shortcuts
                    ? "Every destination of every slot: the router and slot its flits go to, and the stream they are there (own input or shortcut)."
                    : "Every destination of every slot: the router and slot its flits go to.",
                m.DestIndexBits, destFields, destRows)),
        ];
    }
}
