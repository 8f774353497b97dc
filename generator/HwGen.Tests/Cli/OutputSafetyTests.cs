// What hwgen never does to a user's files, and how it stops: only its own earlier output is replaced, a QNN-only run
// is refused with a located diagnostic, and SIGINT/SIGTERM leave nothing half-written and exit 130.
using System.Diagnostics;

namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class OutputSafetyTests
{
    private string scratch = string.Empty;

    private static string DefaultSpec => Path.Combine(RepoPaths.HwConfigs, "default.yaml");

    [SetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("hwgen-safety-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    [TestCase("generate")]
    [TestCase("simulate")]
    [TestCase("run")]
    public void A_folder_that_merely_holds_a_file_named_manifest_json_is_not_replaced(string verb)
    {
        var folder = Path.Combine(scratch, "notes");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), "{\"files\": {}}\n");
        File.WriteAllText(Path.Combine(folder, "thesis.tex"), "chapter 1\n");

        var result = CliRunner.Run(verb, DefaultSpec, "-o", folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"hwgen {verb}: error HW0803: output folder '{folder}' is not empty and holds no manifest.json of an earlier hwgen output; refusing to replace it\n"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "thesis.tex")), Is.EqualTo("chapter 1\n"));
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.EquivalentTo(new[] { folder }), "no staging folder is left behind");
        });
    }

    [Test]
    public void An_hwgen_folder_with_a_file_its_manifest_does_not_list_is_not_replaced()
    {
        var folder = Path.Combine(scratch, "out");
        Assert.That(CliRunner.Run("generate", DefaultSpec, "-o", folder).ExitCode, Is.EqualTo(0));
        File.WriteAllText(Path.Combine(folder, "snn", "my-notes.txt"), "keep me\n");

        var result = CliRunner.Run("generate", DefaultSpec, "-o", folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"hwgen generate: error HW0803: output folder '{folder}' holds 'snn/my-notes.txt', which its manifest.json does not list; refusing to replace a folder with files hwgen did not write\n"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "snn", "my-notes.txt")), Is.EqualTo("keep me\n"));
        });
    }

    [Test]
    public void An_earlier_hwgen_folder_is_replaced_and_its_manifest_lists_every_file()
    {
        var folder = Path.Combine(scratch, "out");
        Assert.That(CliRunner.Run("generate", DefaultSpec, "-o", folder).ExitCode, Is.EqualTo(0));
        var again = CliRunner.Run("generate", DefaultSpec, "-o", folder);

        Assert.That(again.ExitCode, Is.EqualTo(0), again.Error);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")))!;
        var listed = manifest["files"]!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var present = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((string?)manifest["generator"], Is.EqualTo("hwgen"));
            Assert.That(listed, Is.EqualTo(present));
        });
    }

    [Test]
    public void Calibrate_never_overwrites_a_file_it_did_not_write()
    {
        var file = Path.Combine(scratch, "results.yaml");
        File.WriteAllText(file, "my: data\n");

        var result = CliRunner.Run("calibrate", "--tech", "lemaire2022-45nm", "-o", file);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"hwgen calibrate: error HW0803: '{file}' exists and is not a calibration file written by hwgen; refusing to replace it\n"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("my: data\n"));
            Assert.That(Directory.GetFiles(scratch), Is.EqualTo(new[] { file }), "no partial file is left behind");
        });
    }

    [Test]
    public void Run_refuses_a_qnn_only_spec_at_its_model_key()
    {
        var spec = Path.Combine(RepoPaths.Cases, "000-valid", "qnn-only.yaml");
        var folder = Path.Combine(scratch, "qnn");
        var line = File.ReadAllLines(spec).Select((text, i) => (text, i)).First(l => l.text.TrimStart().StartsWith("model:", StringComparison.Ordinal));
        var column = line.text.IndexOf("qnn", StringComparison.Ordinal) + 1;

        var result = CliRunner.Run("run", spec, "-o", folder);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.StartWith($"{spec}:{line.i + 1}:{column}: error HW5009: 'neuron.model' is 'qnn': `hwgen run` compares"));
            Assert.That(result.Error, Does.Not.Contain("internal error"));
            Assert.That(Directory.Exists(folder), Is.False);
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.Empty);
        });
    }

    [Test]
    public void Run_without_a_terminal_reports_progress_as_plain_lines_on_stderr_and_none_with_json()
    {
        var plain = CliRunner.Run("run", DefaultSpec, "-o", Path.Combine(scratch, "plain"));
        var json = CliRunner.Run("run", DefaultSpec, "--json", "-o", Path.Combine(scratch, "json"));

        Assert.Multiple(() =>
        {
            Assert.That(plain.ExitCode, Is.EqualTo(0), plain.Error);
            Assert.That(plain.Error, Does.Contain("hwgen run: snn: golden model\n").And.Contain("hwgen run: qnn: verilator build\n"));
            Assert.That(plain.Error, Does.Match(@"hwgen run: snn: simulating \(lower bound [0-9,]+ cycles\)\n"));
            Assert.That(plain.Error, Does.Contain("hwgen run: report\n"));
            Assert.That(plain.Out, Does.Not.Contain("hwgen run:"), "progress never goes to stdout");
            Assert.That(json.ExitCode, Is.EqualTo(0), json.Error);
            Assert.That(json.Error, Is.Empty, "with --json and no terminal, no progress at all");
        });
    }

    [TestCase("INT")]
    [TestCase("TERM")]
    [Category("Rtl")]
    [NonParallelizable]
    public void An_interrupted_run_removes_what_it_half_wrote_and_exits_130(string signal)
    {
        // A private build cache, so the run is interrupted inside a real Verilator build.
        var cache = Path.Combine(scratch, "cache");
        var folder = Path.Combine(scratch, "run");
        // Through env --default-signal: a shell without job control starts background commands with SIGINT ignored,
        // and an ignored SIGINT stays ignored in hwgen (the Unix rule for background jobs); the test wants it delivered.
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = scratch,
        };
        foreach (var argument in new[] { "--default-signal=INT,TERM", Path.Combine(AppContext.BaseDirectory, "hwgen"), "run", DefaultSpec, "-o", folder })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HWGEN_CACHE"] = cache;
        info.Environment["CCACHE_DISABLE"] = "1";
        using var process = Process.Start(info)!;
        var stderr = new System.Text.StringBuilder();
        var building = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data.Contains("verilator build", StringComparison.Ordinal))
            {
                building.Set();
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.That(building.Wait(TimeSpan.FromSeconds(60)), Is.True, "the run reached the Verilator build");
        Thread.Sleep(1500);
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the run stops");
        process.WaitForExit();
        var leftovers = Directory.EnumerateFileSystemEntries(scratch, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(scratch, p))
            .Where(p => p.Contains(".hwgen-", StringComparison.Ordinal) || p.Contains(".tmp-", StringComparison.Ordinal) || p.StartsWith("run", StringComparison.Ordinal))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(130), stderr.ToString());
            Assert.That(stderr.ToString(), Does.Contain("hwgen run: interrupted; nothing half-written was left behind"));
            Assert.That(stderr.ToString(), Does.Not.Contain("verilator build failed"));
            Assert.That(leftovers, Is.Empty, "no staging folder, build temporary or output folder remains");
        });
    }
}
