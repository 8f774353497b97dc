// Bad command lines and bad output paths: one-line messages, exit 2, no help dump, nothing half-written.
namespace HwGen.Tests.Cli;

[TestFixture]
public sealed class CliInputErrorTests
{
    [Test]
    public void An_unparsable_option_value_exits_2_with_one_line()
    {
        var result = CliRunner.Run("analyze", "--model", "yan2024-v1-classical", "--timesteps", "4", "--spike-rate", "abc");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Is.EqualTo("hwgen analyze: error: Cannot parse argument 'abc' for option '--spike-rate'.\nsee 'hwgen analyze --help'\n"));
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
            Assert.That(result.Error, Is.EqualTo("hwgen simulate: error: Argument 'foo' not recognized. Must be one of:  'snn'  'qnn'  'both'\nsee 'hwgen simulate --help'\n"));
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
            Assert.That(result.Error, Does.StartWith("hwgen breakeven: error: "));
            Assert.That(result.Error, Does.Contain("Unrecognized command or argument '--spike-rate'."));
            Assert.That(result.Error, Does.Not.Contain("Description:"), "no help dump");
        });
    }
}
