// The energy reference tables: coverage of every action, scaling rules at hand-computed points, overrides, loud failures.
using HwGen.Energy;
using HwGen.Model;
using NUnit.Framework;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class EnergyTableTests
{
    private static readonly string[] Presets =
    [
        "lemaire2022-45nm", "yan2024-22nm-theoretical-minimum", "yan2024-22nm-typical-neuromorphic", "yan2024-22nm-worst-case-sparse", "yan2024-v1-45nm",
    ];

    [Test]
    public void TheFivePresetsAreEmbedded() => Assert.That(EnergyReferenceTableLoader.PresetNames, Is.EqualTo(Presets));

    [TestCaseSource(nameof(Presets))]
    public void EveryPresetPricesEveryActionWithASource(string preset)
    {
        var table = EnergyReferenceTableLoader.LoadPreset(preset);
        Assert.That(table.Preset, Is.EqualTo(preset));
        foreach (var key in Actions.All)
        {
            Assert.That(table.AnchorsOf(key).All(e => e.Source.Length > 10), key.ToString());
        }

        Assert.That(table.Entries.Select(e => e.Key).Distinct().Count(), Is.EqualTo(Actions.All.Count));
    }

    [Test]
    public void BitsScalingInterpolatesBetweenHorowitzPoints()
    {
        var table = EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm");
        Assert.Multiple(() =>
        {
            Assert.That(table.EnergyPj(Actions.Accumulate, new EnergyArguments(Bits: 12)), Is.EqualTo(0.04).Within(1e-15)); // halfway 0.03..0.05
            Assert.That(table.EnergyPj(Actions.Accumulate, new EnergyArguments(Bits: 4)), Is.EqualTo(0.015).Within(1e-15)); // 0.03·4/8
            Assert.That(table.EnergyPj(Actions.Accumulate, new EnergyArguments(Bits: 64)), Is.EqualTo(0.2).Within(1e-15)); // 0.1·64/32
            Assert.That(table.EnergyPj(Actions.Compare, new EnergyArguments(Bits: 20)), Is.EqualTo(0.0625).Within(1e-15)); // 0.05 + 4/16·0.05
        });
    }

    [Test]
    public void WidthProductScalingFollowsWeightTimesActivationBits()
    {
        var table = EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm");
        Assert.Multiple(() =>
        {
            // 8×3 = 24 < 64: proportional, 0.23·24/64.
            Assert.That(table.EnergyPj(Actions.MultiplyAccumulate, new EnergyArguments(WeightBits: 8, ActivationBits: 3)), Is.EqualTo(0.08625).Within(1e-15));
            // 16×16 = 256 between 64 (0.23) and 1024 (3.2): 0.23 + 192/960·2.97 = 0.824.
            Assert.That(table.EnergyPj(Actions.MultiplyAccumulate, new EnergyArguments(WeightBits: 16, ActivationBits: 16)), Is.EqualTo(0.824).Within(1e-12));
        });

        // 22 nm: k = 0.23/0.03 → MAC(8×8) = 0.41768; a 1-bit activation MAC costs 0.41768/8 = 0.05221 ≈ E_ACC.
        var nm22 = EnergyReferenceTableLoader.LoadPreset("yan2024-22nm-typical-neuromorphic");
        Assert.That(nm22.EnergyPj(Actions.MultiplyAccumulate, new EnergyArguments(WeightBits: 8, ActivationBits: 1)), Is.EqualTo(0.05221).Within(1e-12));
    }

    [Test]
    public void LemaireSramFitDependsOnCapacityAndWordWidth()
    {
        // 512 words × 8 bits = 4096 bits: (13.2 + 1.09e-5·4096) pJ per 64-bit word, × 8/64 for an 8-bit word.
        var table = EnergyReferenceTableLoader.LoadPreset("lemaire2022-45nm");
        var energy = table.EnergyPj(Actions.WeightMemoryRead, new EnergyArguments(WordBits: 8, CapacityBits: 4096));
        Assert.That(energy, Is.EqualTo((13.2 + 1.09e-5 * 4096) * 8 / 64).Within(1e-12));
        Assert.That(energy, Is.EqualTo(1.6555808).Within(1e-9));

        // 1 MiB, 64-bit words: 1.09e-5·8388608 + 13.2 = 104.6358272 (the fit's 1 MiB point is 100 pJ).
        Assert.That(table.EnergyPj(Actions.GlobalBufferRead, new EnergyArguments(WordBits: 64, CapacityBits: 8388608)), Is.EqualTo(104.6358272).Within(1e-9));
    }

    [Test]
    public void MissingEntryIsAnErrorNamingComponentAndAction()
    {
        var full = EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm");
        var yaml = "ert: 1\npreset: partial\nentries:\n" + string.Concat(full.Entries
            .Where(e => e.Key != Actions.Compare)
            .Select(e => $"  - {{ component: {e.Component}, action: {e.Action}, scaling: constant, energy_pj: 1, source: test table entry }}\n")
            .DistinctBy(line => line));
        var partial = EnergyReferenceTableLoader.LoadText(yaml, "partial.yaml");
        Assert.That(() => partial.EnergyPj(Actions.Compare, new EnergyArguments(Bits: 16)),
            Throws.TypeOf<EnergyTableException>().With.Message.Contains("'comparator'").And.Message.Contains("'compare'"));

        var model = EnergyTestModels.Build(new Shape(4, 1, 1), [new LayerRequest(LayerKind.Fc, 2)]);
        Assert.That(() => new AnalyticalEnergyModel(model, partial),
            Throws.TypeOf<EnergyTableException>().With.Message.Contains("comparator.compare"));

        // An override of the missing action makes the table sufficient.
        var covered = model with
        {
            Technology = new TechnologyModel("partial", [new EnergyOverride("comparator", "compare", 0.5)]),
        };
        Assert.That(new AnalyticalEnergyModel(covered, partial).SnnPrices.Energies[ActionIndex.Compare], Is.EqualTo(0.5));
    }

    [Test]
    public void SpecOverridesTakePrecedenceMostSpecificLast()
    {
        var baseModel = EnergyTestModels.Build(new Shape(4, 1, 1), [new LayerRequest(LayerKind.Fc, 2)],
            overrides: [new EnergyOverride("dram", "read", 1500), new EnergyOverride("adder", "accumulate", 0.07)]);
        var model = baseModel with
        {
            Memory = baseModel.Memory with { Dram = baseModel.Memory.Dram with { ReadEnergyPj = 1234 } },
            Noc = baseModel.Noc with { SparseEnergyPjPerBitHop = 0.5 },
        };
        var prices = ActionPrices.Resolve(model, EnergyReferenceTableLoader.LoadPreset("yan2024-v1-45nm"), spiking: true, activationBits: 0);
        Assert.Multiple(() =>
        {
            Assert.That(prices.Energies[ActionIndex.DramRead], Is.EqualTo(1234));
            Assert.That(prices.Origins[ActionIndex.DramRead], Is.EqualTo("memory.dram.read_energy_pj"));
            Assert.That(prices.Energies[ActionIndex.Accumulate], Is.EqualTo(0.07));
            Assert.That(prices.Energies[ActionIndex.NocSparseBitHop], Is.EqualTo(0.5));
            Assert.That(prices.Energies[ActionIndex.DramWrite], Is.EqualTo(2000));
            Assert.That(prices.Origins[ActionIndex.DramWrite], Does.StartWith("ert yan2024-v1-45nm at word_bits=64"));
        });
    }

    [TestCase("scaling: linear", "'scaling' must be one of")]
    [TestCase("energy_pj: -1", "'energy_pj' must be")]
    [TestCase("source: ''", "'source' is required")]
    public void MalformedEntriesAreRejected(string replacement, string message)
    {
        var entry = new Dictionary<string, string> { ["scaling"] = "scaling: constant", ["energy_pj"] = "energy_pj: 1", ["source"] = "source: a paper" };
        var key = replacement.Split(':')[0];
        entry[key] = replacement;
        var yaml = $"ert: 1\npreset: bad\nentries:\n  - component: adder\n    action: accumulate\n    {entry["scaling"]}\n    {entry["energy_pj"]}\n    {entry["source"]}\n";
        Assert.That(() => EnergyReferenceTableLoader.LoadText(yaml, "bad.yaml"), Throws.TypeOf<EnergyTableException>().With.Message.Contains(message));
    }

    [Test]
    public void UnknownPresetListsTheKnownOnes() =>
        Assert.That(() => EnergyReferenceTableLoader.LoadPreset("horowitz-7nm"),
            Throws.TypeOf<EnergyTableException>().With.Message.Contains("yan2024-v1-45nm"));
}
