// The golden model of the mesh network-on-chip: every flit a run sends, routed XY hop by hop, counted per layer,
// per router and per link. The counts depend on the events only (never on timing), so the RTL must match them exactly.
using HwGen.Model;

namespace HwGen.Golden;

/// <summary>The output port of a router a flit leaves by: a link towards a neighbour, or the local port (ejection).</summary>
public enum MeshPort
{
    East,
    West,
    South,
    North,
    Local,
}

/// <summary>
/// One layer's NoC traffic (its output events on their way to the next layer's slices and to those of every layer
/// whose shortcut names it): flits by kind (sparse events, dense words, end-of-timestep markers after each sparse
/// timestep), the links they cross, the router input buffers they pass through (one write and one read each), and the
/// used bits × hops by class (markers count as sparse).
/// </summary>
public sealed record NocLayerCounts(
    long SparseFlits,
    long DenseFlits,
    long Markers,
    long FlitHops,
    long RouterTraversals,
    long SparseBitHops,
    long DenseBitHops)
{
    public static readonly NocLayerCounts Zero = new(0, 0, 0, 0, 0, 0, 0);

    public long Flits => SparseFlits + DenseFlits + Markers;

    public NocLayerCounts Plus(NocLayerCounts o) => new(SparseFlits + o.SparseFlits, DenseFlits + o.DenseFlits, Markers + o.Markers,
        FlitHops + o.FlitHops, RouterTraversals + o.RouterTraversals, SparseBitHops + o.SparseBitHops, DenseBitHops + o.DenseBitHops);

    /// <summary>Lines "field: expected vs measured" where the two differ.</summary>
    public IReadOnlyList<string> Differences(NocLayerCounts measured)
    {
        var result = new List<string>();
        void Check(string name, long a, long b)
        {
            if (a != b)
            {
                result.Add($"noc {name}: expected {a}, measured {b}");
            }
        }

        Check("sparse_flits", SparseFlits, measured.SparseFlits);
        Check("dense_flits", DenseFlits, measured.DenseFlits);
        Check("markers", Markers, measured.Markers);
        Check("flit_hops", FlitHops, measured.FlitHops);
        Check("router_traversals", RouterTraversals, measured.RouterTraversals);
        Check("sparse_bit_hops", SparseBitHops, measured.SparseBitHops);
        Check("dense_bit_hops", DenseBitHops, measured.DenseBitHops);
        return result;
    }
}

/// <summary>Flits and used bits through one router output port over a run; <see cref="Router"/> is y·mesh_x + x.</summary>
public readonly record struct NocLinkCounts(int Router, MeshPort Port, long Flits, long Bits);

/// <summary>A run's NoC traffic: per layer (the sender) and per router output port (links and ejection ports).</summary>
public sealed record NocTrafficResult(IReadOnlyList<NocLayerCounts> Layers, IReadOnlyList<NocLinkCounts> Ports)
{
    public NocLayerCounts Total => Layers.Aggregate(NocLayerCounts.Zero, (a, b) => a.Plus(b));
}

public static class NocTraffic
{
    /// <summary>The router output port of a flit at <paramref name="at"/> heading for <paramref name="to"/> (X first, then Y).</summary>
    public static MeshPort Route(MeshPosition at, MeshPosition to) =>
        to.X > at.X ? MeshPort.East : to.X < at.X ? MeshPort.West : to.Y > at.Y ? MeshPort.South : to.Y < at.Y ? MeshPort.North : MeshPort.Local;

    public static MeshPosition Step(MeshPosition at, MeshPort port) => port switch
    {
        MeshPort.East => at with { X = at.X + 1 },
        MeshPort.West => at with { X = at.X - 1 },
        MeshPort.South => at with { Y = at.Y + 1 },
        MeshPort.North => at with { Y = at.Y - 1 },
        _ => at,
    };

    /// <summary>
    /// Every flit of <paramref name="trace"/>'s output events on the model's mesh: per layer and timestep, each source
    /// slice sends its events (ascending address) sparse or dense as its encoding decides, one copy to each slice of the
    /// next layer and of every layer whose shortcut names it (<see cref="NocMapping.Destinations"/>; after a sparse
    /// timestep one end-of-timestep marker to each). Each flit is walked along its XY path.
    /// </summary>
    public static NocTrafficResult Of(HardwareModel model, NetworkTrace trace)
    {
        var mesh = model.RequireMesh();
        var design = model.Design(trace.Design);
        var format = mesh.PacketFormat(design);
        var encodings = model.EncodingsOf(trace.Design);
        var ports = new long[mesh.Routers * 5, 2];
        var layers = new List<NocLayerCounts>();
        foreach (var layerTrace in trace.Layers)
        {
            var l = layerTrace.LayerIndex;
            var destinations = mesh.Destinations(l);
            long sparseFlits = 0, denseFlits = 0, markers = 0, flitHops = 0, traversals = 0, sparseBits = 0, denseBits = 0;
            if (destinations.Count > 0)
            {
                foreach (var source in mesh.Slices[l])
                {
                    long previous = 0;
                    for (var t = 0; t < layerTrace.Outputs.Count; t++)
                    {
                        var events = layerTrace.Outputs[t].LongCount(e => e.Address >= source.FirstNeuron && e.Address < source.FirstNeuron + source.Neurons);
                        var dense = encodings[l].DenseAt(source.Index, t, previous);
                        previous = events;
                        foreach (var destination in destinations)
                        {
                            // A dense timestep is its dense flits (the receiver counts the values); a sparse one its
                            // events and a marker. The walk counts every port a flit passes.
                            var from = mesh.PositionOf(source);
                            var to = mesh.PositionOf(destination);
                            int pathHops;
                            if (dense)
                            {
                                var flits = format.DenseFlits(source.Neurons);
                                pathHops = Walk(mesh, from, to, flits, format.DenseFlitBits, ports);
                                denseFlits += flits;
                                denseBits += flits * format.DenseFlitBits * pathHops;
                                flitHops += flits * pathHops;
                                traversals += flits * (pathHops + 1);
                            }
                            else
                            {
                                pathHops = Walk(mesh, from, to, events, format.SparseFlitBits, ports);
                                Walk(mesh, from, to, 1, format.MarkerBits, ports);
                                sparseFlits += events;
                                markers++;
                                sparseBits += (events * format.SparseFlitBits + format.MarkerBits) * pathHops;
                                flitHops += (events + 1) * pathHops;
                                traversals += (events + 1) * (pathHops + 1);
                            }
                        }
                    }
                }
            }

            layers.Add(new NocLayerCounts(sparseFlits, denseFlits, markers, flitHops, traversals, sparseBits, denseBits));
        }

        var portCounts = new List<NocLinkCounts>();
        for (var r = 0; r < mesh.Routers; r++)
        {
            for (var p = 0; p < 5; p++)
            {
                if (ports[r * 5 + p, 0] > 0)
                {
                    portCounts.Add(new NocLinkCounts(r, (MeshPort)p, ports[r * 5 + p, 0], ports[r * 5 + p, 1]));
                }
            }
        }

        return new NocTrafficResult(layers, portCounts);
    }

    /// <summary>Adds <paramref name="flits"/> flits of <paramref name="bits"/> used bits to every port on the XY path; returns the hops.</summary>
    private static int Walk(NocMapping mesh, MeshPosition from, MeshPosition to, long flits, int bits, long[,] ports)
    {
        var at = from;
        var hops = 0;
        while (true)
        {
            var port = Route(at, to);
            var index = (at.Y * mesh.MeshX + at.X) * 5 + (int)port;
            ports[index, 0] += flits;
            ports[index, 1] += flits * bits;
            if (port == MeshPort.Local)
            {
                return hops;
            }

            at = Step(at, port);
            hops++;
        }
    }
}
