// `hwgen run --audit-coverage`: reruns each twin in a --coverage-toggle build and checks the harness's toggle counts
// against coverage.dat, bus by bus; the files go to <run folder>/audit/<twin>/.
using System.Globalization;
using HwGen.Report;
using HwGen.Sim;
using HwGen.Run;
using HwGen.Golden;
using HwGen.Measure;

namespace HwGen.Cli.Commands;

public static class RunCoverageAudit
{
    /// <summary>Prints one line per twin (and every differing bus); true when every twin's audit passed.</summary>
    public static bool Run(RunResult run, NetworkData data, string folder, CliConsole console)
    {
        var passed = true;
        foreach (var twin in run.Twins)
        {
            var input = new RtlRunInput(data.Weights.Select(w => (IReadOnlyList<int>)w).ToList(), twin.Outcome.Golden.Trace.Layers[0].Inputs);
            var (_, audit) = CoreCoverageAudit.Run(twin.Outcome.Set, input, Path.Combine(folder, "audit", twin.Name));
            var ok = audit.Passed && audit.NotInCoverage.Count == 0;
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"coverage audit {twin.Name}: {audit.Rows.Count} buses compared with Verilator --coverage-toggle, {audit.Mismatches.Count} differ, {audit.NotInCoverage.Count} not covered: {(ok ? "passed" : "FAILED")}"));
            foreach (var row in audit.Mismatches)
            {
                console.Error.WriteLine($"{twin.Name}: coverage audit: {row}");
            }

            foreach (var missing in audit.NotInCoverage)
            {
                console.Error.WriteLine($"{twin.Name}: coverage audit: {missing} is not in coverage.dat");
            }

            passed &= ok;
        }

        return passed;
    }
}
