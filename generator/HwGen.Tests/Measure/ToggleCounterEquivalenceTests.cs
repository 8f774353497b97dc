// The harness's toggle counter (testbenches/toggle_counter.h: chunks read four at a time, counts in bit planes, ports
// and gated probes counted by code the harness generates) against the straightforward bus-by-bus counter it replaced
// (testbenches/reference/toggle_counter.h): the same design, the same stimulus, built once with each, must write
// byte-identical results files (every toggle line of the run, of every layer and timestep; every count and cycle).
using System.Security.Cryptography;
using System.Text;
using HwGen.Emit;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Sim;
using HwGen.Tests.Rtl;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class ToggleCounterEquivalenceTests
{
    private const string CounterFile = "harness/toggle_counter.h";

    /// <summary>The reference counter, from the repository (it is no part of the generated output).</summary>
    public static string ReferenceCounter => File.ReadAllText(Path.Combine(RepoPaths.Root, "testbenches", "reference", "toggle_counter.h"));

    /// <summary>
    /// The designs: binary spikes with three lanes (and with operand isolation), multi-level spikes with leak on eight
    /// lanes and no zero skipping, max and average pooling (both twins), a one-lane core.
    /// </summary>
    public static IEnumerable<TestCaseData> Designs()
    {
        yield return new TestCaseData(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 33), false).SetName("fc3 snn");
        yield return new TestCaseData(new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 33), true).SetName("fc3 snn, operand isolation");
        yield return new TestCaseData(new RtlCase(RtlBuilds.Fc3, DesignKind.Qnn, 1, 0.3, 0.1, 33), false).SetName("fc3 qnn");
        yield return new TestCaseData(new RtlCase(RtlBuilds.Conv8, DesignKind.Snn, 6, 0.3, 0.1, 7), false).SetName("conv8 snn (multi-level, leak)");
        yield return new TestCaseData(new RtlCase(RtlBuilds.Pool5, DesignKind.Snn, 4, 0.3, 0.1, 5), false).SetName("pool5 snn");
        yield return new TestCaseData(new RtlCase(RtlBuilds.Pool5, DesignKind.Qnn, 1, 0.3, 0.1, 5), false).SetName("pool5 qnn");
        yield return new TestCaseData(new RtlCase(RtlBuilds.Lane1, DesignKind.Snn, 4, 0.4, 0.1, 3), false).SetName("lane1 snn");
    }

    [TestCaseSource(nameof(Designs))]
    public void CoreResultsAreByteIdenticalToTheReferenceCounter(RtlCase c, bool operandIsolation)
    {
        var model = c.Build.Build();
        if (operandIsolation)
        {
            model = model with { Core = model.Core with { OperandIsolation = true } };
        }

        var set = VerilatorBuild.Counted(RtlGenerator.Render(RtlDesign.Create(model, c.Twin)));
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);
        var work = CalibrationBenches.WorkFolder($"counter-equivalence-{c.Build.Name}-{c.Twin}-{operandIsolation}");
        var optimised = RunResults(set, VerilatorBuild.Ensure(set), input, Path.Combine(work, "optimised"));
        var reference = RunResults(set, ReferenceBuild(set), input, Path.Combine(work, "reference"));

        Assert.That(Lines(optimised).Count(l => l.StartsWith("toggle ", StringComparison.Ordinal)), Is.GreaterThan(50), "the run counts toggles");
        Assert.That(optimised, Does.Not.Contain("wall_seconds").And.Not.Contain("cpu_seconds"));
        Assert.That(optimised, Is.EqualTo(reference));
    }

    /// <summary>
    /// The counter picks its form by the CPU (plain, POPCNT, AVX2, AVX-512); a machine runs only the best one it has, so
    /// the lower forms are built with HWGEN_TOGGLE_MAX_ISA and each must write the reference counter's results too.
    /// </summary>
    [TestCase(0, TestName = "plain form")]
    [TestCase(1, TestName = "POPCNT form")]
    [TestCase(2, TestName = "AVX2 form")]
    public void EveryCountingFormWritesTheReferenceCountersResults(int maxIsa)
    {
        // The three-lane binary core (its reference build is shared with the test above): a small build per form.
        var c = new RtlCase(RtlBuilds.Fc3, DesignKind.Snn, 6, 0.3, 0.1, 33);
        var set = VerilatorBuild.Counted(RtlGenerator.Render(RtlDesign.Create(c.Build.Build(), c.Twin)));
        var (input, _) = RtlSimulationTests.Prepare(c, set.Design);
        var work = CalibrationBenches.WorkFolder($"counter-form-{maxIsa}");
        var form = VerilatorBuild.EnsureVariant(set, $"max-isa-{maxIsa}", ["-CFLAGS", $"-DHWGEN_TOGGLE_MAX_ISA={maxIsa}"]);
        var lower = RunResults(set, form, input, Path.Combine(work, "form"));
        var reference = RunResults(set, ReferenceBuild(set), input, Path.Combine(work, "reference"));
        Assert.That(Lines(lower).Count(l => l.StartsWith("toggle ", StringComparison.Ordinal)), Is.GreaterThan(50), "the run counts toggles");
        Assert.That(lower, Is.EqualTo(reference));
    }

    [TestCase(OperandDistribution.Random)]
    [TestCase(OperandDistribution.Correlated)]
    public void CalibrationBenchResultsAreByteIdenticalToTheReferenceCounter(OperandDistribution distribution)
    {
        var bench = CalibrationBenches.Default;
        var referenceBench = bench with { Files = WithReferenceCounter(bench.Files) };
        Assert.That(referenceBench.ContentHash, Is.Not.EqualTo(bench.ContentHash));
        var work = CalibrationBenches.WorkFolder("counter-equivalence-bench-" + distribution);
        string Results(CalibrationBenchFiles files, string name)
        {
            var folder = Path.Combine(work, name);
            CalibrationRun.Run(files, 7, 20000, folder, distribution: distribution);
            return File.ReadAllText(Path.Combine(folder, "calibration-results.txt"));
        }

        var optimised = Results(bench, "optimised");
        var reference = Results(referenceBench, "reference");
        Assert.That(Lines(optimised).Count(l => l.StartsWith("toggle ", StringComparison.Ordinal)), Is.GreaterThan(30));
        Assert.That(optimised, Is.EqualTo(reference));
    }

    /// <summary>The same build with the reference counter in place of the harness's (its own cache entry).</summary>
    public static VerilatorExecutable ReferenceBuild(RtlFileSet set)
    {
        var files = WithReferenceCounter(set.Files);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(set.ContentHash + "\0reference-counter\0" + FileSetHash.Of(files))));
        return VerilatorBuildFiles.Ensure(files, hash, VerilatorBuild.Arguments(set), "harness");
    }

    /// <summary>Runs a build on the input; the results file without its wall-clock and processor-time lines.</summary>
    public static string RunResults(RtlFileSet set, VerilatorExecutable executable, RtlRunInput input, string folder)
    {
        var result = VerilatorSimulation.Execute(executable, set, input, folder);
        Assert.That(result.Failure, Is.Null);
        return string.Join('\n', Lines(File.ReadAllText(Path.Combine(folder, "results.txt")))
            .Where(l => !l.StartsWith("wall_seconds ", StringComparison.Ordinal) && !l.StartsWith("cpu_seconds ", StringComparison.Ordinal)));
    }

    private static IReadOnlyDictionary<string, string> WithReferenceCounter(IReadOnlyDictionary<string, string> files)
    {
        Assert.That(files.ContainsKey(CounterFile));
        var copy = files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        copy[CounterFile] = ReferenceCounter;
        return new SortedDictionary<string, string>(copy, StringComparer.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n');
}
