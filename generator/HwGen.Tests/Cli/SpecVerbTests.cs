// `hwgen validate` and `hwgen explain`: exit codes, diagnostics on stderr, no stack traces, JSON shape.
using System.Text.Json.Nodes;

namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class SpecVerbTests
{
    /// <summary>Every YAML file under hwconfigs/: specs, energy reference tables, toggle calibrations and sweep files.</summary>
    public static IEnumerable<string> ShippedSpecs() =>
        Directory.EnumerateFiles(RepoPaths.HwConfigs, "*.yaml", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.HwConfigs, p).Replace('\\', '/')).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(ShippedSpecs))]
    public void Every_shipped_spec_validates(string file)
    {
        var result = CliRunner.Run("validate", Path.Combine(RepoPaths.HwConfigs, file));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
            Assert.That(result.Error, Is.Empty);
            Assert.That(result.Out, Does.Contain(": ok ("));
        });
    }

    [Test]
    public void An_energy_table_without_every_action_is_invalid()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hwgen-ert-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "ert: 1\npreset: empty\ntechnology_nm: 45\nentries: []\n");
        try
        {
            var result = CliRunner.Run("validate", path);
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.StartWith($"{path}:4:1: error HW0411: energy reference table 'empty' has no entry for dram.read, dram.write, "));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Validate_reports_every_file_and_exits_2_when_one_is_invalid()
    {
        var bad = Path.Combine(RepoPaths.Cases, "400-consistency", "many-problems-at-once.yaml");
        var good = Path.Combine(RepoPaths.HwConfigs, "default.yaml");
        var result = CliRunner.Run("validate", good, bad);
        var errorLines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Does.Contain("default.yaml: ok"));
            Assert.That(errorLines.Count(l => l.Contains(": error HW", StringComparison.Ordinal)), Is.EqualTo(4));
            Assert.That(errorLines[^1], Is.EqualTo("1 of 2 spec(s) invalid"));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public void Validate_of_a_missing_file_is_a_located_error()
    {
        var result = CliRunner.Run("validate", "no-such-spec.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.StartWith("no-such-spec.yaml:1:1: error HW0008: cannot read the spec: no such file\n"));
        });
    }

    [Test]
    public void Validate_without_arguments_is_a_usage_error()
    {
        var result = CliRunner.Run("validate");
        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Explain_json_has_derived_twin_widths_and_mapping()
    {
        var result = CliRunner.Run("explain", Path.Combine(RepoPaths.HwConfigs, "default.yaml"), "--json");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var json = JsonNode.Parse(result.Out)!;
        var layers = json["workload"]!["layers"]!.AsArray();
        Assert.Multiple(() =>
        {
            // T=4 binary spikes: 5 levels per neuron, ceil(log2(5)) = 3 bits.
            Assert.That(json["twin"]!["activation_bits"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(json["twin"]!["activation_bits_derived"]!.GetValue<bool>(), Is.True);
            Assert.That(layers, Has.Count.EqualTo(2));
            // conv1: 1x8x8 input, 3x3 pad 1: rows contribute 3+3*6+3... = 22 taps per axis, 4*1*22*22 = 1936.
            Assert.That(layers[0]!["synapses"]!.GetValue<long>(), Is.EqualTo(1936));
            Assert.That(layers[0]!["mapping"]!["weights_resident"]!.GetValue<bool>(), Is.True);
            // fc1: 10 units over 4 lanes = 3 per lane; 512 weight words hold 2 units of 256 weights: 2 tiles.
            Assert.That(layers[1]!["mapping"]!["tiles"]!.GetValue<int>(), Is.EqualTo(2));
            Assert.That(layers[1]!["fan_in"]!.GetValue<int>(), Is.EqualTo(256));
        });
    }

    [Test]
    public void Explain_without_a_spec_uses_the_embedded_default()
    {
        var result = CliRunner.Run("explain");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
            Assert.That(result.Out, Does.StartWith("spec        tiny-twin (version 1, default.yaml)\n"));
        });
    }

    [Test]
    public void Every_verb_has_help_with_examples()
    {
        var verbs = HwGen.Cli.Commands.CommandCatalog.Create(new HwGen.Cli.CliConsole(TextWriter.Null, TextWriter.Null)).Select(c => c.Name).ToList();
        Assert.That(verbs, Is.EquivalentTo(new[] { "validate", "explain", "generate", "simulate", "run", "analyze", "breakeven", "calibrate", "synth", "sweep", "train" }));
        foreach (var verb in verbs)
        {
            var result = CliRunner.Run(verb, "--help");
            Assert.That(result.ExitCode, Is.EqualTo(0), verb);
            Assert.That(result.Out, Does.Contain("Examples:"), verb);
        }
    }
}
