// simulate and run tell their user when a layer's measured spike rate is far from the spec's (HW0910 on stderr).
using System.Text.Json;
using HwGen.Model;

namespace HwGen.Tests.Cli;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public sealed class SpikeRateWarningCliTests
{
    private string scratch = string.Empty;

    [OneTimeSetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("hwgen-rates-").FullName;

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    /// <summary>The default spec with θ = 4096: no weight scale makes conv1 fire, so neither layer spikes.</summary>
    private string SilentSpec()
    {
        var path = Path.Combine(scratch, "silent.yaml");
        File.WriteAllText(path, ModelLoader.DefaultSpecText().Replace("threshold: 64", "threshold: 4096", StringComparison.Ordinal));
        return path;
    }

    private static string[] Warnings(string error) =>
        error.Split('\n').Where(line => line.Contains(": warning HW0910: ", StringComparison.Ordinal)).ToArray();

    [Test]
    public void Simulate_warns_about_every_silent_layer_and_still_matches()
    {
        var result = CliRunner.Run("simulate", SilentSpec(), "--twin", "snn", "--json", "-o", Path.Combine(scratch, "sim"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var warnings = Warnings(result.Error);
        Assert.That(warnings, Has.Length.EqualTo(2));
        Assert.That(warnings[0], Does.Contain("'workload.layers[0].spike_rate' is 0.15, but layer 'conv1' fires at 0"));
        Assert.That(warnings[1], Does.Contain("'workload.layers[1].spike_rate' is 0.1, but layer 'fc1' fires at 0"));
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("spike_rate_warnings").EnumerateArray().Select(w => w.GetString()), Is.EqualTo(warnings));
    }

    [Test]
    public void Run_warns_about_every_silent_layer()
    {
        var result = CliRunner.Run("run", SilentSpec(), "-o", Path.Combine(scratch, "run"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(Warnings(result.Error), Has.Length.EqualTo(2));
    }

    [Test]
    public void The_default_spec_simulates_without_rate_warnings()
    {
        var result = CliRunner.Run("simulate", "--twin", "snn", "-o", Path.Combine(scratch, "default"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(Warnings(result.Error), Is.Empty);
    }
}
