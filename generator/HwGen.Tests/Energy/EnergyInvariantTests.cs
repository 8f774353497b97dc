// Expected-mode energies: a hand-computed spec, monotonicity, the compute-only condition, the dense-movement limit,
// spike-statistics bounds, break-even consistency and an allocation-free hot path.
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class EnergyInvariantTests
{
    private static readonly string[] Presets = EnergyReferenceTableLoader.PresetNames.ToArray();

    [Test]
    public void HandComputedSingleFcLayerOnTheV1Preset()
    {
        // fc 4 → 2, T = 2, s_in = 0.5, s_out = 0.25, γ_out = 0.5; 2 lanes, one tile; W = 8 weights = 64 bits.
        var model = EnergyTestModels.Build(new Shape(4, 1, 1), [new LayerRequest(LayerKind.Fc, 2, SpikeRate: 0.25, QnnSparsity: 0.5)],
            lanes: 2, timesteps: 2, inputSpikeRate: 0.5);
        var analysis = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm")).Analyze();
        var layer = analysis.Layers[0];

        // SNN: 4 events, 8 updates, 1 output event. DRAM 1 word: 2000; buffer (2+1+4) writes + (2+4) reads: 13·20;
        // weight writes 8·20, reads 8·20; state writes (2+8+4)·20, reads (8+4)·20; queues 10·0.23;
        // 8 adds + 4 compares + 1 subtract at the 16-bit membrane width (0.05 each).
        Assert.That(layer.Snn.TotalPj, Is.EqualTo(2000 + 260 + 160 + 160 + 280 + 240 + 2.3 + 0.4 + 0.2 + 0.05).Within(1e-9));

        // Twin: b_a = 2; γ_in = (1 − 0.5)² = 0.25 → 3 events, 6 updates, 1 output. DRAM 2000; buffer (2+1+3)+(2+3) = 11·20;
        // weights 8·20 + 6·20; state (2+6)·20 + (6+2)·20; queues 8·0.23; 6 MACs at 8×2 bits = 0.23·16/64 each;
        // 2 compares at the 20-bit accumulator width (0.0625).
        Assert.That(layer.Qnn.TotalPj, Is.EqualTo(2000 + 220 + 160 + 120 + 160 + 160 + 1.84 + 6 * 0.0575 + 2 * 0.0625).Within(1e-9));
        Assert.That(layer.Ratio, Is.EqualTo(3102.95 / 2822.31).Within(1e-12));
        Assert.That(layer.Snn.DominantTerms(1)[0].Action, Is.EqualTo(Actions.DramRead));

        // Bit Budget: 8 synapses × 8 weight bits × 1 spike bit × T = 128 dense; 8 updates × 8 = 64 event-driven;
        // twin 8 × 8 × 2 = 128 dense, 6 × 8 × 2 = 96 non-zero.
        Assert.That(layer.BitOps, Is.EqualTo(new BitOperations(128, 64, 128, 96)));
    }

    [Test]
    public void ComponentBreakdownSumsToTheTotal()
    {
        var analysis = new AnalyticalEnergyModel(EnergyTestModels.Vgg16Conv(), EnergyReferenceTableLoader.LoadPreset("lemaire2022-45nm")).Analyze();
        foreach (var design in new[] { analysis.Snn, analysis.Qnn })
        {
            Assert.That(design.ByComponent().Sum(c => c.EnergyPj), Is.EqualTo(design.TotalPj).Within(design.TotalPj * 1e-12));
            Assert.That(design.ByComponent().Select(c => c.Component), Is.Unique);
        }
    }

    [Test]
    public void SnnEnergyRisesWithTheSpikeRateOnEveryPresetAndDataflow(
        [ValueSource(nameof(Presets))] string preset, [Values] Dataflow dataflow)
    {
        var engine = new AnalyticalEnergyModel(EnergyTestModels.Vgg16Conv(preset, dataflow), EnergyReferenceTableLoader.LoadPreset(preset));
        var energies = Enumerable.Range(0, 21).Select(i => engine.SnnNetworkEnergy(4, i / 20.0)).ToArray();
        Assert.That(energies, Is.Ordered.Ascending);
        Assert.That(energies[20], Is.GreaterThan(energies[0]));
    }

    [Test]
    public void ComputeOnlySnnWinsExactlyWhenTsrEaccBelowOneMinusGammaEmac()
    {
        // Theoretical minimum: memories and NoC are free, so E_SNN − E_QNN = synapses_reached·(T·s·E_acc − (1−γ)·E_mac)
        // + per-neuron terms N·(T·E_cmp + T·s_out·E_sub − E_cmp). A wide fc layer (4096 → 4) makes those negligible.
        const int timesteps = 4;
        var model = EnergyTestModels.Build(new Shape(4096, 1, 1), [new LayerRequest(LayerKind.Fc, 4)], lanes: 4, weightWords: 4096, stateWords: 16,
            timesteps: timesteps, preset: "yan2024-22nm-theoretical-minimum");
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-22nm-theoretical-minimum"));
        var bits = engine.TwinActivationBits(timesteps);
        var eAcc = engine.SnnPrices.Energies[ActionIndex.Accumulate];
        var eMac = engine.QnnPrices(bits).Energies[ActionIndex.MultiplyAccumulate];
        var eCmp = engine.SnnPrices.Energies[ActionIndex.Compare];
        var eSub = engine.SnnPrices.Energies[ActionIndex.Subtract];
        Assert.That(eAcc, Is.EqualTo(0.05448));
        Assert.That(eMac, Is.EqualTo(0.41768 * 8 * 3 / 64).Within(1e-15));

        var counts = default(ActionVector);
        var checkedPoints = 0;
        for (var s = 0.0; s <= 0.5; s += 0.025)
        {
            for (var gamma = 0.0; gamma <= 0.95; gamma += 0.05)
            {
                var snn = engine.SnnLayerEnergy(0, timesteps, s, 0.1, ref counts);
                var qnn = engine.QnnLayerEnergy(0, bits, gamma, 0.5, ref counts);
                var perNeuron = 4 * (timesteps * eCmp + timesteps * 0.1 * eSub - eCmp);
                var synaptic = 4096.0 * 4 * (timesteps * s * eAcc - (1 - gamma) * eMac);
                Assert.That(snn - qnn, Is.EqualTo(synaptic + perNeuron).Within(1e-9));

                var condition = timesteps * s * eAcc - (1 - gamma) * eMac;
                if (Math.Abs(condition) > 0.01 * eMac)
                {
                    Assert.That(snn < qnn, Is.EqualTo(condition < 0), $"s_r={s}, γ={gamma}");
                    checkedPoints++;
                }
            }
        }

        Assert.That(checkedPoints, Is.GreaterThan(300));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(8)]
    [TestCase(15)]
    [TestCase(16)]
    public void DenseMovementDominatingGivesTheRatioOfTheDenseFlits(int timesteps)
    {
        // Both twins send dense: the SNN a flit train of one-bit spikes per timestep, the twin one train of b_a-bit
        // activations. With dense movement a million times dearer than anything else, the ratio is that of their dense
        // bits: T x flits(1-bit values) x SNN flit bits over flits(b_a-bit values) x twin flit bits, slice by slice.
        var built = EnergyTestModels.Build(new Shape(64, 1, 1), [new LayerRequest(LayerKind.Fc, 16), new LayerRequest(LayerKind.Fc, 10)],
            dataflow: Dataflow.Spatial, noc: EnergyTestModels.Mesh(2, 2), zeroSkipping: false, timesteps: timesteps,
            preset: "yan2024-22nm-typical-neuromorphic", overrides: [new EnergyOverride("noc", "dense_bit_hop", 1e6)]);
        var model = NocEncodingResolver.Resolve(built with
        {
            Workload = built.Workload with { Layers = built.Layers.Select(l => l with { NocEncoding = NocEncoding.Dense }).ToList() },
        });
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset("yan2024-22nm-typical-neuromorphic"));
        var ratio = engine.SnnNetworkEnergy(timesteps, 0.2) / engine.QnnNetworkEnergy(timesteps);
        var mesh = model.RequireMesh();
        var snn = mesh.PacketFormat(model.Design(DesignKind.Snn));
        var qnn = mesh.PacketFormat(model.DesignAt(DesignKind.Qnn, timesteps, engine.TwinActivationBits(timesteps)));
        double snnBits = 0, qnnBits = 0;
        foreach (var slice in mesh.Slices[0])
        {
            snnBits += mesh.HopsToDestinations(slice) * (double)timesteps * snn.DenseFlits(slice.Neurons) * snn.DenseFlitBits;
            qnnBits += mesh.HopsToDestinations(slice) * (double)qnn.DenseFlits(slice.Neurons) * qnn.DenseFlitBits;
        }

        Assert.That(snnBits, Is.GreaterThan(0));
        Assert.That(ratio, Is.EqualTo(snnBits / qnnBits).Within(snnBits / qnnBits * 1e-4));
    }

    [Test]
    public void MeasuredStatisticsOfRandomTracesRespectTheBounds()
    {
        var random = new Random(20241108);
        for (var trial = 0; trial < 200; trial++)
        {
            var timesteps = random.Next(1, 17);
            var neurons = random.Next(1, 40);
            var model = EnergyTestModels.Build(new Shape(8, 1, 1), [new LayerRequest(LayerKind.Fc, neurons)], timesteps: timesteps, stateWords: 64);
            var rate = random.NextDouble();
            var outputs = Enumerable.Range(0, timesteps)
                .Select(_ => (IReadOnlyList<SpikeEvent>)Enumerable.Range(0, neurons).Where(_ => random.NextDouble() < rate).Select(n => new SpikeEvent(n, 1)).ToArray())
                .ToArray();
            var trace = new NetworkTrace(DesignKind.Snn, [new LayerTrace(0, outputs, outputs, new long[neurons])]);
            var stats = TraceStatistics.Measure(model, trace)[0];
            Assert.That(stats.WithinBounds(timesteps), $"trial {trial}: T={timesteps}, s_r={stats.SpikeRate}, γ={stats.TwinSparsity}");
        }

        // Hand example, T = 4: spike counts 0, 1, 4, 2 → s_r = 7/16, γ = 1/4; 0.1875 ≤ 0.4375 ≤ 0.75.
        var hand = EnergyTestModels.Build(new Shape(8, 1, 1), [new LayerRequest(LayerKind.Fc, 4)], timesteps: 4);
        IReadOnlyList<SpikeEvent>[] steps = [[new(1, 1), new(2, 1), new(3, 1)], [new(2, 1)], [new(2, 1), new(3, 1)], [new(2, 1)]];
        var measured = TraceStatistics.Measure(hand, new NetworkTrace(DesignKind.Snn, [new LayerTrace(0, steps, steps, new long[4])]))[0];
        Assert.That(measured.SpikeRate, Is.EqualTo(7.0 / 16));
        Assert.That(measured.TwinSparsity, Is.EqualTo(0.25));
        Assert.That(measured.WithinBounds(4), Is.True);
        Assert.That(new LayerStatistics(0, 0.8, 0.25).WithinBounds(4), Is.False);
        Assert.That(new LayerStatistics(0, 0.1, 0.25).WithinBounds(4), Is.False);
    }

    [Test]
    public void SpecBreakEvenIsWhereBothDesignsCostTheSame(
        [Values("yan2024-v1-45nm", "yan2024-22nm-typical-neuromorphic")] string preset, [Values] Dataflow dataflow)
    {
        var engine = new AnalyticalEnergyModel(EnergyTestModels.Vgg16Conv(preset, dataflow), EnergyReferenceTableLoader.LoadPreset(preset));
        for (var t = 1; t <= 16; t++)
        {
            var point = engine.BreakEven(t);
            var qnn = engine.QnnNetworkEnergy(t);
            Assert.That(point.QnnPj, Is.EqualTo(qnn));
            switch (point.Kind)
            {
                case BreakEvenKind.Crossing:
                    Assert.That(engine.SnnNetworkEnergy(t, point.SpikeRate), Is.EqualTo(qnn).Within(qnn * 1e-12));
                    break;
                case BreakEvenKind.Never:
                    Assert.That(engine.SnnNetworkEnergy(t, 0), Is.GreaterThanOrEqualTo(qnn));
                    break;
                default:
                    Assert.That(engine.SnnNetworkEnergy(t, 1), Is.LessThan(qnn));
                    break;
            }
        }
    }

    [Test]
    public void TwinWidthFollowsCeilLog2OfTPlusOne()
    {
        var engine = new AnalyticalEnergyModel(EnergyTestModels.Vgg16Conv(timesteps: 4), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        int[] expected = [1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5];
        Assert.That(Enumerable.Range(1, 16).Select(engine.TwinActivationBits), Is.EqualTo(expected));
    }

    [Test]
    public void LayerEvaluationDoesNotAllocate()
    {
        var engine = new AnalyticalEnergyModel(EnergyTestModels.Vgg16Conv(), EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"));
        var counts = default(ActionVector);
        var sink = 0.0;
        // Warm up every call and every T the measured loop uses (lazy per-T state, JIT tiering).
        for (var i = 0; i < 10_000; i++)
        {
            sink += engine.SnnLayerEnergy(i % 13, 4, 0.1, 0.1, ref counts) + engine.QnnLayerEnergy(i % 13, 3, 0.6, 0.6, ref counts);
            sink += engine.SnnNetworkEnergy(1 + i % 64, 0.05);
        }

        // The least of three identical passes: code that allocates does so in every pass, while a one-off runtime
        // allocation on this thread (tiered JIT bookkeeping in a busy test run) shows in one pass only.
        var allocated = long.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10_000; i++)
            {
                sink += engine.SnnLayerEnergy(i % 13, 4, 0.1, 0.1, ref counts) + engine.QnnLayerEnergy(i % 13, 3, 0.6, 0.6, ref counts);
                sink += engine.SnnNetworkEnergy(1 + i % 64, 0.05);
            }

            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.That(sink, Is.GreaterThan(0));
        Assert.That(allocated, Is.EqualTo(0));
    }
}
