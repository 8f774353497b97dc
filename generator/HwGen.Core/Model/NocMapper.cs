// Maps the layers of a spatial or neuromorphic spec onto the cores of its mesh: how many slices each layer gets, which
// core holds each slice (and at which lane-memory and event-buffer offsets), and where each core sits on the mesh.
namespace HwGen.Model;

/// <summary>Why a spec cannot be mapped, with what the diagnostic names.</summary>
public abstract record NocMappingProblem
{
    /// <summary>The slices need more cores than the mesh has routers; <paramref name="SlicesPerLayer"/> by layer.</summary>
    public sealed record TooFewRouters(int Needed, int Routers, IReadOnlyList<int> SlicesPerLayer) : NocMappingProblem;

    /// <summary>A core's slices need more event-buffer words than one core's buffer holds.</summary>
    public sealed record BufferTooSmall(int Core, string Slices, long Needed, long Capacity) : NocMappingProblem;
}

public static class NocMapper
{
    /// <summary>
    /// The mapping of <paramref name="layers"/> on the mesh, or the problem that prevents one. <c>spatial</c> gives every
    /// slice its own core: each layer starts with the tiles its lane memories need and the spare cores go, one split at a
    /// time, to the layer whose slices have the most expected work per core while splitting lowers it (so the layer
    /// pipeline is balanced and more cores mean fewer cycles). <c>neuromorphic</c> packs whole tiles onto as few
    /// cores as their lane memories and event buffer allow, in layer order. Cores follow a snake path through the
    /// mesh (row 0 left to right, row 1 right to left, ...), so consecutive layers sit on neighbouring routers.
    /// Returns the layers with their mapping in slices (a slice is a tile on its own core).
    /// </summary>
    public static (NocMapping? Mapping, IReadOnlyList<LayerModel> Layers, NocMappingProblem? Problem) Map(
        Dataflow dataflow, NocModel noc, CoreModel core, MemoryModel memory, NeuronModel neuron, double inputSpikeRate, IReadOnlyList<LayerModel> layers)
    {
        var routers = noc.MeshX * noc.MeshY;
        var timesteps = neuron.Kind == NeuronKind.Qnn ? 1 : neuron.Timesteps;
        var unitsPerSlice = layers.Select(l => l.Mapping.UnitsPerTile).ToArray();
        if (dataflow == Dataflow.Spatial)
        {
            var needed = layers.Sum(l => l.Mapping.Tiles);
            if (needed > routers)
            {
                return (null, layers, new NocMappingProblem.TooFewRouters(needed, routers, layers.Select(l => l.Mapping.Tiles).ToList()));
            }

            Balance(layers, unitsPerSlice, routers - needed, timesteps, inputSpikeRate);
        }

        var sliced = layers.Select((l, i) => Sliced(l, unitsPerSlice[i])).ToList();

        // Every slice with its needs: lane weight and state words, event-buffer words (T regions of N_in).
        var slices = new List<(LayerModel Layer, int Index, int J0, int Local, int Weights, int States, long Buffer)>();
        foreach (var layer in sliced)
        {
            var m = layer.Mapping;
            for (var k = 0; k < m.Tiles; k++)
            {
                var j0 = k * m.UnitsPerTile;
                var local = Math.Min(m.UnitsPerTile, m.UnitsPerLane - j0);
                slices.Add((layer, k, j0, local, local * m.WeightsPerUnit, local * m.NeuronsPerUnit, (long)timesteps * RegionWords(layer)));
            }
        }

        // Group slices into cores: one each (spatial), or packed in order while they fit (neuromorphic).
        var groups = new List<List<int>>();
        var capacity = memory.GlobalBuffer.CapacityWords;
        for (var s = 0; s < slices.Count; s++)
        {
            var current = groups.Count == 0 ? null : groups[^1];
            var fits = dataflow == Dataflow.Neuromorphic && current is not null
                && current.Sum(i => slices[i].Weights) + slices[s].Weights <= memory.LaneMemory.WeightWords
                && current.Sum(i => slices[i].States) + slices[s].States <= memory.LaneMemory.StateWords
                && current.Sum(i => slices[i].Buffer) + slices[s].Buffer <= capacity;
            if (fits)
            {
                current!.Add(s);
            }
            else
            {
                groups.Add([s]);
            }
        }

        if (groups.Count > routers)
        {
            return (null, sliced, new NocMappingProblem.TooFewRouters(groups.Count, routers, sliced.Select(l => l.Mapping.Tiles).ToList()));
        }

        var cores = new List<MeshCore>();
        var byLayer = sliced.Select(_ => new List<LayerSlice>()).ToList();
        for (var c = 0; c < groups.Count; c++)
        {
            var slots = new List<LayerSlice>();
            int weightBase = 0, stateBase = 0;
            long bufferBase = 0;
            foreach (var s in groups[c])
            {
                var (layer, index, j0, local, weights, states, buffer) = slices[s];
                var m = layer.Mapping;
                var units = layer.Kind == LayerKind.Fc ? layer.OutputShape.Size : layer.OutputShape.Channels;
                var firstUnit = j0 * m.Lanes;
                var sliceUnits = Math.Min(units - firstUnit, local * m.Lanes);
                var slice = new LayerSlice(layer.Index, index, c, slots.Count, j0, local, firstUnit, sliceUnits,
                    firstUnit * m.NeuronsPerUnit, sliceUnits * m.NeuronsPerUnit, weightBase, stateBase, bufferBase);
                slots.Add(slice);
                byLayer[layer.Index].Add(slice);
                weightBase += weights;
                stateBase += states;
                bufferBase += buffer;
            }

            if (bufferBase > capacity)
            {
                var names = string.Join(", ", slots.Select(sl => $"{sliced[sl.Layer].Name} slice {sl.Index}"));
                return (null, sliced, new NocMappingProblem.BufferTooSmall(c, names, bufferBase, capacity));
            }

            cores.Add(new MeshCore(c, NocMapping.SnakePosition(c, noc.MeshX), slots)
            {
                WeightWords = weightBase,
                StateWords = stateBase,
                BufferWords = bufferBase,
            });
        }

        var maxSlots = cores.Max(c => c.Slots.Count);
        // The header's source field names the receiver's stream: own input streams, then the shortcut's.
        var shortcutSources = sliced.Select(l => l.Residual?.Source ?? -1).ToList();
        var inputShortcuts = sliced.Select(l => l.Residual is { Source: Shortcut.NetworkInput }).ToList();
        var maxSources = sliced.Max(l => l.Mapping.Tiles);
        foreach (var layer in sliced)
        {
            var own = layer.Index == 0 ? 1 : sliced[layer.Index - 1].Mapping.Tiles;
            var shortcut = layer.Residual is { } r ? r.Source >= 0 ? sliced[r.Source].Mapping.Tiles : 1 : 0;
            maxSources = Math.Max(maxSources, own + shortcut);
        }

        var header = new NocHeader(Bits.ForAddress(noc.MeshX), Bits.ForAddress(noc.MeshY), Bits.ForAddress(maxSlots), Bits.ForAddress(maxSources));
        return (new NocMapping(noc.MeshX, noc.MeshY, noc.LinkBits, noc.BufferDepth, cores, byLayer, header) { ShortcutSources = shortcutSources, InputShortcuts = inputShortcuts }, sliced, null);
    }

    /// <summary>
    /// Event-buffer words of one timestep of a slice of <paramref name="layer"/>: a word per input neuron (each source
    /// slice writes at its first neuron's offset) and, with a shortcut, a word per neuron of the shortcut's tensor
    /// (the layer's output shape) after them.
    /// </summary>
    public static int RegionWords(LayerModel layer) => layer.InputShape.Size + (layer.Residual is null ? 0 : layer.OutputShape.Size);

    /// <summary>The layer with its units dealt into slices of <paramref name="unitsPerSlice"/> local units per lane.</summary>
    private static LayerModel Sliced(LayerModel layer, int unitsPerSlice)
    {
        var m = layer.Mapping;
        var slices = (m.UnitsPerLane + unitsPerSlice - 1) / unitsPerSlice;
        return layer with { Mapping = m with { UnitsPerTile = unitsPerSlice, Tiles = slices, OnOwnCores = true } };
    }

    /// <summary>
    /// Spends <paramref name="spare"/> cores on splitting layers further: each step splits the layer with the most
    /// expected work per slice (if splitting lowers it and the extra slices fit), ties to the earlier layer.
    /// </summary>
    private static void Balance(IReadOnlyList<LayerModel> layers, int[] unitsPerSlice, int spare, int timesteps, double inputSpikeRate)
    {
        while (spare > 0)
        {
            var best = -1;
            var bestWork = 0.0;
            var bestUnits = 0;
            var bestExtra = 0;
            for (var l = 0; l < layers.Count; l++)
            {
                var m = layers[l].Mapping;
                var ups = unitsPerSlice[l];
                if (ups <= 1)
                {
                    continue;
                }

                var slices = (m.UnitsPerLane + ups - 1) / ups;
                var next = (m.UnitsPerLane + slices) / (slices + 1);
                next = Math.Min(next, ups - 1);
                var extra = (m.UnitsPerLane + next - 1) / next - slices;
                var rate = l == 0 ? inputSpikeRate : layers[l - 1].SpikeRate;
                var work = SliceWork(layers[l], ups, timesteps, rate);
                if (extra <= spare && SliceWork(layers[l], next, timesteps, rate) < work && work > bestWork)
                {
                    best = l;
                    bestWork = work;
                    bestUnits = next;
                    bestExtra = extra;
                }
            }

            if (best < 0)
            {
                return;
            }

            unitsPerSlice[best] = bestUnits;
            spare -= bestExtra;
        }
    }

    /// <summary>
    /// Expected cycles of one slice of <paramref name="unitsPerLane"/> local units per lane over T timesteps: per
    /// input event at least one cycle, or its synaptic updates on the busiest lane; per timestep the fire walk. A pool
    /// event reaches its own channel only: one cycle for an event of another slice's channels, its window positions
    /// on one lane for an event of the slice's own.
    /// </summary>
    internal static double SliceWork(LayerModel layer, int unitsPerLane, int timesteps, double inputSpikeRate)
    {
        var units = layer.Units;
        var events = inputSpikeRate * layer.InputShape.Size;
        var fire = (double)unitsPerLane * layer.Mapping.NeuronsPerUnit;
        if (layer.IsPool)
        {
            var own = Math.Min(1.0, (double)unitsPerLane * layer.Mapping.Lanes / units);
            var reach = (double)layer.Synapses / layer.InputShape.Size;
            return timesteps * (events * (1 - own) + events * own * Math.Max(1.0, reach) + fire);
        }

        var reachPerUnit = (double)layer.Synapses / layer.InputShape.Size / units;
        return timesteps * (events * Math.Max(1.0, reachPerUnit * unitsPerLane) + fire);
    }
}
