// An analytical lower bound on the neural core's cycles for a given run, to judge the RTL's measured cycles.
using HwGen.Emit;

namespace HwGen.Sim;

/// <summary>The bound and its parts (cycles), summed over layers, tiles and timesteps.</summary>
public sealed record CycleBound(long Load, long Integrate, long Fire)
{
    public long Total => Load + Integrate + Fire;

    /// <summary>Measured cycles over the bound (1.0 = no overhead).</summary>
    public double Ratio(long measuredCycles) => Total == 0 ? 0 : (double)measuredCycles / Total;
}

public static class VerilatorCycleBound
{
    /// <summary>
    /// The phases of the classical dataflow run one after another (load a tile, then per timestep integrate, then
    /// fire), and a lane does at most one thing per cycle in each: load = weights of the busiest lane (one weight per
    /// lane per cycle); integrate = max(input events, synaptic updates of the busiest lane) per tile and timestep
    /// (one event read and one update per lane per cycle); fire = neurons of the busiest lane per tile and timestep
    /// (one compare per lane per cycle). Lane work comes from the golden run.
    /// </summary>
    public static CycleBound Compute(RtlDesign design, GoldenRun golden)
    {
        long load = 0, integrate = 0, fire = 0;
        foreach (var rtl in design.Layers)
        {
            var m = rtl.Layer.Mapping;
            var work = golden.LaneWork[rtl.Layer.Index];
            for (var k = 0; k < m.Tiles; k++)
            {
                var localUnits = Math.Min(m.UnitsPerTile, m.UnitsPerLane - k * m.UnitsPerTile);
                load += (long)localUnits * m.WeightsPerUnit;
                for (var t = 0; t < work.Timesteps; t++)
                {
                    integrate += Math.Max(work.EventsPerTimestep[t], work.MaxLaneUpdates(k, t));
                    fire += (long)localUnits * m.NeuronsPerUnit;
                }
            }
        }

        return new CycleBound(load, integrate, fire);
    }
}
