// The counting contract of docs/hardware.md (and the spatial/neuromorphic extensions of docs/energy.md) as one allocation-free function.
using HwGen.Model;

namespace HwGen.Energy;

public static class CountFormulas
{
    /// <summary>
    /// Fills <paramref name="counts"/> with the count of every action of one layer. Shared by exact mode (activity
    /// from a trace) and expected mode (activity from statistics), so both follow the same formulas.
    /// </summary>
    public static void Count(in LayerCostProfile layer, in DesignContext design, in LayerActivity activity, ref ActionVector counts)
    {
        var events = activity.InputEvents;
        var synapticUpdates = activity.SynapticUpdates;
        var shortcut = activity.ShortcutEvents;

        // Every tile's reader replays the layer's events and then its shortcut's through the input queue.
        var delivered = events + shortcut;
        var outputEvents = activity.OutputEvents;
        double neurons = layer.Neurons;
        double tiles = layer.Tiles;
        var stepNeurons = activity.Passes * neurons;

        if (design.Dataflow == Dataflow.Classical)
        {
            // Weights stream DRAM → global buffer → lanes once per inference; events pass through the global buffer.
            counts[ActionIndex.DramRead] = layer.DramWeightWords;
            counts[ActionIndex.GlobalBufferWrite] = layer.BufferWeightWords + outputEvents + (layer.IsFirst ? events : 0);
            counts[ActionIndex.GlobalBufferRead] = layer.BufferWeightWords + tiles * delivered;
            counts[ActionIndex.WeightMemoryWrite] = layer.Weights;
            counts[ActionIndex.NocSparseBitHop] = 0;
            counts[ActionIndex.NocDenseBitHop] = 0;
        }
        else
        {
            // Spatial / neuromorphic: weights are loaded into the cores before the inference (no DRAM, no staging, no
            // weight writes); every slice core stores each input event in its event buffer (from the host for layer 0,
            // from the NoC after) and reads it once, and so every event of its shortcut's; the layer's output events
            // cross the NoC to the next layer's slices and to the slices of every layer whose shortcut names it (bits ×
            // hops from the mapping, computed by NocLayerProfile into the activity).
            counts[ActionIndex.DramRead] = 0;
            counts[ActionIndex.GlobalBufferWrite] = tiles * delivered;
            counts[ActionIndex.GlobalBufferRead] = tiles * delivered;
            counts[ActionIndex.WeightMemoryWrite] = 0;
            counts[ActionIndex.NocSparseBitHop] = activity.NocSparseBitHops;
            counts[ActionIndex.NocDenseBitHop] = activity.NocDenseBitHops;
        }

        counts[ActionIndex.DramWrite] = 0;
        // A pool's updates read no weight: a max pool compares, an average pool adds. A shortcut event is one
        // read-modify-write of the neuron it names, an add of its level shifted by the threshold.
        var weighted = layer.IsPool ? 0 : synapticUpdates;
        var poolCompares = layer.IsMaxPool ? synapticUpdates : 0;
        var poolAdds = layer.IsPool && !layer.IsMaxPool ? synapticUpdates : 0;
        counts[ActionIndex.WeightMemoryRead] = weighted;
        counts[ActionIndex.StateMemoryWrite] = neurons + synapticUpdates + shortcut + (design.IsSnn ? stepNeurons : 0);
        counts[ActionIndex.StateMemoryRead] = synapticUpdates + shortcut + stepNeurons;
        counts[ActionIndex.InputQueuePush] = tiles * delivered;
        counts[ActionIndex.InputQueuePop] = tiles * delivered;
        counts[ActionIndex.OutputQueuePush] = outputEvents;
        counts[ActionIndex.OutputQueuePop] = outputEvents;
        counts[ActionIndex.Accumulate] = (design.IsBinary ? weighted : 0) + poolAdds + shortcut;
        counts[ActionIndex.MultiplyAccumulate] = design.IsBinary ? 0 : weighted;
        counts[ActionIndex.Compare] = stepNeurons + poolCompares;
        counts[ActionIndex.Subtract] = design.IsSnn && !layer.IsMaxPool ? outputEvents : 0;
        counts[ActionIndex.Leak] = design.IsSnn && design.HasLeak && !layer.IsPool ? stepNeurons : 0;
    }
}
