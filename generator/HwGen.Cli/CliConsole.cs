// The output streams a verb writes to; tests pass string writers.
namespace HwGen.Cli;

public sealed record CliConsole(TextWriter Out, TextWriter Error);
