// `hwgen calibrate`: writes the shipped file's exact bytes, refuses bad arguments with exit 2, and its coverage audit
// passes on the microbenchmarks.
using HwGen.Tests.Cli;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
public class CalibrateCliTests
{
    [Test]
    [Category("Rtl")]
    public void CalibrateWritesTheShippedFileByteForByte()
    {
        var file = Path.Combine(CalibrationBenches.WorkFolder("cli"), "calibration.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        var result = CliRunner.Run("calibrate", "--tech", "lemaire2022-45nm", "-o", file);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Out, Does.Contain("calibration of ERT 'lemaire2022-45nm' at the widths of spec 'tiny-twin', seed 1, 200000 cycles"));
        Assert.That(File.ReadAllText(file), Is.EqualTo(File.ReadAllText(Path.Combine(RepoPaths.HwConfigs, "calibration", "lemaire2022-45nm.yaml"))));
    }

    [Test]
    [Category("Rtl")]
    public void CoverageAuditPasses()
    {
        var result = CliRunner.Run("calibrate", "--audit-coverage", "--cycles", "5000", "--seed", "9");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Out + result.Error);
        Assert.That(result.Out, Does.Contain("audit passed: every bus both count agrees exactly"));
        Assert.That(result.Out, Does.Not.Contain("DIFFERENT"));
    }

    [TestCase("--tech", "nowhere-7nm", "hwgen calibrate: error HW0802: unknown ERT preset 'nowhere-7nm'; known presets: lemaire2022-45nm, yan2024-22nm-theoretical-minimum, yan2024-22nm-typical-neuromorphic, yan2024-22nm-worst-case-sparse, yan2024-v1-45nm")]
    [TestCase("--cycles", "10", "hwgen calibrate: error HW0802: --cycles must be at least 1000, found 10")]
    public void BadArgumentsExitWithInvalidInput(string option, string value, string message)
    {
        var result = CliRunner.Run("calibrate", option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error.Trim(), Is.EqualTo(message));
    }
}
