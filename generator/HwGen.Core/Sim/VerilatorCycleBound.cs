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
        if (design.Mesh is { } mesh)
        {
            return ComputeMesh(design, mesh, golden);
        }

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

    /// <summary>
    /// A mesh runs its cores concurrently, each core its tasks (timestep, slot) in order. Every task is given its least
    /// duration (on t = 0 the state clear, one write per lane per cycle; then integrate = max(input and shortcut events,
    /// busiest lane's updates), fire = max(busiest lane's neurons, output events)), and starts when its core is free and
    /// every source slice (its own input's and its shortcut's) has delivered timestep t: no earlier than that source
    /// task's end, nor than its fire phase's start plus the flits it injects (one per cycle: events or dense words, and
    /// markers, to every destination). Links are free and instant. The bound is the latest end; its parts are the
    /// critical core's clear, integrate and fire cycles.
    /// </summary>
    private static CycleBound ComputeMesh(RtlDesign design, RtlMesh mesh, GoldenRun golden)
    {
        var model = design.Model;
        var mapping = mesh.Mapping;
        var encodings = model.EncodingsOf(design.Design);
        var timesteps = golden.LaneWork[0].Timesteps;
        var delivered = mapping.Slices.Select(l => l.Select(_ => new long[timesteps]).ToArray()).ToArray();
        var parts = mapping.Cores.Select(_ => new long[3]).ToArray();
        var free = new long[mapping.Cores.Count];
        var previous = mapping.Slices.Select(l => new long[l.Count]).ToArray();
        for (var t = 0; t < timesteps; t++)
        {
            // Tasks in layer order: a source task of timestep t always comes before its destinations.
            foreach (var layerSlices in mapping.Slices)
            {
                foreach (var slice in layerSlices)
                {
                    var layer = model.Layers[slice.Layer];
                    var work = golden.LaneWork[slice.Layer];
                    var outputs = golden.Trace.Layers[slice.Layer].Outputs[t];
                    var events = outputs.LongCount(e => e.Address >= slice.FirstNeuron && e.Address < slice.FirstNeuron + slice.Neurons);
                    var neurons = (long)slice.LocalUnits * layer.Mapping.NeuronsPerUnit;
                    var clear = t == 0 ? neurons : 0;
                    // The walker also takes every shortcut event of timestep t (one a cycle), which waits for the shortcut's slices.
                    var shortcut = golden.Trace.Layers[slice.Layer].Shortcut;
                    var shortcutEvents = t < shortcut.Count ? shortcut[t].Count : 0;
                    var integrate = Math.Max(work.EventsPerTimestep[t] + shortcutEvents, work.MaxLaneUpdates(slice.Index, t));
                    var fire = Math.Max(neurons, events);
                    var ready = slice.Layer == 0 ? 0 : mapping.Slices[slice.Layer - 1].Max(s => delivered[s.Layer][s.Index][t]);
                    foreach (var s in mapping.ShortcutSlices(slice.Layer))
                    {
                        ready = Math.Max(ready, delivered[s.Layer][s.Index][t]);
                    }

                    var start = Math.Max(free[slice.Core], ready);
                    var end = start + clear + integrate + fire;
                    free[slice.Core] = end;
                    parts[slice.Core][0] += clear;
                    parts[slice.Core][1] += integrate;
                    parts[slice.Core][2] += fire;
                    var destinations = mapping.Destinations(slice.Layer).Count;
                    var dense = encodings[slice.Layer].DenseAt(slice.Index, t, previous[slice.Layer][slice.Index]);
                    previous[slice.Layer][slice.Index] = events;
                    var flits = destinations * (dense ? mesh.Format.DenseFlits(slice.Neurons) : events + 1);
                    delivered[slice.Layer][slice.Index][t] = Math.Max(end, end - fire + flits);
                }
            }
        }

        var critical = Enumerable.Range(0, free.Length).MaxBy(c => free[c]);
        var p = parts[critical];
        // The critical core's idle time (waiting for its inputs) is part of the bound: report it with the clear ("load").
        return new CycleBound(free[critical] - p[1] - p[2], p[1], p[2]);
    }
}
