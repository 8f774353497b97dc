// The catalogue, command-line part (HW08xx): options, arguments and paths given to a verb (exit 2). These problems are
// not in a file; the CLI prints them as `hwgen VERB: error HW08nn: message`.
namespace HwGen.Diagnostics;

public sealed partial class DiagnosticBag
{
    /// <param name="problem">What the command-line parser found, e.g. "Unrecognized command or argument '--bogus'."</param>
    public void OptionSyntax(string problem) => Error("HW0801", SourceSpan.None, problem);

    public void UnknownOption(string token) =>
        Error("HW0801", SourceSpan.None, $"unknown option '{token}' (a spec file name does not start with '-')");

    /// <param name="problem">Which options do not fit together, or which value is outside what the option allows.</param>
    public void InvalidOption(string problem) => Error("HW0802", SourceSpan.None, problem);

    /// <param name="problem">The path and what the file system said, e.g. "cannot write output folder 'x': Permission denied".</param>
    public void PathProblem(string problem) => Error("HW0803", SourceSpan.None, problem);
}
