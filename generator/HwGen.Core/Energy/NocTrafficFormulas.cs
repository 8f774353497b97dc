// The analytical model of a mesh dataflow's NoC traffic: per layer and source slice, flits × hops × bits, from the
// mapping's real hop counts. Expected mode prices the spec's statistics; exact mode counts a trace by formula (the
// golden model walks every flit instead, so the two are independent). Also decides `auto` encodings and the hybrid
// crossover from the NoC prices (NocEncodingResolver).
using HwGen.Golden;
using HwGen.Model;

namespace HwGen.Energy;

/// <summary>One layer's output traffic as the formulas need it: per source slice its neurons, hops and dense flits.</summary>
public sealed class NocLayerProfile
{
    private readonly int[] neurons;
    private readonly int[] hopSums;
    private readonly double[] expectedHopSums;
    private readonly int[] destinations;
    private readonly long[] denseFlits;
    private readonly bool[] hybridDense;

    private NocLayerProfile(LayerNocEncoding encoding, NocPacketFormat format, int[] neurons, int[] hopSums, double[] expectedHopSums, int[] destinations,
        long[] denseFlits, bool[] hybridDense)
    {
        Encoding = encoding;
        Format = format;
        this.neurons = neurons;
        this.hopSums = hopSums;
        this.expectedHopSums = expectedHopSums;
        this.destinations = destinations;
        this.denseFlits = denseFlits;
        this.hybridDense = hybridDense;
        TotalNeurons = neurons.Sum();
    }

    public LayerNocEncoding Encoding { get; }

    public NocPacketFormat Format { get; }

    public int TotalNeurons { get; }

    /// <summary>
    /// The profile of layer <paramref name="layer"/> of <paramref name="twin"/> (its packet format); a hybrid slice's
    /// expected-mode choice for timesteps after the first is made at the spec's rate (<paramref name="specEventsPerNeuron"/>
    /// events per neuron and timestep), so expected energy stays affine in the swept spike rate. Expected mode uses the
    /// mapping's hops, or <paramref name="hopsPerTransfer"/> for every flit when the spec gives <c>noc.hops_per_transfer</c>.
    /// </summary>
    public static NocLayerProfile Of(NocMapping mesh, TwinDesign twin, int layer, LayerNocEncoding encoding, double specEventsPerNeuron, double? hopsPerTransfer)
    {
        var format = mesh.PacketFormat(twin);
        var slices = mesh.Slices[layer];
        var dests = mesh.Destinations(layer).Count;
        var hops = slices.Select(mesh.HopsToDestinations).ToArray();
        return new NocLayerProfile(
            encoding,
            format,
            slices.Select(s => s.Neurons).ToArray(),
            hops,
            hops.Select(h => hopsPerTransfer is { } given ? given * dests : h).ToArray(),
            slices.Select(_ => dests).ToArray(),
            slices.Select(s => format.DenseFlits(s.Neurons)).ToArray(),
            slices.Select(s => encoding.Mode == NocEncoding.Hybrid && specEventsPerNeuron * s.Neurons > encoding.HybridThresholds[s.Index]).ToArray());
    }

    /// <summary>
    /// Expected bits × hops (sparse class, dense class) of <paramref name="outputEvents"/> events over
    /// <paramref name="passes"/> timesteps, spread over the slices in proportion to their neurons. A sparse timestep
    /// sends each event and one end-of-timestep marker to every destination; a dense timestep its dense flits.
    /// </summary>
    public (double Sparse, double Dense) ExpectedBitHops(double outputEvents, int passes)
    {
        double sparse = 0, dense = 0;
        if (TotalNeurons == 0 || passes == 0)
        {
            return (0, 0);
        }

        for (var k = 0; k < neurons.Length; k++)
        {
            var perStep = outputEvents / passes * neurons[k] / TotalNeurons;
            var denseSteps = Encoding.Mode switch
            {
                NocEncoding.Dense => passes,
                NocEncoding.Hybrid => hybridDense[k] ? passes - 1 : 0,
                _ => 0,
            };
            var sparseSteps = passes - denseSteps;
            sparse += expectedHopSums[k] * sparseSteps * (perStep * Format.SparseFlitBits + Format.MarkerBits);
            dense += expectedHopSums[k] * denseSteps * denseFlits[k] * Format.DenseFlitBits;
        }

        return (sparse, dense);
    }

    /// <summary>Exact NoC counts of the layer's output events (<paramref name="outputs"/> per timestep) by formula.</summary>
    public NocLayerCounts Exact(IReadOnlyList<LayerSlice> slices, IReadOnlyList<IReadOnlyList<SpikeEvent>> outputs)
    {
        long sparseFlits = 0, denseFlitCount = 0, markers = 0, flitHops = 0, traversals = 0, sparseBits = 0, denseBits = 0;
        for (var k = 0; k < slices.Count; k++)
        {
            if (destinations[k] == 0)
            {
                continue;
            }

            var slice = slices[k];
            long previous = 0;
            for (var t = 0; t < outputs.Count; t++)
            {
                long events = 0;
                foreach (var e in outputs[t])
                {
                    if (e.Address >= slice.FirstNeuron && e.Address < slice.FirstNeuron + slice.Neurons)
                    {
                        events++;
                    }
                }

                // Per destination: the data flits (and a marker after a sparse timestep), each crossing hops links and
                // passing hops + 1 router input buffers.
                if (Encoding.DenseAt(k, t, previous))
                {
                    denseFlitCount += destinations[k] * denseFlits[k];
                    flitHops += hopSums[k] * denseFlits[k];
                    traversals += (hopSums[k] + destinations[k]) * denseFlits[k];
                    denseBits += hopSums[k] * denseFlits[k] * Format.DenseFlitBits;
                }
                else
                {
                    sparseFlits += destinations[k] * events;
                    markers += destinations[k];
                    flitHops += hopSums[k] * (events + 1);
                    traversals += (hopSums[k] + destinations[k]) * (events + 1);
                    sparseBits += hopSums[k] * (events * Format.SparseFlitBits + Format.MarkerBits);
                }

                previous = events;
            }
        }

        return new NocLayerCounts(sparseFlits, denseFlitCount, markers, flitHops, traversals, sparseBits, denseBits);
    }
}

/// <summary>Decides each twin's <c>auto</c> layers and every hybrid crossover from the NoC prices of the spec's energy table.</summary>
public static class NocEncodingResolver
{
    /// <summary>The model with <see cref="HardwareModel.NocEncodings"/> set (unchanged for the classical dataflow).</summary>
    public static HardwareModel Resolve(HardwareModel model) =>
        model.IsMesh && model.NocEncodings is null ? Resolve(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset)) : model;

    /// <summary>
    /// Per twin and layer: the spec's encoding, <c>auto</c> replaced by the encoding with the smaller expected NoC
    /// energy at the spec's rates (ties: sparse); for every slice the hybrid crossover, the largest event count of a
    /// timestep for which sending it sparse (its events and a marker) costs no more than sending it dense.
    /// </summary>
    public static HardwareModel Resolve(HardwareModel model, EnergyReferenceTable table)
    {
        if (!model.IsMesh)
        {
            return model;
        }

        var mesh = model.RequireMesh();
        List<LayerNocEncoding> For(TwinDesign twin)
        {
            var prices = ActionPrices.Resolve(model, table, twin.IsSpiking, twin.IsSpiking ? 0 : twin.ValueBits);
            var sparsePrice = prices.Energies[ActionIndex.NocSparseBitHop];
            var densePrice = prices.Energies[ActionIndex.NocDenseBitHop];
            var format = mesh.PacketFormat(twin);
            var result = new List<LayerNocEncoding>();
            foreach (var layer in model.Layers)
            {
                var slices = mesh.Slices[layer.Index];
                var thresholds = slices.Select(s => Crossover(format, s.Neurons, sparsePrice, densePrice)).ToList();
                var mode = layer.NocEncoding;
                if (mode == NocEncoding.Auto)
                {
                    // Expected events per neuron and timestep at the spec's statistics (the QNN without zero skipping sends every activation).
                    var rate = twin.IsSpiking ? layer.SpikeRate : twin.ZeroSkipping ? 1 - layer.QnnSparsity : 1;
                    double sparse = 0, dense = 0;
                    foreach (var s in slices)
                    {
                        var hops = mesh.HopsToDestinations(s);
                        sparse += hops * (rate * s.Neurons * format.SparseFlitBits + format.MarkerBits) * sparsePrice;
                        dense += (double)hops * format.DenseFlits(s.Neurons) * format.DenseFlitBits * densePrice;
                    }

                    mode = dense < sparse ? NocEncoding.Dense : NocEncoding.Sparse;
                }

                result.Add(new LayerNocEncoding(mode, thresholds));
            }

            return result;
        }

        var qnn = For(model.Design(DesignKind.Qnn));
        var snn = model.HasSpikingDesign ? For(model.Design(DesignKind.Snn)) : qnn;
        return model with { NocEncodings = new NocEncodingPlan(snn, qnn) };
    }

    /// <summary>
    /// The largest n (at most the slice's neurons) with n·sparse + marker ≤ its dense flits, priced: a hybrid slice goes
    /// dense after a timestep with more events; −1 when dense is cheaper even for an empty timestep, the slice's
    /// neurons (never dense) when sparse movement is free.
    /// </summary>
    public static long Crossover(NocPacketFormat format, int neurons, double sparsePrice, double densePrice)
    {
        if (sparsePrice <= 0)
        {
            return neurons;
        }

        var dense = format.DenseFlits(neurons) * format.DenseFlitBits * densePrice;
        var n = Math.Floor((dense - format.MarkerBits * sparsePrice) / (format.SparseFlitBits * sparsePrice));
        return n < 0 ? -1 : n >= neurons ? neurons : (long)n;
    }
}
