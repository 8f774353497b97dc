// Exact-mode counts on small hand-made traces, checked against values counted by hand from docs/hardware.md.
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class ExactCountTests
{
    // conv1: input 2×5×5, 3 output channels, 3×3 kernel, stride 2, padding 1 → output 3×3×3.
    //   Along one axis (5 inputs, 3 outputs) output o reads inputs 2o−1..2o+1, so the outputs an input i reaches are
    //   i=0:1, i=1:2, i=2:1, i=3:2, i=4:1. 2 lanes, units = 3 channels → 2 units per lane; a unit holds 2·9 = 18
    //   weights and 9 neurons; 54 weight words → 3 units, 16 state words → 1 unit: 1 unit per tile, 2 tiles.
    // fc2: 27 → 5, 2 lanes → 3 units per lane; 27 weights per unit, 54 words → 2 units per tile, 2 tiles.
    private static HardwareModel TwoLayerModel(int timesteps = 2, Dataflow dataflow = Dataflow.Classical, NocModel? noc = null) =>
        EnergyTestModels.Build(
            new Shape(2, 5, 5),
            [new LayerRequest(LayerKind.Conv2d, 3, Kernel: 3, Stride: 2, Padding: 1), new LayerRequest(LayerKind.Fc, 5)],
            lanes: 2, weightWords: 54, stateWords: 16, timesteps: timesteps, dataflow: dataflow, noc: noc);

    private static IReadOnlyList<SpikeEvent> Events(params int[] addresses) => addresses.Select(a => new SpikeEvent(a, 1)).ToArray();

    private static NetworkTrace SnnTrace() => new(DesignKind.Snn,
    [
        // conv1, t0: (c0,y0,x0)=0 reaches 1·1; (c0,y1,x1)=6 reaches 2·2; (c1,y4,x3)=48 reaches 1·2. t1: (c1,y2,x2)=37 reaches 1·1.
        new LayerTrace(0, [Events(0, 6, 48), Events(37)], [Events(3, 20), Events(11)], new long[27]),
        new LayerTrace(1, [Events(3, 20), Events(11)], [Events(1), Events(0, 4)], new long[5]),
    ]);

    [Test]
    public void MappingOfTheHandModelHasTwoTilesPerLayer()
    {
        var model = TwoLayerModel();
        Assert.That(model.Layers.Select(l => l.Mapping.Tiles), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(model.Layers[0].Mapping.UnitsPerTile, Is.EqualTo(1));
        Assert.That(model.Layers[1].Mapping.UnitsPerTile, Is.EqualTo(2));
    }

    [Test]
    public void SnnConvWithPaddingStrideTwoAndTwoTiles()
    {
        var engine = new AnalyticalEnergyModel(TwoLayerModel(), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var counts = engine.ExactCounts(SnnTrace())[0];

        // W = 3·2·9 = 54 weights of 8 bits = 432 bits: 7 DRAM words of 64 bits, 14 buffer words of 32 bits.
        // Input events 4, synaptic updates = 3 channels · (1 + 4 + 2 + 1) = 24, output events 3, neurons 27, T = 2.
        var expected = new ActionCounts
        {
            [Actions.DramRead] = 7,
            [Actions.GlobalBufferWrite] = 14 + 3 + 4, // staging + output events + host-written inputs (layer 0)
            [Actions.GlobalBufferRead] = 14 + 2 * 4,  // staging + tiles · input events
            [Actions.WeightMemoryWrite] = 54,
            [Actions.WeightMemoryRead] = 24,
            [Actions.StateMemoryWrite] = 27 + 24 + 2 * 27,
            [Actions.StateMemoryRead] = 24 + 2 * 27,
            [Actions.InputQueuePush] = 8,
            [Actions.InputQueuePop] = 8,
            [Actions.Accumulate] = 24,
            [Actions.Compare] = 54,
            [Actions.Subtract] = 3,
            [Actions.OutputQueuePush] = 3,
            [Actions.OutputQueuePop] = 3,
        };
        Assert.That(expected.Differences(counts), Is.Empty);
    }

    [Test]
    public void SnnFcSecondLayerWithTwoTiles()
    {
        var engine = new AnalyticalEnergyModel(TwoLayerModel(), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var counts = engine.ExactCounts(SnnTrace())[1];

        // W = 27·5 = 135 weights = 1080 bits: 17 DRAM words (16.875), 34 buffer words (33.75).
        // Input events 3, each reaches all 5 neurons: 15 updates; 3 output events; 5 neurons; T = 2.
        var expected = new ActionCounts
        {
            [Actions.DramRead] = 17,
            [Actions.GlobalBufferWrite] = 34 + 3,
            [Actions.GlobalBufferRead] = 34 + 2 * 3,
            [Actions.WeightMemoryWrite] = 135,
            [Actions.WeightMemoryRead] = 15,
            [Actions.StateMemoryWrite] = 5 + 15 + 2 * 5,
            [Actions.StateMemoryRead] = 15 + 2 * 5,
            [Actions.InputQueuePush] = 6,
            [Actions.InputQueuePop] = 6,
            [Actions.Accumulate] = 15,
            [Actions.Compare] = 10,
            [Actions.Subtract] = 3,
            [Actions.OutputQueuePush] = 3,
            [Actions.OutputQueuePop] = 3,
        };
        Assert.That(expected.Differences(counts), Is.Empty);
    }

    [Test]
    public void QnnTwinSinglePassUsesMacsAndRequantises()
    {
        var engine = new AnalyticalEnergyModel(TwoLayerModel(), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var trace = new NetworkTrace(DesignKind.Qnn,
        [
            // conv1 inputs: addresses 0 (reach 1), 6 (4), 48 (2), 37 (1) with values; 2 non-zero outputs.
            new LayerTrace(0, [[new(0, 1), new(6, 2), new(37, 1), new(48, 1)]], [[new(3, 1), new(11, 2)]], new long[27]),
            new LayerTrace(1, [[new(3, 1), new(11, 2)]], [[new(4, 1)]], new long[5]),
        ]);
        var counts = engine.ExactCounts(trace);

        var conv = new ActionCounts
        {
            [Actions.DramRead] = 7,
            [Actions.GlobalBufferWrite] = 14 + 2 + 4,
            [Actions.GlobalBufferRead] = 14 + 2 * 4,
            [Actions.WeightMemoryWrite] = 54,
            [Actions.WeightMemoryRead] = 24,
            [Actions.StateMemoryWrite] = 27 + 24,  // clear + updates; no fire write-back
            [Actions.StateMemoryRead] = 24 + 27,   // updates + requantise
            [Actions.InputQueuePush] = 8,
            [Actions.InputQueuePop] = 8,
            [Actions.MultiplyAccumulate] = 24,
            [Actions.Compare] = 27,
            [Actions.OutputQueuePush] = 2,
            [Actions.OutputQueuePop] = 2,
        };
        var fc = new ActionCounts
        {
            [Actions.DramRead] = 17,
            [Actions.GlobalBufferWrite] = 34 + 1,
            [Actions.GlobalBufferRead] = 34 + 2 * 2,
            [Actions.WeightMemoryWrite] = 135,
            [Actions.WeightMemoryRead] = 10,
            [Actions.StateMemoryWrite] = 5 + 10,
            [Actions.StateMemoryRead] = 10 + 5,
            [Actions.InputQueuePush] = 4,
            [Actions.InputQueuePop] = 4,
            [Actions.MultiplyAccumulate] = 10,
            [Actions.Compare] = 5,
            [Actions.OutputQueuePush] = 1,
            [Actions.OutputQueuePop] = 1,
        };
        Assert.Multiple(() =>
        {
            Assert.That(conv.Differences(counts[0]), Is.Empty);
            Assert.That(fc.Differences(counts[1]), Is.Empty);
        });
    }

    [Test]
    public void LeakAndMultiLevelSpikesChangeTheArithmeticCounts()
    {
        var model = EnergyTestModels.Build(new Shape(4, 1, 1), [new LayerRequest(LayerKind.Fc, 3)], lanes: 2, timesteps: 3,
            kind: NeuronKind.MultiLevel, levels: 3, leakShift: 2);
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var trace = new NetworkTrace(DesignKind.Snn,
            [new LayerTrace(0, [[new(0, 3), new(2, 1)], [], [new(3, 2)]], [[new(1, 2)], [], [new(0, 1), new(2, 3)]], new long[3])]);
        var counts = engine.ExactCounts(trace)[0];

        // 3 events × 3 neurons = 9 multi-level updates (MACs, no adds); 3 output events; leak and compare T·3 = 9.
        Assert.Multiple(() =>
        {
            Assert.That(counts[Actions.MultiplyAccumulate], Is.EqualTo(9));
            Assert.That(counts[Actions.Accumulate], Is.EqualTo(0));
            Assert.That(counts[Actions.Leak], Is.EqualTo(9));
            Assert.That(counts[Actions.Compare], Is.EqualTo(9));
            Assert.That(counts[Actions.Subtract], Is.EqualTo(3));
            Assert.That(counts[Actions.StateMemoryWrite], Is.EqualTo(3 + 9 + 9));
        });
    }

    /// <summary>The hand model on a spatial 2x2 mesh, every layer sending with <paramref name="encoding"/>.</summary>
    private static HardwareModel SpatialModel(NocEncoding encoding, double? hopsPerTransfer = null)
    {
        var model = TwoLayerModel(dataflow: Dataflow.Spatial, noc: EnergyTestModels.Mesh(2, 2, hops: hopsPerTransfer));
        return NocEncodingResolver.Resolve(model with
        {
            Workload = model.Workload with { Layers = model.Layers.Select(l => l with { NocEncoding = encoding }).ToList() },
        });
    }

    [Test]
    public void SpatialDataflowDropsWeightTrafficAndCountsSparseFlitsOnTheMapping()
    {
        // Two slices per layer, one core each, on the snake (0,0) (1,0) (1,1) (0,1): conv1's slices (channels 0-1 =
        // neurons 0..17, channel 2 = 18..26) each reach fc2's two slices over 2 + 1 and 1 + 2 hops. Header: kind 2,
        // x 1, y 1, slot 1, source 1 = 6 bits; a binary spike carries its 9-bit address: 15-bit flits, 6-bit markers.
        var model = SpatialModel(NocEncoding.Sparse);
        var mesh = model.RequireMesh();
        Assert.That(mesh.Header.Bits, Is.EqualTo(6));
        Assert.That(mesh.PacketFormat(model.Design(DesignKind.Snn)).SparseFlitBits, Is.EqualTo(15));
        Assert.That(mesh.Slices[0].Select(mesh.HopsToDestinations), Is.EqualTo(new[] { 3, 3 }));
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var counts = engine.ExactCounts(SnnTrace());
        // conv1 outputs: slice 0 sends 1 event at t0 (3) and 1 at t1 (11), slice 1 one at t0 (20), none at t1; every
        // timestep ends with a marker: 3·(2·15 + 2·6) + 3·(1·15 + 2·6) = 126 + 81 bit hops. fc2 is the last layer.
        Assert.That(engine.ExactNocCounts(SnnTrace())[0], Is.EqualTo(new NocLayerCounts(6, 0, 8, 21, 21 + 14, 207, 0)));
        Assert.Multiple(() =>
        {
            Assert.That(counts[0][Actions.NocSparseBitHop], Is.EqualTo(207));
            Assert.That(counts[1][Actions.NocSparseBitHop], Is.EqualTo(0));
            Assert.That(counts[0][Actions.DramRead] + counts[1][Actions.DramRead], Is.EqualTo(0));
            Assert.That(counts[0][Actions.WeightMemoryWrite] + counts[1][Actions.WeightMemoryWrite], Is.EqualTo(0));
            // Every slice core stores and reads each input event once: 2 slices x 4 (conv1) and x 3 (fc2) events.
            Assert.That(counts[0][Actions.GlobalBufferWrite], Is.EqualTo(8));
            Assert.That(counts[0][Actions.GlobalBufferRead], Is.EqualTo(8));
            Assert.That(counts[1][Actions.GlobalBufferWrite], Is.EqualTo(6));
            Assert.That(counts[1][Actions.GlobalBufferRead], Is.EqualTo(6));
            Assert.That(counts[0][Actions.WeightMemoryRead], Is.EqualTo(24));
        });
    }

    [Test]
    public void DenseTrafficPacksTheSliceIntoWholeFlits()
    {
        // 32-bit links hold 26 one-bit spikes after the 6-bit header: each conv1 slice (18 and 9 neurons) is one 32-bit
        // flit per timestep and destination, whatever fired: 2 slices x 3 hops x 2 timesteps x 32 bits.
        var model = SpatialModel(NocEncoding.Dense);
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        Assert.That(engine.ExactNocCounts(SnnTrace())[0], Is.EqualTo(new NocLayerCounts(0, 8, 0, 12, 12 + 8, 0, 384)));
        Assert.That(engine.ExactCounts(SnnTrace())[0][Actions.NocDenseBitHop], Is.EqualTo(384));
    }

    [Test]
    public void HopsPerTransferChangesExpectedModeOnly()
    {
        // Exact mode always uses the mapping; expected mode uses noc.hops_per_transfer for every flit when given:
        // 1 hop to each of 2 destinations instead of the mapping's 3 hops per slice, so 2/3 of the sparse bit hops.
        var mapped = new AnalyticalEnergyModel(SpatialModel(NocEncoding.Sparse), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var given = new AnalyticalEnergyModel(SpatialModel(NocEncoding.Sparse, hopsPerTransfer: 1), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        Assert.That(given.ExactCounts(SnnTrace())[0][Actions.NocSparseBitHop], Is.EqualTo(207));
        ActionVector a = default, b = default;
        mapped.SnnLayerEnergy(0, 2, 0.2, 0.1, ref a);
        given.SnnLayerEnergy(0, 2, 0.2, 0.1, ref b);
        Assert.That(a[ActionIndex.NocSparseBitHop], Is.GreaterThan(0));
        Assert.That(b[ActionIndex.NocSparseBitHop], Is.EqualTo(a[ActionIndex.NocSparseBitHop] * 2 / 3).Within(1e-9));
    }

    [Test]
    public void ExpectedModeEqualsExactModeWhenEveryInputSpikesOnce()
    {
        // With s_in = 1 and T = 1 every input position fires once: the expected reach (averaged over positions,
        // padding included) must sum to the exact reach of a trace holding every address.
        var model = TwoLayerModel(timesteps: 1);
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var all = Enumerable.Range(0, 50).ToArray();
        var trace = new NetworkTrace(DesignKind.Snn,
        [
            new LayerTrace(0, [Events(all)], [Events(Enumerable.Range(0, 27).ToArray())], new long[27]),
            new LayerTrace(1, [Events(Enumerable.Range(0, 27).ToArray())], [Events(0, 1, 2, 3, 4)], new long[5]),
        ]);
        var exact = engine.ExactVectors(trace)[0];
        var expected = default(ActionVector);
        engine.SnnLayerEnergy(0, 1, 1.0, 1.0, ref expected);
        for (var i = 0; i < ActionIndex.Count; i++)
        {
            Assert.That(expected[i], Is.EqualTo(exact[i]).Within(1e-9), ActionIndex.Key(i).ToString());
        }

        // Σ reach over the 5×5 positions = 7·7 per channel: 2 channels × 49 × 3 units = 294 = the layer's synapses.
        Assert.That(exact[ActionIndex.WeightMemoryRead], Is.EqualTo(294));
        Assert.That(model.Layers[0].Synapses, Is.EqualTo(294));
    }

    [Test]
    public void TraceWithWrongTimestepCountIsRejected()
    {
        var engine = new AnalyticalEnergyModel(TwoLayerModel(timesteps: 3), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        Assert.That(() => engine.ExactCounts(SnnTrace()), Throws.ArgumentException.With.Message.Contains("expected 3"));
    }
}
