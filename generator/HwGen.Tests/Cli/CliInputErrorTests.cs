// Bad command lines and bad output paths: one-line messages, exit 2, no help dump, nothing half-written.
namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class CliInputErrorTests
{
    private string scratch = string.Empty;

    private static string DefaultSpec => Path.Combine(RepoPaths.HwConfigs, "default.yaml");

    [SetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("hwgen-qa-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    [Test]
    public void An_unparsable_option_value_exits_2_with_one_line()
    {
        var result = CliRunner.Run("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "abc");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Is.EqualTo("hwgen analyze: error HW0801: Cannot parse argument 'abc' for option '--spike-rate'.\nsee 'hwgen analyze --help'\n"));
        });
    }

    [Test]
    public void An_unknown_twin_exits_2_with_one_line()
    {
        var result = CliRunner.Run("simulate", "--twin", "foo");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Is.EqualTo("hwgen simulate: error HW0801: Argument 'foo' not recognized. Must be one of:  'snn'  'qnn'  'both'\nsee 'hwgen simulate --help'\n"));
        });
    }

    [Test]
    public void An_unknown_option_exits_2()
    {
        var result = CliRunner.Run("breakeven", Path.Combine(RepoPaths.HwConfigs, "default.yaml"), "--spike-rate", "0.3");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Does.StartWith("hwgen breakeven: error HW0801: "));
            Assert.That(result.Error, Does.Contain("Unrecognized command or argument '--spike-rate'."));
            Assert.That(result.Error, Does.Not.Contain("Description:"), "no help dump");
        });
    }

    [TestCase("generate")]
    [TestCase("simulate")]
    [TestCase("run")]
    public void An_unrelated_folder_is_never_replaced(string verb)
    {
        var folder = Path.Combine(scratch, "papers");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        var result = CliRunner.Run(verb, DefaultSpec, "-o", folder);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"hwgen {verb}: error HW0803: output folder '{folder}' is not empty and holds no manifest.json of an earlier hwgen output; refusing to replace it\n"));
            Assert.That(File.ReadAllText(Path.Combine(folder, "notes.txt")), Is.EqualTo("keep me"));
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.EqualTo(new[] { folder }), "no staging folder is left behind");
        });
    }

    [TestCase("generate")]
    [TestCase("run")]
    public void An_output_path_that_is_a_file_exits_2_and_leaves_nothing(string verb)
    {
        var file = Path.Combine(scratch, "spec.yaml");
        File.WriteAllText(file, "x");
        var result = CliRunner.Run(verb, DefaultSpec, "-o", file);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"hwgen {verb}: error HW0803: output folder '{file}' is a file; give a folder path\n"));
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.EqualTo(new[] { file }), "no temporary folder is left behind");
        });
    }

    [TestCase("generate")]
    [TestCase("run")]
    public void An_unwritable_output_path_exits_2_naming_it(string verb)
    {
        var blocker = Path.Combine(scratch, "blocker");
        File.WriteAllText(blocker, "x");
        var folder = Path.Combine(blocker, "out");
        var result = CliRunner.Run(verb, DefaultSpec, "-o", folder);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.StartWith($"hwgen {verb}: error HW0803: cannot write output folder '{folder}': "));
            Assert.That(result.Error.TrimEnd('\n'), Does.Not.Contain("\n"), "one line");
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.EqualTo(new[] { blocker }));
        });
    }

    [TestCase("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "0.1")]
    [TestCase("analyze", "SPEC")]
    [TestCase("breakeven", "--model", "yan2024-v1-classical", "--timesteps", "1-4")]
    [TestCase("breakeven", "SPEC", "--timesteps", "1-4")]
    public void An_unwritable_plot_prints_no_results(params string[] args)
    {
        var plot = Path.Combine(scratch, "no-such-folder", "energy.svg");
        var result = CliRunner.Run([.. args.Select(a => a == "SPEC" ? DefaultSpec : a), "--plot", plot]);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty, "no results as if the command had succeeded");
            Assert.That(result.Error, Does.StartWith($"hwgen {args[0]}: error HW0803: --plot {plot}: cannot write the plot: "));
            Assert.That(Directory.GetFileSystemEntries(scratch), Is.Empty);
        });
    }

    [Test]
    public void Calibrate_with_tech_refuses_a_folder_as_its_file_before_simulating()
    {
        var result = CliRunner.Run("calibrate", "--tech", "yan2024-v1-45nm", "-o", scratch, "--cycles", "1000");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Is.EqualTo($"hwgen calibrate: error HW0802: -o {scratch} is a folder; with --tech give the calibration file to write\n"));
            Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(scratch)!, Path.GetFileName(scratch) + ".partial"), Is.Empty);
        });
    }

    [Test]
    public void Calibrate_without_tech_refuses_a_file_as_its_folder()
    {
        var file = Path.Combine(scratch, "calibration.yaml");
        File.WriteAllText(file, "x");
        var result = CliRunner.Run("calibrate", "-o", file, "--cycles", "1000");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"hwgen calibrate: error HW0802: -o {file} is a file; without --tech give the folder to write one calibration per preset into\n"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("x"));
        });
    }

    [Test]
    public void Calibrate_help_says_where_the_default_output_lands()
    {
        var result = CliRunner.Run("calibrate", "--help");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Out.ReplaceLineEndings(" "), Does.Match(@"default: hwconfigs/calibration/ below the working\s+directory"));
    }

    [Test]
    public void A_misshapen_energy_table_value_is_described_without_dotnet_type_names()
    {
        var path = Path.Combine(scratch, "ert.yaml");
        File.WriteAllText(path, "ert: 1\npreset: [a, b]\n");
        var result = CliRunner.Run("validate", path);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo($"{path}:2:9: error HW0104: 'preset' must be a string; found a sequence\n1 of 1 spec(s) invalid\n"));
        });
    }

    [Test]
    public void Validate_help_says_it_checks_energy_tables_calibrations_and_correction_files()
    {
        var result = CliRunner.Run("validate", "--help");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Out, Does.Contain("Energy reference tables (first key 'ert: 1'), toggle calibrations ('calibration: 1') and"));
        Assert.That(result.Out, Does.Contain("gate-level correction files ('gate_corrections: 1') are checked by their own loaders"));
        Assert.That(result.Out, Does.Contain("hwgen validate hwconfigs/*.yaml hwconfigs/ert/*.yaml hwconfigs/calibration/*.yaml"));
    }

    [TestCase("generate", "hwgen generate: error HW0803: the output folder path is empty\n")]
    [TestCase("simulate", "hwgen simulate: error HW0803: the output folder path is empty\n")]
    [TestCase("run", "hwgen run: error HW0803: the output folder path is empty\n")]
    [TestCase("calibrate", "hwgen calibrate: error HW0802: -o needs a path\n")]
    public void An_empty_output_path_exits_2_without_a_stack_trace(string verb, string message)
    {
        var result = CliRunner.Run(verb, DefaultSpec, "-o", "");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo(message));
        });
    }

    [Test]
    public void A_mistyped_option_is_not_taken_for_the_optional_spec()
    {
        var result = CliRunner.Run("explain", "--jsn");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Is.EqualTo("hwgen explain: error HW0801: unknown option '--jsn' (a spec file name does not start with '-')\nsee 'hwgen explain --help'\n"));
        });
    }

    [Test]
    public void Reference_model_timesteps_are_capped_like_breakeven()
    {
        var result = CliRunner.Run("analyze", "--model", "yan2024-v1-spatial", "--timesteps", "100000", "--spike-rate", "0.1");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Error, Does.Contain("--model needs --timesteps T (1 <= T <= 1024, as breakeven)"));
        });
    }
}
