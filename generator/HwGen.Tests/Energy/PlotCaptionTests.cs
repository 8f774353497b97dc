// Plot titles name the model and its constants: the v1 constants (so --constant overrides show) or the engine and ERT preset.
using HwGen.Energy;
using HwGen.Model;
using HwGen.Report;

namespace HwGen.Tests.Energy;

[TestFixture]
public sealed class PlotCaptionTests
{
    [Test]
    public void Reference_curve_and_heatmap_titles_carry_the_constants_in_use()
    {
        var model = CommandInputs.ReferenceModel("yan2024-v1-spatial", ["E_sram=10"]);
        Assert.Multiple(() =>
        {
            Assert.That(EnergyCurve.ForReference(model, 8).Caption,
                Is.EqualTo("yan2024-v1-spatial, T = 8\nE_add=0.03 E_mul=0.2 E_sram=10 E_dram=2000\nrho=0.45 N=2395 R=216 E_ev=64.32"));
            Assert.That(RatioHeatmap.ForReference(model, [1, 2]).Caption,
                Is.EqualTo("yan2024-v1-spatial: E_SNN / E_ANN\nE_add=0.03 E_mul=0.2 E_sram=10 E_dram=2000\nrho=0.45 N=2395 R=216 E_ev=64.32"));
        });
    }

    [Test]
    public void Spec_plot_titles_name_the_engine_and_the_ert_preset()
    {
        var hardware = ModelLoader.LoadDefault().Model!;
        var engine = new AnalyticalEnergyModel(hardware, EnergyReferenceTableLoader.LoadPreset(hardware.Technology.Preset));
        Assert.Multiple(() =>
        {
            Assert.That(EnergyCurve.ForSpec(engine, 4).Caption, Is.EqualTo("tiny-twin: hwgen-analytical-v1, ERT yan2024-v1-45nm, T = 4"));
            Assert.That(RatioHeatmap.ForSpec(engine, [4]).Caption, Is.EqualTo("tiny-twin: hwgen-analytical-v1, ERT yan2024-v1-45nm: E_SNN / E_QNN"));
            Assert.That(ComponentBreakdown.For(engine.Analyze()).Caption, Is.EqualTo("tiny-twin: hwgen-analytical-v1, ERT yan2024-v1-45nm, T = 4: bars SNN | QNN"));
        });
    }
}
