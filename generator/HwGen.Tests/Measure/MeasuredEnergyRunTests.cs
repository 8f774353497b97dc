// The measured energy of whole runs (the default spec and the VGG16 shapes): every component priced from its own
// activity, clock and leakage present, differences from the ERT explained by named effects, and the arithmetic units'
// in-action toggles per action in the range the random-data calibration predicts.
using System.Globalization;
using HwGen.Data;
using HwGen.Emit;
using HwGen.Energy;
using HwGen.Measure;
using HwGen.Model;
using HwGen.Report;
using HwGen.Run;

namespace HwGen.Tests.Measure;

[TestFixture]
[NonParallelizable]
[Category("Rtl")]
public class MeasuredEnergyRunTests
{
    private static readonly Dictionary<string, RunResult> Runs = [];

    private static RunResult RunOf(string spec)
    {
        if (Runs.TryGetValue(spec, out var cached))
        {
            return cached;
        }

        var model = spec == "default" ? ModelLoader.LoadDefault().Model! : ModelLoader.LoadFile(Path.Combine(RepoPaths.HwConfigs, spec)).Model!;
        var folder = Path.Combine(Directory.CreateTempSubdirectory("hwgen-measured-").FullName, "out");
        var result = RunPipeline.Execute(new RunRequest(model, spec, NpyNetworkData.Load(model, RepoPaths.HwConfigs), folder));
        Runs[spec] = result;
        return result;
    }

    [TestCase("default")]
    [TestCase("vgg16-cifar10.yaml")]
    public void EveryComponentIsPricedFromItsOwnActivityAndEveryDifferenceIsExplained(string spec)
    {
        var run = RunOf(spec);
        foreach (var twin in run.Twins)
        {
            Assert.That(twin.Simulation.GoldenMatch, Is.True, twin.Name);
            var rows = twin.Layers.SelectMany(l => l.Measured.Components).ToList();
            // No row is count x constant alone: each has a term from its own measured activity (toggles or cycles).
            Assert.That(rows.Where(r => r.Basis == MeasuredEnergyBasis.PerAccess).Select(r => r.Action.ToString()).Distinct(), Is.Empty, twin.Name);
            Assert.That(rows.SelectMany(r => r.Terms).Select(t => t.Source), Is.All.Not.Empty);
            var components = rows.Select(r => r.Action.Component).ToHashSet();
            foreach (var component in new[] { "dram", "global_buffer", "lane_weight_memory", "lane_state_memory", "input_queue", "output_queue", "registers", "clock" })
            {
                Assert.That(components, Does.Contain(component), $"{twin.Name}: a {component} row");
            }

            foreach (var leak in new[] { "flip_flops", "lane_weight_memory", "lane_state_memory", "global_buffer" })
            {
                Assert.That(rows.Where(r => r.Action == new ActionKey(leak, "leakage")).Sum(r => r.MeasuredEnergyPj), Is.GreaterThan(0), $"{twin.Name}: {leak} leakage");
            }

            Assert.That(rows.Where(r => r.Action.Component == "clock").Sum(r => r.MeasuredEnergyPj), Is.GreaterThan(0));
            var measured = twin.MeasuredEnergyPj;
            var ert = twin.Layers.Sum(l => l.Measured.ErtEnergyPj);
            Assert.That(Math.Abs(measured - ert), Is.GreaterThan(0.01 * ert), $"{twin.Name}: measured and ERT energy differ");
            // Every row more than 5% from its ERT energy is explained by named effects that add up to the difference.
            foreach (var row in rows.Where(r => r.IsAction && Math.Abs(r.MeasuredEnergyPj - r.ErtEnergyPj) > RunReportWriter.ExplainAbove * r.ErtEnergyPj))
            {
                var effects = row.Effects;
                Assert.That(effects, Is.Not.Empty, row.Action.ToString());
                Assert.That(effects.Sum(e => e.Pj), Is.EqualTo(row.MeasuredEnergyPj - row.ErtEnergyPj).Within(1e-6 * Math.Max(1, row.ErtEnergyPj)), row.Action.ToString());
                Assert.That(RunReportWriter.Explain(row), Does.Not.Contain("count x constant"), row.Action.ToString());
            }

            var share = MeasuredEnergy.MeasuredShare(twin.Layers.Select(l => l.Measured));
            Assert.That(share, Is.InRange(0.0, 1.0).And.GreaterThan(0.0));
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{spec} {twin.Name}: analytical {twin.Layers.Sum(l => l.Analytical.TotalPj):F1} pJ, ERT of measured counts {ert:F1} pJ, measured {measured:F1} pJ, measured share {share:P2}"));
            foreach (var group in rows.GroupBy(r => r.Action).OrderByDescending(g => g.Sum(r => r.MeasuredEnergyPj)))
            {
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {group.Key}: measured {group.Sum(r => r.MeasuredEnergyPj):G6} pJ, ERT {group.Sum(r => r.ErtEnergyPj):G6} pJ, activity {group.Sum(r => r.ActivityEnergyPj):G6} pJ"));
            }
        }
    }

    [Test]
    public void InActionTogglesPerActionOfTheDefaultRunAreInTheRangeTheCalibrationPredicts()
    {
        var run = RunOf("default");
        var calibration = run.Provenance.Calibration;
        // The same bench on correlated, membrane-like operands: the low end of what data can do to the same units.
        var bench = CalibrationBench.Render(CalibrationWidths.Of(run.Model));
        var correlated = CalibrationRun.Run(bench, ToggleCalibration.DefaultSeed, 50000, CalibrationBenches.WorkFolder("correlated-default"),
            distribution: OperandDistribution.Correlated);
        double CorrelatedPerAction(ToggleCalibrationEntry e)
        {
            var hierarchy = $"TOP.{CalibrationBenchFiles.TopModule}.{e.Instance}";
            return (double)e.Buses.Sum(b => correlated.ToggleCount(hierarchy, $"{b}:in:{e.Action.Component}")) / correlated.ActionCount(hierarchy, e.Action);
        }

        foreach (var twin in run.Twins)
        {
            var rows = twin.Layers.SelectMany(l => l.Measured.Components).Where(r => r.Terms.Any(t => t.Kind == TermKind.InActionToggles)).GroupBy(r => r.Action);
            foreach (var group in rows)
            {
                var actions = group.Sum(r => r.Count);
                var inAction = group.Sum(r => r.Terms.Single(t => t.Kind == TermKind.InActionToggles).Quantity);
                var idle = group.Sum(r => r.Terms.Single(t => t.Kind == TermKind.IdleToggles).Quantity);
                var entry = calibration.Entry(twin.Name, group.Key);
                var random = entry.TogglesPerAction;
                var membraneLike = CorrelatedPerAction(entry);
                var perAction = inAction / actions;
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{twin.Name} {group.Key}: {perAction:F3} in-action toggles per action (random operands {random:F3}, correlated operands {membraneLike:F3}), {idle / actions:F3} idle toggles per action"));
                // The run's data lies between membrane-like and random operands, with a factor 2 of slack either side.
                Assert.That(perAction, Is.InRange(Math.Min(random, membraneLike) / 2, Math.Max(random, membraneLike) * 2), $"{twin.Name} {group.Key}");
                if (group.Key == Actions.Subtract)
                {
                    // Issue 9: the subtract row was +1056% because every cycle's toggles of its bus were charged to it. Split,
                    // most of them are idle (the subtractor's state input follows every integrate and fire read). The in-action
                    // part is 0.30 of the random figure, not within a factor 2 of it: the run's minuends are membranes just above
                    // the threshold (all below 4 theta), whose upper bits are copies of the sign and flip only after a negative
                    // membrane (SubtractorOperandTests reads them back from the waveform). The physical range is from the
                    // membrane-like bench figure (membranes that never go below zero) to the random one (uniform operands).
                    Assert.That(perAction, Is.InRange(membraneLike, random), "subtract");
                }
            }
        }
    }
}
