// The mesh mapping, the golden model's flit-by-flit NoC walk and the analytical NoC formulas, against hand-computed
// values on the spatial 2x2 case (Cases/000-valid/spatial-mesh.yaml) and against each other on the mesh test specs.
using HwGen.Data;
using HwGen.Energy;
using HwGen.Golden;
using HwGen.Model;
using HwGen.Tests.Rtl;
using NUnit.Framework;

namespace HwGen.Tests.Energy;

[TestFixture]
public class NocTrafficTests
{
    private static HardwareModel SpatialMesh(string? conv1Encoding = null)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Cases, "000-valid", "spatial-mesh.yaml"));
        if (conv1Encoding is not null)
        {
            text = text.Replace("      spike_rate: 0.15\n", $"      spike_rate: 0.15\n      noc_encoding: {conv1Encoding}\n", StringComparison.Ordinal);
        }

        var result = ModelLoader.LoadText(text, "spatial-mesh.yaml");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return NocEncodingResolver.Resolve(result.Model!);
    }

    private static GoldenRun Run(HardwareModel model, DesignKind twin)
    {
        var data = NpyNetworkData.Load(model, TestContext.CurrentContext.WorkDirectory);
        return twin == DesignKind.Snn ? GoldenModel.RunSnn(model, data) : GoldenModel.RunQnn(model, data);
    }

    [Test]
    public void TheSpatialMappingPlacesSlicesOnASnakeAndReportsItsHops()
    {
        var mesh = SpatialMesh().RequireMesh();
        // conv1 on core 0; fc1 (10 units, 4 lanes, 256 weights each in 512-word lanes) in three one-unit-per-lane slices.
        Assert.That(mesh.Cores.Select(c => c.Position), Is.EqualTo(new[] { new MeshPosition(0, 0), new MeshPosition(1, 0), new MeshPosition(1, 1), new MeshPosition(0, 1) }));
        Assert.That(mesh.Slices[1].Select(s => (s.Core, s.FirstNeuron, s.Neurons)), Is.EqualTo(new[] { (1, 0, 4), (2, 4, 4), (3, 8, 2) }));
        // From (0,0) to (1,0), (1,1) and (0,1): 1 + 2 + 1 hops over 3 destinations.
        Assert.That(mesh.AverageHops(0), Is.EqualTo(4.0 / 3).Within(1e-12));
        Assert.That(mesh.AverageHops(1), Is.Null);
    }

    [Test]
    public void DenseTrafficIsCountedFlitForFlitAsByHand()
    {
        var model = SpatialMesh();
        Assert.That(model.EncodingsOf(DesignKind.Snn)[0].Mode, Is.EqualTo(NocEncoding.Dense), "auto picks dense at these prices");
        var snn = Run(model, DesignKind.Snn).Noc!.Layers[0];
        // SNN: 256 one-bit values, 25 per 32-bit flit = 11 flits per timestep and destination; T = 4; 3 destinations
        // at 1 + 2 + 1 hops: 132 flits, 176 flit hops, 176 x 32 = 5632 bit hops, 176 + 132 router passes.
        Assert.That(snn, Is.EqualTo(new NocLayerCounts(0, 132, 0, 176, 308, 0, 5632)));
        var qnn = Run(model, DesignKind.Qnn).Noc!.Layers[0];
        // QNN: 3-bit activations, 8 per flit (31 used bits) = 32 flits per destination, one pass: 96 flits, 128 hops.
        Assert.That(qnn, Is.EqualTo(new NocLayerCounts(0, 96, 0, 128, 224, 0, 128 * 31)));

        // Expected mode uses the same mapping (dense traffic does not depend on the spike rate).
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        var counts = default(ActionVector);
        engine.SnnLayerEnergy(0, 4, 0.25, 0.15, ref counts);
        Assert.That(counts[ActionIndex.NocDenseBitHop], Is.EqualTo(5632));
        Assert.That(counts[ActionIndex.NocSparseBitHop], Is.EqualTo(0));
    }

    [Test]
    public void SparseTrafficIsEventsAndOneMarkerPerTimestepAndDestination()
    {
        var model = SpatialMesh("sparse");
        var golden = Run(model, DesignKind.Snn);
        var events = golden.Trace.Layers[0].Outputs.Select(t => (long)t.Count).ToArray();
        var total = events.Sum();
        Assert.That(total, Is.GreaterThan(0));
        // 17-bit sparse flits (7 header + 10 address bits), 7-bit markers; 3 destinations, 4 hops in all.
        Assert.That(golden.Noc!.Layers[0], Is.EqualTo(new NocLayerCounts(3 * total, 0, 3 * 4, 4 * (total + 4), 4 * (total + 4) + 3 * (total + 4),
            4 * (17 * total + 7 * 4), 0)));
        // Every router port: the east port of (0,0) carries the copies to (1,0) and (1,1).
        var east = golden.Noc.Ports.Single(p => p.Router == 0 && p.Port == MeshPort.East);
        Assert.That(east.Flits, Is.EqualTo(2 * (total + 4)));
        Assert.That(east.Bits, Is.EqualTo(2 * (17 * total + 7 * 4)));
    }

    public static IEnumerable<TestCaseData> MeshSpecs()
    {
        foreach (var spec in MeshSimulationTests.All.Concat(MeshResidualSimulationTests.All))
        {
            foreach (var twin in new[] { DesignKind.Snn, DesignKind.Qnn })
            {
                yield return new TestCaseData(spec, twin).SetName($"NoC counts {spec.Name} {twin}: golden walk = analytical exact");
            }
        }
    }

    [TestCaseSource(nameof(MeshSpecs))]
    public void TheGoldenWalkEqualsTheAnalyticalFormulas(MeshSpec spec, DesignKind twin)
    {
        var model = spec.Load();
        var golden = Run(model, twin);
        var engine = new AnalyticalEnergyModel(model, EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset));
        Assert.That(engine.ExactNocCounts(golden.Trace), Is.EqualTo(golden.Noc!.Layers));
        var exact = engine.ExactCounts(golden.Trace);
        for (var l = 0; l < model.Layers.Count; l++)
        {
            Assert.That(exact[l].Differences(golden.LayerCounts[l]), Is.Empty, $"layer {l}");
        }

        // Injected flits leave the mesh at a local port; the links carry exactly the flit hops.
        Assert.That(golden.Noc.Ports.Where(p => p.Port == MeshPort.Local).Sum(p => p.Flits), Is.EqualTo(golden.Noc.Total.Flits));
        Assert.That(golden.Noc.Ports.Where(p => p.Port != MeshPort.Local).Sum(p => p.Flits), Is.EqualTo(golden.Noc.Total.FlitHops));
    }
}
