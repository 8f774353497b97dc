// Golden command cases: every Cases/<NNN-category>/<name>/ folder holding a `command` file is one hwgen run (energy
// tables, calibrations, .npy data, tools, command lines) whose exit code, stdout and stderr are its `expected` golden.
namespace HwGen.Tests.Cli;

[TestFixture]
[NonParallelizable]
public sealed class CommandGoldenTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        Directory.EnumerateFiles(RepoPaths.Cases, "command", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Cases, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(c => new TestCaseData(c).SetName($"Command golden {c}"));

    /// <summary>
    /// Runs the case's <c>command</c> (first line <c>hwgen ARGS</c>; further lines <c>env NAME=VALUE</c> or
    /// <c>sparse PATH BYTES</c>) in-process, in the
    /// case folder, with <c>$CASE</c> standing for that folder and <c>$TMP</c> for a fresh scratch folder.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void Output_matches_golden(string relativeFolder)
    {
        var folder = Path.Combine(RepoPaths.Cases, relativeFolder);
        var scratch = Directory.CreateTempSubdirectory("hwgen-case-").FullName;
        var lines = File.ReadAllLines(Path.Combine(folder, "command")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        string Expand(string text) => text.Replace("$CASE", folder, StringComparison.Ordinal).Replace("$TMP", scratch, StringComparison.Ordinal);
        var words = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(words[0], Is.EqualTo("hwgen"), "a command starts with hwgen");
        var args = words.Skip(1).Select(Expand).ToArray();
        var environment = new List<string[]>();
        foreach (var line in lines.Skip(1))
        {
            var directive = line.Split(' ', 2);
            switch (directive[0])
            {
                case "env":
                    environment.Add(directive[1].Split('=', 2));
                    break;
                case "sparse":
                    // A file too large to check in: `sparse $TMP/NAME BYTES` makes it (all zeros, no disk blocks).
                    var parts = directive[1].Split(' ');
                    using (var stream = File.Create(Expand(parts[0])))
                    {
                        stream.SetLength(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;
                default:
                    throw new InvalidOperationException($"{relativeFolder}/command: expected 'env NAME=VALUE' or 'sparse PATH BYTES', found '{line}'");
            }
        }

        var saved = environment.Select(e => (e[0], Environment.GetEnvironmentVariable(e[0]))).ToList();
        var directory = Directory.GetCurrentDirectory();
        CliResult result;
        try
        {
            foreach (var e in environment)
            {
                Environment.SetEnvironmentVariable(e[0], Expand(e[1]));
            }

            Directory.SetCurrentDirectory(folder);
            result = CliRunner.Run(args);
        }
        finally
        {
            Directory.SetCurrentDirectory(directory);
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            Directory.Delete(scratch, recursive: true);
        }

        string Shown(string text) => text.Replace(scratch, "$TMP", StringComparison.Ordinal).Replace(folder, "$CASE", StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal);
        var actual = $"exit {result.ExitCode}\n--- stdout\n{Shown(result.Out)}--- stderr\n{Shown(result.Error)}";
        Golden.Check(Path.Combine(folder, "expected"), actual);
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
    }
}
