// Runs the hwgen CLI in-process with captured output, for exit-code and message tests.
namespace HwGen.Tests.Cli;

public sealed record CliResult(int ExitCode, string Out, string Error);

public static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = HwGen.Cli.Program.Run(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
