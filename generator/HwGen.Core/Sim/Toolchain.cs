// Finds the HDL tools (Verilator, Yosys, Icarus, ccache) on PATH, runs them, and says how to install what is missing.
using System.Diagnostics;
using System.Text;
using HwGen.Diagnostics;

namespace HwGen.Sim;

/// <summary>The outcome of one external tool run.</summary>
public sealed record ToolRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public string CombinedOutput => StandardOutput + StandardError;
}

/// <summary>A required tool is not installed (HW0702).</summary>
public sealed class ToolMissingException(string tool)
    : DiagnosticException([DiagnosticBag.One(b => b.ToolMissing(tool, Toolchain.InstallCommand))], $"{tool} was not found on PATH; install it with: {Toolchain.InstallCommand}")
{
    public string Tool { get; } = tool;
}

public static class Toolchain
{
    /// <summary>The Debian packages the RTL flow needs (toolchain-notes.md).</summary>
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y verilator yosys iverilog ccache";

    /// <summary>Full path of an executable on PATH, or null.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Require(string name) => Find(name) ?? throw new ToolMissingException(name);

    /// <summary>`verilator --version`, probed once; version differences are handled in one place (docs/rtl.md).</summary>
    public static string VerilatorVersion => verilatorVersion.Value;

    private static readonly Lazy<string> verilatorVersion = new(() =>
        Run(Require("verilator"), ["--version"], Directory.GetCurrentDirectory()).StandardOutput.Trim());

    public static ToolRun Run(string executable, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new ToolMissingException(executable);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ToolRun(-1, stdout.ToString(), stderr + $"\n{Path.GetFileName(executable)} timed out", stopwatch.Elapsed);
        }

        process.WaitForExit();
        return new ToolRun(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
    }
}
