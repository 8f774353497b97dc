// The catalogue, tools part (HW07xx): an external tool is missing, fails, or writes output HwGen cannot read (exit 3).
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    public void CoverageFileMalformed(SourceSpan at, string problem) => Error("HW0701", at, problem);

    public void ToolMissing(string tool, string installCommand) =>
        Error("HW0702", SourceSpan.None, $"{tool} was not found on PATH; install it with: {installCommand}");

    /// <param name="firstError">The first line of the tool's output that says what went wrong (the CLI prints the whole log below).</param>
    public void VerilatorBuildFailed(int exitCode, string firstError) =>
        Error("HW0703", SourceSpan.None, $"verilator build failed (exit code {exitCode}): {firstError}");

    public void HarnessFailed(string harness, int exitCode, string missingFile, string output) =>
        Error("HW0704", SourceSpan.None, $"the {harness} exited with {exitCode} and did not write {missingFile}: {(output.Length == 0 ? "no output" : output)}");

    public void HarnessOutputMalformed(string file, string problem) =>
        Error("HW0705", SourceSpan.None, $"{file} written by the harness cannot be read: {problem}");

    /// <param name="firstError">The first line of Yosys' output that says what went wrong.</param>
    public void YosysInventoryFailed(int exitCode, string firstError) =>
        Error("HW0706", SourceSpan.None, $"yosys failed while listing the design's flip-flops (exit code {exitCode}): {firstError}");
}
