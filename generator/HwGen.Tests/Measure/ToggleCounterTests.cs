// Compiles and runs toggle_counter_test.cpp against testbenches/toggle_counter.h and Verilator's headers: exact toggle
// counts for CData/SData/IData/QData/VlWide, arm(), windows (snapshot/delta), per-instance and per-class totals.
using HwGen.Sim;

namespace HwGen.Tests.Measure;

[TestFixture]
[Category("Rtl")]
public class ToggleCounterTests
{
    [Test]
    public void ToggleCounterCountsExactlyOnEveryVerilatorSignalType()
    {
        var root = Toolchain.Run(Toolchain.Require("verilator"), ["--getenv", "VERILATOR_ROOT"], RepoPaths.Root).StandardOutput.Trim();
        var work = CalibrationBenches.WorkFolder("toggle-counter");
        Directory.CreateDirectory(work);
        var exe = Path.Combine(work, "toggle_counter_test");
        var compile = Toolchain.Run(Toolchain.Require("g++"),
        [
            "-std=c++17", "-O1", "-Wall", "-Werror", "-I" + Path.Combine(RepoPaths.Root, "testbenches"), "-I" + Path.Combine(root, "include"),
            "-I" + Path.Combine(root, "include", "vltstd"),
            Path.Combine(RepoPaths.Root, "generator", "HwGen.Tests", "Measure", "toggle_counter_test.cpp"), "-o", exe,
        ], work);
        Assert.That(compile.Succeeded, Is.True, compile.CombinedOutput);

        var run = Toolchain.Run(exe, [], work);

        Assert.That(run.StandardOutput, Is.EqualTo("""
            ok
            toggle TOP.core.lane0 c register 5 9
            toggle TOP.core.lane0 s arithmetic 12 12
            toggle TOP.core.lane1 i arithmetic 32 3
            toggle TOP.core.lane1 q memory_port 40 9
            toggle TOP.core.lane1 w queue 70 40

            """.ReplaceLineEndings("\n")));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}
