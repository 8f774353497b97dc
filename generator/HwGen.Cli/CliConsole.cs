// The output streams a verb writes to; tests pass string writers. Interactive: stderr is a terminal (progress redraws a line).
namespace HwGen.Cli;

public sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive = false);
