// The measured energy model on hand-made activity (no simulator): each memory term, hand-computed from the ERT's
// size-aware rule and circuit shares, and how data that flips fewer bits costs less than random data.
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Model;

namespace HwGen.Tests.Energy;

[TestFixture]
public class MeasuredEnergyModelTests
{
    private const string StateMemory = "TOP.neural_core.lane0.state_memory";

    private static MeasuredEnergyModel DefaultSnn(out RtlDesign design) => Snn(ModelLoader.LoadDefault().Model!, out design);

    private static MeasuredEnergyModel Snn(HardwareModel model, out RtlDesign design)
    {
        design = RtlDesign.Create(model, DesignKind.Snn);
        var table = EnergyReferenceTableLoader.LoadPreset(model.Technology.Preset);
        var prices = ActionPrices.Resolve(model, table, spiking: true, model.Twin.ActivationBits);
        var widths = DesignWidths.Of(model, true, model.Twin.ActivationBits);
        return new MeasuredEnergyModel(design, table, prices, widths, ToggleCalibrationLoader.LoadPreset(model.Technology.Preset),
            CoreToggleProbes.For(design), new RegisterInventory([], []));
    }

    private static ComponentMeasuredEnergy Writes(MeasuredEnergyModel pricing, long writes, long addressToggles, long dataToggles, long flips)
    {
        var counts = new ActionCounts { [Actions.StateMemoryWrite] = writes };
        MeasuredToggles[] toggles =
        [
            new(StateMemory, "write:address", SignalClass.MemoryPort, 8, addressToggles),
            new(StateMemory, "write:data", SignalClass.MemoryPort, 16, dataToggles),
            new(StateMemory, "mem:flips", SignalClass.MemoryPort, 16, flips),
        ];
        return pricing.Price(0, counts, toggles).Components.Single(c => c.Action == Actions.StateMemoryWrite);
    }

    [Test]
    public void AStateMemoryWriteIsAFixedPartPlusAddressDataAndFlippedBitParts()
    {
        var pricing = DefaultSnn(out var design);
        Assert.That((design.StateAddressBits, design.StateBits), Is.EqualTo((8, 16)));

        // The default spec's lane state memory: 256 words x 16 bits = 4096 bits. yan2024-v1-45nm prices every SRAM
        // access at 20 pJ; its size_aware rule (Lemaire et al.) gives (13.2 + 1.09e-5 x 4096) x 16 / 64 = 3.3111616 pJ.
        var price = pricing.MemoryPrices.Single(m => m.Action == Actions.StateMemoryWrite);
        Assert.That(price.ErtPj, Is.EqualTo(20));
        Assert.That(price.SizeAwarePj, Is.EqualTo(3.3111616).Within(1e-12));

        // 1000 writes of random data: 4 of 8 address bits, 8 of 16 data bits and 8 of 16 stored bits change per write, so
        // every share is paid in full: 1000 x 3.3111616 = 3311.1616 pJ, the size-aware price exactly.
        var random = Writes(pricing, 1000, 4000, 8000, 8000);
        Assert.That(random.MeasuredEnergyPj, Is.EqualTo(3311.1616).Within(1e-9));
        Assert.That(random.ErtEnergyPj, Is.EqualTo(20000));
        Assert.That(random.Effects.Select(e => e.Effect), Is.EqualTo(new[] { EffectKind.CapacityScaling }), "random data: only the size differs from the ERT");

        // Membrane-like data: consecutive writes to neighbouring words (1 address toggle) changing 2 low bits of the word
        // and flipping 2 stored bits. Shares (45 nm circuit block, CACTI 7 256 x 16 b): fixed 0.611313 is paid in full,
        // address 0.166062 x 1/4, data 0.051868 x 2/8, flips 0.170757 x 2/8:
        // 0.611313 + 0.0415155 + 0.012967 + 0.04268925 = 0.70848475; x 3311.1616 pJ = 2345.9074983856 pJ.
        var sparse = Writes(pricing, 1000, 1000, 2000, 2000);
        Assert.That(sparse.MeasuredEnergyPj, Is.EqualTo(2345.9074983856).Within(1e-9));
        Assert.That(sparse.Terms.Single(t => t.Kind == TermKind.FixedPerAccess).EnergyPj, Is.EqualTo(1000 * 3.3111616 * 0.611313).Within(1e-9));
        Assert.That(sparse.Terms.Single(t => t.Kind == TermKind.StoredBitFlips).EnergyPj, Is.EqualTo(2000 * 3.3111616 * 0.170757 / 8).Within(1e-9));
        // The saving is data-dependent switching: 3311.1616 - 2345.9074983856 = 965.2541016144 pJ (29.2% of the write energy).
        var switching = sparse.Effects.Single(e => e.Effect == EffectKind.DataDependentSwitching).Pj;
        Assert.That(switching, Is.EqualTo(-965.2541016144).Within(1e-9));
        Assert.That(sparse.ActivityEnergyPj, Is.EqualTo(sparse.MeasuredEnergyPj - 1000 * 3.3111616 * 0.611313).Within(1e-9));
    }

    [Test]
    public void WritingTheSameWordAgainCostsOnlyTheFixedPart()
    {
        // No address, data or stored bit changes: only the fixed share remains, 1000 x 3.3111616 x 0.611313 = 2024.1529... pJ.
        var pricing = DefaultSnn(out _);
        var same = Writes(pricing, 1000, 0, 0, 0);
        Assert.That(same.MeasuredEnergyPj, Is.EqualTo(1000 * 3.3111616 * 0.611313).Within(1e-9));
        Assert.That(same.ActivityEnergyPj, Is.EqualTo(0));
    }

    [Test]
    public void SramLeakageBeyondTheLargestReferenceCapacityIsPricedAlongTheLastSegmentAndSaysSo()
    {
        // The VGG16 shapes' global buffer: 4096 KiB in 16 banks of 2,097,152 bits, 8x the 45 nm preset's largest CACTI
        // anchor (262,144 bits, 37.1 mW); the lane memories (8192 x 8 and 1024 x 16 bits) are inside the anchors.
        var spec = Path.Combine(RepoPaths.HwConfigs, "vgg16-cifar10-stride2.yaml");
        var pricing = Snn(ModelLoader.LoadFile(spec).Model!, out var design);
        var cycles = new MeasuredToggles(ToggleProbes.HierarchyOf(design.TopModule, string.Empty), HarnessCounters.Cycles, SignalClass.Register, 1, 1000);
        var rows = pricing.Price(0, new ActionCounts(), [cycles]).Components;
        var buffer = rows.Single(r => r.Action == new ActionKey("global_buffer", "leakage")).Terms.Single();
        Assert.That(buffer.Caveat, Is.EqualTo(
            "2097152 bits is 8x the largest reference capacity (262144 bits): leakage extrapolated along the last segment, outside the reference data"));
        // 37.1 + (2097152 - 262144) x (37.1 - 0.6735) / (262144 - 4096) = 296.13289 mW; at 100 MHz, 2961.3289 pJ per bank-cycle.
        Assert.That(buffer.Quantity, Is.EqualTo(16 * 1000));
        Assert.That(buffer.PjPerUnit, Is.EqualTo(2961.3288888888894).Within(1e-6));
        Assert.That(rows.Where(r => r.Action.Component.StartsWith("lane_", StringComparison.Ordinal)).SelectMany(r => r.Terms).Select(t => t.Caveat), Is.All.Null);

        var defaults = DefaultSnn(out var defaultDesign).Price(0, new ActionCounts(),
            [new MeasuredToggles(ToggleProbes.HierarchyOf(defaultDesign.TopModule, string.Empty), HarnessCounters.Cycles, SignalClass.Register, 1, 1000)]).Components;
        Assert.That(defaults.SelectMany(r => r.Terms).Select(t => t.Caveat), Is.All.Null, "the default spec's memories are inside the reference data");
    }

    [Test]
    public void AProbeTheDesignDoesNotHaveIsRefused()
    {
        var pricing = DefaultSnn(out _);
        Assert.That(() => pricing.Price(0, new ActionCounts(), [new MeasuredToggles(StateMemory, "nonsense", SignalClass.MemoryPort, 1, 1)]),
            Throws.ArgumentException.With.Message.EqualTo($"the run counted {StateMemory}.nonsense, which is not one of the design's probes"));
    }
}
