// What the golden model returns: the trace, the exact action counts per layer, and the work each lane did.
using HwGen.Model;

namespace HwGen.Golden;

/// <summary>
/// Synaptic updates (weight reads = accumulates) each lane performed, per tile and timestep of one layer
/// (the QNN twin has one pass: timestep 0). Lets the RTL side bound its cycles from below.
/// </summary>
public sealed class LaneWork
{
    private readonly long[] updates;

    public LaneWork(int tiles, int timesteps, int lanes)
    {
        Tiles = tiles;
        Timesteps = timesteps;
        Lanes = lanes;
        updates = new long[tiles * timesteps * lanes];
        EventsPerTimestep = new long[timesteps];
    }

    public int Tiles { get; }

    public int Timesteps { get; }

    public int Lanes { get; }

    /// <summary>Input events of each timestep (every tile replays them).</summary>
    public long[] EventsPerTimestep { get; }

    public long this[int tile, int timestep, int lane] => updates[Index(tile, timestep, lane)];

    /// <summary>Updates of the busiest lane in one tile and timestep.</summary>
    public long MaxLaneUpdates(int tile, int timestep)
    {
        long max = 0;
        for (var lane = 0; lane < Lanes; lane++)
        {
            max = Math.Max(max, updates[Index(tile, timestep, lane)]);
        }

        return max;
    }

    /// <summary>All synaptic updates of the layer (equals <c>lane_weight_memory.read</c>).</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var value in updates)
            {
                total += value;
            }

            return total;
        }
    }

    internal void Add(int tile, int timestep, int lane, long amount) => updates[Index(tile, timestep, lane)] += amount;

    private int Index(int tile, int timestep, int lane) => (tile * Timesteps + timestep) * Lanes + lane;
}

/// <summary>One design's golden run: its trace, the action counts of each layer and each layer's lane work.</summary>
public sealed record GoldenRun(NetworkTrace Trace, IReadOnlyList<ActionCounts> LayerCounts, IReadOnlyList<LaneWork> LaneWork)
{
    /// <summary>The NoC traffic of a mesh dataflow (per layer, router and link); null for the classical dataflow.</summary>
    public NocTrafficResult? Noc { get; init; }

    /// <summary>Counts summed over the layers.</summary>
    public ActionCounts TotalCounts => ActionCounts.Sum(LayerCounts);
}

/// <summary>Both twins of one spec: the spiking run (null for a QNN-only spec) and the QNN run.</summary>
public sealed record GoldenResult(GoldenRun? Snn, GoldenRun Qnn);
