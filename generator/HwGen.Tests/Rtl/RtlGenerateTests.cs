// Generation is deterministic, self-describing and safe: same spec -> same bytes, manifest hashes match the files,
// no machine paths, template paths cannot leave templates/, builds are cached by content hash.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HwGen.Emit;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Cli;
using NUnit.Framework;

namespace HwGen.Tests.Rtl;

[TestFixture]
[Category("Rtl")]
public class RtlGenerateTests
{
    private static string Work(string name) => Path.Combine(TestContext.CurrentContext.WorkDirectory, "rtl-generate", name);

    [Test]
    public void SameSpecGivesIdenticalBytes()
    {
        var model = RtlBuilds.Conv8.Build();
        var first = RtlGenerator.Write(model, RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model)), Work("a"));
        var second = RtlGenerator.Write(model, RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model)), Work("b"));
        Assert.That(second.Keys, Is.EqualTo(first.Keys));
        foreach (var path in first.Keys)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(Work("b"), path)), Is.EqualTo(File.ReadAllBytes(Path.Combine(Work("a"), path))), path);
        }
    }

    [Test]
    public void FolderIsSelfDescribingAndManifestHashesEveryFile()
    {
        var model = RtlBuilds.Mix16.Build();
        var folder = Work("manifest");
        var files = RtlGenerator.Write(model, RtlGenerator.RenderTwins(model, RtlGenerator.TwinsOf(model)), folder);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        var hashes = manifest.RootElement.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var onDisk = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        Assert.That(hashes.Keys.Order(StringComparer.Ordinal), Is.EqualTo(onDisk));
        foreach (var (path, hash) in hashes)
        {
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, path)))), Is.EqualTo(hash), path);
        }

        // One module per file, named after it; both twins; harness, flags, waivers and the resolved spec.
        foreach (var twin in new[] { "snn", "qnn" })
        {
            foreach (var v in onDisk.Where(p => p.StartsWith(twin + "/rtl/", StringComparison.Ordinal)))
            {
                var module = Path.GetFileNameWithoutExtension(v);
                var text = File.ReadAllText(Path.Combine(folder, v));
                Assert.That(text.Split('\n').Count(l => l.StartsWith("module ", StringComparison.Ordinal)), Is.EqualTo(1), v);
                Assert.That(text, Does.Contain($"module {module} "), v);
            }

            Assert.That(onDisk, Does.Contain($"{twin}/harness/harness_main.cpp"));
            Assert.That(onDisk, Does.Contain($"{twin}/build/verilator.flags"));
        }

        Assert.That(onDisk, Does.Contain("snn/rtl/snn_lane_datapath.v").And.Not.Contain("snn/rtl/qnn_lane_datapath.v"));
        Assert.That(onDisk, Does.Contain("qnn/rtl/qnn_lane_datapath.v").And.Not.Contain("qnn/rtl/snn_lane_datapath.v"));
        Assert.That(files["spec.resolved.json"], Does.Contain("\"name\": \"mix16\""));
        var all = string.Concat(files.Values);
        Assert.That(all, Does.Not.Contain(RepoPaths.Root).And.Not.Contain(TestContext.CurrentContext.WorkDirectory).And.Not.Contain("\r"));
    }

    [TestCase("../neural_core.v.sbn")]
    [TestCase("/etc/passwd")]
    [TestCase("templates/../../secret.sbn")]
    [TestCase("sub/../../x.sbn")]
    [TestCase("")]
    public void TemplateLoaderRefusesPathsOutsideTemplates(string path)
    {
        Assert.That(() => TemplateRenderer.ReadTemplate(path), Throws.InvalidOperationException.With.Message.Contains("outside templates/"));
    }

    [Test]
    public void TemplatesAreEmbeddedOneModuleEach()
    {
        Assert.That(TemplateRenderer.TemplateNames, Does.Contain("neural_core.v.sbn").And.Contain("harness_main.cpp.sbn"));
        Assert.That(TemplateRenderer.ReadTemplate("templates/sram_1r1w.v.sbn"), Does.Contain("module sram_1r1w"));
    }

    [TestCase("buffer-too-small-for-layout", "HW0318", "14:19")]
    [TestCase("dram-word-not-multiple", "HW0317", "11:16")]
    public void SpecsTheCoreCannotHoldAreRejectedWithLocatedDiagnostics(string spec, string code, string at)
    {
        // Validation knows what the generated core can hold, so generate and validate refuse the same specs, at the key.
        var file = Path.Combine(RepoPaths.Cases, "400-consistency", spec + ".yaml");
        foreach (var verb in new[] { "validate", "generate" })
        {
            var result = verb == "generate" ? CliRunner.Run(verb, file, "-o", Work("cli-" + spec)) : CliRunner.Run(verb, file);
            Assert.That(result.ExitCode, Is.EqualTo(2), verb);
            Assert.That(result.Error, Does.Contain($"{spec}.yaml:{at}: error {code}:"), verb);
        }

        Assert.That(Directory.Exists(Work("cli-" + spec)), Is.False, "nothing is written when the spec cannot be built");
    }

    [Test]
    [Category("Rtl")]
    public void SecondRunWithOtherDataReusesTheBuild()
    {
        var set = RtlSimulationTests.SetFor(RtlBuilds.Lane1, DesignKind.Snn);
        var a = new RtlCase(RtlBuilds.Lane1, DesignKind.Snn, 4, 0.2, 0.0, 101);
        var b = new RtlCase(RtlBuilds.Lane1, DesignKind.Snn, 2, 0.9, 0.3, 102);
        var (_, first) = VerilatorSimulation.Run(set, RtlSimulationTests.Prepare(a, set.Design).Input, Work("cache-a"));
        var (result, second) = VerilatorSimulation.Run(set, RtlSimulationTests.Prepare(b, set.Design).Input, Work("cache-b"));
        Assert.That(second.FromCache, Is.True);
        Assert.That(second.Path, Is.EqualTo(first.Path));
        Assert.That(result.Finished, Is.True);
    }

    [Test]
    public void GenerateVerbWritesTheDefaultFolder()
    {
        var folder = Work("cli-generate");
        var result = CliRunner.Run("generate", Path.Combine(RepoPaths.HwConfigs, "default.yaml"), "-o", folder);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(File.Exists(Path.Combine(folder, "snn", "rtl", "neural_core.v")), Is.True);
        Assert.That(File.Exists(Path.Combine(folder, "qnn", "rtl", "qnn_lane_datapath.v")), Is.True);
        Assert.That(result.Out, Does.Contain("wrote"));
    }

    [Test]
    [NonParallelizable]
    public void SimulateVerbMatchesTheGoldenModelOnTheDefaultSpec()
    {
        var result = CliRunner.Run("simulate", Path.Combine(RepoPaths.HwConfigs, "default.yaml"), "--json", "-o", Work("cli-simulate"));
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("golden_match").GetBoolean(), Is.True);
        var twins = json.RootElement.GetProperty("twins").EnumerateArray().ToList();
        Assert.That(twins.Select(t => t.GetProperty("design").GetString()), Is.EqualTo(new[] { "snn", "qnn" }));
        foreach (var twin in twins)
        {
            Assert.That(twin.GetProperty("counts_match").GetBoolean(), Is.True);
            Assert.That(twin.GetProperty("cycles").GetInt64(), Is.GreaterThanOrEqualTo(twin.GetProperty("cycle_bound").GetProperty("total").GetInt64()));
            Assert.That(twin.GetProperty("measured_counts").GetProperty("lane_weight_memory").GetProperty("write").GetInt64(), Is.EqualTo(2596));
            // Performance guard (docs/performance.md): the default spec runs within 1.15x of the analytical bound.
            Assert.That(twin.GetProperty("cycle_ratio").GetDouble(), Is.LessThanOrEqualTo(1.15));
        }
    }

    [Test]
    [NonParallelizable]
    public void SimulateWithoutVerilatorExitsThreeWithTheInstallCommand()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            Environment.SetEnvironmentVariable("PATH", Work("empty-path"));
            var result = CliRunner.Run("simulate", Path.Combine(RepoPaths.HwConfigs, "default.yaml"), "-o", Work("cli-no-verilator"));
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.Error, Does.Contain("apt-get install -y verilator"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [TestCase("paper-22nm-theoretical-minimum.yaml", "spatial")]
    [TestCase("paper-22nm-typical-neuromorphic.yaml", "neuromorphic")]
    public void GenerateWritesTheMeshOfASpatialOrNeuromorphicPresetTwiceTheSame(string preset, string dataflow)
    {
        var spec = Path.Combine(RepoPaths.HwConfigs, preset);
        var first = CliRunner.Run("generate", spec, "-o", Work($"cli-{dataflow}-a"));
        var second = CliRunner.Run("generate", spec, "-o", Work($"cli-{dataflow}-b"));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Error);
        foreach (var twin in new[] { "snn", "qnn" })
        {
            foreach (var module in new[] { "mesh_top", "mesh_router", "network_interface", "mesh_core" })
            {
                var a = File.ReadAllBytes(Path.Combine(Work($"cli-{dataflow}-a"), twin, "rtl", module + ".v"));
                var b = File.ReadAllBytes(Path.Combine(Work($"cli-{dataflow}-b"), twin, "rtl", module + ".v"));
                Assert.That(b, Is.EqualTo(a), $"{twin}/{module}.v");
            }
        }

        Assert.That(File.ReadAllText(Path.Combine(Work($"cli-{dataflow}-a"), "snn", "rtl", "mesh_top.v")), Does.Contain($"{dataflow} dataflow"));
    }

    [Test]
    public void SimulateRejectsAnUnknownTwin()
    {
        var result = CliRunner.Run("simulate", Path.Combine(RepoPaths.HwConfigs, "default.yaml"), "--twin", "snnn");
        Assert.That(result.ExitCode, Is.Not.EqualTo(0));
        Assert.That(result.Error, Does.Contain("snnn"));
    }
}
