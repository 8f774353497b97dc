// An analytical lower bound on the neural core's cycles for a given run, to judge the RTL's measured cycles.
using HwGen.Emit;
using HwGen.Golden;

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
    /// fire), and each resource does at most one thing per cycle:
    /// load = max(weights of the busiest lane (one weight per lane per cycle), staged global-buffer words of the
    /// tile (one buffer write per cycle), neurons of the busiest lane (the state clear, one write per lane per
    /// cycle)); integrate = max(input events (one event read per cycle), synaptic updates
    /// of the busiest lane) per tile and timestep; fire = max(neurons of the busiest lane (one compare per lane per
    /// cycle), output events of the tile (one output-queue push and buffer write per cycle)) per tile and timestep.
    /// Lane work and output events come from the golden run.
    /// </summary>
    public static CycleBound Compute(RtlDesign design, GoldenRun golden)
    {
        long load = 0, integrate = 0, fire = 0;
        foreach (var rtl in design.Layers)
        {
            var layer = rtl.Layer;
            var m = layer.Mapping;
            var work = golden.LaneWork[layer.Index];
            var outputs = golden.Trace.Layers[layer.Index].Outputs;
            // Every tile's walker also takes the shortcut's events of each timestep from the input queue, one a cycle.
            var shortcut = golden.Trace.Layers[layer.Index].Shortcut;
            var units = layer.Kind == Model.LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
            for (var k = 0; k < m.Tiles; k++)
            {
                var localUnits = Math.Min(m.UnitsPerTile, m.UnitsPerLane - k * m.UnitsPerTile);
                var firstUnit = (long)k * m.UnitsPerTile * design.Lanes;
                var tileUnits = Math.Min(units - firstUnit, (long)localUnits * design.Lanes);
                var stagedWords = (tileUnits * m.WeightsPerUnit * design.WeightBits + design.GbWordBits - 1) / design.GbWordBits;
                // The tile's state clear (one state write per lane per cycle) runs alongside the weight load.
                load += Math.Max(Math.Max((long)localUnits * m.WeightsPerUnit, stagedWords), (long)localUnits * m.NeuronsPerUnit);
                var firstNeuron = firstUnit * m.NeuronsPerUnit;
                var endNeuron = (firstUnit + tileUnits) * m.NeuronsPerUnit;
                for (var t = 0; t < work.Timesteps; t++)
                {
                    var shortcutEvents = t < shortcut.Count ? shortcut[t].Count : 0;
                    integrate += Math.Max(work.EventsPerTimestep[t] + shortcutEvents, work.MaxLaneUpdates(k, t));
                    var tileEvents = outputs[t].Count(e => e.Address >= firstNeuron && e.Address < endNeuron);
                    fire += Math.Max((long)localUnits * m.NeuronsPerUnit, tileEvents);
                }
            }
        }

        return new CycleBound(load, integrate, fire);
    }
}
