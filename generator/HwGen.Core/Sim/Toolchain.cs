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

    /// <summary>
    /// Runs a tool to completion. <paramref name="cancel"/> kills the whole process tree and throws
    /// <see cref="OperationCanceledException"/> (also when the tool died of the same interrupt first);
    /// <paramref name="onErrorLine"/> sees each standard-error line as it arrives (progress reports).
    /// </summary>
    public static ToolRun Run(string executable, IReadOnlyList<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null,
        CancellationToken cancel = default, Action<string>? onErrorLine = null)
    {
        if (!cancel.CanBeCanceled)
        {
            cancel = Interruption.Token;
        }

        cancel.ThrowIfCancellationRequested();
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
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (onErrorLine is not null && e.Data.StartsWith(ProgressPrefix, StringComparison.Ordinal))
            {
                onErrorLine(e.Data);
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancel.Register(() => Kill(process)))
        {
            var exited = process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10));
            if (!exited)
            {
                Kill(process);
            }

            process.WaitForExit();
            cancel.ThrowIfCancellationRequested();
            return exited
                ? new ToolRun(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed)
                : new ToolRun(-1, stdout.ToString(), stderr + $"\n{Path.GetFileName(executable)} timed out", stopwatch.Elapsed);
        }
    }

    /// <summary>Standard-error lines a harness writes to report progress; they are not part of its output.</summary>
    public const string ProgressPrefix = "hwgen-progress ";

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
