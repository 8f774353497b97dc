// Every CSV row of analyze and breakeven names the model and the constants (v1 constants or ERT preset) behind it.
namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class CsvProvenanceTests
{
    private const string V1Constants = "E_add=0.03 E_mul=0.2 E_sram=20 E_dram=2000 rho=0.45 N=2395 R=216 E_ev=64.32";

    private static string DefaultSpec => Path.Combine(RepoPaths.HwConfigs, "default.yaml");

    private static string[] Lines(CliResult result)
    {
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        return result.Out.TrimEnd('\n').Split('\n');
    }

    [Test]
    public void Breakeven_csv_of_a_reference_model_names_it_and_its_constants()
    {
        var lines = Lines(CliRunner.Run("breakeven", "--model", "yan2024-v1-classical", "--timesteps", "1-3", "--csv", "--constant", "E_dram=1000"));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("timesteps,breakeven_spike_rate,snn_fixed_pj,snn_slope_pj,qnn_pj,model,constants"));
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines.Skip(1), Has.All.EndsWith(",yan2024-v1-classical," + V1Constants.Replace("E_dram=2000", "E_dram=1000", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Breakeven_csv_with_ranges_keeps_the_range_columns_before_the_provenance()
    {
        var lines = Lines(CliRunner.Run("breakeven", "--model", "yan2024-v1-spatial", "--timesteps", "2", "--csv", "--vary", "E_mul=±50%"));
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("timesteps,breakeven_spike_rate,snn_fixed_pj,snn_slope_pj,qnn_pj,breakeven_min,breakeven_max,model,constants"));
            Assert.That(lines[1].Split(','), Has.Length.EqualTo(9));
            Assert.That(lines[1], Does.EndWith(",yan2024-v1-spatial," + V1Constants));
        });
    }

    [Test]
    public void Breakeven_csv_of_a_spec_names_the_engine_and_the_ert_preset()
    {
        var lines = Lines(CliRunner.Run("breakeven", DefaultSpec, "--timesteps", "1-2", "--csv"));
        Assert.That(lines.Skip(1), Has.All.EndsWith(",hwgen-analytical-v1,ERT yan2024-v1-45nm"));
    }

    [Test]
    public void Analyze_csv_names_the_mode_and_the_ert_preset_on_every_row()
    {
        var expected = Lines(CliRunner.Run("analyze", DefaultSpec, "--csv"));
        var exact = Lines(CliRunner.Run("analyze", DefaultSpec, "--csv", "--exact"));
        Assert.Multiple(() =>
        {
            Assert.That(expected[0], Is.EqualTo("layer,design,component,action,count,energy_pj,model,constants"));
            Assert.That(expected.Skip(1), Has.All.EndsWith(",hwgen-analytical-v1 (expected mode),ERT yan2024-v1-45nm"));
            Assert.That(exact.Skip(1), Has.All.EndsWith(",hwgen-analytical-v1 (exact mode),ERT yan2024-v1-45nm"));
        });
    }

    [TestCase("1e6", "break-even s_r* = never (the SNN loses even at s_r = 0)")]
    [TestCase("0.001", "break-even s_r* = always (the SNN wins even at s_r = 1)")]
    [TestCase("64.32", "break-even s_r* = 0.256005 (the SNN wins below it)")]
    public void Analyze_text_explains_never_and_always_without_contradiction(string eventEnergy, string line)
    {
        var lines = Lines(CliRunner.Run("analyze", "--model", "yan2024-v1-classical", "--timesteps", "2", "--spike-rate", "0.1", "--constant", "E_ev=" + eventEnergy));
        Assert.That(lines[^1], Is.EqualTo(line));
    }
}
